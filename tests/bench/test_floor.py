"""The floor runs the pipeline's own transformations, so it must build the same marts."""

from pathlib import Path

import duckdb
import pytest

from bench import floor


def _manifest(seed_csv: Path) -> dict:
    def node(kind, name, schema, materialized, code="", depends=()):
        return {
            "resource_type": kind,
            "schema": schema,
            "alias": name,
            "relation_name": f'"warehouse"."{schema}"."{name}"',
            "config": {"materialized": materialized},
            "compiled_code": code,
            "depends_on": {"nodes": list(depends)},
            "root_path": str(seed_csv.parent),
            "original_file_path": seed_csv.name,
        }

    return {
        "nodes": {
            "model.p.fct": node(
                "model",
                "fct",
                "main",
                "table",
                'select * from "warehouse"."staging"."stg"',
                ["model.p.stg"],
            ),
            "model.p.stg": node(
                "model",
                "stg",
                "staging",
                "view",
                'select code, n * 2 as n from "warehouse"."reference"."codes"',
                ["seed.p.codes"],
            ),
            "seed.p.codes": node("seed", "codes", "reference", "seed"),
            "model.p.spine": node("model", "spine", "main", "ephemeral"),
            "model.p.unbuilt": node("model", "unbuilt", "main", "table", "select 1"),
        }
    }


def test_the_floor_script_runs_what_the_pipeline_built_in_dependency_order(tmp_path: Path):
    csv = tmp_path / "codes.csv"
    csv.write_text("code,n\n007,1\n010,2\n")
    build = tmp_path / "build" / "warehouse.duckdb"
    build.parent.mkdir()
    with duckdb.connect(str(build)) as con:
        for sql in (
            "create schema reference",
            "create schema staging",
            "create table reference.codes (code varchar, n integer)",
            "insert into reference.codes values ('007', 1), ('010', 2)",
            "create view staging.stg as select code, n * 2 as n from reference.codes",
            "create table main.fct as select * from staging.stg",
        ):
            con.execute(sql)
    prologue, nodes = floor.script(_manifest(csv), build, database="warehouse")
    assert [(n.unique_id, n.kind) for n in nodes] == [
        ("seed.p.codes", "seed"),
        ("model.p.stg", "view"),
        ("model.p.fct", "table"),
    ]
    floor_db = tmp_path / "floor" / "warehouse.duckdb"
    floor_db.parent.mkdir()
    floor.run_script(floor_db, prologue, nodes)
    # The seed keeps the types dbt gave it: "007" stays text, not the number 7.
    assert floor.compare_marts(build, floor_db)["marts_differing"] == []
    with duckdb.connect(str(floor_db), read_only=True) as con:
        assert con.execute("select * from main.fct order by code").fetchall() == [
            ("007", 2),
            ("010", 4),
        ]


def test_clock_reading_models_are_not_compared():
    manifest = {
        "nodes": {
            "model.p.fresh": {
                "resource_type": "model",
                "alias": "fresh",
                "compiled_code": "select now() - loaded_at as age from x",
            },
            "model.p.plain": {
                "resource_type": "model",
                "alias": "plain",
                "compiled_code": "select nowhere from x",
            },
        }
    }
    assert floor.clock_dependent(manifest) == {"fresh"}


@pytest.mark.e2e
@pytest.mark.xdist_group("e2e")
def test_the_floor_builds_the_same_marts_as_the_pipeline(tmp_path: Path, monkeypatch):
    from orchestration import cli
    from simulator.__main__ import generate

    warehouse = tmp_path / "warehouse"
    monkeypatch.setenv("BGW_WAREHOUSE_DIR", str(warehouse))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    (tmp_path / "dagster_home").mkdir()
    generate(
        warehouse / "simulated_sources",
        scale=0.01,
        seed=3,
        sources=["cqmis", "lrmis"],
        echo=lambda _: None,
    )
    # A quarter of each is enough to build every mart of both sources; the floor's claim is
    # about running the same transformations, not about volume.
    for source, first in (("cqmis", "2026-08-01"), ("lrmis", "2026-08-01")):
        assert cli.main(["load", source, "--from", first, "--to", "2026-10-01"]) == 0
    assert cli.main(["build"]) == 0
    build_db = warehouse / "build" / "warehouse.duckdb"

    result = floor.run(build_db, warehouse / "landing", tmp_path / "floor")

    matching, compared = map(int, result["marts_matching"].split("/"))
    assert result["marts_differing"] == []
    assert matching == compared > 0
    with duckdb.connect(str(result["floor_db"]), read_only=True) as con:
        assert con.execute("select count(*) from main.fct_complaints").fetchone()[0] > 0

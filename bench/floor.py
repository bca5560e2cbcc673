"""The floor: the warehouse's transformations as one plain DuckDB script, no orchestration.

dbt compiles the project (``--full-refresh``, so incremental models compile to their full
form, against a copy of the pipeline's build database so models that union "only the
inputs that were built" pick the same inputs); the compiled models and seeds are then
written out in DAG order from ``manifest.json`` as one SQL script of ``CREATE VIEW`` /
``CREATE TABLE AS`` statements, and run with plain DuckDB in one connection. No Dagster,
no dbt at run time, no tests: what is left is the cost of the transformations themselves.

    python -m bench.floor --build-db BUILD --landing LANDING --work DIR --out floor.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[1]
TRANSFORM_DIR = REPO_ROOT / "transform"
DBT = str(Path(sys.executable).parent / "dbt")
# The build profile's DuckDB settings (transform/profiles.yml), so both run alike.
SETTINGS = {"preserve_insertion_order": False}


@dataclass(frozen=True)
class Statement:
    unique_id: str
    kind: str  # seed | view | table
    relation: str
    sql: str


def quote(identifier: str) -> str:
    """A DuckDB identifier, quoted; names come from dbt's manifest, not from input."""
    return '"' + identifier.replace('"', '""') + '"'


def compile_project(build_db: Path, landing: Path, work: Path) -> Path:
    """``dbt compile --full-refresh`` against a copy of ``build_db``; returns the manifest."""
    work.mkdir(parents=True, exist_ok=True)
    # The copy keeps the build database's file name: compiled SQL names it as the catalog.
    compile_db = work / "compile" / build_db.name
    compile_db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(build_db, compile_db)
    env = {
        **os.environ,
        "BGW_BUILD_DB": str(compile_db),
        "BGW_LANDING_DIR": str(landing),
        "BGW_REFERENCE_DIR": str(TRANSFORM_DIR / "seeds" / "reference"),
    }
    target = work / "target"
    command = [
        DBT,
        "compile",
        "--full-refresh",
        "--quiet",
        "--project-dir",
        str(TRANSFORM_DIR),
        "--profiles-dir",
        str(TRANSFORM_DIR),
        "--target-path",
        str(target),
        "--log-path",
        str(work / "logs"),
        "--exclude",
        "resource_type:test",
        "resource_type:unit_test",
    ]
    subprocess.run(command, env=env, cwd=TRANSFORM_DIR, check=True, stdout=subprocess.DEVNULL)
    compile_db.unlink()
    return target / "manifest.json"


def _seed_columns(build: duckdb.DuckDBPyConnection, schema: str, name: str) -> dict[str, str]:
    """The seed's column types as dbt loaded them, so the floor reads the CSV alike."""
    rows = build.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, name],
    ).fetchall()
    return dict(rows)


def statements(manifest: dict, build_db: Path) -> list[Statement]:
    """Seeds and models in an order where every node comes after what it reads."""
    nodes = {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] in ("model", "seed")
        and node["config"].get("materialized") != "ephemeral"
    }
    graph = {
        uid: [d for d in node["depends_on"].get("nodes", []) if d in nodes]
        for uid, node in nodes.items()
    }
    out = []
    with duckdb.connect(str(build_db), read_only=True) as build:
        # The pipeline leaves the models of a source that has not landed unbuilt; so does
        # the floor.
        built = set(
            build.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        )
        for uid in TopologicalSorter(graph).static_order():
            node = nodes[uid]
            if (node["schema"], node["alias"]) not in built:
                continue
            relation = node["relation_name"]
            if node["resource_type"] == "seed":
                path = Path(node["root_path"]) / node["original_file_path"]
                columns = _seed_columns(build, node["schema"], node["alias"])
                # A seed the build has not loaded (added since) is read with detected types.
                typed = f", auto_detect = false, columns = {json.dumps(columns)}" if columns else ""
                sql = (
                    f"create table {relation} as select * from read_csv("
                    f"'{path}', header = true{typed})"
                )
                out.append(Statement(uid, "seed", relation, sql))
            elif node["config"]["materialized"] == "view":
                out.append(
                    Statement(
                        uid, "view", relation, f"create view {relation} as\n{node['compiled_code']}"
                    )
                )
            else:
                out.append(
                    Statement(
                        uid,
                        "table",
                        relation,
                        f"create table {relation} as\n{node['compiled_code']}",
                    )
                )
    return out


def script(manifest: dict, build_db: Path, database: str) -> tuple[list[str], list[Statement]]:
    """The whole floor as statements: the schemas, then every node in DAG order."""
    nodes = statements(manifest, build_db)
    schemas = sorted(
        {n["schema"] for n in manifest["nodes"].values() if n["resource_type"] in ("model", "seed")}
    )
    prologue = [f"set {k} = {str(v).lower()}" for k, v in SETTINGS.items()]
    prologue += [f"create schema if not exists {quote(database)}.{quote(s)}" for s in schemas]
    return prologue, nodes


def run_script(floor_db: Path, prologue: list[str], nodes: list[Statement]) -> dict[str, float]:
    """Execute the floor in one DuckDB connection; seconds per node."""
    seconds: dict[str, float] = {}
    with duckdb.connect(str(floor_db)) as con:
        for sql in prologue:
            con.execute(sql)
        for node in nodes:
            started = time.perf_counter()
            con.execute(node.sql)
            seconds[node.unique_id] = time.perf_counter() - started
        con.execute("checkpoint")
    return seconds


_FLOATS = ("DOUBLE", "FLOAT", "REAL")


def mart_fingerprints(db: Path) -> dict[str, tuple[int, int]]:
    """(rows, order-independent hash of the rows) of every table in ``main``.

    Floating-point columns are rounded to single precision (7 significant digits) first:
    two runs may sum doubles in a different order (threads) and differ in the last bits
    without differing in meaning; a relative rounding keeps large sums and small rates alike.
    """
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        columns: dict[str, list[tuple[str, str]]] = {}
        for table, column, data_type in con.execute(
            "select c.table_name, c.column_name, c.data_type from information_schema.columns c "
            "join information_schema.tables t using (table_catalog, table_schema, table_name) "
            "where c.table_schema = 'main' and t.table_type = 'BASE TABLE' "
            "order by c.table_name, c.ordinal_position"
        ).fetchall():
            columns.setdefault(table, []).append((column, data_type))
        for table, cols in columns.items():
            parts = [f"{quote(c)}::float" if t in _FLOATS else quote(c) for c, t in cols]
            # Identifiers come from the database's own catalog.
            rows, digest = con.execute(
                f"select count(*), coalesce(bit_xor(hash({', '.join(parts)})), 0) "
                f"from main.{quote(table)}"
            ).fetchone()
            out[table] = (rows, digest)
    return out


# A model that reads the clock (freshness "as of now") differs between any two runs.
_CLOCK = re.compile(r"\b(now\s*\(|current_timestamp|current_date|get_current_timestamp)", re.I)


def clock_dependent(manifest: dict) -> set[str]:
    return {
        n["alias"]
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and _CLOCK.search(n.get("compiled_code") or "")
    }


def compare_marts(build_db: Path, floor_db: Path, ignore: set[str] = frozenset()) -> dict:
    built, floor = mart_fingerprints(build_db), mart_fingerprints(floor_db)
    compared = [t for t in built if t not in ignore]
    differing = sorted(t for t in compared if floor.get(t) != built[t])
    return {
        "marts_matching": f"{len(compared) - len(differing)}/{len(compared)}",
        "marts_differing": differing,
        "marts_not_compared": sorted(set(built) - set(compared)),
    }


def run(build_db: Path, landing: Path, work: Path) -> dict:
    started = time.perf_counter()
    manifest = json.loads(compile_project(build_db, landing, work).read_text())
    compile_seconds = time.perf_counter() - started
    floor_db = work / "floor" / build_db.name
    shutil.rmtree(floor_db.parent, ignore_errors=True)
    floor_db.parent.mkdir(parents=True)
    prologue, nodes = script(manifest, build_db, database=build_db.stem)
    (work / "floor.sql").write_text(";\n\n".join([*prologue, *(n.sql for n in nodes)]) + ";\n")
    window_start, started = time.time(), time.perf_counter()
    per_node = run_script(floor_db, prologue, nodes)
    seconds, window_end = time.perf_counter() - started, time.time()
    slowest = sorted(per_node.items(), key=lambda kv: kv[1], reverse=True)[:10]
    return {
        **compare_marts(build_db, floor_db, ignore=clock_dependent(manifest)),
        "compile_seconds": round(compile_seconds, 2),
        "seconds": round(seconds, 2),
        "nodes": len(nodes),
        "window": [window_start, window_end],
        "floor_db": str(floor_db),
        "slowest": [{"node": uid.split(".")[-1], "seconds": round(s, 2)} for uid, s in slowest],
    }


def measure(warehouse, work: Path, *, dbt_build_seconds: float) -> dict:
    """Run the floor as a measured child process beside ``warehouse``'s full build."""
    measured, result = warehouse.run(
        "floor",
        "bench.floor",
        "--build-db",
        str(warehouse.build_db),
        "--landing",
        str(warehouse.landing),
        "--work",
        str(work),
    )
    # The script's own window: dbt compile ran before it in the same process tree.
    result["peak_rss_bytes"] = measured.peak_between(*result.pop("window"))
    result["dbt_build_seconds"] = dbt_build_seconds
    result["ratio"] = round(dbt_build_seconds / result["seconds"], 2) if result["seconds"] else None
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.floor", description=__doc__)
    parser.add_argument("--build-db", type=Path, required=True)
    parser.add_argument("--landing", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    result = run(args.build_db, args.landing, args.work)
    args.out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

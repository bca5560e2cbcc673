"""The peer: the same dbt project on PostgreSQL (dbt-postgres, a real server), beside DuckDB.

On DuckDB the staging models read the landed Parquet directly (dbt-duckdb's
``external_location``). PostgreSQL cannot, so every dbt source is first copied into a
table of the same schema and name in a private database (DuckDB reads the landed files,
``COPY ... FROM STDIN`` writes them), and ``source()`` resolves to those tables there. The
DuckDB functions the models call that PostgreSQL lacks are created by the dbt macro
``bench_postgres_compat``; models written in syntax PostgreSQL cannot parse fail, with
everything downstream of them, and are reported by name with the reason.

Both sides then run ``dbt seed`` and ``dbt run`` on fresh databases in the same process
run, same threads, same landed data; DuckDB runs exactly the models that succeeded on
PostgreSQL, so the ratio compares the same work. Tests are left out on both sides.

    python -m bench.peer --server-url postgresql+psycopg://... --landing L --work W --out J
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parents[1]
TRANSFORM_DIR = REPO_ROOT / "transform"
DBT = str(Path(sys.executable).parent / "dbt")
START_POSTGRES = REPO_ROOT / ".ci" / "start-postgres"

# DuckDB type of a landed column -> PostgreSQL type of the table it is copied into.
PG_TYPES = {
    "VARCHAR": "text",
    "TINYINT": "smallint",
    "SMALLINT": "smallint",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "HUGEINT": "numeric",
    "UTINYINT": "smallint",
    "USMALLINT": "integer",
    "UINTEGER": "bigint",
    "UBIGINT": "numeric",
    "FLOAT": "real",
    "DOUBLE": "double precision",
    "DATE": "date",
    "TIME": "time",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "BOOLEAN": "boolean",
    "JSON": "json",
    "UUID": "uuid",
}


def pg_type(duckdb_type: str) -> str:
    if duckdb_type.startswith("DECIMAL"):
        return duckdb_type.replace("DECIMAL", "numeric")
    return PG_TYPES.get(duckdb_type, "text")  # lists and structs arrive as their text form


def conninfo(server_url: str, database: str) -> dict:
    url = make_url(server_url)
    return {
        "host": url.host or "127.0.0.1",
        "port": url.port or 5432,
        "user": url.username or "postgres",
        "password": url.password or "",
        "dbname": database,
    }


def ensure_server(server_url: str) -> None:
    """Start the local test server again if it went away (other suites share and restart it)."""
    admin = conninfo(server_url, make_url(server_url).database or "postgres")
    try:
        psycopg.connect(**admin, connect_timeout=5).close()
    except psycopg.OperationalError:
        if not START_POSTGRES.exists():
            raise
        subprocess.run([str(START_POSTGRES)], check=True, capture_output=True)


def recreate_database(server_url: str, database: str) -> None:
    admin = conninfo(server_url, make_url(server_url).database or "postgres")
    with psycopg.connect(**admin, autocommit=True) as con:
        con.execute(
            sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(database))
        )
        con.execute(sql.SQL("create database {}").format(sql.Identifier(database)))


def drop_database(server_url: str, database: str) -> None:
    admin = conninfo(server_url, make_url(server_url).database or "postgres")
    with psycopg.connect(**admin, autocommit=True) as con:
        con.execute(
            sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(database))
        )


def source_reads(manifest: dict) -> list[tuple[str, str, str]]:
    """(schema, table, DuckDB expression reading the landed files) for every dbt source."""
    reads = []
    for node in manifest["sources"].values():
        template = node.get("meta", {}).get("external_location") or node.get("source_meta", {}).get(
            "external_location"
        )
        if not template:
            continue
        # dbt-duckdb fills the template the same way ({name}, {identifier}; {{ is a brace).
        expression = template.format_map({**node, "name": node["name"]})
        reads.append((node["schema"], node["identifier"], expression))
    return sorted(reads)


def load_sources(manifest: dict, pg: dict, work: Path) -> dict:
    """Copy every landed source into PostgreSQL; rows and seconds per table."""
    work.mkdir(parents=True, exist_ok=True)
    loaded = {}
    duck = duckdb.connect()
    with psycopg.connect(**pg) as con:
        for schema, table, expression in source_reads(manifest):
            started = time.perf_counter()
            # The expression is the project's own source definition from its manifest.
            try:
                relation = duck.sql("select * from " + expression)
                columns = list(zip(relation.columns, map(str, relation.types), strict=True))
            except duckdb.Error as exc:  # a source with nothing landed yet
                loaded[f"{schema}.{table}"] = {"rows": 0, "error": str(exc).splitlines()[0]}
                continue
            con.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
            con.execute(
                sql.SQL("create table {}.{} ({})").format(
                    sql.Identifier(schema),
                    sql.Identifier(table),
                    sql.SQL(", ").join(
                        sql.SQL("{} {}").format(sql.Identifier(n), sql.SQL(pg_type(t)))
                        for n, t in columns
                    ),
                )
            )
            csv = work / f"{schema}.{table}.csv"
            relation.write_csv(str(csv))
            copy = sql.SQL("copy {}.{} from stdin with (format csv, header true)").format(
                sql.Identifier(schema), sql.Identifier(table)
            )
            with con.cursor() as cur, cur.copy(copy) as pipe, open(csv, "rb") as f:
                while chunk := f.read(1 << 20):
                    pipe.write(chunk)
            rows = con.execute(
                sql.SQL("select count(*) from {}.{}").format(
                    sql.Identifier(schema), sql.Identifier(table)
                )
            ).fetchone()[0]
            con.commit()
            csv.unlink()
            loaded[f"{schema}.{table}"] = {
                "rows": rows,
                "seconds": round(time.perf_counter() - started, 2),
            }
    return loaded


def dbt(args: list[str], *, target: str, env: dict[str, str], work: Path) -> tuple[float, dict]:
    """Run dbt on one target in private target/log folders; wall seconds and run results."""
    target_path = work / f"target-{target}"
    command = [
        DBT,
        *args,
        "--target",
        target,
        "--project-dir",
        str(TRANSFORM_DIR),
        "--profiles-dir",
        str(TRANSFORM_DIR),
        "--target-path",
        str(target_path),
        "--log-path",
        str(work / f"logs-{target}"),
    ]
    started = time.perf_counter()
    with open(work / f"dbt-{target}.log", "ab") as log:
        subprocess.run(command, env=env, cwd=TRANSFORM_DIR, stdout=log, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    results = target_path / "run_results.json"
    return seconds, (json.loads(results.read_text()) if results.exists() else {})


def statuses(run_results: dict) -> dict[str, dict]:
    out = {}
    for r in run_results.get("results", []):
        name = r["unique_id"].split(".")[-1]
        message = (r.get("message") or "").strip().splitlines()
        reason = next((m.strip() for m in message[1:] if m.strip()), message[0] if message else "")
        out[name] = {
            "status": r["status"],
            "seconds": r.get("execution_time", 0.0),
            "reason": reason[:200],
        }
    return out


def run(server_url: str, database: str, landing: Path, work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    pg = conninfo(server_url, database)
    env = {
        **os.environ,
        "BGW_LANDING_DIR": str(landing),
        "BGW_REFERENCE_DIR": str(TRANSFORM_DIR / "seeds" / "reference"),
        "BGW_BUILD_DB": str(work / "duckdb" / "warehouse.duckdb"),
        "BGW_PG_HOST": pg["host"],
        "BGW_PG_PORT": str(pg["port"]),
        "BGW_PG_USER": pg["user"],
        "BGW_PG_PASSWORD": pg["password"],
        "BGW_PG_DBNAME": database,
    }
    (work / "duckdb").mkdir(exist_ok=True)
    ensure_server(server_url)
    recreate_database(server_url, database)
    try:
        dbt(["parse"], target="postgres", env=env, work=work)
        manifest = json.loads((work / "target-postgres" / "manifest.json").read_text())
        started = time.perf_counter()
        loaded = load_sources(manifest, pg, work / "copy")
        load_seconds = time.perf_counter() - started
        dbt(["run-operation", "bench_postgres_compat"], target="postgres", env=env, work=work)

        pg_seed_s, pg_seed = dbt(["seed"], target="postgres", env=env, work=work)
        pg_run_s, pg_run = dbt(["run"], target="postgres", env=env, work=work)
        pg_models = statuses(pg_run)
        succeeded = sorted(m for m, s in pg_models.items() if s["status"] == "success")

        duck_seed_s, _ = dbt(["seed"], target="build", env=env, work=work)
        duck_run_s, duck_run = dbt(
            ["run", "--select", *succeeded], target="build", env=env, work=work
        )
        duck_models = statuses(duck_run)
        with psycopg.connect(**pg) as con:
            server_version = con.execute("show server_version").fetchone()[0]
    finally:
        drop_database(server_url, database)

    def node_seconds(models: dict[str, dict]) -> float:
        return round(sum(models[m]["seconds"] for m in succeeded if m in models), 2)

    pg_nodes, duck_nodes = node_seconds(pg_models), node_seconds(duck_models)
    return {
        "postgres_version": server_version,
        "load_seconds": round(load_seconds, 2),
        "loaded_rows": sum(t.get("rows", 0) for t in loaded.values()),
        "models_total": len(pg_models),
        "models_compared": len(succeeded),
        "models_compared_list": succeeded,
        "models_failed": {m: s["reason"] for m, s in pg_models.items() if s["status"] == "error"},
        "models_skipped": sorted(m for m, s in pg_models.items() if s["status"] == "skipped"),
        "postgres": {
            "seed_seconds": round(pg_seed_s, 2),
            "run_seconds": round(pg_run_s, 2),
            "model_seconds": pg_nodes,
        },
        "duckdb": {
            "seed_seconds": round(duck_seed_s, 2),
            "run_seconds": round(duck_run_s, 2),
            "model_seconds": duck_nodes,
        },
        "seeds_ok": all(r["status"] == "success" for r in pg_seed.get("results", [])),
        # How many times faster DuckDB is on the same models (model execution time only).
        "ratio": round(pg_nodes / duck_nodes, 2) if duck_nodes else None,
        "ratio_wall": round((pg_seed_s + pg_run_s) / (duck_seed_s + duck_run_s), 2)
        if duck_seed_s + duck_run_s
        else None,
        # PostgreSQL cannot read the landing zone: copying it in is part of its pipeline.
        "ratio_wall_with_load": round(
            (load_seconds + pg_seed_s + pg_run_s) / (duck_seed_s + duck_run_s), 2
        )
        if duck_seed_s + duck_run_s
        else None,
    }


def measure(warehouse, work: Path, *, server_url: str, scale: float) -> dict:
    database = f"bench_peer_{str(scale).replace('.', '_')}_{os.getpid()}"
    _, result = warehouse.run(
        "peer",
        "bench.peer",
        "--server-url",
        server_url,
        "--database",
        database,
        "--landing",
        str(warehouse.landing),
        "--work",
        str(work),
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.peer", description=__doc__)
    parser.add_argument("--server-url", required=True, help="SQLAlchemy URL of the server")
    parser.add_argument("--database", default="bench_peer")
    parser.add_argument("--landing", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    result = run(args.server_url, args.database, args.landing, args.work)
    args.out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

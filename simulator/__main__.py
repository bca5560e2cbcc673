"""Generate the simulated departmental systems for the demo and the tests.

    python -m simulator generate --out DIR [--scale 0.1] [--seed 7] [--sources cqmis,...]
        [--force]

Each source writes into ``DIR/<source>/``; ``DIR/_simulator.json`` records what was made, so
running the same command again reuses it instead of spending the time twice.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import simulator
from simulator import common

MANIFEST = "_simulator.json"



def _discover() -> dict[str, Callable[[Path, float, int], dict]]:
    """source name -> generate_into(out_dir, scale, seed) -> summary (with "rows" and "files").

    Every top-level module of this package that defines ``generate_into`` is a source, so a
    new simulator needs no registration here.
    """
    found = {}
    for info in pkgutil.iter_modules(simulator.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"simulator.{info.name}")
        if callable(getattr(module, "generate_into", None)):
            found[info.name] = module.generate_into
    return dict(sorted(found.items()))


REGISTRY = _discover()


def generate(out: Path, *, scale: float, seed: int, sources: list[str], force: bool = False,
             echo: Callable[[str], None] = print) -> dict:
    """Generate (or reuse) each source and record it in ``out/_simulator.json``."""
    unknown = [s for s in sources if s not in REGISTRY]
    if unknown:
        raise ValueError(f"unknown source(s) {unknown}; known: {sorted(REGISTRY)}")
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / MANIFEST
    previous = _read_manifest(manifest_path)
    same_world = (previous.get("scale") == scale and previous.get("seed") == seed
                  and previous.get("as_of") == common.DEFAULT_AS_OF.isoformat())
    made = previous.get("sources", {}) if same_world else {}

    for name in sources:
        summary = made.get(name)
        if not force and summary and all((out / f).exists() for f in summary.get("files", [])):
            echo(f"{name}: reused what is there ({_counts(summary)})")
            continue
        started = time.perf_counter()
        summary = REGISTRY[name](out, scale, seed)
        seconds = time.perf_counter() - started
        made[name] = {**summary, "seconds": round(seconds, 1)}
        echo(f"{name}: {_counts(summary)} in {seconds:.1f} s")
        # Written after every source so a later failure keeps what already succeeded.
        _write_manifest(manifest_path, scale, seed, made)
    return _write_manifest(manifest_path, scale, seed, made)


def _counts(summary: dict) -> str:
    return ", ".join(f"{n:,} {table}" for table, n in summary.get("rows", {}).items())


def _read_manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _write_manifest(path: Path, scale: float, seed: int, made: dict) -> dict:
    manifest = {
        "synthetic": True,
        "note": "Simulated departmental systems for the demo and tests; not real data.",
        "scale": scale,
        "seed": seed,
        "as_of": common.DEFAULT_AS_OF.isoformat(),
        "sources": dict(sorted(made.items())),
    }
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulator", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write the simulated source systems")
    gen.add_argument("--out", type=Path, required=True, help="folder to write into")
    gen.add_argument("--scale", type=float, default=0.1, help="1.0 = the province's real size")
    gen.add_argument("--seed", type=int, default=7)
    gen.add_argument("--sources", default=",".join(REGISTRY),
                     help=f"comma-separated, from: {', '.join(REGISTRY)}")
    gen.add_argument("--force", action="store_true", help="regenerate even if already there")
    args = parser.parse_args(argv)

    sources = [s.strip() for s in args.sources.split(",") if s.strip()]
    try:
        generate(args.out, scale=args.scale, seed=args.seed, sources=sources, force=args.force)
    except ValueError as exc:
        parser.error(str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())

from __future__ import annotations

import json
import sqlite3

import pytest

from simulator import __main__ as cli

ARGS = ["generate", "--scale", "0.005", "--seed", "11", "--sources", "cqmis"]


def _run(capsys, out, *extra: str) -> str:
    assert cli.main([*ARGS, "--out", str(out), *extra]) == 0
    return capsys.readouterr().out


def test_generate_writes_the_database_and_a_manifest(tmp_path, capsys):
    printed = _run(capsys, tmp_path)
    database = tmp_path / "cqmis" / "cqmis.sqlite"
    manifest = json.loads((tmp_path / "_simulator.json").read_text(encoding="utf-8"))

    assert manifest["synthetic"] is True
    assert (manifest["scale"], manifest["seed"]) == (0.005, 11)
    assert manifest["as_of"] == "2026-11-15T18:00:00"
    summary = manifest["sources"]["cqmis"]
    assert summary["files"] == ["cqmis/cqmis.sqlite"]
    with sqlite3.connect(database) as conn:
        count = conn.execute("select count(*) from complaints").fetchone()[0]
    assert count == summary["rows"]["complaints"] > 0
    assert printed.startswith("cqmis: ") and " complaints, " in printed and " s\n" in printed
    assert not list(tmp_path.rglob("*.partial"))


def test_the_same_scale_and_seed_reuse_what_is_there_unless_forced(tmp_path, capsys):
    _run(capsys, tmp_path)
    database = tmp_path / "cqmis" / "cqmis.sqlite"
    first = database.stat().st_mtime_ns

    assert "reused" in _run(capsys, tmp_path)
    assert database.stat().st_mtime_ns == first

    assert "reused" not in _run(capsys, tmp_path, "--force")
    assert database.stat().st_mtime_ns != first


def test_same_seed_gives_identical_bytes_and_another_seed_regenerates(tmp_path, capsys):
    _run(capsys, tmp_path / "a")
    _run(capsys, tmp_path / "b")
    a = (tmp_path / "a" / "cqmis" / "cqmis.sqlite").read_bytes()
    b = (tmp_path / "b" / "cqmis" / "cqmis.sqlite").read_bytes()
    assert a == b

    assert (
        cli.main(
            [
                "generate",
                "--scale",
                "0.005",
                "--seed",
                "12",
                "--sources",
                "cqmis",
                "--out",
                str(tmp_path / "a"),
            ]
        )
        == 0
    )
    assert "reused" not in capsys.readouterr().out
    assert (tmp_path / "a" / "cqmis" / "cqmis.sqlite").read_bytes() != b


def test_an_unknown_source_is_an_error_naming_the_known_ones(tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main([*ARGS[:-1], "cqmis,nosuch", "--out", str(tmp_path)])
    assert "nosuch" in capsys.readouterr().err
    assert not (tmp_path / "cqmis").exists()


def test_every_registered_source_has_a_generate_into():
    assert "cqmis" in cli.REGISTRY
    assert all(callable(f) for f in cli.REGISTRY.values())

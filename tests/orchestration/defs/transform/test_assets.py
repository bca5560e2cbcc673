from pathlib import Path
from types import SimpleNamespace

from orchestration.defs.transform import assets
from orchestration.lib import settings


def _context(run_id: str) -> SimpleNamespace:
    return SimpleNamespace(
        op_execution_context=SimpleNamespace(op=SimpleNamespace(name="warehouse_dbt_assets")),
        run=SimpleNamespace(run_id=run_id),
    )


def test_each_warehouse_keeps_its_own_dbt_parse_beside_its_build_database(warehouse: Path):
    assert assets.partial_parse_state().parent == settings.build_db_path().parent
    assert assets.partial_parse_state().is_relative_to(warehouse)


def test_a_run_starts_from_the_parse_the_warehouse_saved_and_saves_the_one_dbt_wrote(
    warehouse: Path,
):
    settings.build_db_path().parent.mkdir(parents=True)
    assets.partial_parse_state().write_bytes(b"saved by the previous build")

    first = assets.run_target_path(_context("0123456789"))
    try:
        assert (first / assets.PARTIAL_PARSE_FILE).read_bytes() == b"saved by the previous build"
        (first / assets.PARTIAL_PARSE_FILE).write_bytes(b"written by this build")
        assets.keep_partial_parse_state(first)
        assert assets.partial_parse_state().read_bytes() == b"written by this build"

        second = assets.run_target_path(_context("abcdef0123"))
        assert second != first
        assert (second / assets.PARTIAL_PARSE_FILE).read_bytes() == b"written by this build"
    finally:
        for target in first.parent.glob("warehouse_dbt_assets-0123456-*"):
            _remove(target)
        for target in first.parent.glob("warehouse_dbt_assets-abcdef0-*"):
            _remove(target)


def test_a_first_run_in_a_new_warehouse_gets_no_parse_of_another_warehouse(warehouse: Path):
    target = assets.run_target_path(_context("fedcba9876"))
    try:
        # dagster-dbt then seeds it from the project's target folder, and dbt decides.
        assert not (target / assets.PARTIAL_PARSE_FILE).exists()
        assets.keep_partial_parse_state(target)  # dbt failed before parsing: nothing to keep
        assert not assets.partial_parse_state().exists()
    finally:
        _remove(target)


def _remove(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    folder.rmdir()

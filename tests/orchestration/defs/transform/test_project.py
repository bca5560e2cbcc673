import importlib.metadata
import os
import shutil
import subprocess
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.defs.transform import project
from orchestration.lib import settings


def test_parsing_leaves_partial_parse_state_that_a_later_dbt_build_can_use(
    tmp_path: Path, monkeypatch
):
    # dagster-dbt copies target/partial_parse.msgpack into each run's target folder; dbt
    # reuses it only for the same profile, so the parse must see the build's environment.
    monkeypatch.setenv("BGW_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    isolated = DbtProject(
        project_dir=settings.TRANSFORM_DIR,
        profiles_dir=settings.TRANSFORM_DIR,
        target_path=tmp_path / "target",
    )
    monkeypatch.setattr(project, "dbt_project", isolated)

    project.ensure_manifest()

    assert (tmp_path / "target" / "manifest.json").stat().st_size > 0
    assert not list((tmp_path / "target").glob(".parse-*"))  # the private folder is gone
    assert "BGW_BUILD_DB" not in os.environ or os.environ["BGW_BUILD_DB"] != str(
        settings.build_db_path()
    )  # the parse's environment does not leak into the process

    run_target = tmp_path / "run-target"
    run_target.mkdir()
    shutil.copy(tmp_path / "target" / "partial_parse.msgpack", run_target)
    parsed = subprocess.run(
        [
            project.DBT_EXECUTABLE,
            "parse",
            "--target-path",
            str(run_target),
            "--profiles-dir",
            str(settings.TRANSFORM_DIR),
            "--log-path",
            str(tmp_path / "logs"),
        ],
        cwd=settings.TRANSFORM_DIR,
        env={**os.environ, **settings.dbt_env()},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Unable to do partial parsing" not in parsed.stdout


def test_the_dbt_resource_knows_the_installed_dbt_version_without_running_dbt(monkeypatch):
    def no_subprocess(*args, **kwargs):
        raise AssertionError(f"ran {args}")

    monkeypatch.setattr(subprocess, "check_output", no_subprocess)
    resource = project.dbt_resource()

    assert str(resource._cli_version) == importlib.metadata.version("dbt-core")


def test_the_dbt_resource_opens_no_dbt_adapter_in_the_dagster_process():
    # The adapter serves only row counts and column metadata, which this warehouse does not
    # fetch; opening it imports dbt and parses its macros before every command.
    assert project.dbt_resource()._initialize_dbt_core_adapter(["build"]) is None

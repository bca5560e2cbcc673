from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.defs.transform import project
from orchestration.lib import settings


def test_parsing_leaves_partial_parse_state_for_every_later_dbt_build(
    tmp_path: Path, monkeypatch
):
    # dagster-dbt copies target/partial_parse.msgpack into each run's target folder; without
    # it every `dbt build` parses the whole project from scratch.
    isolated = DbtProject(
        project_dir=settings.TRANSFORM_DIR,
        profiles_dir=settings.TRANSFORM_DIR,
        target_path=tmp_path / "target",
    )
    monkeypatch.setattr(project, "dbt_project", isolated)

    project.ensure_manifest()

    assert (tmp_path / "target" / "manifest.json").stat().st_size > 0
    assert (tmp_path / "target" / "partial_parse.msgpack").stat().st_size > 0
    assert not list((tmp_path / "target").glob(".parse-*"))  # the private folder is gone

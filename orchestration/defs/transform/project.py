"""The dbt project as Dagster sees it, with its manifest kept current."""

import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.lib import settings

dbt_project = DbtProject(project_dir=settings.TRANSFORM_DIR, profiles_dir=settings.TRANSFORM_DIR)

# The dbt installed beside this interpreter, so nothing depends on the shell's PATH.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)


def _manifest_is_stale() -> bool:
    manifest = dbt_project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    inputs = [settings.TRANSFORM_DIR / "dbt_project.yml"]
    for folder in ("models", "seeds", "macros", "tests"):
        inputs += [p for p in (settings.TRANSFORM_DIR / folder).rglob("*") if p.is_file()]
    return any(Path(p).stat().st_mtime > built for p in inputs)


# A code location must load from a fresh clone without a separate `dbt parse` step.
if _manifest_is_stale():
    dbt_resource().cli(["parse", "--quiet"], target_path=dbt_project.target_path).wait()

"""The dbt project as Dagster sees it, with its manifest kept current."""

from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.lib import settings

settings.export_dbt_env()

dbt_project = DbtProject(project_dir=settings.TRANSFORM_DIR, profiles_dir=settings.TRANSFORM_DIR)


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
    dbt_project.preparer.prepare(dbt_project)

"""The dbt project as Dagster sees it, with its manifest kept current."""

import fcntl
import importlib.metadata
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

from orchestration.lib import settings

dbt_project = DbtProject(project_dir=settings.TRANSFORM_DIR, profiles_dir=settings.TRANSFORM_DIR)

# The dbt installed beside this interpreter, so nothing depends on the shell's PATH.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")


class WarehouseDbtCli(DbtCliResource):
    """dagster-dbt's dbt CLI without the two things it does in-process before every command.

    Before each command dagster-dbt runs ``dbt --version`` in a subprocess and imports dbt
    into the Dagster process to open an adapter, which serves only to fetch row counts and
    column metadata; measured here, the two cost about 6 CPU seconds (3.8 + 2.4) of every
    build. The dbt beside this interpreter is the installed dbt-core, so its version is
    known, and this warehouse fetches no such metadata.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        return None


def dbt_resource() -> DbtCliResource:
    return WarehouseDbtCli(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)


def _manifest_is_stale() -> bool:
    manifest = dbt_project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    inputs = [settings.TRANSFORM_DIR / "dbt_project.yml"]
    for folder in ("models", "seeds", "macros", "tests"):
        inputs += [p for p in (settings.TRANSFORM_DIR / folder).rglob("*") if p.is_file()]
    return any(Path(p).stat().st_mtime > built for p in inputs)


def ensure_manifest() -> None:
    """Parse the project when its manifest is missing or older than its sources.

    Several processes (test workers, the CLI, `dagster dev`) may load the code location at
    once from a fresh clone. They take turns on a lock, each parses into a private target
    folder, and the manifest is swapped in by rename, so no reader ever sees half a file.
    """
    if not _manifest_is_stale():
        return
    target = dbt_project.project_dir / dbt_project.target_path
    target.mkdir(parents=True, exist_ok=True)
    with open(target / ".parse.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _manifest_is_stale():
            return
        private = Path(tempfile.mkdtemp(prefix=".parse-", dir=target))
        try:
            with _build_environment():
                dbt_resource().cli(["parse", "--quiet"], target_path=private).wait()
            os.replace(private / "manifest.json", dbt_project.manifest_path)
            # dagster-dbt copies target/partial_parse.msgpack into every run's own target
            # folder; without it each `dbt build` parses the whole project again (measured by
            # `make bench`: about half of dbt's fixed start-up in every build).
            if (private / "partial_parse.msgpack").exists():
                os.replace(private / "partial_parse.msgpack", target / "partial_parse.msgpack")
        finally:
            shutil.rmtree(private, ignore_errors=True)


@contextmanager
def _build_environment() -> Iterator[None]:
    """The dbt variables a build of this warehouse sets, for the parse only.

    dbt reuses a saved parse only for the same profile (the build database's path is part
    of it), so parsing as the builds will run keeps their partial parsing valid.
    """
    saved = {key: os.environ.get(key) for key in settings.dbt_env()}
    os.environ.update(settings.dbt_env())
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# A code location must load from a fresh clone without a separate `dbt parse` step.
ensure_manifest()

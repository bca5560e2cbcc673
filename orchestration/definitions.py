"""The Dagster code location: every source room and the warehouse under ``defs/``."""

from pathlib import Path

import dagster as dg

from orchestration.defs.transform.assets import resources

defs = dg.Definitions.merge(
    dg.load_from_defs_folder(project_root=Path(__file__).resolve().parent.parent),
    dg.Definitions(resources=resources),
)

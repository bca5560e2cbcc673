"""Freshness checks per source, from the cadence each publisher promises.

The promise is the ``cadence`` column of ``transform/seeds/source_systems.csv`` (the same
seed dashboards read), plus the grace a publisher gets to report: a monthly MIS is due by
about the 10th of the next month, so its data may be up to ~41 days old before it is late.
"""

import csv
import importlib
from datetime import timedelta

import dagster as dg

from orchestration.lib import settings

ALLOWED_AGE = {
    "daily": timedelta(days=2),
    "monthly": timedelta(days=41),
    "quarterly": timedelta(days=120),
    "yearly": timedelta(days=400),
}


def _cadences() -> dict[str, str]:
    with (settings.SEEDS_DIR / "source_systems.csv").open(newline="", encoding="utf-8") as fh:
        return {row["source_code"]: row["cadence"] for row in csv.DictReader(fh)}


def _landing_assets(source: str) -> list[dg.AssetsDefinition]:
    try:
        module = importlib.import_module(f"orchestration.defs.{source}.assets")
    except ModuleNotFoundError:
        return []  # the source's room does not exist yet
    return [v for v in vars(module).values() if isinstance(v, dg.AssetsDefinition)]


def _checks() -> list[dg.AssetChecksDefinition]:
    checks = []
    for source, cadence in _cadences().items():
        allowed = ALLOWED_AGE.get(cadence.strip().lower())
        assets = _landing_assets(source)
        if allowed is None or not assets:
            continue  # one-off and on-change sources have no promised cadence
        checks += dg.build_last_update_freshness_checks(
            assets=assets, lower_bound_delta=allowed, severity=dg.AssetCheckSeverity.WARN
        )
    return checks


freshness_checks = _checks()
freshness_sensor = dg.build_sensor_for_freshness_checks(
    freshness_checks=freshness_checks,
    name="source_freshness",
    minimum_interval_seconds=3600,
    default_status=dg.DefaultSensorStatus.RUNNING,
)

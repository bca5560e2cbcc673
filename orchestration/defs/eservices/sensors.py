"""Reload the catalogue whenever the IT Department changes any of its files."""

import dagster as dg

from orchestration.defs.eservices import catalogue
from orchestration.defs.eservices.assets import eservices_job


@dg.sensor(
    job=eservices_job,
    minimum_interval_seconds=5 * 60,
    default_status=dg.DefaultSensorStatus.STOPPED,
)
def eservices_catalogue_changed(context: dg.SensorEvaluationContext):
    folder = catalogue.catalogue_dir()
    if not folder.is_dir():
        return dg.SkipReason(f"no catalogue folder {folder}")
    # A fingerprint of the content, not file times: re-saving an unchanged file is no change.
    version = catalogue.version(folder)
    if version == context.cursor:
        return dg.SkipReason(f"catalogue {folder} unchanged (version {version})")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"eservices-{version}")], cursor=version
    )

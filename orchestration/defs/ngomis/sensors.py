"""Load a month when its registry export appears in the inbox or is replaced."""

import dagster as dg

from orchestration.defs.ngomis import extract
from orchestration.defs.ngomis.assets import ngomis_job
from orchestration.defs.ngomis.partitions import ngomis_monthly


@dg.sensor(
    job=ngomis_job,
    minimum_interval_seconds=60 * 60,
    default_status=dg.DefaultSensorStatus.STOPPED,
)
def ngomis_new_export(context: dg.SensorEvaluationContext):
    return extract.EXPORTS.sensor_result(context, set(ngomis_monthly.get_partition_keys()))

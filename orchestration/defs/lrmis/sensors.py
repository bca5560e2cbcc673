"""Load a month when its mutation register export appears in the inbox or is replaced."""

import dagster as dg

from orchestration.defs.lrmis import extract
from orchestration.defs.lrmis.assets import lrmis_job
from orchestration.defs.lrmis.partitions import lrmis_monthly


@dg.sensor(
    job=lrmis_job, minimum_interval_seconds=60 * 60, default_status=dg.DefaultSensorStatus.STOPPED
)
def lrmis_new_export(context: dg.SensorEvaluationContext):
    return extract.EXPORTS.sensor_result(context, set(lrmis_monthly.get_partition_keys()))

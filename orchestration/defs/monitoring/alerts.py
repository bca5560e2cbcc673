import dagster as dg

from orchestration.lib import alerts


@dg.run_failure_sensor(
    name="run_failure_alerts",
    monitor_all_code_locations=False,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Every failed run is written to warehouse/alerts/run_failures.jsonl and sent "
    "to the webhook or e-mail address configured in the environment.",
)
def run_failure_alerts(context: dg.RunFailureSensorContext) -> None:
    error = context.failure_event.message or ""
    alerts.send(
        {
            "job": context.dagster_run.job_name,
            "run_id": context.dagster_run.run_id,
            "error": error[:2000],
        }
    )

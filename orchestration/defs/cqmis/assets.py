import dagster as dg

from expectations import cqmis as suites
from orchestration.defs.cqmis import extract
from orchestration.defs.cqmis.partitions import cqmis_monthly
from orchestration.lib.assets import check_specs, land_partitions

SOURCE = extract.SOURCE


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            [SOURCE, "complaints"],
            description="Complaints registered in the month, current state, one row each "
            "(Local Government Commission Complaint & Inquiry MIS).",
            group_name=SOURCE,
            kinds={"sql", "parquet"},
            partitions_def=cqmis_monthly,
        ),
        dg.AssetSpec(
            [SOURCE, "status_history"],
            description="Every status change of those complaints, one row per event.",
            group_name=SOURCE,
            kinds={"sql", "parquet"},
            partitions_def=cqmis_monthly,
        ),
    ],
    check_specs=check_specs(SOURCE, suites.SUITES),
    partitions_def=cqmis_monthly,
    backfill_policy=dg.BackfillPolicy.single_run(),
    retry_policy=dg.RetryPolicy(max_retries=3, delay=10, backoff=dg.Backoff.EXPONENTIAL),
)
def cqmis_extract(context: dg.AssetExecutionContext):
    url = extract.database_url()
    yield from land_partitions(
        context,
        SOURCE,
        context.partition_keys,
        lambda key: extract.land_month(url, key),
        suites.SUITES,
    )


cqmis_job = dg.define_asset_job(
    "cqmis_load", selection=dg.AssetSelection.groups(SOURCE), partitions_def=cqmis_monthly
)

import dagster as dg

from expectations import hrmis as suites
from orchestration.defs.hrmis import extract
from orchestration.defs.hrmis.partitions import hrmis_monthly
from orchestration.lib.assets import check_specs, land_partitions

SOURCE = extract.SOURCE


def _spec(entity: str, description: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        [SOURCE, entity],
        description=description,
        group_name=SOURCE,
        kinds={"sql", "parquet"},
        partitions_def=hrmis_monthly,
    )


@dg.multi_asset(
    specs=[
        _spec(
            "sanctioned_posts",
            "Sanctioned posts in effect at the month's end, one row per budget line "
            "(department × district × cadre × BPS grade × count) — S&GAD HR MIS.",
        ),
        _spec(
            "employees",
            "Employees in service at the month's end with the posting they held (department, "
            "district, cadre, BPS grade) and whether they were IT-trained by then.",
        ),
        _spec(
            "deletions",
            "Employees and sanctioned posts that were landed for the month before and have "
            "since been deleted at the source, with when that was noticed and the last "
            "landed record.",
        ),
    ],
    check_specs=check_specs(SOURCE, suites.SUITES),
    partitions_def=hrmis_monthly,
    backfill_policy=dg.BackfillPolicy.single_run(),
    retry_policy=dg.RetryPolicy(max_retries=3, delay=10, backoff=dg.Backoff.EXPONENTIAL),
)
def hrmis_extract(context: dg.AssetExecutionContext):
    # One read of the source serves every month of a backfill.
    months = extract.MonthEnds(extract.database_url(), context.partition_keys)
    yield from land_partitions(
        context, SOURCE, context.partition_keys, months.land_month, suites.SUITES
    )


hrmis_job = dg.define_asset_job(
    "hrmis_load", selection=dg.AssetSelection.groups(SOURCE), partitions_def=hrmis_monthly
)

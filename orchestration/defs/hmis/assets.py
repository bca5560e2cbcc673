import dagster as dg

from expectations import hmis as suites
from orchestration.defs.hmis import extract
from orchestration.defs.hmis.dhis2 import SOURCE
from orchestration.defs.hmis.partitions import hmis_monthly
from orchestration.lib.assets import check_specs, land_partitions


def _spec(entity: str, description: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        [SOURCE, entity],
        description=description,
        group_name=SOURCE,
        kinds={"api", "parquet"},
        partitions_def=hmis_monthly,
    )


@dg.multi_asset(
    specs=[
        _spec(
            "org_units",
            "The DHIS2 org-unit hierarchy (province, division, district, tehsil, facility "
            "with its facility type), as read with the month; one row per org unit.",
        ),
        _spec(
            "data_values",
            "Monthly HMIS data values from DHIS2 dataValueSets: one row per facility x data "
            "element x category option combo x month (Health Department).",
        ),
        _spec(
            "completeness",
            "Monthly reports marked complete in DHIS2 (completeDataSetRegistrations): one row "
            "per facility x data set x month, with whether it came by the due date.",
        ),
    ],
    check_specs=check_specs(SOURCE, suites.SUITES),
    partitions_def=hmis_monthly,
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def hmis_extract(context: dg.AssetExecutionContext):
    # Transient HTTP failures are retried inside the connector, so no asset retry policy:
    # what reaches Dagster (bad credentials, a malformed answer) needs a person.
    with extract.HmisExtract(warn=context.log.warning, info=context.log.info) as run:
        run.plan(context.partition_keys)
        yield from land_partitions(
            context, SOURCE, context.partition_keys, run.land_month, suites.SUITES
        )
        context.log.info(f"{SOURCE}: DHIS2 requests {run.stats}")


hmis_job = dg.define_asset_job(
    "hmis_load", selection=dg.AssetSelection.groups(SOURCE), partitions_def=hmis_monthly
)

import dagster as dg

from expectations import lrmis as suites
from orchestration.defs.lrmis import extract
from orchestration.defs.lrmis.partitions import lrmis_monthly
from orchestration.lib.assets import check_specs, land_partitions

SOURCE = extract.SOURCE


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            [SOURCE, extract.ENTITY],
            description="Land-record mutations whose entry changed in the month (applied "
            "for, attested or rejected), one row per mutation with its state at the month's "
            "end (Board of Revenue mutation register export).",
            group_name=SOURCE,
            kinds={"csv", "parquet"},
            partitions_def=lrmis_monthly,
        ),
    ],
    check_specs=check_specs(SOURCE, suites.SUITES),
    partitions_def=lrmis_monthly,
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def lrmis_extract(context: dg.AssetExecutionContext):
    yield from land_partitions(
        context, SOURCE, context.partition_keys, extract.land_month, suites.SUITES
    )


lrmis_job = dg.define_asset_job(
    "lrmis_load", selection=dg.AssetSelection.groups(SOURCE), partitions_def=lrmis_monthly
)

import dagster as dg

from expectations import ngomis as suites
from orchestration.defs.ngomis import extract
from orchestration.defs.ngomis.partitions import ngomis_monthly
from orchestration.lib.assets import check_specs, land_partitions

SOURCE = extract.SOURCE


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            [SOURCE, "registrations"],
            description="The NGO registry as exported at the end of the month: one row per "
            "registered NGO, its sector, dates and status (Social Welfare Department NGO MIS).",
            group_name=SOURCE,
            kinds={"csv", "parquet"},
            partitions_def=ngomis_monthly,
        ),
        dg.AssetSpec(
            [SOURCE, "districts_of_operation"],
            description="The districts each registered NGO works in, one row per NGO × "
            "district, from the list in the export's districts-of-operation field.",
            group_name=SOURCE,
            kinds={"csv", "parquet"},
            partitions_def=ngomis_monthly,
        ),
    ],
    check_specs=check_specs(SOURCE, suites.SUITES),
    partitions_def=ngomis_monthly,
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def ngomis_extract(context: dg.AssetExecutionContext):
    yield from land_partitions(
        context, SOURCE, context.partition_keys, extract.land_month, suites.SUITES
    )


ngomis_job = dg.define_asset_job(
    "ngomis_load", selection=dg.AssetSelection.groups(SOURCE), partitions_def=ngomis_monthly
)

import dagster as dg

from expectations import pis as suites
from orchestration.defs.pis import extract
from orchestration.defs.pis.api import SOURCE
from orchestration.defs.pis.partitions import pis_fiscal_quarters
from orchestration.lib.assets import check_specs, land_partitions


def _spec(entity: str, description: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        [SOURCE, entity],
        description=description,
        group_name=SOURCE,
        kinds={"api", "parquet"},
        partitions_def=pis_fiscal_quarters,
    )


@dg.multi_asset(
    specs=[
        _spec(
            "schemes",
            "Development schemes (ADP/PSDP) of the fiscal year, from the P&D Participatory "
            "Information System API, as read with each fiscal quarter: one row per scheme per "
            "quarter read (sector, district, estimated cost, the year's allocation, dates).",
        ),
        _spec(
            "scheme_progress",
            "Quarterly returns of those schemes: one row per scheme x fiscal quarter, with "
            "releases and expenditure to date in the fiscal year (PKR million) and physical "
            "progress.",
        ),
    ],
    check_specs=check_specs(SOURCE, suites.SUITES),
    partitions_def=pis_fiscal_quarters,
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def pis_extract(context: dg.AssetExecutionContext):
    # 429s, expired tokens and 5xx are handled inside the connector; what reaches Dagster
    # (refused credentials, a changed API) needs a person, so no asset retry policy.
    with extract.PisExtract(warn=context.log.warning, info=context.log.info) as run:
        yield from land_partitions(
            context, SOURCE, context.partition_keys, run.land_quarter, suites.SUITES
        )
        context.log.info(f"{SOURCE}: API requests {run.stats}")


pis_job = dg.define_asset_job(
    "pis_load", selection=dg.AssetSelection.groups(SOURCE), partitions_def=pis_fiscal_quarters
)

import dagster as dg

from expectations import phemis as suites
from orchestration.defs.phemis import extract
from orchestration.defs.phemis.partitions import phemis_survey_rounds
from orchestration.lib.assets import check_specs, land_partitions

SOURCE = extract.SOURCE


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            [SOURCE, extract.ENTITY],
            description="Water-supply schemes in the PHE functionality survey, one row per "
            "scheme per survey round: type, year built, design population, district (as typed "
            "and resolved) and whether it worked, and if not why (Public Health Engineering).",
            group_name=SOURCE,
            kinds={"excel", "parquet"},
            partitions_def=phemis_survey_rounds,
        ),
    ],
    check_specs=check_specs(SOURCE, suites.SUITES),
    partitions_def=phemis_survey_rounds,
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def phemis_extract(context: dg.AssetExecutionContext):
    yield from land_partitions(
        context, SOURCE, context.partition_keys, extract.land_round, suites.SUITES
    )


phemis_job = dg.define_asset_job(
    "phemis_load", selection=dg.AssetSelection.groups(SOURCE), partitions_def=phemis_survey_rounds
)

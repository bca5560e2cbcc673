import dagster as dg

from expectations import survey as suites
from orchestration.defs.survey import analysis, extract
from orchestration.defs.survey.form import SOURCE, load_form
from orchestration.defs.survey.partitions import survey_waves
from orchestration.lib.assets import check_specs, land_partitions

RESPONSES = dg.AssetKey([SOURCE, extract.ENTITY])


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            RESPONSES,
            description="Need-assessment survey submissions, one row per respondent per "
            "wave, from the wave's KoboToolbox export (XLSX or CSV).",
            group_name=SOURCE,
            kinds={"excel", "csv", "parquet"},
            partitions_def=survey_waves,
        ),
    ],
    check_specs=check_specs(SOURCE, suites.SUITES),
    partitions_def=survey_waves,
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def survey_extract(context: dg.AssetExecutionContext):
    yield from land_partitions(
        context, SOURCE, context.partition_keys, extract.land_wave, suites.SUITES
    )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            [SOURCE, "crosstab_cells"],
            deps=[RESPONSES],
            description="Every wave x item x breakdown (level, department, district) x group "
            "x answer: true count and whether it may be shown (privacy suppression with "
            "complementary suppression, audited exactly).",
            group_name=SOURCE,
            kinds={"python", "parquet"},
        ),
        dg.AssetSpec(
            [SOURCE, "group_differences"],
            deps=[RESPONSES],
            description="Mann-Whitney / Kruskal-Wallis tests of agreement items between "
            "groups and between consecutive waves, with effect sizes and Holm / BH "
            "adjusted p-values.",
            group_name=SOURCE,
            kinds={"python", "scipy", "parquet"},
        ),
    ],
)
def survey_analysis(context: dg.AssetExecutionContext):
    for account in analysis.land_analysis(load_form()):
        context.log.info(f"{SOURCE}/{account.entity}: {account.rows_loaded} rows")
        yield dg.MaterializeResult(
            asset_key=dg.AssetKey([SOURCE, account.entity]),
            metadata={"rows": account.rows_loaded, "origin": account.origin},
        )


survey_job = dg.define_asset_job(
    "survey_load", selection=dg.AssetSelection.groups(SOURCE), partitions_def=survey_waves
)

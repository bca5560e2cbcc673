import dagster as dg

from expectations import bise as suites
from orchestration.defs.bise import extract
from orchestration.defs.bise.partitions import bise_exam_years
from orchestration.lib.assets import check_specs, land_partitions

SOURCE = extract.SOURCE


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            [SOURCE, extract.ENTITY],
            description="Candidates' results from the exam year's SSC and HSSC result "
            "gazettes (Annual and Supplementary sessions), one row per candidate per sitting "
            "(Board of Intermediate & Secondary Education).",
            group_name=SOURCE,
            kinds={"csv", "parquet"},
            partitions_def=bise_exam_years,
        ),
    ],
    check_specs=check_specs(SOURCE, suites.SUITES),
    partitions_def=bise_exam_years,
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def bise_extract(context: dg.AssetExecutionContext):
    yield from land_partitions(
        context, SOURCE, context.partition_keys, extract.land_year, suites.SUITES
    )


bise_job = dg.define_asset_job(
    "bise_load", selection=dg.AssetSelection.groups(SOURCE), partitions_def=bise_exam_years
)

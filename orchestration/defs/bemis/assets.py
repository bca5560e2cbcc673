import dagster as dg

from expectations import bemis as suites
from orchestration.defs.bemis import extract
from orchestration.defs.bemis.partitions import bemis_census_years
from orchestration.lib.assets import check_specs, land_partitions

SOURCE = extract.SOURCE


def _spec(entity: str, description: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        [SOURCE, entity],
        description=description,
        group_name=SOURCE,
        kinds={"excel", "parquet"},
        partitions_def=bemis_census_years,
    )


@dg.multi_asset(
    specs=[
        _spec(
            "schools",
            "Schools in the annual school census, one row per school per census "
            "year, with district (as typed and resolved), level, gender, urban/rural, "
            "functional status and facilities (Education Department, BEMIS).",
        ),
        _spec(
            "enrolment",
            "Pupils on roll, one row per school x census year x class "
            "(katchi/ECE, 1..12) x gender.",
        ),
        _spec("teachers", "Teachers posted, one row per school x census year x gender."),
    ],
    check_specs=check_specs(SOURCE, suites.SUITES),
    partitions_def=bemis_census_years,
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def bemis_extract(context: dg.AssetExecutionContext):
    yield from land_partitions(
        context, SOURCE, context.partition_keys, extract.land_year, suites.SUITES
    )


bemis_job = dg.define_asset_job(
    "bemis_load", selection=dg.AssetSelection.groups(SOURCE), partitions_def=bemis_census_years
)

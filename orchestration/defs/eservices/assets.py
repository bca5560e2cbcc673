import dagster as dg

from expectations import eservices as suites
from orchestration.defs.eservices import extract
from orchestration.defs.eservices.catalogue import SOURCE
from orchestration.lib.assets import check_specs, land_partitions


def _spec(entity: str, description: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        [SOURCE, entity], description=description, group_name=SOURCE, kinds={"csv", "parquet"}
    )


# Unpartitioned: the catalogue is one current document the IT Department edits, not a
# periodic extract. Each load replaces it whole; its history lives in the IT Department's
# own versions of the files (each landed row carries the catalogue_version fingerprint), and
# growth over time shows through every service's launch date.
@dg.multi_asset(
    specs=[
        _spec(
            "portals",
            "Department portals, apps and MIS in the IT Department's catalogue, "
            "one row per portal (channel, status, launch date, district if any).",
        ),
        _spec(
            "services",
            "Online services, one row per service: department, channel, launch "
            "date, URL and stage on the UN five-stage model (Emerging .. Connected).",
        ),
        _spec(
            "checklist",
            "LOSI-style yes/no checklist, one row per portal x indicator "
            "(institutional framework, content, services, participation, technology).",
        ),
    ],
    check_specs=check_specs(SOURCE, suites.SUITES),
)
def eservices_extract(context: dg.AssetExecutionContext):
    yield from land_partitions(
        context, SOURCE, [extract.PARTITION], lambda _: extract.land_catalogue(), suites.SUITES
    )


eservices_job = dg.define_asset_job("eservices_load", selection=dg.AssetSelection.groups(SOURCE))

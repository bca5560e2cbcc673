import dagster as dg

from orchestration.defs.ngomis import extract

# Monthly, by the export's month: the registry is exported at the end of each month, so the
# latest partition is the last complete month. The first export kept is January 2024.
ngomis_monthly = dg.MonthlyPartitionsDefinition(start_date="2024-01-01")


def latest_available_partition() -> str | None:
    return extract.EXPORTS.latest_partition()

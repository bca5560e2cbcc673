import dagster as dg

from orchestration.defs.lrmis import extract

# Monthly, by the export's month: the register is exported after each month ends, so the
# latest partition is the last complete month. The first export kept is January 2023.
lrmis_monthly = dg.MonthlyPartitionsDefinition(start_date="2023-01-01")


def latest_available_partition() -> str | None:
    return extract.EXPORTS.latest_partition()

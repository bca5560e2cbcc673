import re

import dagster as dg

from orchestration.defs.lrmis import extract

# Monthly, by the export's month: the register is exported after each month ends, so the
# latest partition is the last complete month. The first export kept is January 2023.
lrmis_monthly = dg.MonthlyPartitionsDefinition(start_date="2023-01-01")

EXPORT_NAME = re.compile(r"^mutation_register_(?P<year>\d{4})-(?P<month>\d{2})\.csv$")


def latest_available_partition() -> str | None:
    """The month of the newest export in the inbox: a month after it has not arrived yet
    (loading it is an error naming the file expected), which a full load can stop short of."""
    inbox = extract.inbox_dir()
    names = [EXPORT_NAME.match(p.name) for p in inbox.iterdir()] if inbox.is_dir() else []
    keys = [f"{m['year']}-{m['month']}-01" for m in names if m]
    return max(keys, default=None)

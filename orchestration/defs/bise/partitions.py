import dagster as dg

from orchestration.defs.bise import extract

# One partition per exam year, keyed "2024". ``end_offset=1`` makes the current year
# loadable as soon as its first gazette (SSC annual, declared in summer) arrives.
bise_exam_years = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1 *", start="2019", fmt="%Y", end_offset=1
)


def latest_available_partition() -> str | None:
    """The newest exam year with a gazette in the inbox: a later year has none yet (loading
    it is an error naming the inbox), which a full load can stop short of."""
    inbox = extract.inbox_dir()
    names = [extract.GAZETTE_NAME.match(p.name) for p in inbox.iterdir()] if inbox.is_dir() else []
    return max((m["year"] for m in names if m), default=None)

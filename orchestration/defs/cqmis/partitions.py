import dagster as dg

# Monthly, by the month a complaint was registered. ``end_offset=1`` keeps the current,
# still-open month loadable, since complaints arrive every day.
cqmis_monthly = dg.MonthlyPartitionsDefinition(start_date="2023-01-01", end_offset=1)

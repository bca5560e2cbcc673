import dagster as dg

# Monthly snapshots: a partition is the HR MIS as it stood at the end of the month, so the
# latest partition is the last complete month. History is kept from January 2023.
hrmis_monthly = dg.MonthlyPartitionsDefinition(start_date="2023-01-01")

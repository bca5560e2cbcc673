import dagster as dg

# Monthly, by DHIS2 reporting period. The simulated HMIS starts in December 2016; a real
# instance's first month is set here. No end offset: a month becomes a partition once it
# is over, and its reports are due by the 10th of the next month.
HMIS_FIRST_MONTH = "2016-12-01"

hmis_monthly = dg.MonthlyPartitionsDefinition(start_date=HMIS_FIRST_MONTH)

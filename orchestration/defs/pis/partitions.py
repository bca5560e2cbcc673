import dagster as dg

# Pakistan fiscal quarters (the fiscal year runs July to June), keyed by their first day:
# 2024-07-01 = FY 2024-25 Q1 (Jul-Sep), 2024-10-01 = Q2, 2025-01-01 = Q3, 2025-04-01 = Q4.
# Calendar quarter starts coincide with fiscal quarter starts, so a cron on the 1st of every
# third month from January gives exactly these keys. A quarter becomes a partition once it
# is over; the first is FY 2016-17 Q1, where the simulated PIS begins.
PIS_FIRST_QUARTER = "2016-07-01"

pis_fiscal_quarters = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 */3 *", fmt="%Y-%m-%d", start=PIS_FIRST_QUARTER
)

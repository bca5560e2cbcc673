import dagster as dg

# One partition per census, keyed by the school year as BEMIS labels it ("2024-25"): the
# census is taken once in each school year and the workbook is titled with that label.
# Declared rather than discovered, so a stray file in the inbox never becomes a partition
# by itself: a new year is one key here plus its column_maps/<year>.yaml.
CENSUS_YEARS = (
    "2016-17",
    "2017-18",
    "2018-19",
    "2019-20",
    "2020-21",
    "2021-22",
    "2022-23",
    "2023-24",
    "2024-25",
    "2025-26",
)

bemis_census_years = dg.StaticPartitionsDefinition(list(CENSUS_YEARS))

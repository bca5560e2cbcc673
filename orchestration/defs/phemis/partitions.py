import dagster as dg

# One partition per functionality survey round, keyed by the calendar year the field work
# was done in ("2024"). Declared, not discovered: a new round is one key here plus its
# column_maps/<round>.yaml.
SURVEY_ROUNDS = ("2019", "2020", "2021", "2022", "2023", "2024", "2025", "2026")

phemis_survey_rounds = dg.StaticPartitionsDefinition(list(SURVEY_ROUNDS))

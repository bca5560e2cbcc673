import dagster as dg

# One partition per survey wave, keyed <year>-wave<n>. The waves are declared rather than
# discovered so a stray folder in the inbox never becomes a partition by itself: adding a
# wave is one line here (the sensor names any wave folder it does not know).
SURVEY_WAVES = ("2009-wave1", "2010-wave2")

survey_waves = dg.StaticPartitionsDefinition(list(SURVEY_WAVES))

{#- Ephemeral, and separate from dim_period, so that dim_period's calendar arithmetic can be
    unit tested with a handful of given months instead of the generated spine. Belongs in
    models/intermediate/core/ once that folder is open to this model. -#}
{{ config(materialized='ephemeral') }}

with

months as (

    select cast(month_series.month_start as date) as month_start
    from
        range(date '2010-01-01', date '2031-01-01', interval 1 month)
            as month_series (month_start)

)

select * from months

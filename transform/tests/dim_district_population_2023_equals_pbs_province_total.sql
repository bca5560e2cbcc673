-- The PBS Census 2023 Table 1 total for Balochistan is 14,894,402 people.
with

districts as (

    select * from {{ ref('dim_district') }}

),

final as (

    select sum(population_2023) as population_2023
    from districts
    having sum(population_2023) is distinct from 14894402

)

select * from final

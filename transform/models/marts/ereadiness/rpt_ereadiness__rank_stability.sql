{#- Year-to-year stability of the ranking, per district: its rank against its rank in the
    previous rated fiscal year. Ranks move when districts change and when the min-max scales
    are stretched by a different outlier; the summary mart says how much in all. -#}

with

district_index as (

    select * from {{ ref('rpt_ereadiness__district_index') }}
    where is_rated and district_rank is not null

),

rated_years as (

    select distinct fiscal_year_start
    from district_index

),

year_pairs as (

    select
        fiscal_year_start,
        lag(fiscal_year_start) over (order by fiscal_year_start) as previous_fiscal_year_start

    from rated_years

),

-- The tie-averaged rank (two districts tied for 3rd both get 3.5) is what Spearman's
-- correlation is computed on.
with_average_rank as (

    select
        *,
        district_rank
        + (count(*) over (partition by fiscal_year_start, ereadiness_index) - 1) / 2.0
            as average_rank

    from district_index

),

final as (

    select
        current_year.fiscal_year_start,
        current_year.fiscal_year_label,
        current_year.period_start,
        current_year.district_pcode,
        current_year.district_name,
        current_year.division,
        current_year.ereadiness_index,
        current_year.district_rank,
        current_year.average_rank,
        year_pairs.previous_fiscal_year_start,
        previous_year.fiscal_year_label as previous_fiscal_year_label,
        previous_year.ereadiness_index as previous_ereadiness_index,
        previous_year.district_rank as previous_district_rank,
        previous_year.average_rank as previous_average_rank,
        current_year.ereadiness_index - previous_year.ereadiness_index as index_change,
        (current_year.district_rank - previous_year.district_rank)::integer as rank_change,
        abs(current_year.district_rank - previous_year.district_rank)::integer
            as abs_rank_change

    from with_average_rank as current_year
    inner join year_pairs
        on current_year.fiscal_year_start = year_pairs.fiscal_year_start
    left join with_average_rank as previous_year
        on
            year_pairs.previous_fiscal_year_start = previous_year.fiscal_year_start
            and current_year.district_pcode = previous_year.district_pcode

)

select * from final

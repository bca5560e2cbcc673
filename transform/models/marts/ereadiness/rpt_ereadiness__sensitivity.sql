{#- How much a district's rank rests on one component: the index recomputed without each
    weighted component in turn (the others' weights renormalised), re-ranked, and set
    against the published rank. With only 34 districts, one outlier can stretch a min-max
    scale; a large change here says so. -#}

with

components as (

    select * from {{ ref('rpt_ereadiness__components') }}

),

district_index as (

    select * from {{ ref('rpt_ereadiness__district_index') }}
    where is_rated

),

dropped as (

    select distinct
        fiscal_year_start,
        component_code as dropped_component_code,
        component_name as dropped_component_name

    from components
    where component_weight > 0

),

without_component as (

    select
        dropped.fiscal_year_start,
        dropped.dropped_component_code,
        dropped.dropped_component_name,
        components.district_pcode,
        round(
            sum(components.component_weight * components.score) filter (
                where components.score is not null
            ) / nullif(sum(components.component_weight) filter (
                where components.score is not null
            ), 0),
            9
        ) as index_without_component

    from dropped
    inner join components
        on
            dropped.fiscal_year_start = components.fiscal_year_start
            and dropped.dropped_component_code <> components.component_code
            and components.component_weight > 0
    group by
        dropped.fiscal_year_start,
        dropped.dropped_component_code,
        dropped.dropped_component_name,
        components.district_pcode

),

reranked as (

    select
        without_component.*,
        case
            when without_component.index_without_component is not null
                then rank() over (
                    partition by
                        without_component.fiscal_year_start,
                        without_component.dropped_component_code
                    order by without_component.index_without_component desc nulls last
                )
        end as rank_without_component

    from without_component

),

final as (

    select
        district_index.fiscal_year_start,
        district_index.fiscal_year_label,
        district_index.period_start,
        district_index.district_pcode,
        district_index.district_name,
        district_index.division,
        reranked.dropped_component_code,
        reranked.dropped_component_name,
        dropped_score.score as dropped_component_score,
        district_index.ereadiness_index,
        district_index.district_rank,
        reranked.index_without_component,
        reranked.rank_without_component::integer as rank_without_component,
        (reranked.rank_without_component - district_index.district_rank)::integer
            as rank_change,
        abs(reranked.rank_without_component - district_index.district_rank)::integer
            as abs_rank_change

    from district_index
    inner join reranked
        on
            district_index.fiscal_year_start = reranked.fiscal_year_start
            and district_index.district_pcode = reranked.district_pcode
    left join components as dropped_score
        on
            reranked.fiscal_year_start = dropped_score.fiscal_year_start
            and reranked.district_pcode = dropped_score.district_pcode
            and reranked.dropped_component_code = dropped_score.component_code

)

select * from final

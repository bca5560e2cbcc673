{#- Each department portal and district website scored on the LOSI-style checklist in the
    UN Local Online Service Index's manner: the share of checks answered yes, per criterion
    and overall, banded like the EGDI. -#}

with

portals as (

    select * from {{ ref('fct_eservice_portals') }}
    where channel = 'web_portal'

),

checklist as (

    select * from {{ ref('stg_eservices__checklist') }}

),

checklist_items as (

    select * from {{ ref('losi_indicators') }}

),

departments as (

    select * from {{ ref('dim_department') }}

),

districts as (

    select * from {{ ref('dim_district') }}

),

bands as (

    select * from {{ ref('ereadiness_bands') }}

),

-- The five LOSI criteria and the overall score ('ALL'), with the checks each has.
criteria as (

    select
        criterion_code,
        any_value(criterion) as criterion,
        count(*) as items_in_checklist

    from checklist_items
    group by criterion_code

    union all

    select
        'ALL' as criterion_code,
        'Overall' as criterion,
        count(*) as items_in_checklist

    from checklist_items

),

answers as (

    select
        portal_id,
        criterion_code,
        count(*) as items_assessed,
        count(*) filter (where is_met) as items_met,
        max(assessed_on) as assessed_on

    from checklist
    group by grouping sets ((portal_id, criterion_code), (portal_id))

),

scored as (

    select
        portals.portal_id,
        portals.portal_name,
        case
            when portals.district_pcode is not null then 'District website'
            else 'Department portal'
        end as portal_kind,
        portals.department_code,
        departments.department_name,
        portals.district_pcode,
        districts.district_name,
        portals.portal_status,
        portals.is_live,
        criteria.criterion_code,
        criteria.criterion,
        criteria.items_in_checklist,
        coalesce(answers.items_assessed, 0) as items_assessed,
        coalesce(answers.items_met, 0) as items_met,
        answers.items_met::double / nullif(answers.items_assessed, 0) as score,
        answers.assessed_on,
        portals.is_synthetic

    from portals
    cross join criteria
    left join answers
        on
            portals.portal_id = answers.portal_id
            and criteria.criterion_code = coalesce(answers.criterion_code, 'ALL')
    left join departments
        on portals.department_code = departments.department_code
    left join districts
        on portals.district_pcode = districts.district_pcode

),

final as (

    select
        scored.portal_id,
        scored.portal_name,
        scored.portal_kind,
        scored.department_code,
        scored.department_name,
        scored.district_pcode,
        scored.district_name,
        scored.portal_status,
        scored.is_live,
        scored.criterion_code,
        scored.criterion,
        scored.items_in_checklist::integer as items_in_checklist,
        scored.items_assessed::integer as items_assessed,
        scored.items_met::integer as items_met,
        scored.score,
        coalesce(bands.band, 'Not assessed') as band,
        bands.band_order,
        scored.assessed_on,
        scored.is_synthetic

    from scored
    left join bands
        on
            (
                round(scored.score, 9) > bands.lower_bound
                or (bands.lower_inclusive and round(scored.score, 9) = bands.lower_bound)
            )
            and (
                round(scored.score, 9) < bands.upper_bound
                or (bands.upper_inclusive and round(scored.score, 9) = bands.upper_bound)
            )

)

select * from final

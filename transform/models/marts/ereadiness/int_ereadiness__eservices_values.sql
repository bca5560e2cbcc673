{#- What the e-services catalogue offers each district in each fiscal year up to the
    catalogue's own (value_kind catalogue). The catalogue is a current snapshot: a service
    counts from its launch date (blank = before the warehouse's first year), live services
    only, and a district website carries its latest checklist score back to its launch.
    Which of these years are used is decided by the index (years other data cover). -#}
{{ config(materialized='view', schema='intermediate') }}

with

services as (

    select * from {{ ref('fct_eservices') }}

),

portals as (

    select * from {{ ref('fct_eservice_portals') }}

),

districts as (

    select * from {{ ref('dim_district') }}

),

periods as (

    select * from {{ ref('dim_period') }}

),

catalogue_year as (

    select
        {{ fiscal_year_start('coalesce(max(assessed_on), current_date)') }} as fiscal_year_start

    from portals

),

fiscal_years as (

    select distinct periods.fiscal_year_start

    from periods
    cross join catalogue_year
    where periods.fiscal_year_start <= catalogue_year.fiscal_year_start

),

district_years as (

    select
        districts.district_pcode,
        fiscal_years.fiscal_year_start,
        make_date(fiscal_years.fiscal_year_start + 1, 6, 30) as fiscal_year_end

    from districts
    cross join fiscal_years

),

live_services as (

    select * from services
    where is_live

),

-- A province-wide service (null district) reaches every district; a district portal's
-- services reach that district only. Stage ÷ 5 weighs a Connected service five times an
-- Emerging one.
stage_points as (

    select
        district_years.district_pcode,
        district_years.fiscal_year_start,
        count(live_services.service_id) as services,
        coalesce(sum(live_services.un_stage_number), 0) / 5.0 as points

    from district_years
    left join live_services
        on
            (
                live_services.district_pcode is null
                or district_years.district_pcode = live_services.district_pcode
            )
            and (
                live_services.launched_on is null
                or district_years.fiscal_year_end >= live_services.launched_on
            )
    group by district_years.district_pcode, district_years.fiscal_year_start

),

district_websites as (

    select * from portals
    where is_live and channel = 'web_portal' and district_pcode is not null

),

-- No live website yet: 0, nothing published. A live website never assessed: unknown (null).
portal_scores as (

    select
        district_years.district_pcode,
        district_years.fiscal_year_start,
        count(district_websites.portal_id) as websites,
        case
            when count(district_websites.portal_id) = 0 then 0.0
            else max(district_websites.checklist_score_pct)
        end as score_pct

    from district_years
    left join district_websites
        on
            district_years.district_pcode = district_websites.district_pcode
            and (
                district_websites.launched_on is null
                or district_years.fiscal_year_end >= district_websites.launched_on
            )
    group by district_years.district_pcode, district_years.fiscal_year_start

),

final as (

    select
        'ESV_SERVICE_STAGE_POINTS' as indicator_code,
        district_pcode,
        fiscal_year_start::integer as fiscal_year_start,
        points::double as numerator,
        services::double as denominator,
        points::double as value, -- noqa: RF04
        'catalogue' as value_kind

    from stage_points

    union all

    select
        'ESV_DISTRICT_PORTAL_SCORE_PCT' as indicator_code,
        district_pcode,
        fiscal_year_start::integer as fiscal_year_start,
        null::double as numerator,
        websites::double as denominator,
        score_pct::double as value, -- noqa: RF04
        'catalogue' as value_kind

    from portal_scores

)

select * from final

with

source as (
    select * from {{ source('pis', 'schemes') }}
),

-- Each quarter's partition lands the fiscal year's register as read then; the latest
-- reading of a scheme in a fiscal year is its current state for that year.
latest as (
    select *
    from source
    qualify row_number() over (
        partition by scheme_id, fiscal_year order by quarter_read desc
    ) = 1
),

renamed as (
    select
        scheme_id,
        fiscal_year,
        gs_no,
        scheme_name,
        sector,
        programme,
        district_reported,
        district_unit,
        district_pcode,
        district_scope,
        executing_agency,
        cast(estimated_cost_pkr_m as double) as estimated_cost_pkr_m,
        cast(allocation_pkr_m as double) as allocation_pkr_m,
        start_date,
        planned_completion_date,
        status as scheme_status,
        updated_at,
        quarter_read as last_read_with_quarter
    from latest
)

select * from renamed

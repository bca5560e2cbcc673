with

source as (
    select * from {{ source('pis', 'scheme_progress') }}
),

renamed as (
    select
        scheme_id,
        fiscal_year,
        quarter as fiscal_quarter,
        cast(quarter_start as date) as quarter_start,
        cast(releases_to_date_pkr_m as double) as releases_to_date_pkr_m,
        cast(expenditure_to_date_pkr_m as double) as expenditure_to_date_pkr_m,
        cast(physical_progress_pct as double) as physical_progress_pct,
        reported_on,
        remarks
    from source
)

select * from renamed

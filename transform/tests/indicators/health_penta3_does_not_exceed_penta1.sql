-- Validation rule: in a district and month, Penta-3 doses to infants should not exceed
-- Penta-1 doses (children start the series before they finish it). Catch-up months can
-- break it legitimately, so this warns.
{{ config(severity='warn') }}

select
    district_pcode,
    period_month,
    sum(value) filter (where data_element_code = 'PENTA1') as penta1,
    sum(value) filter (where data_element_code = 'PENTA3') as penta3

from {{ ref('fct_health_data_values') }}
where
    data_element_code in ('PENTA1', 'PENTA3')
    and category_option_combo_name = '<12 months'
group by district_pcode, period_month
having
    coalesce(sum(value) filter (where data_element_code = 'PENTA3'), 0)
    > coalesce(sum(value) filter (where data_element_code = 'PENTA1'), 0)

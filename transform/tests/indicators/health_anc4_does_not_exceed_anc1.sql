-- Validation rule: in a district and month, fourth antenatal visits should not exceed first
-- visits. Women who booked in an earlier month can make the fourth visit now, so this warns.
{{ config(severity='warn') }}

select
    district_pcode,
    period_month,
    sum(value) filter (where data_element_code = 'ANC1') as anc1,
    sum(value) filter (where data_element_code = 'ANC4') as anc4

from {{ ref('fct_health_data_values') }}
where data_element_code in ('ANC1', 'ANC4')
group by district_pcode, period_month
having
    coalesce(sum(value) filter (where data_element_code = 'ANC4'), 0)
    > coalesce(sum(value) filter (where data_element_code = 'ANC1'), 0)

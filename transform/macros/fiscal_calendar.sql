{#- Pakistan's fiscal year runs July to June and is named after the calendar year it starts in
    (July 2024 - June 2025 is "FY 2024-25"). Kept as macros so every mart that buckets by
    fiscal period (PIS schemes, budgets) uses the same arithmetic as dim_period. -#}

{% macro fiscal_year_start(date_expr) -%}
    (year({{ date_expr }}) - case when month({{ date_expr }}) >= 7 then 0 else 1 end)
{%- endmacro %}

{% macro fiscal_year_label(date_expr) -%}
    (
        'FY ' || {{ fiscal_year_start(date_expr) }}::varchar || '-'
        || lpad((({{ fiscal_year_start(date_expr) }} + 1) % 100)::varchar, 2, '0')
    )
{%- endmacro %}

{#- July-September is fiscal quarter 1, April-June is 4. -#}
{% macro fiscal_quarter(date_expr) -%}
    (((month({{ date_expr }}) + 5) % 12) // 3 + 1)
{%- endmacro %}

{#- July is fiscal month 1, June is 12. -#}
{% macro fiscal_month(date_expr) -%}
    ((month({{ date_expr }}) + 5) % 12 + 1)
{%- endmacro %}

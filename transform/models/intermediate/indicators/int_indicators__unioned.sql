{#- Every domain's indicator rows in one relation. A domain whose source has not landed (its
    model not built) is left out rather than failing the union. -#}
{%- set domains = [
    'int_indicators__complaints',
    'int_indicators__education',
    'int_indicators__water',
    'int_indicators__eservices',
    'int_indicators__health',
    'int_indicators__ngos',
    'int_indicators__development',
    'int_indicators__hr',
    'int_indicators__land',
    'int_indicators__exams',
    'int_indicators__ereadiness',
] -%}

with

unioned as (

    {{ indicators_union_built(domains, [
        ('indicator_code', 'varchar'),
        ('geo_level', 'varchar'),
        ('geo_code', 'varchar'),
        ('period_type', 'varchar'),
        ('period_start', 'date'),
        ('numerator', 'double'),
        ('denominator', 'double'),
        ('value', 'double'),
    ]) }}

)

select * from unioned

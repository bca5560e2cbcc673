{#- Marts land in `main` (what dashboards read); other layers in a schema named for the layer,
    without dbt's default target-name prefix so names are stable across targets. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}

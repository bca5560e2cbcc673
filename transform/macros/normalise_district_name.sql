{#- The normalisation applied before a district name is looked up in dim_district_alias
    (DESIGN.md §2: exact match after normalisation and the alias table, never fuzzy).
    Lower-case; Arabic-script letter variants folded to their Urdu forms (keyboards differ);
    every run of characters that is not a letter, mark or digit becomes one space; a trailing
    "district" is dropped. Urdu letters are kept: \p{L} is Unicode-aware. -#}
{% macro normalise_district_name(name_expr) -%}
    nullif(
        regexp_replace(
            trim(
                regexp_replace(
                    translate(lower({{ name_expr }}), 'يىكه', 'ییکہ'),
                    '[^\p{L}\p{M}\p{N}]+', ' ', 'g'
                )
            ),
            '\s+district$', ''
        ),
        ''
    )
{%- endmacro %}

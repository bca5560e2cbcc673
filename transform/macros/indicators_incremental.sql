{#- Incremental facts replace whole partitions (a month, an exam year), as the landing zone
    does: a re-landed partition replaces the old one, rows deleted at the source included.
    A partition is rebuilt when its fingerprint (row count and an order-independent hash of
    the rows) differs from what the fact holds, so a run after one new month is landed
    rewrites that month only, and a corrected earlier month is picked up too.

    Use in an incremental model configured with incremental_strategy='delete+insert' and
    unique_key=<partition_column>:

        select * from transformed
        {% if is_incremental() %}
        where {{ changed_partitions('transformed', 'period_month', ['org_unit_id', 'value']) }}
        {% endif %}

    `relation` is the CTE holding the fact's rows as they would be built now; `columns` are
    the columns whose change should trigger a rebuild (keys and values). -#}
{% macro changed_partitions(relation, partition_column, columns) -%}
    {{ partition_column }} in (
        select {{ partition_column }}
        from (
            select
                {{ partition_column }},
                count(*) as row_count,
                bit_xor(hash({{ columns | join(', ') }})) as row_hash
            from {{ relation }}
            group by {{ partition_column }}
            except
            select
                {{ partition_column }},
                count(*) as row_count,
                bit_xor(hash({{ columns | join(', ') }})) as row_hash
            from {{ this }}
            group by {{ partition_column }}
        ) as changed
    )
{%- endmacro %}

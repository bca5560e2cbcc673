{#- Incremental facts replace whole landed partitions (a month, an exam year), as the landing
    zone does: a re-landed partition replaces the old one, rows deleted at the source included.

    What a fact was built from is kept with the fact, as its table comment: one fingerprint
    per landed file it read (partition key, size, modification time, and a checksum of the
    fact's SQL and of every model and seed upstream of it). An incremental run compares the
    files in the landing zone (their listing only, never their rows) with that record and
    rebuilds the partitions whose file is new or replaced; a change to the fact's SQL or to
    anything upstream rebuilds them all. A run after one new month therefore reads that
    month only, however long the history.

    The comment also names the partitions the last run rebuilt (all of them on a first build
    or a full refresh), so the fact's partition-local data tests can read only those (see
    duckdb__get_where_subquery below).

    Use in an incremental model configured with incremental_strategy='delete+insert' and
    unique_key=<partition column>, whose partition column holds the landing partition key:

        {{ config(..., post_hook=[
            "{{ drop_unlanded_partitions('period_month', 'date', 'hmis', 'data_values') }}",
            "{{ record_landed_partitions('period_month', 'date', 'hmis', 'data_values') }}",
        ]) }}
        ...
        {% if is_incremental() %}
        where {{ in_partitions('period_month', 'date',
                               partitions_to_rebuild('hmis', 'data_values')) }}
        {% endif %} -#}

{% macro landed_files(source_name, table_name) -%}
    select
        regexp_extract(filename, 'partition=([^/]+)/data\.parquet$', 1) as partition_key,
        '{{ upstream_code_checksum() }}:'
        || regexp_extract(filename, 'partition=([^/]+)/data\.parquet$', 1)
        || '@' || size || '@' || epoch_us(last_modified) as fingerprint,
        last_modified
    from read_blob('{{ var("landing_dir") }}/{{ source_name }}/{{ table_name }}/*/data.parquet')
{%- endmacro %}


{#- The unique ids of this model and of every model and seed it reads, directly or not. -#}
{% macro _upstream_nodes(unique_id, seen) %}
    {% if unique_id not in seen and unique_id in graph.nodes %}
        {% do seen.append(unique_id) %}
        {% for parent in graph.nodes[unique_id].depends_on.nodes %}
            {% do _upstream_nodes(parent, seen) %}
        {% endfor %}
    {% endif %}
    {{ return(seen) }}
{% endmacro %}


{% macro upstream_code_checksum() -%}
    {%- set checksums = [] -%}
    {%- for unique_id in _upstream_nodes(model.unique_id, []) | sort -%}
        {%- do checksums.append(graph.nodes[unique_id].checksum.checksum) -%}
    {%- endfor -%}
    {{- local_md5(checksums | join(',')) -}}
{%- endmacro %}


{#- The landed partition keys whose file the fact has not been built from. -#}
{% macro partitions_to_rebuild(source_name, table_name) %}
    {% if not execute %}
        {{ return([]) }}
    {% endif %}
    {% set query %}
        with

        landed as (
            {{ landed_files(source_name, table_name) }}
        ),

        built as (
            select unnest(string_split(comment, ' ')) as fingerprint
            from duckdb_tables()
            where database_name = '{{ this.database }}'
                and schema_name = '{{ this.schema }}'
                and table_name = '{{ this.identifier }}'
        )

        select partition_key
        from landed
        where fingerprint not in (select fingerprint from built)
        order by partition_key
    {% endset %}
    {{ return(run_query(query).columns[0].values() | list) }}
{% endmacro %}


{% macro in_partitions(partition_column, key_type, keys) -%}
    {%- if keys -%}
        {{ partition_column }} in (
            {%- for key in keys -%}
                cast('{{ key | replace("'", "''") }}' as {{ key_type }})
                {%- if not loop.last %}, {% endif -%}
            {%- endfor -%}
        )
    {%- else -%}
        false
    {%- endif -%}
{%- endmacro %}


{#- Post-hook: a partition removed from the landing zone leaves the fact too. -#}
{% macro drop_unlanded_partitions(partition_column, key_type, source_name, table_name) %}
    {% if target.type == 'duckdb' %}
        delete from {{ this }}
        where {{ partition_column }} not in (
            select cast(partition_key as {{ key_type }})
            from ({{ landed_files(source_name, table_name) }}) as landed
        )
    {% endif %}
{% endmacro %}


{#- Post-hook: the fingerprints of the files this run read, and the partitions it rebuilt.
    A file modified since the run began may have been read before or after its change, so
    its fingerprint is left out and the next run rebuilds its partition. -#}
{% macro record_landed_partitions(partition_column, key_type, source_name, table_name) %}
    {% if execute and target.type == 'duckdb' %}
        {% set rebuilt = partitions_to_rebuild(source_name, table_name) %}
        {% set query %}
            select coalesce(string_agg(fingerprint, ' ' order by fingerprint), '')
            from ({{ landed_files(source_name, table_name) }}) as landed
            where last_modified < cast('{{ run_started_at.isoformat() }}' as timestamptz)
        {% endset %}
        {% set tokens = ['partitioned_by:' ~ partition_column ~ ':' ~ key_type] %}
        {% for key in rebuilt %}
            {% do tokens.append('rebuilt:' ~ key) %}
        {% endfor %}
        {% do tokens.append(run_query(query).columns[0].values()[0]) %}
        comment on table {{ this }} is '{{ tokens | join(' ') | replace("'", "''") }}'
    {% endif %}
{% endmacro %}


{#- A data test on such a fact configured with

        config:
          where: "__rebuilt_partitions__"

    reads only the partitions the fact's last run rebuilt: the other partitions' rows were
    tested when they were built and have not changed since. Only for tests whose verdict on
    a partition depends on that partition's rows alone (a grain that includes the partition
    column, not-null, accepted values, a row-wise expression), never for tests against other
    models. A relation without the record (another database, a table built otherwise) is
    tested whole. -#}
{% macro duckdb__get_where_subquery(relation) -%}
    {%- if config.get('where', '') != '__rebuilt_partitions__' -%}
        {{ return(dbt.default__get_where_subquery(relation)) }}
    {%- endif -%}
    {%- if not execute -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set query -%}
        select coalesce(comment, '')
        from duckdb_tables()
        where database_name = '{{ relation.database }}'
            and schema_name = '{{ relation.schema }}'
            and table_name = '{{ relation.identifier }}'
    {%- endset -%}
    {%- set found = run_query(query).columns[0].values() -%}
    {%- set tokens = (found[0] if found else '').split(' ') -%}
    {%- set partitioning = [] -%}
    {%- set keys = [] -%}
    {%- for token in tokens -%}
        {%- if token.startswith('partitioned_by:') -%}
            {%- do partitioning.extend(token.split(':')[1:3]) -%}
        {%- elif token.startswith('rebuilt:') -%}
            {%- do keys.append(token[8:]) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not partitioning -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set column, key_type = partitioning -%}
    {%- set filtered -%}
        (select * from {{ relation }} where {{ in_partitions(column, key_type, keys) }}) dbt_subquery
    {%- endset -%}
    {{ return(filtered) }}
{%- endmacro %}


{#- Post-hook: a deletion recorded at the source flags the record in every month, also in
    months this run did not rebuild (as the staging model's join does on a full build). -#}
{% macro refresh_deletion_flags(entity, id_column) %}
    {% if target.type == 'duckdb' %}
        update {{ this }}
        set is_deleted_at_source = not is_deleted_at_source
        where is_deleted_at_source <> coalesce({{ id_column }} in (
            select record_id from {{ source('hrmis', 'deletions') }}
            where entity = '{{ entity }}' and record_id is not null
        ), false)
    {% endif %}
{% endmacro %}

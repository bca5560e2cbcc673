{#- The PostgreSQL peer of `make bench` (bench/peer.py) runs this project unchanged on a
    PostgreSQL database. DuckDB functions and type names the models use that PostgreSQL
    lacks are created in that database, once, before the run:
        dbt run-operation bench_postgres_compat --target postgres
    Syntax PostgreSQL cannot parse (QUALIFY, `interval 1 month`, TRY_CAST, COLUMNS(),
    read_text) cannot be shimmed this way; bench/peer.py reports the models that fail.
    Never used by the pipeline, which builds on DuckDB only. -#}
{% macro bench_postgres_compat() %}
    {% if target.type != 'postgres' %}
        {{ exceptions.raise_compiler_error("bench_postgres_compat is for the postgres target") }}
    {% endif %}
    {% set statements %}
do $$ begin
    -- DuckDB's DOUBLE is PostgreSQL's double precision.
    create domain public.double as double precision;
exception when duplicate_object then null;
end $$;

create or replace function public.datediff(part text, a date, b date) returns bigint
language sql immutable as $$
    select case lower(part)
        when 'day' then (b - a)::bigint
        when 'month' then ((extract(year from b) - extract(year from a)) * 12
                          + extract(month from b) - extract(month from a))::bigint
        when 'year' then (extract(year from b) - extract(year from a))::bigint
    end
$$;

create or replace function public.datediff(part text, a timestamp, b timestamp)
returns bigint language sql immutable as $$
    select public.datediff(part, a::date, b::date)
$$;

create or replace function public.datediff(part text, a timestamptz, b timestamptz)
returns bigint language sql immutable as $$
    select public.datediff(part, a::date, b::date)
$$;

-- DuckDB returns '' where there is no match; group 0 is the whole match.
create or replace function public.regexp_extract(s text, pattern text, grp integer)
returns text language sql immutable as $$
    select coalesce(
        case when grp = 0 then (regexp_match(s, '(' || pattern || ')'))[1]
             else (regexp_match(s, pattern))[grp] end,
        '')
$$;

create or replace function public.regexp_extract(s text, pattern text) returns text
language sql immutable as $$
    select public.regexp_extract(s, pattern, 0)
$$;
    {% endset %}
    {% do run_query(statements) %}
{% endmacro %}

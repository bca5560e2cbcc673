{#- Generic tests the dbt package hub would normally supply; written here because the hub
    is not reachable from the build machines. -#}

{% test expression_is_true(model, expression, column_name=none) %}
select * from {{ model }}
where not ({{ column_name if column_name else '' }} {{ expression }})
{% endtest %}

{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

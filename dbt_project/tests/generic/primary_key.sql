{#-
    A mart's key: no key column is null and no combination repeats. One test per key rather than
    `unique` plus a `not_null` per column, because Dagster records every test of a run as an asset
    check once per trading day of the run (docs/performance.md).
-#}
{% test primary_key(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as rows_with_this_key
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
    {%- for column in columns %}
    or {{ column }} is null
    {%- endfor %}

{% endtest %}

{#-
    Every rule a mart's rows must keep, in one test: each key (its first is the primary key)
    neither repeats nor has a null column, the required columns are not null, and the coded
    columns hold only their accepted values (a null passes, as in dbt's accepted_values).
    Each failing row names its rule and the key of the row that broke it.

    One test per mart rather than one per rule, because Dagster records every test of a run as
    an asset check once per trading day of the run (docs/performance.md).

    Text from the test's arguments (a rule, an accepted value) reaches the SQL only as a quoted
    string literal, its quotes doubled (macros/sql_text.sql), so a value such as O'Neil is a value,
    not SQL.
-#}
{% test rows_are_valid(model, keys, not_null=[], accepted_values={}) %}

{%- set row_key = key_as_text(keys[0]) -%}
{%- set findings = [] -%}
{%- for key in keys -%}
    {%- set columns = key | join(', ') -%}
    {%- set null_columns = [] -%}
    {%- for column in key -%}{%- do null_columns.append(column ~ ' is null') -%}{%- endfor -%}
    {%- do findings.append(
        "select " ~ sql_text("key (" ~ columns ~ ") repeats or has a null") ~ " as rule, "
        ~ key_as_text(key) ~ " as row_key, count(*) as rows_found from checked group by " ~ columns
        ~ " having count(*) > 1 or " ~ null_columns | join(' or ')
    ) -%}
{%- endfor -%}
{%- for column in not_null -%}
    {%- do findings.append(
        "select " ~ sql_text(column ~ " is null") ~ " as rule, " ~ row_key ~ " as row_key, 1 as rows_found"
        ~ " from checked where " ~ column ~ " is null"
    ) -%}
{%- endfor -%}
{%- for column, values in accepted_values.items() -%}
    {%- set listed = [] -%}
    {%- for value in values -%}{%- do listed.append(sql_text(value)) -%}{%- endfor -%}
    {%- do findings.append(
        "select " ~ sql_text(column ~ " is not one of " ~ values | join(', ')) ~ " as rule, "
        ~ row_key ~ " as row_key, 1 as rows_found from checked where " ~ column ~ " not in ("
        ~ listed | join(', ') ~ ")"
    ) -%}
{%- endfor %}

with checked as (select * from {{ model }})

{{ findings | join('\nunion all\n') }}

{% endtest %}

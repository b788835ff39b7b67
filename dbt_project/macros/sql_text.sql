{#- Text as a SQL string literal, its single quotes doubled: `O'Neil` becomes 'O''Neil'. -#}
{% macro sql_text(text) -%}
    '{{ dbt.escape_single_quotes(text) }}'
{%- endmacro %}

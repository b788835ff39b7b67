{#- A row's key as readable text for test failures: `trade_date=2025-11-21, code=700`. -#}
{% macro key_as_text(columns) -%}
    concat_ws(', ', {% for column in columns -%}
        '{{ column }}=' || coalesce(cast({{ column }} as varchar), 'null'){{ ", " if not loop.last }}
    {%- endfor %})
{%- endmacro %}

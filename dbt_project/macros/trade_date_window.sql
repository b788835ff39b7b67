{#- The window of trading days a build replaces: window_start() <= trade_date < window_end().
    hkclose declares it in the database before each build (pipelines/lake/build_inputs.py, the
    macros run.window_start() and run.window_end()), so a new window is data and dbt does not
    re-parse the project. A hand-run dbt may pass `--vars '{start_date: ..., end_date: ...}'`. -#}

{% macro window_start() -%}
    {%- if var('start_date', none) is not none -%}
        cast('{{ var("start_date") }}' as date)
    {%- else -%}
        run.window_start()
    {%- endif -%}
{%- endmacro %}

{% macro window_end() -%}
    {%- if var('end_date', none) is not none -%}
        cast('{{ var("end_date") }}' as date)
    {%- else -%}
        run.window_end()
    {%- endif -%}
{%- endmacro %}

{% macro trade_date_window(column='trade_date') -%}
    {{ column }} >= {{ window_start() }}
    and {{ column }} < {{ window_end() }}
{%- endmacro %}

{% macro delete_trade_date_window() -%}
    {#- Re-running a window replaces it: the rows of these days go before the new ones land. -#}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ trade_date_window() }}
    {%- endif -%}
{%- endmacro %}

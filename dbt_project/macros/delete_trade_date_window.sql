{% macro trade_date_window(column='trade_date') -%}
    {{ column }} >= cast('{{ var("start_date") }}' as date)
    and {{ column }} < cast('{{ var("end_date") }}' as date)
{%- endmacro %}

{% macro delete_trade_date_window() -%}
    {#- Re-running a window replaces it: the rows of these days go before the new ones land. -#}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ trade_date_window() }}
    {%- endif -%}
{%- endmacro %}

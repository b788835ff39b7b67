{% macro get_where_subquery(relation) -%}
    {#- dbt's own macro, plus one word: `where: trade_date_window` tests only the run's window. -#}
    {%- set where = config.get('where') -%}
    {%- if where == 'trade_date_window' -%}
        {%- set where = trade_date_window() -%}
    {%- endif -%}
    {%- if where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}

{% macro generate_schema_name(custom_schema_name, node) -%}
    {#- Analysts query `marts.turnover_ranking`, not `main_marts.turnover_ranking`. -#}
    {{ custom_schema_name if custom_schema_name is not none else target.schema }}
{%- endmacro %}

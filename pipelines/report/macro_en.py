"""The macro background in English: one sentence per indicator, compared with its prior reading."""

from pipelines.report import formatting as fmt
from pipelines.report.figures import DayFigures, MacroFigure
from pipelines.report.rules import PMI_EXPANSION_LINE, job_market, pmi_side

MACRO_SENTENCES = {
    "unemployment_rate": "The three-month unemployment rate {moved} ({period}){reading}.",
    "pmi": "The manufacturing PMI {moved} ({period}), {side} the {line} line between expansion and contraction.",
    "m3_yoy": "M3 money supply grew {value} year on year ({period}){prior}.",
    "retail_sales_yoy": "Retail sales value {grew} {value_abs} year on year ({period}){prior}.",
    "exports_yoy": "Total exports {grew} {value_abs} year on year ({period}){prior}.",
    "trade_balance": "The visible trade balance showed a {balance} of HKD {value_abs_number} billion ({period}).",
}


def macro_value(figure: MacroFigure, value: float) -> str:
    if figure.unit == "%":
        return fmt.signed_percent(value, 1)
    return f"{value:,.1f}"


def macro_moved(figure: MacroFigure) -> str:
    value = macro_value(figure, figure.value)
    if figure.prior_value is None:
        return f"stood at {value}"
    prior = macro_value(figure, figure.prior_value)
    if figure.value == figure.prior_value:
        return f"held at {value}"
    return f"{'rose' if figure.value > figure.prior_value else 'fell'} to {value} from {prior}"


def macro_sentence(figure: MacroFigure) -> str:
    template = MACRO_SENTENCES.get(figure.indicator)
    period = fmt.month(figure.period)
    if template is None:
        return f"{figure.label} {macro_moved(figure)} {figure.unit} ({period})."
    prior = f", after {macro_value(figure, figure.prior_value)}" if figure.prior_value is not None else ""
    market = job_market(figure) if figure.indicator == "unemployment_rate" else None
    reading = f", a {market} job market" if market else ""
    return template.format(
        moved=macro_moved(figure),
        period=period,
        reading=reading,
        side=pmi_side(figure.value),
        line=PMI_EXPANSION_LINE,
        value=macro_value(figure, figure.value),
        value_abs=fmt.percent(figure.value, 1),
        value_abs_number=f"{abs(figure.value):,.1f}",
        grew="grew" if figure.value >= 0 else "fell",
        balance="deficit" if figure.value < 0 else "surplus",
        prior=prior,
    )


def macro_paragraphs(figures: DayFigures) -> list[str]:
    return [macro_sentence(m) for m in figures.macro]

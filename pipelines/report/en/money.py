"""The English prose on money and caveats: southbound Stock Connect flows, short selling, the
exchange's own totals beside hkclose's, the macro background (one sentence per indicator, against
its prior reading), and what a reader must know about the figures (a rate of an earlier day,
macro figures missing or possibly revised)."""

from collections.abc import Mapping, Sequence
from datetime import date

from pipelines.report import numbers as fmt
from pipelines.report.en.words import amount, long_date, month, number_word, stock_names
from pipelines.report.figures import Breadth, DayFigures, MacroFigure, SouthboundStock
from pipelines.report.rules import PMI_EXPANSION_LINE, flow_turned, job_market, pmi_side


def net_flow(net_buy_hkd: float) -> str:
    """ "net selling of HKD 4.426 billion"."""
    return f"net {'buying' if net_buy_hkd >= 0 else 'selling'} of {amount(abs(net_buy_hkd))}"


def capital_flows(figures: DayFigures) -> str:
    """ "Southbound investors were net sellers of HKD 7.854 billion through Stock Connect (net selling
    of HKD 4.426 billion via Shanghai and of HKD 3.428 billion via Shenzhen), turning from net buying
    of HKD 978 million the day before." and the stocks over both channels."""
    total = figures.southbound
    text = (
        f"Southbound investors were net {'buyers' if total.net_buy_hkd >= 0 else 'sellers'} of "
        f"{amount(abs(total.net_buy_hkd))} through Stock Connect"
    )
    # Each channel's net: its amount alone where it went the total's way, its side too where not.
    same_way = all((f.net_buy_hkd >= 0) == (total.net_buy_hkd >= 0) for f in figures.capital_flows)
    channels = [
        f"{amount(abs(f.net_buy_hkd)) if same_way else net_flow(f.net_buy_hkd)} via {f.channel}"
        for f in figures.capital_flows
    ]
    if channels:
        text += f" ({' and '.join(channels)})"
    turned = flow_turned(total.net_buy_hkd, total.prev_net_buy_hkd)
    if turned is not None:
        text += f", {'turning from' if turned else 'after'} {net_flow(total.prev_net_buy_hkd)} the day before"
    return text + "."


BOTH = "over both channels"


def southbound_stocks_sentence(
    stocks: Sequence[SouthboundStock], bought: SouthboundStock | None, sold: SouthboundStock | None
) -> str:
    """Over both channels, among the stocks in both channels' published lists: the most net-bought
    (only if one was net bought) and the most net-sold (only if one was net sold)."""
    among = f" Of the {number_word(len(stocks))} stocks in both channels' most-traded lists"
    names = dict(zip((s.code for s in stocks), stock_names(stocks), strict=True))
    if bought is None:
        return f"{among}, all were net sold, {names[sold.code]} the most ({amount(-sold.net_buy_hkd)} {BOTH})."
    if sold is None:
        return f"{among}, all were net bought, {names[bought.code]} the most ({amount(bought.net_buy_hkd)} {BOTH})."
    return (
        f"{among}, {names[bought.code]} was the most net bought ({amount(bought.net_buy_hkd)} over both "
        f"channels) and {names[sold.code]} the most net sold ({amount(-sold.net_buy_hkd)})."
    )


def short_selling(b: Breadth) -> str:
    return (
        f"Short selling came to {amount(b.short_turnover_hkd)}, {fmt.percent(b.short_ratio_pct, 1)} of market turnover."
    )


def exchange_totals(b: Breadth) -> str:
    """Said only when the figures disagree beyond what the two universes explain (document.py)."""
    return (
        f"HKEX's own totals differ from these: it put market turnover at {amount(b.exchange_turnover_hkd)} "
        f"(here {amount(b.turnover_hkd)}) and counted {fmt.count(b.exchange_advanced or 0)} securities up "
        f"and {fmt.count(b.exchange_declined or 0)} down over all its securities, where these counts take "
        "equities, ETPs and REITs only."
    )


def fx_rates(earlier_fx_rates: Mapping[str, date]) -> str:
    rates = ", ".join(f"{c} at the rate of {long_date(d)}" for c, d in sorted(earlier_fx_rates.items()))
    return f"Turnover in other currencies is converted to HKD with the latest rate published before the day: {rates}."


def macro_caveats(figures: DayFigures) -> list[str]:
    sentences = [f"No figure was available for: {m.label}." for m in figures.missing_macro]
    revised = [m.label for m in figures.macro if m.is_revised_possible]
    if revised:
        sentences.append(
            "No data as published on the day was kept for "
            + ", ".join(revised)
            + ": these figures come from a later release and may include revisions published since."
        )
    return sentences


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
    period = month(figure.period)
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

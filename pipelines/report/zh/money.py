"""The Chinese prose on money and caveats: southbound Stock Connect flows, short selling, the
exchange's own totals beside hkclose's, the macro background (one sentence per indicator, against
its prior reading), and what a reader must know about the figures (a rate of an earlier day,
unclassified turnover, macro figures missing or possibly revised)."""

from pipelines.report import numbers as fmt
from pipelines.report.figures import DayFigures, MacroFigure
from pipelines.report.numbers import BILLION, stock_code
from pipelines.report.zh.words import CHANNELS, CURRENCIES, amount, long_date, month


def _net(value: float) -> str:
    return f"淨{'買入' if value >= 0 else '賣出'}{amount(abs(value))}"


def capital_flows(figures: DayFigures) -> str | None:
    total = figures.southbound
    if total is None:
        return None
    text = (
        f"南向資金經港股通{_net(total.net_buy_hkd)}，買入{amount(total.buy_turnover_hkd)}，"
        f"賣出{amount(total.sell_turnover_hkd)}。"
    )
    text += "".join(f"{CHANNELS[f.channel]}{_net(f.net_buy_hkd)}。" for f in figures.capital_flows)
    if total.most_bought_name:
        name = total.most_bought_name_zh or stock_code(total.most_bought_code)
        text += f"最多淨買入的是{name}（{amount(total.most_bought_net_hkd)}）。"
    if total.most_sold_name:
        name = total.most_sold_name_zh or stock_code(total.most_sold_code)
        text += f"最多淨賣出的是{name}（{amount(-total.most_sold_net_hkd)}）。"
    return text


def short_selling(figures: DayFigures) -> str | None:
    b = figures.breadth
    if not b or b.short_ratio_pct is None:
        return None
    return f"沽空成交額{amount(b.short_turnover_hkd)}，佔大市成交額{fmt.percent(b.short_ratio_pct, 1)}。"


def exchange_totals(figures: DayFigures) -> str | None:
    b = figures.breadth
    if not b or not b.differs_from_exchange:
        return None
    return (
        f"香港交易所公布的大市成交額為{amount(b.exchange_turnover_hkd)}（本報告為"
        f"{amount(b.turnover_hkd)}），全部證券中{fmt.count(b.exchange_advanced or 0)}隻上升、"
        f"{fmt.count(b.exchange_declined or 0)}隻下跌；本報告只計股本、交易所買賣產品及房地產投資信託基金。"
    )


def fx_rates(figures: DayFigures) -> str | None:
    if not figures.earlier_fx_rates:
        return None
    rates = "、".join(
        f"{CURRENCIES.get(c, c)}按{long_date(d)}的匯率" for c, d in sorted(figures.earlier_fx_rates.items())
    )
    return f"非港元成交額以當日之前最新公布的匯率折算：{rates}。"


def unclassified(figures: DayFigures) -> str | None:
    if not figures.unclassified_turnover_pct:
        return None
    return f"不在已公布行業分類內的證券（未分類）佔全日成交額{fmt.percent(figures.unclassified_turnover_pct, 1)}。"


def macro_caveats(figures: DayFigures) -> list[str]:
    sentences = [f"{m.label_zh}：暫未有數據。" for m in figures.missing_macro]
    revised = [m.label_zh for m in figures.macro if m.is_revised_possible]
    if revised:
        sentences.append("、".join(revised) + "取自其後發布的數據，或已包括當日之後的修訂。")
    return sentences


def macro_sentence(figure: MacroFigure) -> str:
    value = fmt.signed_percent(figure.value, 1) if figure.unit == "%" else f"{figure.value:,.1f}"
    period = month(figure.period)
    if figure.indicator == "trade_balance":
        kind = "逆差" if figure.value < 0 else "順差"
        return f"{period}有形貿易{kind}為{amount(abs(figure.value) * BILLION)}。"
    if figure.prior_value is None:
        return f"{figure.label_zh}為{value}（{period}）。"
    prior = fmt.signed_percent(figure.prior_value, 1) if figure.unit == "%" else f"{figure.prior_value:,.1f}"
    if figure.value == figure.prior_value:
        movement = f"維持於{value}"
    else:
        movement = f"由{prior}{'上升' if figure.value > figure.prior_value else '回落'}至{value}"
    return f"{figure.label_zh}{movement}（{period}）。"


def macro_paragraphs(figures: DayFigures) -> list[str]:
    return [macro_sentence(m) for m in figures.macro]

"""The Chinese prose on money and caveats: southbound Stock Connect flows, short selling, the
exchange's own totals beside hkclose's, the macro background (one sentence per indicator, against
its prior reading), and what a reader must know about the figures (a rate of an earlier day,
macro figures missing or possibly revised)."""

from collections.abc import Mapping, Sequence
from datetime import date

from pipelines.report import numbers as fmt
from pipelines.report.figures import Breadth, DayFigures, MacroFigure, SouthboundStock
from pipelines.report.numbers import BILLION, stock_code
from pipelines.report.rules import flow_turned
from pipelines.report.zh.words import CHANNELS, CURRENCIES, amount, long_date, month, number_word


def _net(value: float) -> str:
    return f"淨{'買入' if value >= 0 else '賣出'}{amount(abs(value))}"


def capital_flows(figures: DayFigures) -> str:
    """ "南向資金經港股通淨賣出78.54億港元（港股通（滬）淨賣出44.26億港元、港股通（深）淨賣出34.28億港元），
    上一交易日則淨買入9.78億港元，資金流向逆轉。" and the stocks over both channels."""
    total = figures.southbound
    text = f"南向資金經港股通{_net(total.net_buy_hkd)}"
    channels = [f"{CHANNELS[f.channel]}{_net(f.net_buy_hkd)}" for f in figures.capital_flows]
    if channels:
        text += f"（{'、'.join(channels)}）"
    turned = flow_turned(total.net_buy_hkd, total.prev_net_buy_hkd)
    if turned is not None:
        text += (
            f"，上一交易日{'則' if turned else '亦'}{_net(total.prev_net_buy_hkd)}{'，資金流向逆轉' if turned else ''}"
        )
    return text + "。"


def southbound_stocks_sentence(
    stocks: Sequence[SouthboundStock], bought: SouthboundStock | None, sold: SouthboundStock | None
) -> str:
    """Over both channels, among the stocks in both channels' published lists: the most net-bought
    (only if one was net bought) and the most net-sold (only if one was net sold)."""
    among = f"兩個渠道成交最活躍名單均有上榜的{number_word(len(stocks))}隻股份中，"
    if bought is None:
        return (
            f"{among}全部錄得淨賣出，以{_name(sold)}最多（兩渠道合計{amount(-sold.net_buy_hkd)}）。"
            if sold.name_zh
            else ""
        )
    if sold is None:
        return (
            f"{among}全部錄得淨買入，以{_name(bought)}最多（兩渠道合計{amount(bought.net_buy_hkd)}）。"
            if bought.name_zh
            else ""
        )
    if not (bought.name_zh and sold.name_zh):
        return ""
    return (
        f"{among}淨買入最多的是{_name(bought)}（兩渠道合計{amount(bought.net_buy_hkd)}），"
        f"淨賣出最多的是{_name(sold)}（{amount(-sold.net_buy_hkd)}）。"
    )


def _name(stock: SouthboundStock) -> str:
    return stock.name_zh or stock_code(stock.code)


def short_selling(b: Breadth) -> str:
    return f"沽空成交額{amount(b.short_turnover_hkd)}，佔大市成交額{fmt.percent(b.short_ratio_pct, 1)}。"


def exchange_totals(b: Breadth) -> str:
    return (
        f"香港交易所公布的大市成交額為{amount(b.exchange_turnover_hkd)}（本報告為"
        f"{amount(b.turnover_hkd)}），全部證券中{fmt.count(b.exchange_advanced or 0)}隻上升、"
        f"{fmt.count(b.exchange_declined or 0)}隻下跌；本報告只計股本、交易所買賣產品及房地產投資信託基金。"
    )


def fx_rates(earlier_fx_rates: Mapping[str, date]) -> str:
    rates = "、".join(f"{CURRENCIES.get(c, c)}按{long_date(d)}的匯率" for c, d in sorted(earlier_fx_rates.items()))
    return f"非港元成交額以當日之前最新公布的匯率折算：{rates}。"


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
        # Published to HKD 0.1 billion: to the 億, without decimals it does not have.
        return f"{period}有形貿易{kind}為{amount(abs(figure.value) * BILLION, decimals=0)}。"
    if figure.indicator.endswith("_yoy") and figure.unit == "%":
        subject = figure.label_zh.removesuffix("按年變幅")
        change = f"按年{'增長' if figure.value >= 0 else '下跌'}{fmt.percent(figure.value, 1)}"
        prior = f"，前值為{fmt.signed_percent(figure.prior_value, 1)}" if figure.prior_value is not None else ""
        return f"{subject}{change}（{period}）{prior}。"
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

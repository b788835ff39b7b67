"""The report's sentences on the day's money: southbound Stock Connect flows, short selling, the
exchange's own totals beside hkclose's, and what a reader must know about the figures (a rate of
an earlier day, unclassified turnover, macro figures missing or possibly revised), in both languages."""

from pipelines.report import formatting as fmt
from pipelines.report.figures import DayFigures

CHANNELS_ZH = {"Shanghai": "港股通（滬）", "Shenzhen": "港股通（深）"}


def capital_flows_en(figures: DayFigures) -> str | None:
    """ "Southbound investors were net sellers of HKD 6.435 billion through Stock Connect, ...":
    the total, each channel, the most net-bought and net-sold stock of their top lists."""
    total = figures.southbound
    if total is None:
        return None
    text = (
        f"Southbound investors were net {'buyers' if total.net_buy_hkd >= 0 else 'sellers'} of "
        f"{fmt.amount_hkd(abs(total.net_buy_hkd))} through Stock Connect, "
        f"buying {fmt.amount_hkd(total.buy_turnover_hkd)} and selling {fmt.amount_hkd(total.sell_turnover_hkd)}."
    )
    for flow in figures.capital_flows:
        side = "bought" if flow.net_buy_hkd >= 0 else "sold"
        text += f" Via {flow.channel} they net {side} {fmt.amount_hkd(abs(flow.net_buy_hkd))}."
    if total.most_bought_name:
        text += (
            f" The most net-bought stock was {total.most_bought_name} ({fmt.amount_hkd(total.most_bought_net_hkd)})."
        )
    if total.most_sold_name:
        text += f" The most net-sold was {total.most_sold_name} ({fmt.amount_hkd(-total.most_sold_net_hkd)})."
    return text


def _net_zh(value: float) -> str:
    return f"淨{'買入' if value >= 0 else '賣出'}{fmt.amount_hkd_zh(abs(value))}"


def capital_flows_zh(figures: DayFigures) -> str | None:
    total = figures.southbound
    if total is None:
        return None
    text = (
        f"南向資金經港股通{_net_zh(total.net_buy_hkd)}，買入{fmt.amount_hkd_zh(total.buy_turnover_hkd)}，"
        f"賣出{fmt.amount_hkd_zh(total.sell_turnover_hkd)}。"
    )
    text += "".join(f"{CHANNELS_ZH[f.channel]}{_net_zh(f.net_buy_hkd)}。" for f in figures.capital_flows)
    if total.most_bought_name:
        name = total.most_bought_name_zh or total.most_bought_name
        text += f"最多淨買入的是{name}（{fmt.amount_hkd_zh(total.most_bought_net_hkd)}）。"
    if total.most_sold_name:
        name = total.most_sold_name_zh or total.most_sold_name
        text += f"最多淨賣出的是{name}（{fmt.amount_hkd_zh(-total.most_sold_net_hkd)}）。"
    return text


def short_selling_en(figures: DayFigures) -> str | None:
    b = figures.breadth
    if not b or b.short_ratio_pct is None:
        return None
    return (
        f"Short selling came to {fmt.amount_hkd(b.short_turnover_hkd)}, "
        f"{fmt.percent(b.short_ratio_pct, 1)} of market turnover."
    )


def short_selling_zh(figures: DayFigures) -> str | None:
    b = figures.breadth
    if not b or b.short_ratio_pct is None:
        return None
    return f"沽空成交額{fmt.amount_hkd_zh(b.short_turnover_hkd)}，佔大市成交額{fmt.percent(b.short_ratio_pct, 1)}。"


def exchange_totals_en(figures: DayFigures) -> str | None:
    """Said only when the figures disagree beyond what the two universes explain."""
    b = figures.breadth
    if not b or not b.differs_from_exchange:
        return None
    return (
        f"HKEX's own totals differ from these: it put market turnover at {fmt.amount_hkd(b.exchange_turnover_hkd)} "
        f"(here {fmt.amount_hkd(b.turnover_hkd)}) and counted {fmt.count(b.exchange_advanced or 0)} securities up "
        f"and {fmt.count(b.exchange_declined or 0)} down over all its securities, where these counts take "
        "equities, ETPs and REITs only."
    )


def exchange_totals_zh(figures: DayFigures) -> str | None:
    b = figures.breadth
    if not b or not b.differs_from_exchange:
        return None
    return (
        f"香港交易所公布的大市成交額為{fmt.amount_hkd_zh(b.exchange_turnover_hkd)}（本報告為"
        f"{fmt.amount_hkd_zh(b.turnover_hkd)}），全部證券中{fmt.count(b.exchange_advanced or 0)}隻上升、"
        f"{fmt.count(b.exchange_declined or 0)}隻下跌；本報告只計股本、交易所買賣產品及房地產投資信託基金。"
    )


def fx_rates_en(figures: DayFigures) -> str | None:
    if not figures.earlier_fx_rates:
        return None
    rates = ", ".join(f"{c} at the rate of {fmt.long_date(d)}" for c, d in sorted(figures.earlier_fx_rates.items()))
    return f"Turnover in other currencies is converted to HKD with the latest rate published before the day: {rates}."


def fx_rates_zh(figures: DayFigures) -> str | None:
    if not figures.earlier_fx_rates:
        return None
    rates = "、".join(
        f"{fmt.CURRENCY_ZH.get(c, c)}按{fmt.long_date_zh(d)}的匯率" for c, d in sorted(figures.earlier_fx_rates.items())
    )
    return f"非港元成交額以當日之前最新公布的匯率折算：{rates}。"


def unclassified_en(figures: DayFigures) -> str | None:
    if not figures.unclassified_turnover_pct:
        return None
    return (
        f"Securities outside the published industry classification (Unclassified) took "
        f"{fmt.percent(figures.unclassified_turnover_pct, 1)} of the day's turnover."
    )


def unclassified_zh(figures: DayFigures) -> str | None:
    if not figures.unclassified_turnover_pct:
        return None
    return f"不在已公布行業分類內的證券（未分類）佔全日成交額{fmt.percent(figures.unclassified_turnover_pct, 1)}。"


def macro_caveats_en(figures: DayFigures) -> list[str]:
    sentences = [f"No figure was available for: {m.label}." for m in figures.missing_macro]
    revised = [m.label for m in figures.macro if m.is_revised_possible]
    if revised:
        sentences.append(
            "No data as published on the day was kept for "
            + ", ".join(revised)
            + ": these figures come from a later release and may include revisions published since."
        )
    return sentences


def macro_caveats_zh(figures: DayFigures) -> list[str]:
    sentences = [f"{m.label_zh}：暫未有數據。" for m in figures.missing_macro]
    revised = [m.label_zh for m in figures.macro if m.is_revised_possible]
    if revised:
        sentences.append("、".join(revised) + "取自其後發布的數據，或已包括當日之後的修訂。")
    return sentences

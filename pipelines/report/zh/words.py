"""The Chinese report's fixed words, for a Hong Kong reader in Traditional Chinese: section titles,
what an empty section says, the HTML page's labels, the chart's axis, the footer's provenance, and
how amounts, prices, dates and names are written ("209.75億港元", "11月21日")."""

from collections.abc import Sequence
from datetime import date

from pipelines.report.figures import DayFigures, IndexMove, MacroFigure, SectorMove, StockMove
from pipelines.report.numbers import decimals_of_price, stock_code

CODE = "zh-HK"
SENTENCE_GAP = ""  # between two sentences of a paragraph (a full-width stop needs no space)
SECTION_TITLES = ("市場概覽", "板塊表現", "宏觀經濟背景", "熱門股份", "異動股份", "成交額十大")
EMPTY_SECTIONS = (
    "當日未有指數或報價資料。",
    "當日未有板塊數據。",
    "當日未有已公布的宏觀數據。",
    "當日沒有熱門股份。",
    "當日沒有成交足夠的異動股份。",
    "當日沒有成交。",
)
LABELS = {
    "language_name": "中文",
    "reports_title": "港股收市報告",
    "days_newest_first": "共{days}個交易日，由最新一日起排列。",
    "day_newest_first": "共1個交易日。",
    "all_days": "所有報告",
    "range": "全日波幅",
    "five_days": "五日",
    "year_to_date": "年初至今",
    "advancers": "上升",
    "decliners": "下跌",
    "unchanged": "平收",
    "ad_ratio": "升跌比率",
    "highs_lows": "52周新高／新低",
    "sectors": "板塊表現（按變幅由高至低）",
    "sector": "板塊",
    "traded": "有成交公司",
    "change": "變幅",
    "flat": "平收",
    "up_down": "升／跌",
    "turnover": "成交額",
    "leaders": "龍頭股（按成交額）",
    "leaders_separator": "；",
}

# The turnover chart's axis: its unit, HKD in one of it and its decimals, as the prose gives turnover.
TURNOVER_AXIS = ("億港元", 1e8, 2)

PROVENANCE = {
    "sample": (
        "樣本數據：2025年11月21日已發布收市報告所載的數字取自該報告；其餘數字僅作示例，模擬香港股市一日的情況。"
    ),
    "simulated": "模擬數據：所有數字均由確定性市場模擬器產生，並非市場數據。",
    "hkex": (
        "資料來源：香港交易所每日報價表、證券名單及互聯互通統計；恒生指數公司（恒生科技指數、恒生行業分類）；"
        "香港金融管理局匯率及貨幣供應；政府統計處開放數據。"
    ),
    "landing": "資料來源：本報告發布者提供的檔案（報價、指數及宏觀數據）。",
}
HUNDRED_MILLION = 100_000_000  # 億
TEN_THOUSAND = 10_000  # 萬
CURRENCIES = {"HKD": "港元", "CNY": "人民幣", "USD": "美元"}
CHANNELS = {"Shanghai": "港股通（滬）", "Shenzhen": "港股通（深）"}


def overridden(files: str) -> str:
    """The footer's word on the landing files that replaced what the source fetched for the day."""
    return f" 本日以下資料由人手提供的檔案取代：{files}。"


def date_line(day: date) -> str:
    return f"香港股市收市報告，{full_date(day)}"


# How each sector's move is measured (marts.sector_daily.change_measure).
MEASURES = {
    "published_index": "按恒生綜合行業指數計",
    "market_value": "按市值加權計",
    "median": "按其{count}家有成交公司變幅的中位數計",
}
TABLE_MEASURES = {
    "published_index": "按恒生綜合行業指數計",
    "market_value": "按市值加權計",
    "median": "按有成交公司變幅的中位數計",
}
CHINESE_NUMERALS = "零一二三四五六七八九十"


def sectors_caption(figures: DayFigures) -> str:
    """表中變幅的計法，以及表中未列的部分。"""
    by_measure: dict[str, list[str]] = {}
    for sector in figures.all_sectors:
        by_measure.setdefault(sector.change_measure, []).append(sector.sector_zh)
    if len(by_measure) == 1:
        change = f"變幅：各板塊{TABLE_MEASURES[next(iter(by_measure))]}。"
    else:
        change = (
            "變幅：" + "；".join(f"{'、'.join(names)}{TABLE_MEASURES[m]}" for m, names in by_measure.items()) + "。"
        )
    text = f"{change}有成交公司：人民幣櫃台與其港幣櫃台合計為一家公司。"
    if figures.unclassified_turnover_pct:
        text += f"不在恒生行業分類內的證券未列於表中，佔全日成交額{figures.unclassified_turnover_pct:.1f}%。"
    return text


def number_word(value: int) -> str:
    """四; 12 (numbers above ten in figures)."""
    return CHINESE_NUMERALS[value] if 0 <= value <= 10 else f"{value:,d}"


def amount(value: float, decimals: int = 2) -> str:
    """Turnover as a Hong Kong reader expects it: 209.75億港元, 96萬港元 under a 億; a figure known
    to 0.1 billion (a macro release) to the 億: 343億港元."""
    if abs(value) >= HUNDRED_MILLION:
        return f"{value / HUNDRED_MILLION:,.{decimals}f}億港元"
    return f"{value / TEN_THOUSAND:,.0f}萬港元"


def price(value: float, currency: str = "HKD") -> str:
    """147.60港元."""
    return f"{value:,.{decimals_of_price(value)}f}{CURRENCIES.get(currency, currency)}"


def long_date(day: date) -> str:
    """11月21日."""
    return f"{day.month}月{day.day}日"


def full_date(day: date) -> str:
    """2025年11月21日."""
    return f"{day.year}年{day.month}月{day.day}日"


def month(period: str) -> str:
    """2025-10 -> 2025年10月."""
    try:
        year, month_number = period.split("-")
        return f"{int(year)}年{int(month_number)}月"
    except ValueError:
        return period


def stock_name(stock: StockMove) -> str:
    """The Chinese name the source gives (HKEX's Chinese List of Securities). The prose names only
    stocks that have one (`named`): never an English name, nor a bare code, in Chinese prose."""
    return stock.name_zh or stock_code(stock.code)


def named(stocks: Sequence[StockMove]) -> list[StockMove]:
    """The stocks the Chinese prose may name: those with a Chinese name."""
    return [s for s in stocks if s.name_zh]


def stock_name_and_code(stock: StockMove) -> str:
    """ "騰訊控股（700.HK）", or the code alone for a stock without a Chinese name."""
    return f"{stock.name_zh}（{stock_code(stock.code)}）" if stock.name_zh else stock_code(stock.code)


def table_name(stock: StockMove) -> str:
    """A stock in a table or a chart: its Chinese name, as in the prose (the code where it has none)."""
    return stock_name(stock)


def table_name_and_code(stock: StockMove) -> str:
    return stock_name_and_code(stock)


def index_name(index: IndexMove) -> str:
    return index.name_zh


def index_short_name(index: IndexMove) -> str:
    """恒指, 國企指數, 科指: as Hong Kong's Chinese wraps name the indices; the full name for the others."""
    return index.short_name_zh or index.name_zh


def sector_name(sector: SectorMove) -> str:
    return sector.sector_zh


# Industry names that keep their 業 before 板塊 (工業板塊, 公用事業板塊, 綜合企業板塊).
KEEPS_ITS_YE = ("工業", "事業", "企業")


def board_name(sector_zh: str) -> str:
    """A sector named as a 板塊 in prose: 資訊科技板塊, not 資訊科技業板塊."""
    stem = sector_zh[:-1] if sector_zh.endswith("業") and not sector_zh.endswith(KEEPS_ITS_YE) else sector_zh
    return f"{stem}板塊"


def macro_label(figure: MacroFigure) -> str:
    return figure.label_zh

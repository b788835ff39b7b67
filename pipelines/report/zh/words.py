"""The Chinese report's fixed words, for a Hong Kong reader in Traditional Chinese: section titles,
what an empty section says, the HTML page's labels, the chart's axis, the footer's provenance, and
how amounts, prices, dates and names are written ("209.75億港元", "11月21日")."""

from datetime import date
from pathlib import Path

from pipelines.report.figures import IndexMove, MacroFigure, SectorMove, StockMove
from pipelines.report.numbers import decimals_of_price, stock_code

CODE = "zh-HK"
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
    "all_days": "所有報告",
    "indexes": "指數",
    "range": "全日波幅",
    "five_days": "五日",
    "year_to_date": "年初至今",
    "breadth": "大市升跌",
    "advancers": "上升",
    "decliners": "下跌",
    "unchanged": "平收",
    "ad_ratio": "升跌比率",
    "highs_lows": "52周新高／新低",
    "no_year_of_history": "數據倉庫累積一年數據後計算。",
    "sectors": "板塊表現（按成交額加權，由好至差；括號內為有成交股份數目）",
    "sector": "板塊",
    "traded": "有成交股份",
    "change": "變幅",
    "up_down": "升／跌",
    "turnover": "成交額",
    "leaders": "龍頭股（按成交額）",
    "top10": "成交額十大",
    "top10_share": "佔大市成交額：",
    "movers": "熱門及異動股份",
    "stock": "股份",
    "close": "收市價",
    "usual_move": "平日波幅倍數",
    "note": "編輯按",
    "macro": "宏觀數據",
    "indicator": "指標",
    "period": "期間",
    "value": "數值",
    "prior": "前值",
    "released": "公布日期",
    "computed": "所有數字均由hkclose從數據倉庫計算。",
    "turnover_axis": "十億港元",
}
PROVENANCE = {
    "sample": (
        "樣本數據：2025年11月21日已發布收市報告所載的數字取自該報告，"
        "其餘數字為重建數據（見 warehouse/sample/README.md）。"
    ),
    "simulated": "模擬數據：所有數字均由確定性市場模擬器產生，並非市場數據。",
    "hkex": (
        "資料來源：香港交易所每日報價表、證券名單及互聯互通統計；恒生指數公司（恒生科技指數、恒生行業分類）；"
        "香港金融管理局匯率及貨幣供應；政府統計處開放數據。"
    ),
}
HUNDRED_MILLION = 100_000_000  # 億
TEN_THOUSAND = 10_000  # 萬
CURRENCIES = {"HKD": "港元", "CNY": "人民幣", "USD": "美元"}
CHANNELS = {"Shanghai": "港股通（滬）", "Shenzhen": "港股通（深）"}


def landing_provenance(landing_dir: Path) -> str:
    return f"資料來源：用戶的檔案（{landing_dir}）。"


def overridden(files: str) -> str:
    """The footer's word on the landing files that replaced what the source fetched for the day."""
    return f" 本日以下資料由人手提供的檔案取代：{files}。"


def date_line(day: date) -> str:
    return f"香港股市收市報告，{full_date(day)}"


def amount(value: float) -> str:
    """Turnover as a Hong Kong reader expects it: 209.75億港元, 96萬港元 under a 億."""
    if abs(value) >= HUNDRED_MILLION:
        return f"{value / HUNDRED_MILLION:,.2f}億港元"
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
    """The Chinese name where the source gives one (HKEX's Chinese List of Securities), else the
    code alone: never an English name in Chinese prose."""
    return stock.name_zh or stock_code(stock.code)


def stock_name_and_code(stock: StockMove) -> str:
    """ "騰訊控股（700.HK）", or the code alone for a stock without a Chinese name."""
    return f"{stock.name_zh}（{stock_code(stock.code)}）" if stock.name_zh else stock_code(stock.code)


def index_name(index: IndexMove) -> str:
    return index.name_zh


def sector_name(sector: SectorMove) -> str:
    return sector.sector_zh


def macro_label(figure: MacroFigure) -> str:
    return figure.label_zh

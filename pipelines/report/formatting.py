"""Number and name formats of the published closing report ("25,222.02", "HKD 20.975 billion")."""

from datetime import date

BILLION = 1_000_000_000
MILLION = 1_000_000


def level(value: float) -> str:
    """Index level: 25,222.02."""
    return f"{value:,.2f}"


def percent(value: float, decimals: int = 2) -> str:
    """Size of a move without its sign (the words carry the direction): 2.38%."""
    return f"{abs(value):,.{decimals}f}%"


def signed_percent(value: float, decimals: int = 1) -> str:
    """A rate that can be negative on its own (a growth rate): 4.0%, -1.2%."""
    return f"{value:,.{decimals}f}%"


def count(value: int) -> str:
    """A count of securities: 1,886."""
    return f"{value:,d}"


def price(value: float, currency: str = "HKD") -> str:
    """A closing price: HKD 147.60 (three decimals below HKD 0.50, where ticks are finer)."""
    decimals = 3 if value < 0.5 else 2
    return f"{currency} {value:,.{decimals}f}"


def amount_hkd(value: float) -> str:
    """Turnover: HKD 20.975 billion, HKD 710 million, HKD 950,000 under a million."""
    if abs(value) >= BILLION:
        return f"HKD {value / BILLION:,.3f} billion"
    if abs(value) >= MILLION:
        return f"HKD {value / MILLION:,.0f} million"
    return f"HKD {value:,.0f}"


def stock_code(code: str) -> str:
    """Code as quoted: 700.HK."""
    return f"{code}.HK"


def long_date(day: date) -> str:
    """November 21."""
    return f"{day:%B} {day.day}"


def full_date(day: date) -> str:
    """21 November 2025."""
    return f"{day.day} {day:%B %Y}"


def month(period: str) -> str:
    """A macro period: 2025-10 -> October 2025; anything else as is."""
    try:
        year, month_number = period.split("-")
        return f"{date(int(year), int(month_number), 1):%B %Y}"
    except ValueError:
        return period


HUNDRED_MILLION = 100_000_000  # 億
TEN_THOUSAND = 10_000  # 萬
CURRENCY_ZH = {"HKD": "港元", "CNY": "人民幣", "USD": "美元"}


def amount_hkd_zh(value: float) -> str:
    """Turnover as a Hong Kong reader expects it: 209.75億港元, 96萬港元 under a 億."""
    if abs(value) >= HUNDRED_MILLION:
        return f"{value / HUNDRED_MILLION:,.2f}億港元"
    return f"{value / TEN_THOUSAND:,.0f}萬港元"


def price_zh(value: float, currency: str = "HKD") -> str:
    """147.60港元."""
    decimals = 3 if value < 0.5 else 2
    return f"{value:,.{decimals}f}{CURRENCY_ZH.get(currency, currency)}"


def long_date_zh(day: date) -> str:
    """11月21日."""
    return f"{day.month}月{day.day}日"


def full_date_zh(day: date) -> str:
    """2025年11月21日."""
    return f"{day.year}年{day.month}月{day.day}日"


def month_zh(period: str) -> str:
    """2025-10 -> 2025年10月."""
    try:
        year, month_number = period.split("-")
        return f"{int(year)}年{int(month_number)}月"
    except ValueError:
        return period


def amount_hkd_in(language: str, value: float) -> str:
    """Turnover as the report's language writes it: HKD 3.343 billion, or 33.43億港元."""
    return amount_hkd(value) if language == "en" else amount_hkd_zh(value)


def price_in(language: str, value: float, currency: str = "HKD") -> str:
    """A closing price as the report's language writes it: HKD 147.60, or 147.60港元."""
    return price(value, currency) if language == "en" else price_zh(value, currency)

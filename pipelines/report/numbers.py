"""Number formats both languages write alike: index levels, counts, percentages, stock codes."""

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


def stock_code(code: str) -> str:
    """Code as quoted: 700.HK."""
    return f"{code}.HK"


def decimals_of_price(value: float) -> int:
    """Three decimals below 0.50, where HKEX's ticks are finer; two above."""
    return 3 if value < 0.5 else 2

from datetime import date

import pytest

from pipelines.report import numbers as fmt
from pipelines.report.en import words as en
from pipelines.report.zh import words as zh


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (20_975_097_987, "HKD 20.975 billion"),
        (1_005_929_557, "HKD 1.006 billion"),
        (709_836_766, "HKD 710 million"),
        (95_952_246, "HKD 96 million"),
        (12_921_119, "HKD 13 million"),
        (950_000, "HKD 950,000"),
    ],
)
def test_turnover_is_billions_with_three_decimals_or_whole_millions(value: float, text: str) -> None:
    assert en.amount(value) == text


def test_index_levels_have_thousands_separators_and_two_decimals() -> None:
    assert fmt.level(25222.02) == "25,222.02"
    assert fmt.level(8919.776) == "8,919.78"


def test_percent_drops_the_sign_because_words_carry_the_direction() -> None:
    assert fmt.percent(-2.38) == "2.38%"
    assert fmt.percent(1.0) == "1.00%"
    assert fmt.signed_percent(-1.26, 1) == "-1.3%"
    assert fmt.signed_percent(4.0, 1) == "4.0%"


def test_prices_show_the_currency_and_finer_decimals_for_penny_stocks() -> None:
    assert en.price(147.6) == "HKD 147.60"
    assert en.price(34.62, "CNY") == "CNY 34.62"
    assert en.price(0.127) == "HKD 0.127"


def test_counts_codes_and_dates() -> None:
    assert fmt.count(1886) == "1,886"
    assert fmt.stock_code("700") == "700.HK"
    assert en.long_date(date(2025, 11, 21)) == "November 21"
    assert en.full_date(date(2025, 11, 1)) == "1 November 2025"
    assert en.month("2025-10") == "October 2025"
    assert en.month("2025-Q3") == "2025-Q3"


def test_chinese_amounts_are_in_hundred_millions_or_ten_thousands_and_dates_in_characters() -> None:
    assert zh.amount(20_975_097_987) == "209.75億港元"
    assert zh.amount(959_522) == "96萬港元"
    assert zh.price(147.6) == "147.60港元"
    assert zh.price(34.62, "CNY") == "34.62人民幣"
    assert zh.price(0.127) == "0.127港元"
    assert zh.long_date(date(2025, 11, 21)) == "11月21日"
    assert zh.full_date(date(2025, 11, 1)) == "2025年11月1日"
    assert zh.month("2025-10") == "2025年10月"

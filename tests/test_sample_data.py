"""The bundled sample week is the builder's output and reconstructs the seed day."""

import filecmp
import itertools
from pathlib import Path

import polars as pl

from pipelines.config import SAMPLE_DIR
from pipelines.sample.build import build
from pipelines.sample.published import load_named_stocks
from tests.helpers import SAMPLE_WEEK

SEED_TOP10 = ["9988", "1810", "700", "981", "3690", "9992", "3750", "1211", "1347", "2318"]


def test_committed_sample_is_exactly_what_the_builder_writes(tmp_path: Path) -> None:
    build(tmp_path / "sample")
    generated = sorted(p.relative_to(tmp_path / "sample") for p in (tmp_path / "sample").rglob("*.csv"))
    committed = sorted(p.relative_to(SAMPLE_DIR) for p in SAMPLE_DIR.rglob("*.csv"))
    assert generated == committed
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "sample", SAMPLE_DIR, [str(p) for p in generated], shallow=False)
    assert mismatch == [] and errors == []


def quotes(day: str) -> pl.DataFrame:
    return pl.read_csv(SAMPLE_DIR / "quotes" / f"{day}.csv", schema_overrides={"code": pl.String})


def test_no_other_stock_outranks_the_seed_top10_by_turnover() -> None:
    seed_day = quotes("2025-11-21").sort("turnover", descending=True)
    assert seed_day["code"].head(10).to_list() == SEED_TOP10


def test_each_day_continues_from_the_previous_close() -> None:
    week = [day.isoformat() for day in SAMPLE_WEEK]
    assert sorted(p.stem for p in (SAMPLE_DIR / "quotes").glob("*.csv")) == week
    days = {day: quotes(day) for day in week}
    for before, after in itertools.pairwise(week):  # all four transitions of the week
        joined = days[before].join(days[after], on="code", suffix="_next", validate="1:1")
        assert joined.height == days[before].height == days[after].height, (before, after)
        # No null where a value is required: every security has a status and a previous close,
        # and only a suspended one has no close.
        required = joined.select("status", "prev_close", "status_next", "prev_close_next")
        assert required.null_count().row(0) == (0, 0, 0, 0), (before, after)
        assert set(joined["status"]) <= {"TRADING", "SUSPENDED"}
        assert joined.filter(pl.col("close").is_null() != (pl.col("status") == "SUSPENDED")).is_empty()
        traded = joined.filter(pl.col("close").is_not_null())
        assert (traded["close"] == traded["prev_close_next"]).all()
        # Every security: the next day's previous close is the day's close, or for a suspended
        # security its last close, carried. ne_missing counts a null on either side as a mismatch.
        last_close = pl.coalesce("close", "prev_close")
        broken = joined.filter(last_close.ne_missing(pl.col("prev_close_next")))
        assert broken.is_empty(), (before, after, broken.select("code", "close", "prev_close", "prev_close_next"))


def test_named_stocks_keep_their_proper_names_beside_hkexs_and_the_seed_codes_hkex_uses() -> None:
    securities = pl.read_csv(SAMPLE_DIR / "securities.csv", schema_overrides={"code": pl.String})
    names = {
        code: (name, short, zh)
        for code, name, short, zh in securities.select("code", "name", "short_name", "name_zh").iter_rows()
    }
    assert names["9988"] == ("Alibaba", "BABA-W", "阿里巴巴－Ｗ")  # HKEX's names of November 2025
    assert names["700"] == ("Tencent Holdings", "TENCENT", "騰訊控股")
    assert names["1193"][0] == "China Resources Gas"  # the seed prints 1635.HK
    assert names["1635"] == ("DZUG", None, "大眾公用")  # HKEX's 1635 stays the company HKEX lists
    assert set(load_named_stocks()["code"]) <= set(names)


STAND_IN = r"^(PLACEHOLDER|DELISTED|NEW LISTING) \d+$"


def test_every_security_of_the_sample_has_a_name_in_both_languages_and_none_is_code_shaped() -> None:
    # The reports once showed "PLACEHOLDER 2436" among the notable movers, and codes in Chinese prose.
    securities = pl.read_csv(SAMPLE_DIR / "securities.csv", infer_schema=False)
    assert securities.filter(pl.col("name").str.contains(STAND_IN)).height == 0
    assert securities.filter(pl.col("name_zh").is_null()).height == 0
    invented = securities.filter(~pl.col("code").is_in(hkex_codes()), pl.col("code") != "2676")
    assert invented.height > 200  # the listings HKEX's lists of 2025 lack, under free codes
    first = invented.sort(pl.col("code").cast(pl.Int64)).row(0, named=True)
    assert (first["name"], first["name_zh"], first["short_name"]) == (
        "Golden Gate Industrial International", "金門工業國際", "GOLDEN GATE",
    )  # fmt: skip


def hkex_codes() -> list[str]:
    listed = pl.read_csv(SAMPLE_DIR.parents[1] / "pipelines/reference/hkex_securities_20251104.csv", infer_schema=False)
    return listed["stock_code"].str.strip_chars_start("0").to_list()

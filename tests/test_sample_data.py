"""The bundled sample week is the builder's output and reconstructs the seed day."""

import filecmp
from pathlib import Path

import polars as pl

from pipelines.config import SAMPLE_DIR
from pipelines.sample.build import build
from pipelines.sample.published import load_named_stocks

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
    for before, after in [("2025-11-17", "2025-11-18"), ("2025-11-20", "2025-11-21")]:
        joined = quotes(before).join(quotes(after), on="code", suffix="_next")
        traded = joined.filter(pl.col("close").is_not_null())
        assert (traded["close"] == traded["prev_close_next"]).all()


def test_named_stocks_keep_readable_names_and_the_seed_codes_hkex_uses() -> None:
    securities = pl.read_csv(SAMPLE_DIR / "securities.csv", schema_overrides={"code": pl.String})
    names = dict(securities.select("code", "name").iter_rows())
    assert names["9988"] == "Alibaba-W" and names["700"] == "Tencent Holdings"
    assert names["1193"] == "China Resources Gas"  # the seed prints 1635.HK
    assert names["1635"] == "DZUG"  # HKEX's 1635 stays the company HKEX lists
    assert set(load_named_stocks()["code"]) <= set(names)

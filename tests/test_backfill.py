"""Backfills through Dagster: one run for a range, replacing never duplicating, holidays bridged."""

import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

import pipelines.report.closing as report_closing
from pipelines.config import SAMPLE_DIR
from tests.helpers import SAMPLE_WEEK, materialize_days, warehouse_env

pytestmark = pytest.mark.e2e  # through Dagster into a temporary warehouse (`make test-fast` leaves it out)

MART_COUNTS = """
    select (select count(*) from marts.stock_daily), (select count(*) from marts.market_breadth),
           (select count(*) from marts.turnover_ranking), (select count(*) from marts.macro_latest),
           (select count(*) from marts.popular_stocks), (select count(*) from marts.index_daily)
"""


def query(settings, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="module")
def sample_week(tmp_path_factory: pytest.TempPathFactory):
    """The sample week backfilled as one run."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        settings = warehouse_env(monkeypatch, tmp_path_factory.mktemp("week"))
        result = materialize_days(partition_range=("2025-11-17", "2025-11-21"))
        yield settings, result, monkeypatch


def test_a_range_is_one_run_with_every_day_built(sample_week) -> None:
    settings, result, _ = sample_week
    assert result.success
    days = query(settings, "select trade_date from marts.market_breadth order by 1")
    assert [d for (d,) in days] == SAMPLE_WEEK
    partitions = {m.partition for m in result.asset_materializations_for_node("closing_report")}
    assert partitions == {d.isoformat() for d in SAMPLE_WEEK}
    days = sorted(p.name for p in settings.reports_dir.iterdir() if p.is_dir() and p.name[0].isdigit())
    assert days == [d.isoformat() for d in SAMPLE_WEEK]


def test_rematerializing_a_day_or_the_range_replaces_and_never_duplicates(sample_week) -> None:
    settings, _, _ = sample_week
    before = query(settings, MART_COUNTS)
    ranking = query(settings, "select * from marts.turnover_ranking order by trade_date, rank")
    assert materialize_days(partition_key="2025-11-19").success
    assert query(settings, MART_COUNTS) == before
    assert materialize_days(partition_range=("2025-11-18", "2025-11-20")).success
    assert query(settings, MART_COUNTS) == before
    assert query(settings, "select * from marts.turnover_ranking order by trade_date, rank") == ranking
    assert (
        query(settings, "select count(*), count(distinct (trade_date, code)) from marts.stock_daily")[0]
        == (before[0][0],) * 2
    )


def test_a_range_read_in_windows_of_days_gives_the_same_reports_as_read_whole(
    sample_week, tmp_path: Path, monkeypatch
) -> None:
    settings, _, _ = sample_week
    written = {}
    for label, window_days in (("whole", 1_000), ("in windows", 2)):
        monkeypatch.setattr(report_closing, "FIGURES_WINDOW_DAYS", window_days)
        reports_dir = tmp_path / label
        result = report_closing.write_closing_reports(
            settings.warehouse_path, SAMPLE_WEEK, {"en": "provenance", "zh-HK": "來源"}, reports_dir
        )
        assert result.days == 5 and result.last_dir == reports_dir / "2025-11-21"
        written[label] = {
            str(file.relative_to(reports_dir)): file.read_bytes()
            for day in SAMPLE_WEEK
            for file in sorted((reports_dir / day.isoformat()).iterdir())
        }
    assert len(written["whole"]) == 5 * 5  # each day: Markdown and HTML in two languages, and JSON
    assert written["in windows"] == written["whole"]


def nav_days(reports_dir: Path, day: date) -> list[str]:
    """The days a day's English page links to, in its order (before, after)."""
    html = (reports_dir / day.isoformat() / "closing_report.html").read_text(encoding="utf-8")
    nav = html[html.index("<nav>") : html.index("</nav>")]
    return re.findall(r'href="\.\./(\d{4}-\d\d-\d\d)/', nav)


def test_a_day_written_later_links_with_the_days_written_around_it(sample_week, tmp_path: Path) -> None:
    # A backfill of the 17th and the 21st, then a run of the 19th: each page links to the days
    # written just before and after it, whichever run wrote them; no link leads to a day not written.
    settings, _, _ = sample_week
    reports_dir = tmp_path / "reports"
    monday, wednesday, friday = SAMPLE_WEEK[0], SAMPLE_WEEK[2], SAMPLE_WEEK[4]
    footer = {"en": "provenance", "zh-HK": "來源"}
    report_closing.write_closing_reports(settings.warehouse_path, [monday, friday], footer, reports_dir)
    assert nav_days(reports_dir, monday) == [friday.isoformat()]
    friday_set = (reports_dir / friday.isoformat()).resolve()

    report_closing.write_closing_reports(settings.warehouse_path, [wednesday], footer, reports_dir)
    assert nav_days(reports_dir, monday) == [wednesday.isoformat()]
    assert nav_days(reports_dir, wednesday) == [monday.isoformat(), friday.isoformat()]
    assert nav_days(reports_dir, friday) == [wednesday.isoformat()]
    assert (reports_dir / friday.isoformat()).resolve() == friday_set  # its links changed, not its set
    zh = (reports_dir / friday.isoformat() / "closing_report.zh-HK.html").read_text(encoding="utf-8")
    assert f'href="../{wednesday}/closing_report.zh-HK.html"' in zh


def test_the_day_after_the_sample_week_starts_from_its_closes(sample_week) -> None:
    settings, _, _ = sample_week
    mismatched = query(
        settings,
        """select count(*) from marts.stock_daily today
           join marts.stock_daily yesterday on yesterday.code = today.code
               and yesterday.trade_date = date '2025-11-20' and today.trade_date = date '2025-11-21'
           where yesterday.close is not null and today.prev_close <> yesterday.close""",
    )
    assert mismatched == [(0,)]


def test_the_sample_week_runs_from_landing_files_in_a_folder_of_ones_choice(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "my files"
    shutil.copytree(SAMPLE_DIR, folder)
    settings = warehouse_env(monkeypatch, tmp_path / "wh", source="landing")
    monkeypatch.setenv("HKCLOSE_LANDING_DIR", str(folder))
    assert materialize_days(partition_range=("2025-11-17", "2025-11-21")).success
    assert query(
        settings,
        "select count(*), sum(advancers) filter (where trade_date = date '2025-11-21') from marts.market_breadth",
    ) == [(5, 423)]
    markdown = (settings.reports_dir / "2025-11-21" / "closing_report.md").read_text()
    assert "Data: files supplied by the publisher of this report" in markdown
    assert str(folder) not in markdown  # a reader sees no path


@pytest.fixture(scope="module")
def christmas(tmp_path_factory: pytest.TempPathFactory):
    """Simulated days around Christmas 2024: 24 Dec is a half day, 25 and 26 Dec are holidays."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        settings = warehouse_env(monkeypatch, tmp_path_factory.mktemp("christmas"), source="simulated")
        result = materialize_days(partition_range=("2024-12-23", "2024-12-27"))
    assert result.success
    return settings


def test_the_first_day_after_a_holiday_takes_the_last_trading_days_close(christmas) -> None:
    days = query(christmas, "select distinct trade_date from marts.stock_daily order by 1")
    assert [d for (d,) in days] == [date(2024, 12, 23), date(2024, 12, 24), date(2024, 12, 27)]
    stocks = query(
        christmas,
        """select count(*), count(*) filter (where after.prev_close = before.close)
           from marts.stock_daily after join marts.stock_daily before using (code)
           where after.trade_date = date '2024-12-27' and before.trade_date = date '2024-12-24'
               and before.close is not null""",
    )
    assert stocks[0][0] > 2500 and stocks[0][0] == stocks[0][1]
    indexes = query(
        christmas,
        """select count(*) from index_daily_pairs
           where after_prev <> before_close""".replace(
            "index_daily_pairs",
            """(select a.prev_close as after_prev, b.close as before_close from marts.index_daily a
                join marts.index_daily b using (index_code)
                where a.trade_date = date '2024-12-27' and b.trade_date = date '2024-12-24')""",
        ),
    )
    assert indexes == [(0,)]


def test_half_days_are_flagged_in_the_trading_calendar(christmas) -> None:
    rows = query(
        christmas,
        "select date, is_trading_day, is_half_day, previous_trading_date from marts.trading_calendar "
        "where date between date '2024-12-24' and date '2024-12-27' order by date",
    )
    assert rows == [
        (date(2024, 12, 24), True, True, date(2024, 12, 23)),
        (date(2024, 12, 25), False, False, date(2024, 12, 24)),
        (date(2024, 12, 26), False, False, date(2024, 12, 24)),
        (date(2024, 12, 27), True, False, date(2024, 12, 24)),
    ]


def test_no_macro_value_shown_was_released_after_its_day(christmas) -> None:
    assert query(christmas, "select count(*) from marts.macro_latest where released_on > trade_date") == [(0,)]
    assert query(christmas, "select count(distinct indicator) from marts.macro_latest") == [(6,)]


def test_simulated_reports_say_the_data_is_simulated(christmas) -> None:
    markdown = (Path(christmas.reports_dir) / "2024-12-27" / "closing_report.md").read_text()
    assert "Simulated data" in markdown.rsplit("---", 1)[1]

"""Every number written in a report's prose is a value of its closing_report.json, and the value of
what its sentence names: the Hang Seng Index's own move, a stock's own turnover, a macro figure's
own reading, never another's."""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest

from pipelines.report import numbers as fmt
from pipelines.report.document import WORDING
from pipelines.report.en import words as en
from pipelines.report.zh import words as zh
from tests.helpers import SampleRun

pytestmark = pytest.mark.e2e  # through Dagster into a temporary warehouse (`make test-fast` leaves it out)

# A number not glued to a letter (M3, TOP10 and 9988.HK's code are words or codes, not figures).
NUMBER = re.compile(r"(?<![A-Za-z\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d)")


def scalars(node) -> Iterator:
    if isinstance(node, dict):
        for value in node.values():
            yield from scalars(value)
    elif isinstance(node, list):
        for value in node:
            yield from scalars(value)
    elif node is not None and not isinstance(node, bool):
        yield node


def renderings(value) -> list[str]:
    """Every way the report writes a value (numbers), or the value itself (text, dates, and a macro
    period as the Chinese report writes it: 2025-09 as 2025年9月)."""
    if isinstance(value, str):
        return [value, zh.month(value)]
    number = float(value)
    texts = [
        str(value),
        f"{number:.1f}",
        f"{number:.2f}",
        fmt.level(number),
        fmt.percent(number),
        fmt.percent(number, 1),
        fmt.signed_percent(number, 1),
        f"{abs(number):,.1f}",
        en.amount(number),
        zh.amount(number),
        zh.amount(abs(number) * fmt.BILLION),
        zh.amount(abs(number) * fmt.BILLION, decimals=0),
        en.price(number),
    ]
    if number == int(number):
        texts.append(fmt.count(int(number)))
    return texts


def tokens(text: str) -> set[str]:
    return {match.group() for match in NUMBER.finditer(text)}


def prose(document: dict) -> Iterator[tuple[str, str]]:
    for language, text in document["text"].items():
        yield language, text["headline"]
        yield language, text["lead"]
        for section in text["sections"]:
            for paragraph in section["paragraphs"]:
                yield language, paragraph


def test_every_number_in_the_prose_is_a_value_of_the_json(sample_run: SampleRun) -> None:
    document = json.loads(sample_run.report_file("closing_report.json"))
    known = set()
    for value in scalars({k: v for k, v in document.items() if k != "text"}):
        for rendering in renderings(value):
            known |= tokens(rendering)
    unexplained = [
        (language, number, sentence)
        for language, sentence in prose(document)
        for number in tokens(sentence)
        if number not in known
    ]
    assert unexplained == []
    assert sum(len(tokens(s)) for _, s in prose(document)) > 150  # the check has something to check


# --- Each sentence's numbers against the figures of what it names -------------------------------

# Sentences end at ". " and ";" (English), "。" and "；" (Chinese); their clauses at ", " and "，".
# A clause naming nothing speaks of what the clause before it in its sentence named: "The retail
# sector was down 1.04% (the median move of its 199 companies that traded), with 38 of its companies up and
# 145 down."
SENTENCE = re.compile(r"(?<=\.)\s+|[;；。]")
CLAUSE = re.compile(r",\s+|，")
# A name found in the prose is replaced by a marker (private-use characters around its number in
# the list of things named) before the prose is split, so that "GaoDi Co., Ltd." or "Hardware,
# Storage & Peripherals" split nothing and a name holding a number is a name, not a figure.
MARK = re.compile("\ue000(\\d+)\ue001")
# How the Chinese prose words a macro label it does not quote (zh/money.macro_sentence).
ZH_WORDING = {"trade_balance": ("有形貿易逆差", "有形貿易順差")}
YEARLY = "按年變幅"  # a year-on-year label's ending, which the sentence says as 按年增長 or 按年下跌


def own_figures(record: dict) -> set[str]:
    """The numbers the report may write for a record's own values (not those of records inside it,
    as a sector's leaders)."""
    return {
        number
        for value in record.values()
        if value is not None and not isinstance(value, bool | dict | list)
        for rendering in renderings(value)
        for number in tokens(rendering)
    }


def things_named(figures: dict) -> tuple[dict[str, set[str]], dict[str, dict[str, str]]]:
    """What the prose can name (index, sector, stock, macro figure), each with its own figures, and
    per language the names it goes by (English case-insensitively: "the retail sector")."""
    own: dict[str, set[str]] = {}
    names: dict[str, dict[str, str]] = {"en": {}, "zh-HK": {}}

    def thing(label: str, record: dict, english: list[str], chinese: list[str]) -> None:
        own[label] = own.get(label, set()) | own_figures(record)
        names["en"].update({name.lower(): label for name in english})
        names["zh-HK"].update({name.lower(): label for name in chinese})

    for index in figures["indexes"]:
        thing(index["name"], index, [index["name"]], [index["name_zh"], index["short_name_zh"] or index["name_zh"]])
    sectors = figures["all_sectors"] + figures["featured_sectors"]
    for sector in sectors:
        thing(sector["sector"], sector, [sector["sector"]], [sector["sector_zh"], zh.board_name(sector["sector_zh"])])
    sub_sectors = [sub for sector in sectors for sub in sector["sub_sectors"]]
    for sub in sub_sectors:
        thing(sub["sub_sector"], sub, [sub["sub_sector"]], [sub["sub_sector_zh"]])
    stocks = [leader for group in sectors + sub_sectors for leader in group["leaders"]]
    stocks += [*figures["popular_stocks"], *figures["notable_gainers"], *figures["notable_losers"]]
    stocks += [i[side] for i in figures["indexes"] for side in ("best_constituent", "worst_constituent") if i[side]]
    # The stocks of the southbound lists, with their net buying over both channels.
    stocks += figures["southbound_stocks"]
    for stock in stocks + figures["turnover_top"]:
        code = fmt.stock_code(stock["code"])
        english = [stock["name"], stock["short_name"] or stock["name"], code]
        thing(f"{stock['name']} ({code})", stock, english, [stock["name_zh"] or code, code])
    # Southbound trading: both channels (through Stock Connect) and each channel.
    flows = [figures["southbound"], *figures["capital_flows"]] if figures["southbound"] else []
    for flow in flows:
        both = flow["channel"] == "All"
        english = ["Stock Connect"] if both else [f"via {flow['channel']}"]
        chinese = ["港股通"] if both else [{"Shanghai": "港股通（滬）", "Shenzhen": "港股通（深）"}[flow["channel"]]]
        thing(f"southbound {flow['channel']}", flow, english, chinese)
    for macro in figures["macro"]:
        english = re.split(r" \(|, ", macro["label"])[0]  # "Retail sales value, year on year"
        chinese = [macro["label_zh"], macro["label_zh"].removesuffix(YEARLY), *ZH_WORDING.get(macro["indicator"], ())]
        thing(macro["label"], macro, [english], chinese)
    return own, names


def name_pattern(names: list[str]) -> re.Pattern:
    """Any of the names, the longest first ("Xiaomi Group RMB counter" before "Xiaomi Group"), not inside
    a longer word."""

    def bounded(name: str) -> str:
        before = r"(?<![A-Za-z0-9])" if name[0].isascii() and name[0].isalnum() else ""
        after = r"(?![A-Za-z0-9])" if name[-1].isascii() and name[-1].isalnum() else ""
        return before + re.escape(name) + after

    return re.compile("|".join(bounded(n) for n in sorted(names, key=len, reverse=True)), re.IGNORECASE)


def marked(text: str, names: dict[str, str], labels: list[str]) -> str:
    """The text with each name replaced by the marker of what it names."""
    return name_pattern(list(names)).sub(lambda m: f"\ue000{labels.index(names[m.group().lower()])}\ue001", text)


def shown(text: str, labels: list[str]) -> str:
    """A marked text with each marker shown as [what it names]."""
    return MARK.sub(lambda m: f"[{labels[int(m.group(1))]}]", text)


@dataclass(frozen=True)
class Clause:
    language: str
    text: str  # names shown as [what they name]
    speaks_of: tuple[str, ...]  # the things named, or () for the day's market
    numbers: set[str]
    allowed: set[str]


def clauses(document: dict) -> Iterator[Clause]:
    """Each clause of the prose with what it speaks of, the numbers it writes and those it may write:
    the figures of what it names (or, naming nothing, of the day's market: breadth, turnover, the
    top ten's share), the rules' numbers ("52-week", "the 50 line") and no date but the day's."""
    figures = document["figures"]
    own, names = things_named(figures)
    labels = sorted(own)
    market = own_figures(
        {
            **(figures["breadth"] or {}),
            "top_share": figures["top_share_of_turnover_pct"],
            "unclassified": figures["unclassified_turnover_pct"],
        }
    )
    rules = {text for value in document["rules"].values() for text in tokens(f"{value} {value:g}")}
    day = date.fromisoformat(document["trade_date"])
    days = [en.long_date(day), en.full_date(day), zh.long_date(day), zh.full_date(day)]
    for language, paragraph in prose(document):
        for written in days:
            paragraph = paragraph.replace(written, "")
        for sentence in SENTENCE.split(marked(paragraph, names[language], labels)):
            subject: tuple[str, ...] = ()
            for clause in CLAUSE.split(sentence):
                subject = tuple(dict.fromkeys(labels[int(i)] for i in MARK.findall(clause))) or subject
                yield Clause(
                    language=language,
                    text=shown(clause, labels),
                    speaks_of=subject,
                    numbers=tokens(MARK.sub(" ", clause)),
                    allowed=rules | (set().union(*(own[s] for s in subject)) if subject else market),
                )


def misstated(document: dict) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(language, number, clause, what it speaks of) for each number not a figure of what its clause names."""
    return [
        (clause.language, number, clause.text, clause.speaks_of)
        for clause in clauses(document)
        for number in sorted(clause.numbers - clause.allowed)
    ]


def test_each_sentence_states_the_figures_of_what_it_names(sample_run: SampleRun) -> None:
    document = json.loads(sample_run.report_file("closing_report.json"))
    assert misstated(document) == []
    # The check has something to check: in each language, nine numbers in ten are tied to a thing named.
    for language in document["text"]:
        written = [c for c in clauses(document) if c.language == language]
        tied = sum(len(c.numbers) for c in written if c.speaks_of)
        assert tied > 0.9 * sum(len(c.numbers) for c in written) and tied > 75, language


def swapped_in_one_sentence(document: dict, first: str, second: str) -> dict:
    """The document with two written numbers swapped (string replace of their renderings) in the one
    paragraph of each language that writes both: its sentence on the three indices."""
    swapped = json.loads(json.dumps(document))
    changed = 0
    for text in swapped["text"].values():
        for section in text["sections"]:
            for i, paragraph in enumerate(section["paragraphs"]):
                if first in paragraph and second in paragraph:
                    section["paragraphs"][i] = (
                        paragraph.replace(first, "\0").replace(second, first).replace("\0", second)
                    )
                    changed += 1
    assert changed == len(swapped["text"]), "the two numbers are written together once in each language"
    return swapped


def test_the_hang_seng_index_and_hscei_moves_swapped_in_a_sentence_are_reported(sample_run: SampleRun) -> None:
    document = json.loads(sample_run.report_file("closing_report.json"))
    hsi, hscei = (next(i for i in document["figures"]["indexes"] if i["code"] == code) for code in ("HSI", "HSCEI"))
    hsi_move, hscei_move = fmt.percent(hsi["change_pct"]), fmt.percent(hscei["change_pct"])  # 2.38%, 2.45%

    found = {
        (language, number, speaks_of)
        for language, number, _, speaks_of in misstated(swapped_in_one_sentence(document, hsi_move, hscei_move))
    }
    assert found == {
        (language, number, (name,))
        for language in ("en", "zh-HK")
        for number, name in [(hscei_move[:-1], hsi["name"]), (hsi_move[:-1], hscei["name"])]
    }


@pytest.mark.parametrize("figure", ["change_pct", "turnover_hkd"])
def test_a_stock_given_the_figure_of_the_next_most_traded_is_reported(sample_run: SampleRun, figure: str) -> None:
    document = json.loads(sample_run.report_file("closing_report.json"))
    first, second = document["figures"]["turnover_top"][:2]  # Alibaba, Xiaomi Group
    write = {
        "change_pct": lambda stock, language: fmt.percent(stock["change_pct"]),
        "turnover_hkd": lambda stock, language: WORDING[language].words.amount(stock["turnover_hkd"]),
    }[figure]
    misprinted = json.loads(json.dumps(document))
    for language, text in misprinted["text"].items():
        top_ten = text["sections"][-1]["paragraphs"]
        top_ten[0] = top_ten[0].replace(write(first, language), write(second, language))
    found = [(language, speaks_of) for language, _, _, speaks_of in misstated(misprinted)]
    label = f"{first['name']} ({fmt.stock_code(first['code'])})"
    assert found == [("en", (label,)), ("zh-HK", (label,))]

"""Every number written in a report's prose is a value of its closing_report.json."""

import json
import re
from collections.abc import Iterator

from pipelines.report import formatting as fmt
from tests.helpers import SampleRun

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
    """Every way the report writes a value (numbers), or the value itself (text and dates)."""
    if isinstance(value, str):
        return [value]
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
        fmt.amount_hkd(number),
        fmt.amount_hkd_zh(number),
        fmt.amount_hkd_zh(abs(number) * fmt.BILLION),
        fmt.price(number),
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

"""The English and the Chinese report give everything the language-free code asks of a language,
with the same parameters: what report/document.py, render.py, charts.py and the templates read of a
language's `words`, `market`, `sectors`, `stocks` and `money`, found in their code."""

import ast
import inspect
import re
from pathlib import Path

import pytest

from pipelines.report import en, zh
from pipelines.report.document import WORDING

REPORT = Path(en.__file__).parents[1]
LANGUAGE_FREE = ("document.py", "render.py", "charts.py")
PARTS = ("words", "market", "sectors", "stocks", "money")


def asked_in_code(source: str) -> set[tuple[str, str]]:
    """(part, name) of each `<part>.<name>` read, the part a name (`market.headline`) or an
    attribute (`language.money.fx_rates`, `WORDING[code].words.LABELS`)."""
    asked = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            holder = node.value
            part = (
                holder.id if isinstance(holder, ast.Name) else holder.attr if isinstance(holder, ast.Attribute) else ""
            )
            if part in PARTS:
                asked.add((part, node.attr))
    return asked


def asked_in_templates() -> set[tuple[str, str]]:
    """The templates name a language's words `w` (render.py passes `w=words`)."""
    text = "".join(path.read_text(encoding="utf-8") for path in sorted((REPORT / "templates").glob("*.j2")))
    return {("words", name) for name in re.findall(r"\bw\.(\w+)", text)}


def asked() -> set[tuple[str, str]]:
    found = asked_in_templates()
    for module in LANGUAGE_FREE:
        found |= asked_in_code((REPORT / module).read_text(encoding="utf-8"))
    return found


def parameters(thing: object) -> list[tuple[str, object]]:
    """The parameters the language-free code may pass: those without a default. A language may add
    its own after them, with a default (zh's `amount(value, decimals=2)`: a macro figure to the 億)."""
    return [(p.name, p.kind) for p in inspect.signature(thing).parameters.values() if p.default is p.empty]


def test_what_the_language_free_code_asks_is_found() -> None:
    found = asked()
    # A sample of what is asked, so that a reader of this test sees the finder at work.
    assert {("market", "headline_index"), ("money", "fx_rates"), ("words", "LABELS"), ("words", "amount")} <= found
    assert ("sectors", "sectors_across") in found and ("market", "overview") not in found
    assert asked_in_code("x = language.market.lead_breadth(b) + words.date_line(d)\nmarket.new_part()") == {
        ("market", "lead_breadth"),
        ("words", "date_line"),
        ("market", "new_part"),
    }


@pytest.mark.parametrize(("part", "name"), sorted(asked()))
def test_both_languages_give_it_with_the_same_parameters(part: str, name: str) -> None:
    english, chinese = getattr(getattr(en, part), name, None), getattr(getattr(zh, part), name, None)
    assert english is not None, f"report/en/{part}.py has no {name}, which the language-free code asks for"
    assert chinese is not None, f"report/zh/{part}.py has no {name}, which the language-free code asks for"
    assert type(english) is type(chinese), (
        f"{part}.{name}: {type(english).__name__} in en, {type(chinese).__name__} in zh"
    )
    if callable(english):
        assert parameters(english) == parameters(chinese), f"{part}.{name} takes other parameters in zh"
    elif isinstance(english, dict):
        assert english.keys() == chinese.keys(), f"{part}.{name}: other keys in zh"
    elif isinstance(english, tuple):
        assert len(english) == len(chinese), f"{part}.{name}: another length in zh"


def test_the_languages_are_those_the_report_files_are_named_for() -> None:
    assert list(WORDING) == ["en", "zh-HK"]
    assert WORDING["en"] is en and WORDING["zh-HK"] is zh

"""The counts docs/architecture.md states are the code location's (the definitions that
tests/test_definitions.py compares with its snapshot): an asset, a check or a raw kind added
without the docs fails here; so does a setting missing from docs/configuration.md."""

import re

from pipelines.config import PROJECT_ROOT
from pipelines.contract.schemas import SCHEMAS
from tests.test_definitions import describe_definitions

ARCHITECTURE = (PROJECT_ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
CONFIGURATION = (PROJECT_ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
WORDS = {word: number for number, word in enumerate(NUMBER_WORDS.split())}


def stated(noun: str) -> list[int]:
    """Every count the page states for `noun` ("Fourteen partitioned assets", "18 dbt checks")."""
    found = re.findall(rf"\b(\d+|[A-Za-z]+) {noun}", " ".join(ARCHITECTURE.split()))
    return [
        int(word) if word.isdigit() else WORDS[word.lower()]
        for word in found
        if word.lower() in WORDS or word.isdigit()
    ]


def test_the_architecture_states_the_counts_of_the_definitions() -> None:
    assets = describe_definitions()["assets"]
    partitioned = [name for name, asset in assets.items() if asset["materializable"]]
    marts = [name for name in partitioned if name.startswith("marts/")]
    dbt_checks = [check for name in marts for check in assets[name]["checks"]]
    expected = {
        "partitioned assets": len(partitioned),
        "marts": len(marts),
        "dbt checks a day": len(dbt_checks),
        "raw kinds": len(SCHEMAS),
    }
    for noun, count in expected.items():
        said = stated(noun)
        assert said, f"docs/architecture.md states no count of {noun}"
        assert set(said) == {count}, f"docs/architecture.md says {said} {noun}; the definitions have {count}"


def test_every_setting_the_code_reads_is_in_the_configuration_docs_and_no_other() -> None:
    """A variable added to the code without docs/configuration.md (or left in the docs after the
    code stopped reading it) fails here."""
    in_code = {
        name
        for path in (PROJECT_ROOT / "pipelines").rglob("*.py")
        for name in re.findall(r"\bHKCLOSE_[A-Z_]+[A-Z]\b", path.read_text(encoding="utf-8"))
    }
    documented = set(re.findall(r"\bHKCLOSE_[A-Z_]+[A-Z]\b", CONFIGURATION))
    assert sorted(in_code - documented) == [], "read by the code, missing from docs/configuration.md"
    assert sorted(documented - in_code) == [], "in docs/configuration.md, read by no code"

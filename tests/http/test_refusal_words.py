"""Every refusal the domain words for a thing's state reaches the workbench in Chinese that
names what happened, not the fallback: a refusal added later without its words fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from domain.errors import InvalidTransitionError
from web.refusals import refusal_of

ROOT = Path(__file__).resolve().parents[2]
RAISED = re.compile(r"InvalidTransitionError\(\s*f?\"([^\"]+)\"", re.S)
PASSED = re.compile(r"check_status\(\s*f?\"([^\"]+activity[^\"]+)\"", re.S)  # an activity's
FALLBACK = refusal_of(InvalidTransitionError("")).message
STATE_TABLE = "cannot {action} a problem that is"  # any step the status table forbids


def refusals() -> list[str]:
    found = []
    for folder in ("domain", "application"):
        for path in sorted((ROOT / folder).glob("*.py")):
            text = path.read_text(encoding="utf-8")
            found += RAISED.findall(text) + PASSED.findall(text)
    return sorted(set(found))


def test_the_domain_has_refusals_to_word() -> None:
    assert len(refusals()) > 20


@pytest.mark.parametrize("said", refusals())
def test_each_refusal_has_its_own_words(said: str) -> None:
    if said.startswith(STATE_TABLE):
        return  # the fallback says it: the state changed, perhaps by someone else
    message = refusal_of(InvalidTransitionError(re.sub(r"\{[^}]*\}", "x", said))).message
    assert message != FALLBACK, said
    assert re.search(r"[\u4e00-\u9fff]", message)

"""Every refusal the domain words for a thing's state reaches the workbench in Chinese that
names what happened, not the fallback: a refusal added later without its words fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from domain.errors import InvalidTransitionError, InvalidValueError
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


@pytest.mark.parametrize(
    ("field", "said", "words"),
    [
        ("signed_out", "is not after signed_in", "签退时间须晚于签到时间"),
        ("email", "not an e-mail address (name@example.gov.cn)", "不是有效的电子邮箱地址"),
        ("files", "attach the scan of the sealed copy (盖章扫描件)", "盖章后的扫描件"),
        ("due_on", "2027-03-01 is after 2027-02-01, the latest the rules allow", "最晚日期"),
        ("quarter", "2026Q4 is not over until 2026-12-31 has passed", "该季度尚未结束"),
        ("reason", "must not be empty", "必填"),
    ],
)
def test_a_field_refusal_is_worded_for_its_form(field: str, said: str, words: str) -> None:
    """The first matching words win: each of these reaches its own, not an earlier one's."""
    refusal = refusal_of(InvalidValueError(field, said))
    assert refusal.field == field and words in refusal.message

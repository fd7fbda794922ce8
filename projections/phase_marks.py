"""Late phases and rejected fixes as marks (kind, unit, day) on a problem's row: what the lists
carry to the quarterly submission and the unit statistics count per unit. One set of steps for
both projections; the rule itself (ended after its last day) is domain.standing.is_late."""

from __future__ import annotations

import json
from typing import Any

from domain.standing import is_late
from projections.base import iso
from projections.ports import Row

LATE_SIGNING = "late_signing"  # 签收超时 (or a send-back after the day to sign)
LATE_PLANNING = "late_planning"  # 整改方案超时
REJECTED = "rejected"  # 验收不通过
KINDS = (LATE_SIGNING, LATE_PLANNING, REJECTED)

CLEAN: Row = {"sign_due_on": None, "plan_due_on": None, "planned": False, "marks": "[]"}
"""The columns these steps keep, as a new problem has them."""


def marks(row: Row | None) -> list[tuple[str, str, str]]:
    """The row's marks: (kind, unit, ISO day)."""
    if row is None:
        return []
    return [(k, u, d) for k, u, d in json.loads(row.get("marks") or "[]")]


def handed(sign_due_on: Any) -> Row:
    return {"sign_due_on": iso(sign_due_on)}


def signing_ended(row: Row, unit: str, on: Any) -> Row:
    """Signed for or sent back: late after its day to sign."""
    return _marked(row, LATE_SIGNING, unit, row.get("sign_due_on"), on) | {"sign_due_on": None}


def signed(row: Row, unit: str, on: Any, plan_due_on: Any) -> Row:
    return signing_ended(row, unit, on) | {"plan_due_on": iso(plan_due_on), "planned": False}


def planning_ended(row: Row, unit: str, on: Any) -> Row:
    """A plan recorded, or a fix reported before any plan: the planning clock stops once."""
    if row.get("planned"):
        return {}
    return _marked(row, LATE_PLANNING, unit, row.get("plan_due_on"), on) | {"planned": True}


def rejected(row: Row, unit: str, on: Any) -> Row:
    return _with(row, REJECTED, unit, on)


def _marked(row: Row, kind: str, unit: str, due: Any, on: Any) -> Row:
    if not due or not is_late(iso(on), due):
        return {}
    return _with(row, kind, unit, on)


def _with(row: Row, kind: str, unit: str, on: Any) -> Row:
    kept = [*marks(row), (kind, unit, iso(on))]
    return {"marks": json.dumps(kept, ensure_ascii=False)}

"""The three lists' rows as the application reads them: decoded once where they leave the read
model (real dates, tuples for the JSON columns), the same for live lists and as-of snapshots."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    """A row class's field names, looked up once (a quarter's snapshot decodes 40,000 rows)."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def _json(value: Any, empty: Any) -> Any:
    if value is None or value == "":
        return empty
    return json.loads(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Deadline:
    due_on: date
    working_days: int | None
    reason: str
    set_on: str


@dataclass(frozen=True)
class ProblemRow:
    """A row of 问题清单: every column of the problems table."""

    problem_id: str
    number: int
    source: str
    source_mode: str | None
    category: str
    unit: str
    responsible_unit: str
    assignee: str
    title: str
    description: str
    demand: str
    found_on: date
    found_by: str
    activity_id: str
    status: str
    due_on: date | None
    flagged: bool
    rectified_on: date | None
    backdate_reason: str
    late: bool | None
    closed_on: date | None
    times_escalated: int
    times_reopened: int
    extensions: int
    demands: int
    version: int
    logged_at: str
    updated_at: str
    pending_extension: bool = False  # 延期申请 waiting for the office
    co_units_waiting: str = ","  # ",a,b,": co-units (协办) whose part is missing
    marks: str = "[]"  # late phases and rejected fixes: [[kind, unit, day], …]
    phase: str | None = None  # the open phase (signing, planning, rectifying, accepting)
    plan_measures: str | None = None  # 整改方案's measures, once recorded
    phase_due_on: date | None = None  # the open phase's last day (the light's clock)
    old_number: str = ""  # 原编号 in the old ledger it was brought in from (ADR 47)

    def waits_on_co_unit(self, unit: str | None) -> bool:
        return unit is not None and f",{unit}," in (self.co_units_waiting or ",")

    @classmethod
    def decode(cls, row: Mapping[str, Any]) -> ProblemRow:
        values: dict[str, Any] = {name: row.get(name) for name in _names(cls)}
        return cls(
            **values
            | {
                "found_on": _day(row["found_on"]),
                "due_on": _day(row["due_on"]),
                "rectified_on": _day(row["rectified_on"]),
                "closed_on": _day(row["closed_on"]),
                "phase_due_on": _day(row.get("phase_due_on")),
                "flagged": bool(row["flagged"]),
                "pending_extension": bool(row.get("pending_extension")),
                "late": _flag(row["late"]),
                "demand": row.get("demand") or "",
                "backdate_reason": row.get("backdate_reason") or "",
                "logged_at": row.get("logged_at") or "",
                "old_number": row.get("old_number") or "",
            }
        )


@dataclass(frozen=True)
class RectificationRow:
    """A row of 整改清单: measures, owner, deadlines with extensions, on time or late."""

    problem_id: str
    number: int
    unit: str
    responsible_unit: str
    assignee: str
    title: str
    found_on: date
    status: str
    measures: str | None
    result: str | None
    evidence: tuple[str, ...]
    due_on: date | None
    first_due_on: date | None
    deadlines: tuple[Deadline, ...]
    extensions: int
    rectified_on: date | None
    backdate_reason: str
    late: bool | None
    closed: bool
    closed_on: date | None
    updated_at: str

    @classmethod
    def decode(cls, row: Mapping[str, Any]) -> RectificationRow:
        values: dict[str, Any] = {name: row.get(name) for name in _names(cls)}
        deadlines = tuple(
            Deadline(_day(d["due_on"]) or date.min, d["working_days"], d["reason"], d["set_on"])
            for d in _json(row["deadlines"], [])
        )
        return cls(
            **values
            | {
                "found_on": _day(row["found_on"]),
                "due_on": _day(row["due_on"]),
                "first_due_on": _day(row["first_due_on"]),
                "rectified_on": _day(row["rectified_on"]),
                "closed_on": _day(row["closed_on"]),
                "evidence": tuple(_json(row["evidence"], [])),
                "deadlines": deadlines,
                "late": _flag(row["late"]),
                "closed": bool(row["closed"]),
                "backdate_reason": row.get("backdate_reason") or "",
            }
        )


@dataclass(frozen=True)
class DemandRow:
    """A row of 需求清单: what is needed, by whom, from which unit, and whether it was met."""

    problem_id: str
    number: int
    text: str
    raised_by: str
    raised_by_unit: str | None
    to_unit: str
    raised_on: date
    answered_on: date | None
    met: bool | None
    answer: str | None
    answered_by: str | None

    @classmethod
    def decode(cls, row: Mapping[str, Any]) -> DemandRow:
        values: dict[str, Any] = {name: row.get(name) for name in _names(cls)}
        return cls(
            **values
            | {
                "raised_on": _day(row["raised_on"]),
                "answered_on": _day(row["answered_on"]),
                "met": _flag(row["met"]),
            }
        )


LISTED_RECTIFICATION = ("measures", "result", "evidence", "first_due_on", "deadlines", "closed")
"""What a row of 整改清单 adds to its problem's columns (the rest is the problem's)."""


@dataclass(frozen=True)
class Listed:
    """A row of a list page: the problem, its light today and, in 整改清单 or 需求清单, the
    rectification or the demand the row is about."""

    problem: ProblemRow
    light: str
    rectification: RectificationRow | None = None
    demand: DemandRow | None = None

    def columns(self) -> dict[str, Any]:
        """The row by the lists' column names (the files' and the JSON's): the problem's, the
        light, then the rectification's own or the demand's (as `demand_<name>`)."""
        flat: dict[str, Any] = {f.name: getattr(self.problem, f.name) for f in fields(ProblemRow)}
        flat["light"] = self.light
        if self.rectification is not None:
            flat |= {name: getattr(self.rectification, name) for name in LISTED_RECTIFICATION}
        if self.demand is not None:
            flat |= {f"demand_{f.name}": getattr(self.demand, f.name) for f in fields(DemandRow)}
        return flat

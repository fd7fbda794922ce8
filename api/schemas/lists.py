"""Rows of the three lists, the board and the unit ranking (docs/API.md: "Lists", "Reports")."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from application.rows import Listed


class ProblemRow(BaseModel):
    id: str = Field(validation_alias="problem_id")
    number: int
    source: str
    source_mode: str | None
    category: str
    unit: str
    responsible_unit: str
    assignee: str
    title: str
    description: str
    found_on: str
    found_by: str
    status: str
    due_on: str | None
    light: str
    flagged: bool
    rectified_on: str | None
    backdate_reason: str = Field("", description="补录: why the office entered the fix later")
    late: bool | None
    closed_on: str | None
    times_escalated: int
    times_reopened: int
    extensions: int
    demands: int
    activity_id: str = Field(description="the sit-in, walk-through or round it was found in")
    phase: str | None = Field(
        None, description="the open phase: signing, planning, rectifying, accepting"
    )
    plan_measures: str | None = Field(None, description="整改方案: the unit's planned measures")
    old_number: str = Field(
        "", description="原编号 in the old ledger it was brought in from (POST /problems/import)"
    )
    version: int
    updated_at: str


class DeadlineEntry(BaseModel):
    due_on: str
    working_days: int | None
    reason: str
    set_on: str


class RectificationRow(ProblemRow):
    measures: str | None
    result: str | None
    evidence: list[str] | None
    first_due_on: str | None
    deadlines: list[DeadlineEntry]
    closed: bool


class DemandRow(BaseModel):
    problem_id: str
    problem_number: int = Field(validation_alias="number")
    title: str
    unit: str
    responsible_unit: str
    number: int = Field(validation_alias="demand_number")
    text: str = Field(validation_alias="demand_text")
    raised_by: str = Field(validation_alias="demand_raised_by")
    raised_by_unit: str | None = Field(validation_alias="demand_raised_by_unit")
    to_unit: str = Field(validation_alias="demand_to_unit")
    raised_on: str = Field(validation_alias="demand_raised_on")
    answered_on: str | None = Field(validation_alias="demand_answered_on")
    met: bool | None = Field(validation_alias="demand_met")
    answer: str | None = Field(validation_alias="demand_answer")


class ProblemPage(BaseModel):
    items: list[ProblemRow]
    next_cursor: str | None


class RectificationPage(BaseModel):
    items: list[RectificationRow]
    next_cursor: str | None


class DemandPage(BaseModel):
    items: list[DemandRow]
    next_cursor: str | None


class BoardRow(BaseModel):
    unit: str
    name: str
    kind: str
    open: int
    green: int
    yellow: int
    red: int
    none: int = Field(description="open problems without a running clock")
    flagged: int
    late_signing: int = Field(0, description="this quarter's 签收超时 of the unit")
    late_planning: int = Field(0, description="this quarter's 整改方案超时")
    rejected: int = Field(0, description="this quarter's 验收不通过")


class TrendMonth(BaseModel):
    month: str = Field(description="2026-11")
    found: int
    rectified_on_time: int
    rectified_late: int
    overdue: int = Field(
        description="open at the month's end (today for this month) and past the deadline "
        "now in force"
    )


class RankingRow(BaseModel):
    rank: int
    unit: str
    name: str
    kind: str
    found: int
    open: int
    overdue: int
    rectified_on_time: int
    rectified_late: int
    closed: int
    average_days_to_rectify: float | None
    late_signing: int = Field(description="签收超时 in the period, held by the unit then")
    late_planning: int = Field(description="整改方案超时 in the period")
    rejected: int = Field(description="验收不通过 in the period")


class UnitReport(BaseModel):
    period: str
    start: str
    end: str
    units: list[RankingRow] = Field(
        description="the units the reader may see (a unit lead: its own), each at its rank "
        "among all the district's units"
    )
    most_overdue: list[str] = Field(
        description="the units named for overdue problems (a unit lead: its own, if named)"
    )
    ranked_units: int = Field(description="how many units the district ranked")


def rows(model: type[BaseModel], items: list[dict[str, Any]]) -> list[Any]:
    return [model.model_validate(item) for item in items]


def plain(value: Any) -> Any:
    """As the JSON says it: dates as YYYY-MM-DD, tuples and records as lists and objects."""
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def listed(model: type[BaseModel], items: list[Listed]) -> list[Any]:
    """List rows (typed in the application) as the contract's JSON rows."""
    return [model.model_validate(plain(item.columns())) for item in items]

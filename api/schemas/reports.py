"""The quarterly submission as JSON (docs/API.md, "Reports")."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pydantic import BaseModel, Field

from application.submissions import Bulletin, QuarterlyReport
from application.summaries import Summary


class SummaryResponse(BaseModel):
    unit: str
    name: str
    found: int = Field(description="found in the quarter")
    open: int = Field(
        description="still open at the period's end (carried over or found in it); the "
        "ranking's third key"
    )
    carried_over: int = Field(description="found earlier and still open at the quarter's end")
    rectified_on_time: int
    rectified_late: int
    overdue: int = Field(description="open at the quarter's end and past their deadline")
    closed: int
    demands_raised: int
    demands_met: int
    late_signing: int = Field(description="签收超时: signed for or sent back after the day")
    late_planning: int = Field(description="整改方案超时: the plan recorded after its day")
    rejected: int = Field(description="验收不通过: fixes the acceptor rejected")
    by_source: dict[str, int]
    by_category: dict[str, int]
    by_status: dict[str, int]

    @classmethod
    def of(cls, summary: Summary) -> SummaryResponse:
        return cls(**asdict(summary))


ANCHOR = (
    "the hash chain's link at `position` (hex), printed in the files too: keep it, and later "
    "pass `position:link` as an anchor to GET /audit/verify"
)


class QuarterlyReportResponse(BaseModel):
    quarter: str
    start: str
    end: str
    unit: str | None
    as_of: str = Field(description="the quarter's end (China time): later events do not count")
    position: int = Field(description="the last log position the report was built from")
    link: str = Field(description=ANCHOR)
    total: SummaryResponse
    units: list[SummaryResponse]
    overdue_units: list[str]
    problems: list[dict[str, Any]]
    demands: list[dict[str, Any]]
    rectifications: list[dict[str, Any]]

    @classmethod
    def of(cls, report: QuarterlyReport) -> QuarterlyReportResponse:
        return cls(
            quarter=report.quarter.key,
            start=report.quarter.start.isoformat(),
            end=report.quarter.end.isoformat(),
            unit=report.unit.code if report.unit else None,
            as_of=report.cutoff.isoformat(),
            position=report.position,
            link=report.link,
            total=SummaryResponse.of(report.total),
            units=[SummaryResponse.of(s) for s in report.units],
            overdue_units=report.overdue_units,
            problems=[asdict(p) for p in report.problems],
            demands=[asdict(d) for d in report.demands],
            rectifications=[asdict(r) for r in report.rectifications],
        )


class OverdueProblem(BaseModel):
    id: str
    number: int
    title: str
    found_on: str
    due_on: str | None


class BulletinResponse(BaseModel):
    period: str
    as_of: str
    position: int
    link: str = Field(description=ANCHOR)
    ranking: list[SummaryResponse] = Field(
        description="by overdue, then late, then open; a unit lead gets its own row only"
    )
    ranks: dict[str, int] = Field(description="each shown unit's rank among `ranked_units`")
    ranked_units: int = Field(description="how many units were ranked")
    named: dict[str, list[OverdueProblem]] = Field(
        description="the units with the most overdue problems, and those problems"
    )
    late_submissions: dict[str, list[str]] = Field(
        default_factory=dict,
        description="{quarter: units} whose quarterly submission was missing or late by its "
        "due day, by the register as of `as_of` (empty before the register was in use)",
    )

    @classmethod
    def of(cls, bulletin: Bulletin) -> BulletinResponse:
        return cls(
            period=bulletin.period.key,
            as_of=bulletin.cutoff.isoformat(),
            position=bulletin.position,
            link=bulletin.link,
            ranking=[SummaryResponse.of(s) for s in bulletin.ranking],
            ranks=bulletin.ranks,
            ranked_units=bulletin.ranked_units,
            named={
                unit: [
                    OverdueProblem(
                        id=p.problem_id,
                        number=p.number,
                        title=p.title,
                        found_on=p.found_on.isoformat(),
                        due_on=p.due_on.isoformat() if p.due_on else None,
                    )
                    for p in problems
                ]
                for unit, problems in bulletin.named.items()
            },
            late_submissions=dict([bulletin.late_submissions] if bulletin.late_submissions else []),
        )

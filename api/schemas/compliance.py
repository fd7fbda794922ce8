"""The compliance report (GET /reports/compliance): windows required, met, missed, open."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from application.activity_reads import ComplianceReport
from domain.compliance import WindowStatus


class WindowBody(BaseModel):
    key: str
    first: date
    last: date
    done: int
    status: str = Field(description="met, missed (its time has passed) or open")


class RuleBody(BaseModel):
    rule: str
    label: str
    window: str
    needed_per_window: int
    required: int = Field(description="windows of the rule in the period")
    met: int
    missed: int
    open: int
    done: int = Field(description="activities (self-check slots) counted in those windows")
    behind: bool
    windows: list[WindowBody]


class UnitComplianceBody(BaseModel):
    unit: str
    name: str
    kind: str
    planned_months: list[int]
    behind: bool
    rules: list[RuleBody]


class ComplianceResponse(BaseModel):
    period: str
    start: date
    end: date
    as_of: date
    behind: list[str] = Field(description="names of the units behind schedule")
    units: list[UnitComplianceBody]

    @classmethod
    def of(cls, report: ComplianceReport) -> ComplianceResponse:
        units = []
        for entry in report.units:
            rules = [
                RuleBody(
                    rule=r.requirement.rule.value,
                    label=r.requirement.label,
                    window=r.requirement.window.value,
                    needed_per_window=r.requirement.needed,
                    required=len(r.windows),
                    met=r.count(WindowStatus.MET),
                    missed=r.count(WindowStatus.MISSED),
                    open=r.count(WindowStatus.OPEN),
                    done=sum(w.done for w in r.windows),
                    behind=r.behind,
                    windows=[
                        WindowBody(
                            key=w.key,
                            first=w.first,
                            last=w.last,
                            done=w.done,
                            status=w.status.value,
                        )
                        for w in r.windows
                    ],
                )
                for r in entry.rules
            ]
            units.append(
                UnitComplianceBody(
                    unit=entry.unit.code,
                    name=entry.unit.name,
                    kind=entry.unit.kind.value,
                    planned_months=entry.planned_months,
                    behind=entry.behind,
                    rules=rules,
                )
            )
        return cls(
            period=report.period.key,
            start=report.period.start,
            end=report.period.end,
            as_of=report.as_of,
            behind=[u.unit.name for u in report.behind],
            units=units,
        )

"""What the read models must hold, computed independently: replay every aggregate from the store."""

from __future__ import annotations

from collections import Counter
from typing import Any

from eventsourcing.utils import get_topic

from domain.lights import warning_end
from domain.problem import Problem
from domain.status import Status
from infrastructure.calendar import ChinaWorkingCalendar
from infrastructure.services import Services
from projections.unit_stats import contributions

RECTIFICATION_WORK = (
    "Assigned",
    "DeadlineSet",
    "Rectified",
    "Escalated",
    "PlanRecorded",
    "FixRejected",
)


def problem_ids(services: Services) -> list[Any]:
    notifications = services.ledger.recorder.select_notifications(
        start=0, limit=1_000_000, topics=[get_topic(Problem.Logged)]
    )
    return [n.originator_id for n in notifications]


def expected_rows(services: Services) -> dict[str, Any]:
    """Problems, rectifications and demands as the lists should show them, keyed by id."""
    calendar = ChinaWorkingCalendar.from_file(None)
    today = services.problems.today()
    problems, rectifications, demands = {}, {}, {}
    stats: Counter[tuple[str, str, str]] = Counter()
    for number, pid in enumerate(problem_ids(services), start=1):
        p: Problem = services.ledger.repository.get(pid)
        key = str(pid)
        r = p.rectification
        problems[key] = {
            "number": number,
            "title": p.title,
            "category": p.category.value,
            "status": p.status.value,
            "responsible_unit": p.responsible_unit,
            "assignee": p.assignee,
            "due_on": _iso(p.due_on),
            "flagged": p.flagged,
            "rectified_on": _iso(r.rectified_on) if r else None,
            "late": r.late if r else None,
            "closed_on": _iso(p.closed_on),
            "times_escalated": p.times_escalated,
            "times_reopened": p.times_reopened,
            "extensions": max(len(p.deadlines) - 1, 0),
            "demands": len(p.demands),
            "version": p.version,
            "light": p.light_on(today, warning_end(calendar, today)).value,
        }
        types = {type(e).__name__ for e in services.ledger.events.get(pid)}
        if types & set(RECTIFICATION_WORK):
            rectifications[key] = {
                "title": p.title,
                "measures": r.measures if r else None,
                "due_on": _iso(p.due_on),
                "rectified_on": _iso(r.rectified_on) if r else None,
                "closed": p.closed_on is not None,
                "deadlines": [_iso(d.due_on) for d in p.deadlines],
            }
        for d in p.demands.values():
            demands[(key, d.number)] = {"to_unit": d.to_unit, "met": d.met, "answer": d.answer}
        stats += expected_contributions(p)
    return {
        "problems": problems,
        "rectifications": rectifications,
        "demands": demands,
        "stats": {k: v for k, v in stats.items() if v},
    }


def expected_contributions(p: Problem) -> Counter[tuple[str, str, str]]:
    """From the final state only; late is what the aggregate decided when it was rectified,
    overdue at a month's end what the deadline in force says."""
    r = p.rectification
    counts = contributions(
        {
            "unit": p.responsible_unit,
            "found_on": _iso(p.found_on),
            "due_on": _iso(p.due_on),
            "rectified_on": _iso(r.rectified_on) if r else None,
            "closed_on": _iso(p.closed_on),
            "withdrawn": p.status is Status.WITHDRAWN,
        }
    )
    for (unit, period, field), amount in list(counts.items()):
        if field.startswith("rectified_") and field != "rectified":
            del counts[(unit, period, field)]
            late = r is not None and r.late
            counts[(unit, period, "rectified_late" if late else "rectified_on_time")] += amount
    return counts


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()

"""The activities read model equals what the activity aggregates say, and a rebuild from zero
gives the same rows: checked over a demo quarter of sit-ins, walk-throughs, rounds and reports."""

from __future__ import annotations

from collections import Counter
from datetime import date
from uuid import UUID

from demo.activities import DemoYear
from domain.activity import Activity
from domain.activity_codes import ActivityStatus, LeaderRole
from domain.activity_records import InspectionRecord, SitInRecord, WalkThroughRecord
from domain.codes import SourceMode
from domain.weekly_report import WeeklyReport, on_time
from infrastructure.calendar import ChinaWorkingCalendar
from infrastructure.read_models.registry import ProjectionRegistry
from infrastructure.services import Services
from tests.application.test_projection_crashes import dump


def created_ids(services: Services) -> list[UUID]:
    notifications = services.ledger.recorder.select_notifications(start=0, limit=1_000_000)
    return [n.originator_id for n in notifications if n.originator_version == 1]


def expected_done(services: Services) -> Counter[tuple[str, str, str]]:
    """The per-day counts, computed from the aggregates themselves (the oracle)."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for aggregate_id in created_ids(services):
        aggregate = services.ledger.repository.get(aggregate_id)
        if isinstance(aggregate, WeeklyReport):
            rule = "weekly_report" if on_time(aggregate.monday, aggregate.submitted_at) else None
            key = (aggregate.hall, rule or "weekly_report_late", aggregate.monday.isoformat())
            counts[key] += 1
        if not isinstance(aggregate, Activity) or aggregate.status is not ActivityStatus.DONE:
            continue
        day = aggregate.on.isoformat()
        record = aggregate.record
        if isinstance(record, SitInRecord):
            counts[(aggregate.unit, "sit_in", day)] += 1
            if aggregate.leader_role is LeaderRole.HEAD:
                counts[(aggregate.unit, "head_sit_in", day)] += 1
        elif isinstance(record, WalkThroughRecord):
            counts[(aggregate.unit, "walk_through", day)] += 1
        elif isinstance(record, InspectionRecord):
            self_check = record.level is SourceMode.SELF_CHECK
            counts[(aggregate.unit, "self_check" if self_check else "patrol", day)] += 1
    return counts


def test_the_activity_rows_equal_the_aggregates_and_a_rebuild(services: Services) -> None:
    calendar = ChinaWorkingCalendar.from_file(None)
    recorded = DemoYear(services.ledger, services.units, calendar, date(2026, 3, 31)).run()
    assert recorded > 100
    services.read_models.catch_up_now()
    tables = dump(services, "activities")
    done = Counter({(u, r, d): n for u, r, d, n in tables["done"]})
    assert done == expected_done(services)
    activities = [services.ledger.repository.get(i) for i in created_ids(services)]
    assert {row[0] for row in tables["activities"]} == {
        str(a.id) for a in activities if isinstance(a, Activity)
    }
    generation = ProjectionRegistry(services.sql).active("activities")
    rebuilt = services.read_models.rebuild(["activities"])[0]
    assert generation is not None and rebuilt.generation == generation.generation + 1
    assert dump(services, "activities") == tables

"""A replay begun from the lists read model (ADR 40) answers exactly what a replay from the log's
first event answers, reads only the events after the lists' position, and is not begun where the
lists cannot stand for the log up to the cut-off; on both stores."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, cast

from application.ports import CHINA
from application.submissions import Snapshot
from demo.quarter import DemoQuarter
from infrastructure.calendar import ChinaWorkingCalendar
from infrastructure.read_models.lists_seed import ListsAsRead, ListsSeed
from infrastructure.reports.snapshot import LogSnapshots
from infrastructure.services import Services
from tests.application.test_snapshot_cache import CountingLedger
from tests.conftest import NEW_PROBLEM, TODAY_NOON, Api

AFTER_THE_DEMO = datetime(2026, 11, 23, 12, 30, tzinfo=CHINA)  # its last events: 20 Nov, noon


def in_order(snapshot: Snapshot) -> tuple[Any, ...]:
    """Everything a report reads; rows hanging off a problem in the order reports sort them."""
    return (
        snapshot.cutoff,
        snapshot.position,
        snapshot.link,
        snapshot.problems,
        sorted(snapshot.rectifications, key=lambda r: r.problem_id),
        sorted(snapshot.demands, key=lambda d: (d.problem_id, d.number)),
    )


def demo_quarter(services: Services) -> None:
    calendar = ChinaWorkingCalendar.from_file(None)
    DemoQuarter(services.ledger, services.units, calendar, date(2026, 11, 20), seed=11).run(
        days=40, per_day=2.0
    )


def followed(api: Api) -> int:
    """The lists' position once they hold every write so far (the app's worker follows)."""
    head = api.services.ledger.head_position()
    api.get("office", "/lists/problems", min_position=head)
    position = api.services.read_models.reader.positions()["lists"]
    assert position is not None
    return position


def test_a_replay_begun_from_the_lists_is_the_replay_from_the_first_event(api: Api) -> None:
    """The demo's flows (signing, plans, fixes rejected and accepted, extensions, co-units,
    demands); then writes the lists have not followed yet, which the begun replay reads on."""
    services = api.services
    demo_quarter(services)
    lists_at = followed(api)
    services.clock.move_to(AFTER_THE_DEMO - timedelta(minutes=5))  # type: ignore[attr-defined]
    for _ in range(3):  # recorded after the lists' position: read on from the log
        assert api.post("office", "/problems", NEW_PROBLEM).status_code == 201
    counting = CountingLedger(services.ledger)
    seed = ListsSeed(services.read_models.reader)
    begun = LogSnapshots(counting, services.audit.link_at, seed=seed)  # type: ignore[arg-type]
    fresh = LogSnapshots(services.ledger, services.audit.link_at)
    assert in_order(begun.as_of(AFTER_THE_DEMO)) == in_order(fresh.as_of(AFTER_THE_DEMO))
    assert lists_at > 300
    head = services.ledger.head_position()
    assert counting.rows_read <= head - lists_at  # not the log from its first event
    later = AFTER_THE_DEMO + timedelta(hours=2)  # "now" again: the same replay rolls on
    assert in_order(begun.as_of(later)) == in_order(fresh.as_of(later))
    assert counting.rows_read <= head - lists_at


def bulletin(api: Api, period: str) -> dict[str, Any]:
    """All but the moment it was asked at (the test clock steps on at every reading)."""
    answer: dict[str, Any] = api.get("office", "/reports/bulletin", period=period).json()
    answer.pop("as_of")
    return answer


def test_the_running_months_bulletin_after_a_start_is_the_one_a_full_replay_gives(
    api: Api,
) -> None:
    """Through the service as built, as a process just started answers them: the bulletins of
    the month and of the quarter running (as of now), then the same from a full replay."""
    services = api.services
    demo_quarter(services)
    followed(api)
    services.clock.move_to(TODAY_NOON)  # type: ignore[attr-defined]
    begun: list[int] = []
    snapshots = cast(LogSnapshots, services.submissions.snapshots)
    seed = snapshots.seed
    assert seed is not None

    def spied(cutoff: datetime) -> ListsAsRead | None:
        seeded = seed(cutoff)
        begun.extend([seeded.position] if seeded else [])
        return seeded

    snapshots.seed = spied
    month, quarter = bulletin(api, "2026-11"), bulletin(api, "2026Q4")
    services.submissions.snapshots = LogSnapshots(services.ledger, services.audit.link_at)
    assert bulletin(api, "2026-11") == month
    assert bulletin(api, "2026Q4") == quarter
    assert any(row["overdue"] for row in month["ranking"]) and month["named"]
    assert len(begun) == 1  # the first asked began from the lists; the second rolled on


def test_lists_holding_an_event_at_or_after_the_cut_off_are_not_a_beginning(
    services: Services,
) -> None:
    """A past period's cut-off, a cut-off at a stamp, lists not built: the log from its start."""
    seed = ListsSeed(services.read_models.reader)
    assert seed(AFTER_THE_DEMO) is None  # not built yet
    demo_quarter(services)
    services.read_models.catch_up_now()
    assert seed(datetime(2026, 10, 1, tzinfo=CHINA)) is None
    newest = max(
        datetime.fromisoformat(row[0])
        for row in services.sql.execute(
            f"SELECT updated_at FROM {services.read_models.reader.prefix(ListsSeed.projection)}"
            "_problems"
        )
    )
    assert seed(newest) is None
    seeded = seed(newest + timedelta(microseconds=1))
    assert seeded is not None
    assert seeded.position == services.read_models.reader.positions()["lists"]
    numbers = [row["number"] for row in seeded.tables["problems"].values()]
    assert numbers == list(range(1, len(numbers) + 1))  # in the order a replay puts them

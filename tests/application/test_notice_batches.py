"""The notifier folds problems along its batch of the log (application/batch_states.py): the
notices are the ones a read of each problem as of each event gives, from wherever a batch
begins, and a batch holding a problem's whole life reads nothing from the store. Both stores."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Api
from tests.http.test_notifications import every_trigger
from tests.http.test_supervision_workflow import log, ok


def two_lives(api: Api) -> None:
    """Two problems, their events interleaved: every kind of trigger, and events that tell
    nobody in between."""
    first, second = log(api), log(api, unit="transport")
    ok(api, "office", f"/problems/{second}/flag", {"flagged": True, "reason": "群众反映强烈"})
    every_trigger(api, first)
    ok(api, "office", f"/problems/{second}/assign", {"unit": "civil_affairs"})


def test_notices_folded_along_a_batch_are_those_of_reading_each_event(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_lives(api)
    ledger = api.services.ledger
    notifier = api.services.notifications.worker.notifier
    records = ledger.recorder.select_notifications(start=1, limit=10_000)
    events = [ledger.mapper.to_domain_event(r) for r in records]
    reads: list[Any] = []
    get = ledger.repository.get

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(args)
        return get(*args, **kwargs)

    monkeypatch.setattr(ledger.repository, "get", counted)
    each = [notifier.after_events([event]) for event in events]  # a fresh batch per event

    def told(start: int) -> list[Any]:
        return [notice for notices in each[start:] for notice in notices]

    triggers = sum(1 for notices in each if notices)
    assert triggers >= 7 and len(reads) >= triggers  # hand-outs x3, demand, flag, decision...

    reads.clear()
    assert notifier.after_events(events, notifier.batch()) == told(0)
    assert reads == []  # every problem began inside the batch

    for start in range(1, len(events)):  # a batch beginning in the middle of both lives
        reads.clear()
        assert notifier.after_events(events[start:], notifier.batch()) == told(start)
        assert len(reads) <= 2  # each problem read at most once, then folded on

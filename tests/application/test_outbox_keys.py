"""Each minute's look at the reminders repeats the key of every lit problem: the outbox finds the
known ones in a few reads and adds only the new ones, with their deliveries, on both stores."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from domain.actor import Role
from domain.notice_routes import Channel, Route
from domain.notices import Audience, Notice, NoticeKind
from infrastructure.notifications.outbox import KEYS_A_LOOK, Outbox
from infrastructure.services import Services

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def notice(n: int) -> Notice:
    return Notice(
        f"turned_red:problem-{n}:rectifying:2026-11-20",
        NoticeKind.TURNED_RED,
        Audience(Role.UNIT_LEAD, "transport"),
        f"已超期：第{n}号问题",
        "请立即办理。",
        f"/workbench/problems/{n}",
        date(2026, 11, 23),
    )


def test_a_look_repeating_known_reminders_adds_only_the_new_and_their_deliveries(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    outbox = Outbox(services.sql)
    tried: list[str] = []
    insert = Outbox._insert

    def counted_insert(tx: Any, notice: Notice, stamp: str) -> bool:
        tried.append(notice.key)
        return insert(tx, notice, stamp)

    monkeypatch.setattr(Outbox, "_insert", staticmethod(counted_insert))
    hook = [Route(Channel.WECOM, "交通局群", "https://example.invalid/hook")]
    many = KEYS_A_LOOK * 2 + 7  # more than one read's worth of keys
    first = [notice(n) for n in range(many)]
    assert outbox.record(first, lambda _: hook, NOW) == many
    again = [*first, notice(many), notice(many + 1), notice(many)]  # one twice in the look too
    tried.clear()
    assert outbox.record(again, lambda _: hook, NOW) == 2
    assert len(tried) == 2  # the known ones found by reading, the one given twice tried once
    counted = services.sql.execute("SELECT COUNT(*) FROM rectify_notices")[0][0]
    deliveries = services.sql.execute("SELECT COUNT(*) FROM rectify_deliveries")[0][0]
    bundle = 1  # the first look's many reached the robot as one message too (ADR 50)
    assert (counted, deliveries) == (many + 2 + bundle, many + 2 + bundle)
    tried.clear()
    assert outbox.record(again, lambda _: hook, NOW) == 0 and tried == []

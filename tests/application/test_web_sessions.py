"""A workbench session ends after its idle time without a request, slides on while used, and
never outlives ten hours from its sign-in: on both stores, with the wall clock stepped by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from infrastructure.services import Services
from infrastructure.web_sessions import LIFETIME, SessionStore


class Wall:
    def __init__(self) -> None:
        self.at = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at

    def wait(self, **length: float) -> None:
        self.at += timedelta(**length)


def test_a_session_left_alone_ends_and_one_in_use_lasts_the_working_day(
    services: Services,
) -> None:
    wall = Wall()
    store = SessionStore(services.sql, idle=timedelta(minutes=30), now=wall)
    left, _ = store.open("li")
    used, _ = store.open("wang")
    wall.wait(minutes=29)
    assert store.find(left) is not None  # a page at 29 minutes: it goes on
    assert store.find(used) is not None
    wall.wait(minutes=29)
    assert store.find(left) is not None  # 29 minutes after the last page, not the sign-in
    assert store.find(used) is not None
    wall.wait(minutes=20)
    assert store.find(used) is not None
    wall.wait(minutes=11)
    assert store.find(left) is None  # half an hour and more without a page
    while wall.at < datetime(2026, 12, 3, 1, 0, tzinfo=UTC) + LIFETIME - timedelta(minutes=5):
        assert store.find(used) is not None
        wall.wait(minutes=20)
    wall.wait(minutes=20)
    assert store.find(used) is None  # ten hours after signing in, however busy


def test_a_page_every_few_seconds_writes_the_session_once_a_minute(services: Services) -> None:
    wall = Wall()
    store = SessionStore(services.sql, idle=timedelta(minutes=30), now=wall)
    session, _ = store.open("li")

    def expires() -> str:
        return str(services.sql.execute("SELECT expires_at FROM rectify_sessions")[0][0])

    first = expires()
    wall.wait(seconds=50)
    assert store.find(session) is not None and expires() == first  # not written yet
    wall.wait(seconds=20)
    assert store.find(session) is not None and expires() > first  # slid on

"""One person's account record, newest first, from the accounts read model."""

from __future__ import annotations

from datetime import datetime

from application.account_records import AccountEvent
from domain.actor import Role
from infrastructure.read_models.queries import SqlListReader
from projections.accounts import AccountEventsProjection

FIRST_BUILD_SECONDS = 3.0
"""How long a read waits for the read model to exist at all (its first build, at first start)."""


class SqlAccountRecords:
    def __init__(self, lists: SqlListReader) -> None:
        self.lists = lists

    def of(self, login: str, limit: int) -> list[AccountEvent]:
        self.lists.wait(0, FIRST_BUILD_SECONDS, (AccountEventsProjection,))
        prefix = self.lists.prefix(AccountEventsProjection)
        rows = self.lists.database.execute(
            f"SELECT what, role, unit, by_name, by_role, at FROM {prefix}_account_events "
            "WHERE login = %s ORDER BY at DESC, record_id DESC LIMIT %s",
            (login, limit),
        )
        return [
            AccountEvent(what, Role(role), unit, by_name, Role(by_role), datetime.fromisoformat(at))
            for what, role, unit, by_name, by_role, at in rows
        ]

"""One person's account record, newest first, from the accounts read model."""

from __future__ import annotations

from datetime import datetime

from application.account_records import AccountEvent
from domain.actor import Role
from infrastructure.read_models.queries import SqlListReader
from projections.accounts import AccountEventsProjection

WAIT_SECONDS = 3.0
"""How long a read waits for the read model to reach the position asked (or, at the service's
first start, to exist at all)."""


class SqlAccountRecords:
    def __init__(self, lists: SqlListReader) -> None:
        self.lists = lists

    def of(self, login: str, limit: int, min_position: int) -> list[AccountEvent]:
        self.lists.wait(min_position, WAIT_SECONDS, (AccountEventsProjection,))
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

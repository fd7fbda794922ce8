"""每个账户的记录: what happened to each person's account (added, changed, passwords reset or
changed, disabled, enabled, signed in and out), who did it and when, as rows by login, so the
admin reads one person's record without reading the log's every account event."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from domain.person_record import PersonRecord
from projections.base import RowProjection, iso, text
from projections.ports import RowSession, TableSpec

ACCOUNT_EVENTS = TableSpec(
    "account_events",
    text("record_id", "login", "what", "role", "unit", "by_name", "by_role", "at"),
    key=("record_id",),
    indexes=(("login", "at"),),
)


class AccountEventsProjection(RowProjection):
    name = "accounts"
    version = 1
    tables = (ACCOUNT_EVENTS,)

    @singledispatchmethod
    def evolve(self, event: Any, rows: RowSession) -> None:
        """Every other event leaves the accounts' records as they are."""

    @evolve.register
    def _happened(self, event: PersonRecord.Happened, rows: RowSession) -> None:
        record_id = str(event.originator_id)
        rows.put(
            "account_events",
            (record_id,),
            {
                "record_id": record_id,
                "login": event.person.name,
                "what": event.what,
                "role": event.person.role.value,
                "unit": event.person.unit,
                "by_name": event.actor.name,
                "by_role": event.actor.role.value,
                "at": iso(event.timestamp),
            },
        )

"""An inspector's read, itself recorded as a fact: who looked at which problem, and how; or
which list, report, export or record (`Consulted`: what was asked and how many rows came back)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.actor import Actor, Role
from domain.errors import PermissionDeniedError
from domain.recording_time import recorded_now


class AccessRecord(Aggregate):
    """One read of one problem; created once, never changed."""

    class Recorded(Aggregate.Created):
        create_timestamp = staticmethod(recorded_now)

        actor: Actor
        problem_id: UUID
        view: str
        version: int | None
        as_of: datetime | None

        def apply(self, aggregate: Any) -> None:
            record: AccessRecord = aggregate
            record.actor = self.actor
            record.problem_id = self.problem_id
            record.view = self.view

    class Consulted(Aggregate.Created):
        """Any other read: `kind` names what (list, export, report, activity, audit, ...),
        `path` and `query` what was asked, `rows` how many rows came back."""

        create_timestamp = staticmethod(recorded_now)

        actor: Actor
        kind: str
        path: str
        query: str
        rows: int

        def apply(self, aggregate: Any) -> None:
            record: AccessRecord = aggregate
            record.actor = self.actor
            record.view = self.kind

    def __init__(self) -> None:
        self.actor: Actor | None = None
        self.problem_id: UUID | None = None
        self.view = ""

    @classmethod
    def consult(cls, actor: Actor, kind: str, path: str, query: str, rows: int) -> AccessRecord:
        return cls._create(cls.Consulted, actor=actor, kind=kind, path=path, query=query, rows=rows)

    @classmethod
    def record(
        cls,
        actor: Actor,
        problem_id: UUID,
        view: str,
        version: int | None = None,
        as_of: datetime | None = None,
    ) -> AccessRecord:
        return cls._create(
            cls.Recorded,
            actor=actor,
            problem_id=problem_id,
            view=view,
            version=version,
            as_of=as_of,
        )


def reads_access_log(role: Role) -> bool:
    """The office and the admin read the access log, an inspector its own part of it."""
    return role in (Role.OFFICE, Role.ADMIN, Role.INSPECTOR)


def whose_reads(actor: Actor, asked: str | None) -> str | None:
    """Whose recorded reads `actor` may list (None: everyone's). The office and the admin see
    all; an inspector sees its own (what it looked at is on record, and it may check so)."""
    if actor.role in (Role.OFFICE, Role.ADMIN):
        return asked
    if actor.role is Role.INSPECTOR and asked in (None, actor.name):
        return actor.name
    if actor.role is Role.INSPECTOR:
        raise PermissionDeniedError("an inspector lists its own reads only")
    raise PermissionDeniedError("the access log is the office's, the admin's and inspectors'")

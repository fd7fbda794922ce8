"""Reading problems now, as of a version or an instant, and their history; inspectors are logged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from application.errors import ProblemNotFoundError
from application.ledger import Ledger
from application.ports import CHINA, Clock
from application.problems import Problems, ProblemView
from domain.access import AccessRecord
from domain.actor import Actor, Role
from domain.evidence import EvidenceFile
from domain.permissions import check_can_read
from domain.problem import Problem
from domain.recording_time import recording_with

EVENT_BASE_FIELDS = frozenset(
    {"originator_id", "originator_version", "timestamp", "originator_topic", "actor", "command_id"}
)


BUSINESS_DATES = ("found_on", "rectified_on", "closed_on", "raised_on", "answered_on")


@dataclass(frozen=True)
class HistoryEntry:
    """One stored event as an inspector sees it."""

    version: int
    type: str
    recorded_at: datetime
    actor: Actor
    data: dict[str, Any]
    business_date: date | None = None  # the day the fact happened, when the event has one
    backdated: bool = False  # that day is before the day it was recorded (China time)
    command_id: str = ""  # the command that recorded it (a retry key, an import's row)


class ProblemReads:
    """Every read checks visibility; an inspector's read leaves an access record."""

    def __init__(self, ledger: Ledger, problems: Problems, clock: Clock) -> None:
        self.ledger = ledger
        self.problems = problems
        self.clock = clock
        self.number_of: Callable[[UUID, int], int | None] = lambda *_: None  # the lists', wired

    def get_problem(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        version: int | None = None,
        as_of: datetime | None = None,
    ) -> ProblemView:
        problem = self._read_at(actor, problem_id, "state", version, as_of)
        return ProblemView(problem, self.problems.light(problem))

    def evidence_file(
        self, actor: Actor, problem_id: UUID, sha256: str
    ) -> tuple[EvidenceFile, bytes]:
        """A file attached to the problem, for those who may read the problem (an inspector's
        read is recorded, as any read of its state)."""
        problem = self.problems.load(problem_id)
        check_can_read(actor, problem)
        found = self.problems.evidence.of_problem(problem, sha256)
        self._record_access(actor, problem_id, "file", None, None)
        return found

    def dossier(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        version: int | None = None,
        as_of: datetime | None = None,
    ) -> tuple[Problem, int | None, list[HistoryEntry]]:
        """问题档案: the problem as of `version` or `as_of` (default: now) and its history up to
        then, read once for a file; an inspector's read is recorded as a dossier."""
        problem = self._read_at(actor, problem_id, "dossier", version, as_of)
        number = self.number_of(problem_id, self.ledger.head_position())  # the file's, always
        events = self.ledger.events.get(problem_id, lte=problem.version)
        return problem, number, [self._entry(event) for event in events]

    def history(self, actor: Actor, problem_id: UUID) -> list[HistoryEntry]:
        check_can_read(actor, self.problems.load(problem_id))
        self._record_access(actor, problem_id, "history")
        return [self._entry(event) for event in self.ledger.events.get(problem_id)]

    def _read_at(
        self,
        actor: Actor,
        problem_id: UUID,
        view: str,
        version: int | None,
        as_of: datetime | None,
    ) -> Problem:
        """The problem as of a version or an instant (default: now), if `actor` may read it;
        the read recorded as `view` for an inspector."""
        current = self.problems.load(problem_id)
        check_can_read(actor, current)
        if as_of is not None:
            version = self._version_at(problem_id, as_of)
        if version is not None and not 1 <= version <= current.version:
            raise ProblemNotFoundError(f"the problem has no version {version}")
        problem = current if version is None else self.problems.load(problem_id, version)
        self._record_access(actor, problem_id, view, version, as_of)
        return problem

    def _version_at(self, problem_id: UUID, instant: datetime) -> int:
        version = None
        events: list[Any] = list(self.ledger.events.get(problem_id))
        for event in events:
            if event.timestamp > instant:
                break
            version = event.originator_version
        if version is None:
            raise ProblemNotFoundError(f"problem {problem_id} was not yet logged at {instant}")
        return int(version)

    def _record_access(
        self,
        actor: Actor,
        problem_id: UUID,
        view: str,
        version: int | None = None,
        as_of: datetime | None = None,
    ) -> None:
        if actor.role is Role.INSPECTOR:
            with recording_with(self.clock.now):
                record = AccessRecord.record(actor, problem_id, view, version, as_of)
            self.ledger.save(record)

    @staticmethod
    def _entry(event: Any) -> HistoryEntry:
        data = {k: v for k, v in vars(event).items() if k not in EVENT_BASE_FIELDS}
        business = next((data[k] for k in BUSINESS_DATES if isinstance(data.get(k), date)), None)
        recorded_on = event.timestamp.astimezone(CHINA).date()
        return HistoryEntry(
            version=event.originator_version,
            type=type(event).__qualname__.split(".")[-1],
            recorded_at=event.timestamp,
            actor=event.actor,
            data=data,
            business_date=business,
            backdated=business is not None and business < recorded_on,
            command_id=getattr(event, "command_id", ""),
        )

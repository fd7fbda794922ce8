"""问题档案: one problem's record and whole history as it stood at a version, for a case file
(纪委监委) or the office's own records. The same version always makes the same file: names are
the register's as of its last event, people are named by their logins, and the file is stamped
with that event's time, never with the time it was made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from application.problem_reads import HistoryEntry, ProblemReads
from application.units import Units
from domain.actor import Actor
from domain.problem import Problem


@dataclass(frozen=True)
class Dossier:
    problem: Problem  # as of `history[-1]`
    number: int | None  # 第N号 in the lists (None: a read model that has not caught up)
    history: list[HistoryEntry]
    unit_names: dict[str, str]  # as the register named them then

    @property
    def stamp(self) -> datetime:
        """The time of the last event it holds: the file's own time."""
        return self.history[-1].recorded_at


class Dossiers:
    def __init__(self, reads: ProblemReads, units: Units) -> None:
        self.reads = reads
        self.units = units

    def dossier(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        version: int | None = None,
        as_of: datetime | None = None,
    ) -> Dossier:
        """Whoever may read the problem may have its dossier (an inspector's read recorded)."""
        problem, number, history = self.reads.dossier(
            actor, problem_id, version=version, as_of=as_of
        )
        names = {u.code: u.name for u in self.units.as_of(history[-1].recorded_at)}
        return Dossier(problem, number, history, names)

"""Value objects a problem keeps: its deadlines, its rectification and its demands (需求)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from domain.actor import Actor
from domain.evidence import EvidenceFile


@dataclass(frozen=True)
class DeadlineRecord:
    """One deadline set on the problem; a later one is an extension (延期) with its reason."""

    due_on: date
    working_days: int | None
    reason: str
    set_by: Actor
    set_on: date | None = None
    yellow_on: date | None = None


@dataclass(frozen=True)
class Backdating:
    """How far back a fix is dated (working days before today), and how far a unit lead may."""

    working_days_back: int = 0
    limit: int = 5


NOT_BACKDATED = Backdating()


@dataclass(frozen=True)
class Rectification:
    """What the unit did: measures, result, evidence, and whether it came after the deadline."""

    measures: str
    result: str
    rectified_on: date
    evidence: tuple[str, ...]
    late: bool
    on_the_spot: bool
    by: Actor
    backdate_reason: str = ""
    files: tuple[EvidenceFile, ...] = ()

    @property
    def entered_afterwards(self) -> bool:
        """补录: the office entered it beyond the days a unit may date a fix back."""
        return bool(self.backdate_reason)


@dataclass(frozen=True)
class Demand:
    """A need the solution depends on, addressed to the unit that must answer it."""

    number: int
    text: str
    to_unit: str
    raised_on: date
    raised_by: Actor
    answer: str | None = None
    met: bool | None = None
    answered_on: date | None = None
    answered_by: Actor | None = None

    @property
    def is_answered(self) -> bool:
        return self.answered_on is not None

    def answered(self, answer: str, met: bool, on: date, by: Actor) -> Demand:
        return replace(self, answer=answer, met=met, answered_on=on, answered_by=by)

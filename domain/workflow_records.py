"""What the supervision workflow keeps on a problem: send-backs, the unit's plan, rejected fixes
and follow-ups with the person who complained."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.actor import Actor
from domain.evidence import EvidenceFile
from domain.records import Rectification


@dataclass(frozen=True)
class SendBack:
    """退回: the unit said the problem is not its own."""

    unit: str
    reason: str
    sent_on: date
    by: Actor


@dataclass(frozen=True)
class Plan:
    """整改方案: the measures and who carries them out."""

    measures: str
    person: str
    planned_on: date
    by: Actor


@dataclass(frozen=True)
class RejectedFix:
    """A fix the acceptor found incomplete (整改不彻底), kept in the problem's history."""

    rectification: Rectification
    reason: str
    rejected_on: date
    by: Actor


@dataclass(frozen=True)
class FollowUp:
    """回访: was the person who complained reached, and satisfied?"""

    reached: bool
    satisfied: bool | None
    note: str
    followed_up_on: date
    by: Actor
    files: tuple[EvidenceFile, ...] = ()  # the call record, a photo of the visit

    @property
    def settles(self) -> bool:
        """A follow-up that lets the fix be accepted: the person was reached."""
        return self.reached

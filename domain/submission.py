"""The submission register (报送登记): one unit's quarterly submission, handed in as the scan of
its sealed copy with the generated files' hashes, replaced until the office accepts it or
returned with a reason; on time when the filing accepted came in by the due day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.actor import Actor, Role
from domain.commanded import Commanded, CommandedEvent, Stamp
from domain.errors import InvalidTransitionError, InvalidValueError, PermissionDeniedError
from domain.evidence import EvidenceFile
from domain.recording_time import recorded_now
from domain.rules import check_text
from domain.text import normal_text

MAX_SCANS = 10


class SubmissionStatus(StrEnum):
    SUBMITTED = "submitted"  # 已报送, waiting for the office
    RETURNED = "returned"  # 已退回: the unit hands it in again
    ACCEPTED = "accepted"  # 已接收


@dataclass(frozen=True)
class Filing:
    scans: tuple[EvidenceFile, ...]
    generated: tuple[EvidenceFile, ...]  # the quarterly files as generated for this filing
    filed_on: date
    filed_at: datetime
    actor: Actor


class Submission(Commanded):
    class Filed(Aggregate.Created):
        create_timestamp = staticmethod(recorded_now)

        unit: str
        quarter: str
        due_on: date
        scans: list[EvidenceFile]
        generated: list[EvidenceFile]
        filed_on: date
        actor: Actor
        command_id: str

        def apply(self, aggregate: Any) -> None:
            submission: Submission = aggregate
            submission.unit = self.unit
            submission.quarter = self.quarter
            submission.due_on = self.due_on
            submission.filed(self, self.scans, self.generated, self.filed_on, self.actor)
            submission.remember_command(self.command_id)

    class Replaced(CommandedEvent):
        scans: list[EvidenceFile]
        generated: list[EvidenceFile]
        filed_on: date

        def apply_to(self, submission: Submission) -> None:
            submission.filed(self, self.scans, self.generated, self.filed_on, self.actor)

    class Accepted(CommandedEvent):
        accepted_on: date

        def apply_to(self, submission: Submission) -> None:
            submission.status = SubmissionStatus.ACCEPTED
            submission.decided_on = self.accepted_on
            submission.decided_by = self.actor

    class Returned(CommandedEvent):
        reason: str
        returned_on: date

        def apply_to(self, submission: Submission) -> None:
            submission.status = SubmissionStatus.RETURNED
            submission.return_reason = self.reason
            submission.decided_on = self.returned_on
            submission.decided_by = self.actor

    def __init__(self) -> None:
        self.unit = ""
        self.quarter = ""
        self.due_on = date.min
        self.status = SubmissionStatus.SUBMITTED
        self.filings: list[Filing] = []
        self.return_reason = ""
        self.decided_on: date | None = None
        self.decided_by: Actor | None = None

    def filed(
        self,
        event: Any,
        scans: list[EvidenceFile],
        generated: list[EvidenceFile],
        on: date,
        actor: Actor,
    ) -> None:
        self.filings.append(Filing(tuple(scans), tuple(generated), on, event.timestamp, actor))
        self.status = SubmissionStatus.SUBMITTED
        self.return_reason = ""

    @property
    def latest(self) -> Filing:
        return self.filings[-1]

    @property
    def on_time(self) -> bool:
        """Judged by the filing in force: a replacement after the due day is late."""
        return self.latest.filed_on <= self.due_on

    @staticmethod
    def id_for(unit: str, quarter: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"rectify:submission:{unit}:{quarter}")

    @classmethod
    def file(
        cls,
        unit: str,
        quarter: str,
        due_on: date,
        scans: tuple[EvidenceFile, ...],
        generated: tuple[EvidenceFile, ...],
        today: date,
        stamp: Stamp,
    ) -> Submission:
        check_may_file(stamp.actor, unit)
        _check_scans(scans)
        return cls._create(
            cls.Filed,
            id=cls.id_for(unit, quarter),
            unit=unit,
            quarter=quarter,
            due_on=due_on,
            scans=list(scans),
            generated=list(generated),
            filed_on=today,
            **stamp.fields,
        )

    def replace(
        self,
        scans: tuple[EvidenceFile, ...],
        generated: tuple[EvidenceFile, ...],
        today: date,
        stamp: Stamp,
    ) -> None:
        check_may_file(stamp.actor, self.unit)
        if self.status is SubmissionStatus.ACCEPTED:
            raise InvalidTransitionError("the office has accepted this submission")
        _check_scans(scans)
        self.trigger_event(
            self.Replaced,
            scans=list(scans),
            generated=list(generated),
            filed_on=today,
            **stamp.fields,
        )

    def accept(self, today: date, stamp: Stamp) -> None:
        self._check_office(stamp.actor)
        self.trigger_event(self.Accepted, accepted_on=today, **stamp.fields)

    def send_back(self, reason: str, today: date, stamp: Stamp) -> None:
        self._check_office(stamp.actor)
        check_text("reason", reason)
        self.trigger_event(
            self.Returned, reason=normal_text(reason), returned_on=today, **stamp.fields
        )

    def _check_office(self, actor: Actor) -> None:
        if actor.role is not Role.OFFICE:
            raise PermissionDeniedError("the office accepts or returns submissions")
        if self.status is not SubmissionStatus.SUBMITTED:
            raise InvalidTransitionError(f"the submission is {self.status.value}, not waiting")


def check_may_file(actor: Actor, unit: str) -> None:
    """A unit's lead hands in its own unit's submission; the office may file it for a unit."""
    if not (actor.is_lead_of(unit) or actor.role is Role.OFFICE):
        raise PermissionDeniedError("only the unit's lead or the office files its submission")


def _check_scans(scans: tuple[EvidenceFile, ...]) -> None:
    if not scans:
        raise InvalidValueError("files", "attach the scan of the sealed copy (盖章扫描件)")
    if len(scans) > MAX_SCANS:
        raise InvalidValueError("files", f"at most {MAX_SCANS} files")

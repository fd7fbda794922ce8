"""Extension requests (延期申请): the responsible unit asks for more working days with a reason;
the office approves them (as many or fewer) or rejects them with a reason. Only an approved
request moves the deadline, by a `DeadlineSet` of its own, so the lists, the lights and
lateness read the approved deadline as they read any other."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from domain.actions import WHEN, Action
from domain.actor import Actor
from domain.calendar import MAX_WORKING_DAYS
from domain.commanded import CommandedEvent, Stamp
from domain.errors import InvalidTransitionError, InvalidValueError, UnknownDemandError
from domain.evidence import EvidenceFile
from domain.phase_clocks import PhaseClock
from domain.records import DeadlineRecord
from domain.rules import check_text
from domain.status import Status
from domain.text import normal_text

if TYPE_CHECKING:
    from domain.problem import Problem


@dataclass(frozen=True)
class ExtensionRequest:
    number: int
    working_days: int
    reason: str
    requested_on: date
    requested_by: Actor
    approved: bool | None = None  # None while the office has not decided
    granted_days: int | None = None
    decision_reason: str = ""
    decided_on: date | None = None
    decided_by: Actor | None = None
    files: tuple[EvidenceFile, ...] = ()  # what the request shows (a supplier's letter…)

    @property
    def pending(self) -> bool:
        return self.approved is None

    def decided(
        self, approved: bool, days: int | None, reason: str, on: date, by: Actor
    ) -> ExtensionRequest:
        return replace(
            self,
            approved=approved,
            granted_days=days,
            decision_reason=reason,
            decided_on=on,
            decided_by=by,
        )


def extension_reason(number: int, reason: str) -> str:
    """The reason an approved request's deadline carries, as the lists show extensions."""
    return f"延期申请{number}：{reason}"


class ExtensionEvents:
    """Mixed into `Problem`, so these are `Problem.ExtensionRequested` and so on."""

    class ExtensionRequested(CommandedEvent):
        class_version = 2

        number: int
        working_days: int
        reason: str
        requested_on: date
        files: tuple[EvidenceFile, ...]

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["files"] = ()

        def apply_to(self, problem: Problem) -> None:
            problem.extension_requests[self.number] = ExtensionRequest(
                self.number,
                self.working_days,
                self.reason,
                self.requested_on,
                self.actor,
                files=tuple(self.files),
            )

    class ExtensionDecided(CommandedEvent):
        """An approval is followed, in the same save, by the `DeadlineSet` it grants."""

        number: int
        approved: bool
        granted_days: int | None
        reason: str
        decided_on: date

        def apply_to(self, problem: Problem) -> None:
            request = problem.extension_requests[self.number]
            problem.extension_requests[self.number] = request.decided(
                self.approved, self.granted_days, self.reason, self.decided_on, self.actor
            )


class ExtensionCommands:
    """Mixed into `Problem`; what they read of it is declared for the type checker only."""

    if TYPE_CHECKING:
        status: Status
        deadlines: list[DeadlineRecord]
        extension_requests: dict[int, ExtensionRequest]
        ExtensionRequested: Any
        ExtensionDecided: Any
        DeadlineSet: Any

        @property
        def due_on(self) -> date | None: ...

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...

        def check_status(self, action: str, *allowed: Status) -> None: ...

    @property
    def pending_extension(self) -> ExtensionRequest | None:
        return next((r for r in self.extension_requests.values() if r.pending), None)

    def request_extension(
        self,
        working_days: int,
        reason: str,
        today: date,
        stamp: Stamp,
        files: tuple[EvidenceFile, ...] = (),
    ) -> int:
        self.check_status("ask to extend", *WHEN[Action.REQUEST_EXTENSION])
        if self.due_on is None:
            raise InvalidTransitionError("the problem has no deadline to extend yet")
        if self.pending_extension is not None:
            raise InvalidTransitionError("an extension request is already waiting for the office")
        if not 1 <= working_days <= MAX_WORKING_DAYS:
            raise InvalidValueError("working_days", f"must be between 1 and {MAX_WORKING_DAYS}")
        check_text("reason", reason)
        number = len(self.extension_requests) + 1
        self.trigger_event(
            self.ExtensionRequested,
            number=number,
            working_days=working_days,
            reason=normal_text(reason),
            requested_on=today,
            files=files,
            **stamp.fields,
        )
        return number

    def decide_extension(
        self,
        number: int,
        granted_days: int | None,
        deadline: PhaseClock | None,
        reason: str,
        today: date,
        stamp: Stamp,
    ) -> None:
        """`granted_days` None rejects; otherwise 1 to the days asked for, the deadline moving
        to `deadline`'s last day (those working days after the deadline in force)."""
        request = self.extension_numbered(number)
        if not request.pending:
            raise InvalidTransitionError(f"extension request {number} was already decided")
        self.check_status("decide an extension of", *WHEN[Action.DECIDE_EXTENSION])
        approved = granted_days is not None
        if approved and not 1 <= granted_days <= request.working_days:  # type: ignore[operator]
            raise InvalidValueError(
                "working_days", f"grant 1 to the {request.working_days} working days asked for"
            )
        check_text("reason", reason, required=not approved)
        self.trigger_event(
            self.ExtensionDecided,
            number=number,
            approved=approved,
            granted_days=granted_days,
            reason=normal_text(reason),
            decided_on=today,
            **stamp.fields,
        )
        if approved:
            assert deadline is not None
            self.trigger_event(
                self.DeadlineSet,
                due_on=deadline.due_on,
                working_days=granted_days,
                reason=extension_reason(number, request.reason),
                set_on=deadline.started_on,
                yellow_on=deadline.yellow_on,
                **stamp.fields,
            )

    def extension_numbered(self, number: int) -> ExtensionRequest:
        try:
            return self.extension_requests[number]
        except KeyError:
            raise UnknownDemandError(f"the problem has no extension request {number}") from None

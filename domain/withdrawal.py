"""撤销 and 恢复办理: the office takes back a problem logged in error (ADR 48), and puts back one
it took back by mistake (ADR 53). Both stay in the history with their reasons; in between the
problem counts nowhere."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from domain.actions import WHEN, Action
from domain.commanded import CommandedEvent, Stamp
from domain.errors import InvalidTransitionError
from domain.rules import check_text
from domain.status import Status
from domain.text import normal_text

if TYPE_CHECKING:
    from domain.problem import Problem


class WithdrawalEvents:
    """Mixed into `Problem`, so these are `Problem.Withdrawn` and `Problem.Reinstated`."""

    withdrawn_from: Status | None = None  # a snapshot from before 恢复办理 existed has none

    class Withdrawn(CommandedEvent):
        reason: str

        def apply_to(self, problem: Problem) -> None:
            problem.withdrawn_from = problem.status
            problem.status = Status.WITHDRAWN
            problem.withdraw_reason = self.reason

    class Reinstated(CommandedEvent):
        """Back to the status it was withdrawn from; its deadline and any extension request
        are told too, so the read models need no memory of what the withdrawal took away."""

        reason: str
        status: Status
        due_on: date | None
        pending_extension: bool

        def apply_to(self, problem: Problem) -> None:
            problem.status = self.status
            problem.withdrawn_from = None
            problem.withdraw_reason = ""


class WithdrawalCommands:
    """Mixed into `Problem`; what it reads of it is declared for the type checker only."""

    if TYPE_CHECKING:
        status: Status
        withdrawn_from: Status | None
        Withdrawn: Any
        Reinstated: Any

        @property
        def due_on(self) -> date | None: ...

        @property
        def pending_extension(self) -> Any: ...

        def check_status(self, action: str, *allowed: Status) -> None: ...

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...

    def withdraw(self, reason: str, stamp: Stamp) -> None:
        """撤销: logged in error (a duplicate, not a problem of the hall); it stays in the log
        and its history, and counts nowhere from then on."""
        self.check_status("withdraw", *WHEN[Action.WITHDRAW])
        check_text("reason", reason)
        self.trigger_event(self.Withdrawn, reason=normal_text(reason), **stamp.fields)

    def reinstate(self, reason: str, stamp: Stamp) -> None:
        """恢复办理: withdrawn by mistake; it is back where it was, with its clocks as they ran
        meanwhile (a deadline passed while it was withdrawn is passed)."""
        self.check_status("reinstate", *WHEN[Action.REINSTATE])
        check_text("reason", reason)
        if self.withdrawn_from is None:
            raise InvalidTransitionError("withdrawn before it could be reinstated: log it again")
        self.trigger_event(
            self.Reinstated,
            reason=normal_text(reason),
            status=self.withdrawn_from,
            due_on=self.due_on,
            pending_extension=self.pending_extension is not None,
            **stamp.fields,
        )

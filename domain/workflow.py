"""The supervision workflow's commands (督办流程): hand out (交办), sign for (签收) or send back
(退回), the unit's plan (整改方案), follow-up (回访), and acceptance (验收) or its rejection.
Each phase's clock is worked out by the application from the rules in force and recorded here."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from domain.actions import WHEN, Action
from domain.district_rules import Phase
from domain.errors import InvalidTransitionError, InvalidValueError
from domain.evidence import EvidenceFile
from domain.phase_clocks import PhaseClock
from domain.records import DeadlineRecord, Rectification
from domain.rules import check_not_before, check_text
from domain.status import Status
from domain.text import normal_text
from domain.workflow_records import FollowUp, Plan

if TYPE_CHECKING:
    from domain.commanded import Stamp

PLAN_REASON = "整改方案"


def rejection_reason(reason: str) -> str:
    """The reason the fresh deadline after a rejected fix carries."""
    return f"验收未通过：{reason}"


class WorkflowCommands:
    """Mixed into `Problem`; what they read of it is declared for the type checker only."""

    if TYPE_CHECKING:
        status: Status
        responsible_unit: str
        deadlines: list[DeadlineRecord]
        rectification: Rectification | None
        plan: Plan | None
        follow_ups: list[FollowUp]
        Assigned: Any
        HandedOut: Any
        SignedFor: Any
        SentBack: Any
        PlanRecorded: Any
        DeadlineSet: Any
        FixRejected: Any
        FollowedUp: Any
        Closed: Any

        @property
        def due_on(self) -> date | None: ...

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...

        def check_status(self, action: str, *allowed: Status) -> None: ...

    def assign(
        self, unit: str, assignee: str, stamp: Stamp, sign: PhaseClock | None = None
    ) -> None:
        """Hand the problem to `unit`, which must sign for it by `sign`'s clock; without a clock
        (the office keeping it, or a new person in the unit that signed) no signing is asked."""
        self.check_status("assign", *WHEN[Action.ASSIGN])
        check_text("assignee", assignee, required=False)
        person = normal_text(assignee)
        if sign is None or (self.status is Status.ASSIGNED and unit == self.responsible_unit):
            self.trigger_event(self.Assigned, unit=unit, assignee=person, **stamp.fields)
            return
        self.trigger_event(
            self.HandedOut,
            unit=unit,
            assignee=person,
            handed_on=sign.started_on,
            sign_due_on=sign.due_on,
            sign_yellow_on=sign.yellow_on,
            **stamp.fields,
        )

    def sign_for(self, today: date, plan: PhaseClock, stamp: Stamp) -> None:
        self.check_status("sign for", *WHEN[Action.SIGN_FOR])
        self._signed(today, plan, stamp)

    def _signed(self, today: date, plan: PhaseClock, stamp: Stamp) -> None:
        self.trigger_event(
            self.SignedFor,
            signed_on=today,
            plan_due_on=plan.due_on,
            plan_yellow_on=plan.yellow_on,
            **stamp.fields,
        )

    def take_on(self, today: date, plan: PhaseClock, stamp: Stamp) -> None:
        """A problem its own unit's lead has just logged is signed for by logging it."""
        if self.status is not Status.LOGGED or self.deadlines:
            raise InvalidTransitionError("only a problem just logged by its own unit is taken on")
        self._signed(today, plan, stamp)

    def send_back(self, reason: str, today: date, stamp: Stamp) -> None:
        self.check_status("send back", *WHEN[Action.SEND_BACK])
        check_text("reason", reason)
        self.trigger_event(
            self.SentBack,
            unit=self.responsible_unit,
            reason=normal_text(reason),
            sent_on=today,
            **stamp.fields,
        )

    def record_plan(
        self,
        measures: str,
        person: str,
        deadline: PhaseClock,
        latest: date,
        working_days: int | None,
        stamp: Stamp,
    ) -> None:
        """`deadline`: the plan's clock from today; `latest`: the last day the rules allow (or
        the deadline in force, which only an approved extension moves)."""
        self.check_status("record a plan for", Status.ASSIGNED)
        check_text("measures", measures)
        check_text("person", person)
        today = deadline.started_on
        assert today is not None
        check_not_before(deadline.due_on, today, "due_on", "today")
        if deadline.due_on > latest:
            raise InvalidValueError(
                "due_on",
                f"{deadline.due_on.isoformat()} is after {latest.isoformat()}, the latest the "
                "district's rules allow (more time is asked for by an extension request)",
            )
        self.trigger_event(
            self.PlanRecorded,
            measures=normal_text(measures),
            person=normal_text(person),
            planned_on=today,
            **stamp.fields,
        )
        if deadline.due_on != self.due_on:
            self.set_phase_deadline(deadline, working_days, PLAN_REASON, stamp)

    def set_phase_deadline(
        self, clock: PhaseClock, working_days: int | None, reason: str, stamp: Stamp
    ) -> None:
        self.trigger_event(
            self.DeadlineSet,
            due_on=clock.due_on,
            working_days=working_days,
            reason=reason,
            set_on=clock.started_on,
            yellow_on=clock.yellow_on,
            **stamp.fields,
        )

    def follow_up(
        self,
        reached: bool,
        satisfied: bool | None,
        note: str,
        today: date,
        stamp: Stamp,
        files: tuple[EvidenceFile, ...] = (),
    ) -> None:
        self.check_status("follow up", *WHEN[Action.FOLLOW_UP])
        if not reached and satisfied is not None:
            raise InvalidValueError("satisfied", "only a person reached says whether satisfied")
        check_text("note", note, required=not reached)
        self.trigger_event(
            self.FollowedUp,
            reached=reached,
            satisfied=satisfied,
            note=normal_text(note),
            followed_up_on=today,
            files=files,
            **stamp.fields,
        )

    def accept(self, note: str, today: date, needs_follow_up: bool, stamp: Stamp) -> None:
        """验收销号: closes the problem; a complaint needs its follow-up (回访) first."""
        self.check_status("accept", *WHEN[Action.ACCEPT])
        self.check_followed_up(needs_follow_up)
        check_text("note", note, required=False)
        self.trigger_event(
            self.Closed, note=normal_text(note), closed_on=today, accepted=True, **stamp.fields
        )

    def check_followed_up(self, needs_follow_up: bool) -> None:
        if needs_follow_up and not any(f.settles for f in self.follow_ups):
            raise InvalidTransitionError(
                "a problem from a public review is followed up (回访) with the person who "
                "complained, and reached, before it is struck off"
            )

    def reject_fix(self, reason: str, fresh: PhaseClock, working_days: int, stamp: Stamp) -> None:
        """整改不彻底: back to rectifying, with a fresh deadline from today."""
        self.check_status("reject the fix of", *WHEN[Action.REJECT_FIX])
        check_text("reason", reason)
        assert fresh.phase is Phase.RECTIFYING
        text = normal_text(reason)
        self.trigger_event(
            self.FixRejected, reason=text, rejected_on=fresh.started_on, **stamp.fields
        )
        self.set_phase_deadline(fresh, working_days, rejection_reason(text), stamp)

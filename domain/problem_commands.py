"""The Problem's commands: each checks the rules, then records the fact as an event of
`Problem` (domain/problem.py holds the events and the state they build)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.actions import WHEN, Action
from domain.commanded import Stamp
from domain.date_range import check_supported
from domain.errors import InvalidTransitionError, InvalidValueError, UnknownDemandError
from domain.evidence import EvidenceFile
from domain.phase_clocks import PhaseClock
from domain.problem_values import Fix, NewProblem
from domain.records import NOT_BACKDATED, Backdating, DeadlineRecord, Demand
from domain.rules import (
    check_backdating,
    check_category_fits_source,
    check_mode_fits_source,
    check_not_after,
    check_not_before,
    check_text,
)
from domain.status import Status
from domain.text import is_blank, normal_text

if TYPE_CHECKING:
    from domain.problem import Problem


class ProblemCommands:
    """Mixed into `Problem`; `self` is always a Problem. What the commands read of it is
    declared here for the type checker only: at run time it is the aggregate's own state (an
    annotation here would become an argument of its created event)."""

    if TYPE_CHECKING:
        status: Status
        found_on: date
        flagged: bool
        responsible_unit: str
        deadlines: list[DeadlineRecord]
        demands: dict[int, Demand]
        Logged: Any
        DeadlineSet: Any
        Rectified: Any
        Closed: Any
        Escalated: Any
        Reopened: Any
        Flagged: Any
        Unflagged: Any
        DemandRaised: Any
        DemandAnswered: Any

        def check_co_units_settled(self) -> None: ...

        def check_followed_up(self, needs_follow_up: bool) -> None: ...

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...

        @classmethod
        def _create(cls, event_class: Any, **kwargs: Any) -> Any: ...

    @classmethod
    def log(
        cls,
        id: UUID,
        new: NewProblem,
        today: date,
        stamp: Stamp,
        files: tuple[EvidenceFile, ...] = (),
    ) -> Problem:
        check_category_fits_source(new.source, new.category)
        check_mode_fits_source(new.source, new.source_mode)
        check_supported(new.found_on, "found_on")
        check_not_after(new.found_on, today, "found_on", "today")
        for field in ("title", "description", "found_by"):
            check_text(field, getattr(new, field))
        for field in ("demand", "location", "activity_id"):
            check_text(field, getattr(new, field), required=False)
        problem: Problem = cls._create(
            cls.Logged,
            id=id,
            source=new.source,
            source_mode=new.source_mode,
            category=new.category,
            unit=new.unit,
            title=normal_text(new.title),
            description=normal_text(new.description),
            demand=normal_text(new.demand),
            found_on=new.found_on,
            found_by=normal_text(new.found_by),
            activity_id=new.activity_id,
            location=normal_text(new.location),
            files=files,
            **stamp.fields,
        )
        return problem

    def set_deadline(
        self,
        due_on: date,
        working_days: int | None,
        reason: str,
        stamp: Stamp,
        clock: PhaseClock | None = None,
    ) -> None:
        """`clock`: the deadline's start and first yellow day under the rules in force."""
        self.check_status("set a deadline on", *WHEN[Action.SET_DEADLINE])
        check_supported(due_on, "due_on")
        check_not_before(due_on, self.found_on, "due_on", "the day it was found")
        if self.deadlines and is_blank(reason):
            raise InvalidValueError("reason", "an extension (延期) must give its reason")
        check_text("reason", reason, required=False)
        self.trigger_event(
            self.DeadlineSet,
            due_on=due_on,
            working_days=working_days,
            reason=normal_text(reason),
            set_on=clock.started_on if clock else None,
            yellow_on=clock.yellow_on if clock else None,
            **stamp.fields,
        )

    def rectify(
        self,
        fix: Fix,
        today: date,
        stamp: Stamp,
        backdating: Backdating = NOT_BACKDATED,
        accept: PhaseClock | None = None,
    ) -> None:
        """`backdating`: how far back the fix's day lies in working days, and the limit;
        `accept`: the acceptance phase's clock from today."""
        self.check_status("rectify", *WHEN[Action.RECTIFY])
        self.check_co_units_settled()
        on = fix.rectified_on or today
        check_text("measures", fix.measures)
        check_text("result", fix.result)
        for index, item in enumerate(fix.evidence):
            check_text(f"evidence.{index}", item)
        check_supported(on, "rectified_on")
        check_not_before(on, self.found_on, "rectified_on", "the day it was found")
        check_not_after(on, today, "rectified_on", "today")
        check_text("backdate_reason", fix.backdate_reason, required=False)
        check_backdating(
            backdating.working_days_back, backdating.limit, stamp.actor, fix.backdate_reason
        )
        self.trigger_event(
            self.Rectified,
            measures=normal_text(fix.measures),
            result=normal_text(fix.result),
            rectified_on=on,
            evidence=tuple(normal_text(item) for item in fix.evidence),
            backdate_reason=normal_text(fix.backdate_reason),
            reported_on=today,
            files=tuple(fix.files),
            accept_due_on=accept.due_on if accept else None,
            accept_yellow_on=accept.yellow_on if accept else None,
            **stamp.fields,
        )

    def close(self, note: str, today: date, stamp: Stamp, needs_follow_up: bool = False) -> None:
        """Closed by the responsible unit itself, where the district's rules let it (else the
        acceptor's `accept` closes it); a complaint is followed up (回访) first all the same."""
        if self.status not in WHEN[Action.CLOSE]:
            raise InvalidTransitionError(
                f"a problem is closed (销号) only once rectified; this one is {self.status.value}"
            )
        self.check_followed_up(needs_follow_up)
        check_text("note", note, required=False)
        self.trigger_event(
            self.Closed, note=normal_text(note), closed_on=today, accepted=False, **stamp.fields
        )

    def escalate(
        self, to_unit: str, reason: str, stamp: Stamp, sign: PhaseClock | None = None
    ) -> None:
        """`sign`: the clock of the new unit's signing (None when the office takes it on)."""
        self.check_status("escalate", *WHEN[Action.ESCALATE])
        if to_unit == self.responsible_unit:
            raise InvalidTransitionError(f"{to_unit} is already responsible for this problem")
        check_text("reason", reason)
        self.trigger_event(
            self.Escalated,
            from_unit=self.responsible_unit,
            to_unit=to_unit,
            reason=normal_text(reason),
            handed_on=sign.started_on if sign else None,
            sign_due_on=sign.due_on if sign else None,
            sign_yellow_on=sign.yellow_on if sign else None,
            **stamp.fields,
        )

    def reopen(self, reason: str, stamp: Stamp) -> None:
        self.check_status("reopen", *WHEN[Action.REOPEN])
        check_text("reason", reason)
        self.trigger_event(self.Reopened, reason=normal_text(reason), **stamp.fields)

    def flag(self, flagged: bool, reason: str, stamp: Stamp) -> None:
        if flagged and self.flagged:
            raise InvalidTransitionError("the problem is already flagged (挂牌督办)")
        if not flagged and not self.flagged:
            raise InvalidTransitionError("the problem is not flagged")
        if flagged:
            self.check_status("flag", *WHEN[Action.FLAG])
        check_text("reason", reason, required=False)
        event_class = self.Flagged if flagged else self.Unflagged
        self.trigger_event(event_class, reason=normal_text(reason), **stamp.fields)

    def raise_demand(self, text: str, to_unit: str, today: date, stamp: Stamp) -> int:
        self.check_status("raise a demand on", *WHEN[Action.RAISE_DEMAND])
        check_text("text", text)
        number = len(self.demands) + 1
        self.trigger_event(
            self.DemandRaised,
            number=number,
            text=normal_text(text),
            to_unit=to_unit,
            raised_on=today,
            **stamp.fields,
        )
        return number

    def answer_demand(self, number: int, answer: str, met: bool, today: date, stamp: Stamp) -> None:
        self.check_status("answer a demand of", *WHEN[Action.ANSWER_DEMAND])
        demand = self.demand_numbered(number)
        if demand.is_answered:
            raise InvalidTransitionError(f"demand {number} was already answered")
        check_text("answer", answer)
        self.trigger_event(
            self.DemandAnswered,
            number=number,
            answer=normal_text(answer),
            met=met,
            answered_on=today,
            **stamp.fields,
        )

    # ----- invariants -----

    def demand_numbered(self, number: int) -> Demand:
        try:
            return self.demands[number]
        except KeyError:
            raise UnknownDemandError(f"the problem has no demand {number}") from None

    def check_status(self, action: str, *allowed: Status) -> None:
        if self.status not in allowed:
            names = ", ".join(s.value for s in Status if s in allowed)
            raise InvalidTransitionError(
                f"cannot {action} a problem that is {self.status.value} (allowed when: {names})"
            )

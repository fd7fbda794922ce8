"""The supervision workflow's events (交办, 签收, 退回, 整改方案, 验收不通过, 回访), mixed into
`Problem` so they are `Problem.HandedOut` and so on; the commands are in domain/workflow.py."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from domain.commanded import CommandedEvent
from domain.district_rules import Phase
from domain.evidence import EvidenceFile
from domain.status import Status
from domain.workflow_records import FollowUp, Plan, RejectedFix, SendBack

if TYPE_CHECKING:
    from domain.problem import Problem


class WorkflowEvents:
    class HandedOut(CommandedEvent):
        """交办: the unit must sign for it (签收) or send it back (退回) by `sign_due_on`."""

        unit: str
        assignee: str
        handed_on: date
        sign_due_on: date
        sign_yellow_on: date

        def apply_to(self, problem: Problem) -> None:
            problem.status = Status.HANDED
            problem.responsible_unit = self.unit
            problem.assignee = self.assignee
            problem.opened_phase(
                Phase.SIGNING, self.handed_on, self.sign_due_on, self.sign_yellow_on
            )

    class SignedFor(CommandedEvent):
        """签收: the unit takes the problem on; its plan is due by `plan_due_on`."""

        signed_on: date
        plan_due_on: date
        plan_yellow_on: date

        def apply_to(self, problem: Problem) -> None:
            problem.status = Status.ASSIGNED
            problem.finished_phase(Phase.SIGNING, self.signed_on)
            problem.opened_phase(
                Phase.PLANNING, self.signed_on, self.plan_due_on, self.plan_yellow_on
            )

    class SentBack(CommandedEvent):
        """退回: not this unit's problem; the office must hand it on."""

        unit: str
        reason: str
        sent_on: date

        def apply_to(self, problem: Problem) -> None:
            problem.status = Status.LOGGED
            problem.finished_phase(Phase.SIGNING, self.sent_on)
            problem.sent_back.append(SendBack(self.unit, self.reason, self.sent_on, self.actor))

    class PlanRecorded(CommandedEvent):
        """整改方案: the measures and the person responsible (its deadline is a DeadlineSet)."""

        measures: str
        person: str
        planned_on: date

        def apply_to(self, problem: Problem) -> None:
            problem.plan = Plan(self.measures, self.person, self.planned_on, self.actor)
            problem.assignee = self.person
            problem.finished_phase(Phase.PLANNING, self.planned_on)

    class FixRejected(CommandedEvent):
        """验收不通过 (整改不彻底): back to rectifying; a fresh deadline follows in the save."""

        reason: str
        rejected_on: date

        def apply_to(self, problem: Problem) -> None:
            assert problem.rectification is not None
            problem.rejected_fixes.append(
                RejectedFix(problem.rectification, self.reason, self.rejected_on, self.actor)
            )
            problem.rectification = None
            problem.status = Status.ASSIGNED
            problem.finished_phase(Phase.ACCEPTING, self.rejected_on)

    class FollowedUp(CommandedEvent):
        """回访: the person who complained was asked (reached or not, satisfied or not)."""

        class_version = 2

        reached: bool
        satisfied: bool | None
        note: str
        followed_up_on: date
        files: tuple[EvidenceFile, ...]

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["files"] = ()

        def apply_to(self, problem: Problem) -> None:
            problem.follow_ups.append(
                FollowUp(
                    self.reached,
                    self.satisfied,
                    self.note,
                    self.followed_up_on,
                    self.actor,
                    tuple(self.files),
                )
            )

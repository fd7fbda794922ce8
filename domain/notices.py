"""Notices (提醒): what the log tells the people a problem concerns. Each has a key naming the
one trigger it comes from, so however often a trigger is looked at, it is told once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from domain.actor import Actor, Role
from domain.ledger_rows import old_number_of
from domain.problem import Problem


class NoticeKind(StrEnum):
    HANDED_OUT = "handed_out"
    TURNED_YELLOW = "turned_yellow"
    TURNED_RED = "turned_red"
    DEMAND_WAITING = "demand_waiting"
    EXTENSION_DECIDED = "extension_decided"
    FIX_REJECTED = "fix_rejected"
    FLAGGED = "flagged"
    WITHDRAWN = "withdrawn"
    REINSTATED = "reinstated"
    TAKEN_OVER = "taken_over"
    ACTIVITY_TOMORROW = "activity_tomorrow"
    WEEKLY_REPORT_DUE = "weekly_report_due"
    SUBMISSION_DUE = "submission_due"
    SUBMISSION_LATE = "submission_late"
    DIGEST = "digest"


KIND_LABELS = {
    NoticeKind.HANDED_OUT: "问题交办",
    NoticeKind.TURNED_YELLOW: "即将到期",
    NoticeKind.TURNED_RED: "已超期催办",
    NoticeKind.DEMAND_WAITING: "需求待答复",
    NoticeKind.EXTENSION_DECIDED: "延期审批结果",
    NoticeKind.FIX_REJECTED: "验收不通过",
    NoticeKind.FLAGGED: "重点督办",
    NoticeKind.WITHDRAWN: "问题撤销",
    NoticeKind.REINSTATED: "恢复办理",
    NoticeKind.TAKEN_OVER: "撤并承接",
    NoticeKind.ACTIVITY_TOMORROW: "活动临近",
    NoticeKind.WEEKLY_REPORT_DUE: "周报今日截止",
    NoticeKind.SUBMISSION_DUE: "季度报送将到期",
    NoticeKind.SUBMISSION_LATE: "季度报送逾期",
    NoticeKind.DIGEST: "每日汇总",
}
PHASE_LABELS = {
    "signing": "签收",
    "planning": "制定整改方案",
    "rectifying": "整改",
    "accepting": "验收",
}


@dataclass(frozen=True)
class Audience:
    """Who a notice is for: a role, in one unit or (unit None) all of it, e.g. the office."""

    role: Role
    unit: str | None = None
    login: str | None = None  # one person only (a digest)

    def includes(self, actor: Actor) -> bool:
        if self.login is not None and actor.name != self.login:
            return False
        return actor.role is self.role and (self.unit is None or actor.unit == self.unit)


@dataclass(frozen=True)
class Notice:
    key: str  # the trigger: the same trigger always gives the same key
    kind: NoticeKind
    audience: Audience
    subject: str
    body: str
    link: str  # a workbench path
    on: date
    quiet: bool = False  # for the inbox only: no e-mail, no group message
    grouped: bool = False  # its group robots are told in a bundle with others (notice_routes)


def audience_of(unit: str, office_code: str) -> Audience:
    """A unit's leads, or the office when the unit is the office itself."""
    return Audience(Role.OFFICE) if unit == office_code else Audience(Role.UNIT_LEAD, unit)


def problem_link(problem_id: object) -> str:
    return f"/workbench/problems/{problem_id}"


TRIGGERS = (
    Problem.HandedOut,
    Problem.DemandRaised,
    Problem.ExtensionDecided,
    Problem.FixRejected,
    Problem.Flagged,
    Problem.Withdrawn,
    Problem.Reinstated,
    Problem.TakenOver,
)
"""The events `_told` has a notice for: the notifier looks at no other."""


def _told(event: Any, name: str) -> tuple[NoticeKind, str | None, str, str] | None:
    """An event's notice: its kind, the unit told (None: the responsible one), subject, body."""
    if isinstance(event, Problem.HandedOut):
        due = event.sign_due_on.isoformat()
        body = f"{name}已交办贵单位，请于 {due} 前签收或退回。"
        return NoticeKind.HANDED_OUT, event.unit, f"新交办：{name}", body
    if isinstance(event, Problem.DemandRaised):
        body = f"{name}提出需求，请答复：{event.text[:200]}"
        return NoticeKind.DEMAND_WAITING, event.to_unit, f"需求待答复：{name}", body
    if isinstance(event, Problem.ExtensionDecided):
        verdict = f"同意延期 {event.granted_days} 个工作日" if event.approved else "不同意延期"
        body = f"{name}的延期申请：{verdict}。{event.reason[:200]}"
        return NoticeKind.EXTENSION_DECIDED, None, f"延期申请已审批：{name}", body
    if isinstance(event, Problem.FixRejected):
        body = f"{name}验收不通过，请重新整改。理由：{event.reason[:200]}"
        return NoticeKind.FIX_REJECTED, None, f"验收不通过：{name}", body
    if isinstance(event, Problem.Flagged):
        body = f"{name}已列为重点督办。{event.reason[:200]}"
        return NoticeKind.FLAGGED, None, f"重点督办：{name}", body
    if isinstance(event, Problem.Withdrawn):
        body = f"{name}已撤销，无需继续办理。理由：{event.reason[:200]}"
        return NoticeKind.WITHDRAWN, None, f"问题已撤销：{name}", body
    if isinstance(event, Problem.Reinstated):
        body = f"{name}的撤销有误，已恢复办理，请继续整改。理由：{event.reason[:200]}"
        return NoticeKind.REINSTATED, None, f"问题恢复办理：{name}", body
    if isinstance(event, Problem.TakenOver):
        body = f"{name}原由已撤并的单位办理的部分，现由贵单位承接，请在工作台查看并继续办理。"
        return NoticeKind.TAKEN_OVER, event.to_unit, f"撤并承接：{name}", body
    return None


def notices_after(problem: Problem, event: Any, office_code: str, on: date) -> list[Notice]:
    """What one event of a problem tells whom; `problem` is as of that event."""
    told = _told(event, f"问题「{problem.title[:40]}」")
    if told is None:
        return []
    kind, unit, subject, body = told
    audience = audience_of(unit or problem.responsible_unit, office_code)
    key = f"{kind}:{problem.id}:{event.originator_version}"
    # an old ledger brought in hands hundreds out at once: told in the inbox, not one by one
    # and a merge (撤并) hands a unit's whole work on at once: the inbox tells it
    quiet = isinstance(event, Problem.TakenOver) or old_number_of(event.command_id) is not None
    link = problem_link(problem.id)
    return [Notice(key, kind, audience, subject, body, link, on, quiet)]


@dataclass(frozen=True)
class OpenPhase:
    """An open problem as the reminders see it: its open phase, that phase's last day, light."""

    problem_id: str
    number: int
    title: str
    unit: str
    phase: str
    due_on: date
    light: str


def phase_notices(row: OpenPhase, office_code: str, on: date) -> list[Notice]:
    """A phase turning yellow tells the unit; turning red tells the unit and the office (催办).
    The key holds the phase and its last day: a new deadline is a new trigger. Signing takes a
    day, so it is yellow from the start: its hand-out notice already says by when."""
    if row.light not in ("yellow", "red") or (row.light, row.phase) == ("yellow", "signing"):
        return []
    name = f"第{row.number}号问题「{row.title[:40]}」"
    phase = PHASE_LABELS.get(row.phase, row.phase)
    key = f"{row.problem_id}:{row.phase}:{row.due_on.isoformat()}"
    link = problem_link(row.problem_id)
    # 验收 is the office's step (or the finder's): its clock is the office's to watch
    unit = Audience(Role.OFFICE) if row.phase == "accepting" else audience_of(row.unit, office_code)
    if row.light == "yellow":
        body = f"{name}的{phase}期限为 {row.due_on.isoformat()}，即将到期，请抓紧办理。"
        kind = NoticeKind.TURNED_YELLOW
        return [Notice(f"{kind}:{key}", kind, unit, f"即将到期：{name}", body, link, on)]
    kind = NoticeKind.TURNED_RED
    body = f"{name}的{phase}期限 {row.due_on.isoformat()} 已过，请立即办理。"
    notices = [Notice(f"{kind}:{key}", kind, unit, f"已超期：{name}", body, link, on)]
    if unit.role is not Role.OFFICE:
        office = Audience(Role.OFFICE)
        notices.append(
            Notice(f"{kind}:{key}:office", kind, office, f"催办：{name}", body, link, on)
        )
    return notices

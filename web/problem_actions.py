"""Each form of the problem page, by its path's last word: the fields it reads and the one
command of application.problems it calls. No rule lives here; the commands check them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from application.context import CommandContext
from application.problems import Problems, ProblemView
from domain.codes import Category
from domain.permissions import Action
from domain.problem_values import Fix
from web.form_fields import Submitted, uploaded


@dataclass(frozen=True)
class Form:
    action: Action
    title: str  # what the person is told was done
    run: Callable[[Problems, CommandContext, UUID, Submitted], ProblemView]


YES_NO = frozenset({"yes", "no"})
DECISIONS = frozenset({"approve", "reject"})
SAYINGS = frozenset({"yes", "no", "unstated"})  # 满意, 不满意, 未表态
CATEGORIES = frozenset(c.value for c in Category)


def _assign(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    return p.assign(ctx, pid, f.text("unit"), f.text("assignee"))


def _deadline(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    by_date = f.fields.get("by") == "date"
    return p.set_deadline(
        ctx,
        pid,
        due_on=f.day("due_on", required=True) if by_date else None,
        working_days=None if by_date else f.number("working_days", required=True),
        reason=f.text("reason"),
    )


def _rectify(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    fix = Fix(
        f.text("measures"),
        f.text("result"),
        f.day("rectified_on"),
        f.lines("evidence"),
        f.text("backdate_reason"),
    )
    return p.rectify(ctx, pid, fix, uploaded(p.evidence, ctx, f))


def _close(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    return p.close(ctx, pid, f.text("note"))


def _escalate(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    return p.escalate(ctx, pid, f.chosen("to_unit", "移交单位"), f.text("reason"))


def _reopen(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    return p.reopen(ctx, pid, f.text("reason"))


def _flag(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    return p.flag(ctx, pid, f.fields.get("flagged") == "yes", f.text("reason"))


def _withdraw(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    return p.withdraw(ctx, pid, f.text("reason"))


def _reinstate(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    return p.reinstate(ctx, pid, f.text("reason"))


def _correct(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    return p.correct(
        ctx,
        pid,
        f.text("reason"),
        title=f.text("title"),
        description=f.text("description"),
        category=Category(f.chosen("category", "问题类别", CATEGORIES)),
        found_by=f.text("found_by"),
        location=f.text("location"),
    )


def _raise_demand(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    return p.raise_demand(ctx, pid, f.text("text"), f.chosen("to_unit", "对接单位"))


def _answer_demand(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    number = f.hidden_number("number")
    met = f.chosen("met", "是否满足", YES_NO) == "yes"
    return p.answer_demand(ctx, pid, number, f.text("answer"), met)


def _request_extension(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    days = f.number("working_days", required=True)
    assert days is not None
    return p.request_extension(ctx, pid, days, f.text("reason"), uploaded(p.evidence, ctx, f))


def _decide_extension(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    number = f.hidden_number("number")
    approved = f.chosen("decision", "审批意见", DECISIONS) == "approve"
    days = f.number("working_days") if approved else None
    return p.decide_extension(ctx, pid, number, approved, days, f.text("reason"))


def _co_units(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    named = tuple(sorted(k.removeprefix("co_") for k in f.fields if k.startswith("co_")))
    return p.name_co_units(ctx, pid, named)


def _co_unit_part(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    unit = ctx.actor.unit or ""
    return p.record_co_unit_part(ctx, pid, unit, f.text("text"), f.day("done_on"))


def _waive(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    return p.waive_co_unit_part(ctx, pid, f.text("unit"), f.text("reason"))


def _sign(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    return p.sign_for(ctx, pid)


def _send_back(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    return p.send_back(ctx, pid, f.text("reason"))


def _plan(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    return p.record_plan(ctx, pid, f.text("measures"), f.text("person"), due_on=f.day("due_on"))


def _follow_up(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    reached = f.chosen("reached", "是否联系上投诉人", YES_NO) == "yes"
    said = f.chosen("satisfied", "投诉人是否满意", SAYINGS) if reached else ""
    satisfied = {"yes": True, "no": False}.get(said)  # "unstated": 未表态
    files = uploaded(p.evidence, ctx, f)
    return p.follow_up(ctx, pid, reached, satisfied, f.text("note"), files)


def _accept(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    return p.accept(ctx, pid, f.text("note"))


def _reject(p: Problems, ctx: CommandContext, pid: UUID, f: Submitted) -> ProblemView:
    return p.reject_fix(ctx, pid, f.text("reason"))


FILE_FORMS = frozenset({"rectify", "extension", "follow-up"})
"""The forms that take photos and scans (multipart)."""

FORMS: dict[str, Form] = {
    "sign": Form(Action.SIGN_FOR, "已签收", _sign),
    "send-back": Form(Action.SEND_BACK, "已退回营商办", _send_back),
    "plan": Form(Action.RECORD_PLAN, "已提交整改方案", _plan),
    "follow-up": Form(Action.FOLLOW_UP, "已记录回访", _follow_up),
    "accept": Form(Action.ACCEPT, "已验收销号", _accept),
    "reject": Form(Action.REJECT_FIX, "已退回重新整改", _reject),
    "assign": Form(Action.ASSIGN, "已交办", _assign),
    "deadline": Form(Action.SET_DEADLINE, "已设定整改时限", _deadline),
    "rectify": Form(Action.RECTIFY, "已报告整改", _rectify),
    "close": Form(Action.CLOSE, "已销号", _close),
    "escalate": Form(Action.ESCALATE, "已移交", _escalate),
    "reopen": Form(Action.REOPEN, "已退回重办", _reopen),
    "flag": Form(Action.FLAG, "已更新挂牌督办", _flag),
    "demand": Form(Action.RAISE_DEMAND, "已提出需求", _raise_demand),
    "answer": Form(Action.ANSWER_DEMAND, "已答复需求", _answer_demand),
    "extension": Form(Action.REQUEST_EXTENSION, "已提交延期申请", _request_extension),
    "decision": Form(Action.DECIDE_EXTENSION, "已审批延期申请", _decide_extension),
    "co-units": Form(Action.NAME_CO_UNITS, "已确定协办单位", _co_units),
    "co-part": Form(Action.RECORD_CO_UNIT_PART, "已填报协办工作", _co_unit_part),
    "waive": Form(Action.WAIVE_CO_UNIT_PART, "已免于协办", _waive),
    "correct": Form(Action.CORRECT, "已更正登记信息", _correct),
    "withdraw": Form(Action.WITHDRAW, "已撤销该问题", _withdraw),
    "reinstate": Form(Action.REINSTATE, "已恢复办理该问题", _reinstate),
}
DONE = {slug: form.title for slug, form in FORMS.items()} | {"logged": "已登记"}

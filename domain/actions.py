"""Every command on a problem and the statuses it fits: the one table both the aggregate's
checks and the forms a person is offered read from."""

from __future__ import annotations

from enum import Enum

from domain.status import OPEN_STATUSES, Status


class Action(Enum):
    """Every command on a problem, for the permission check."""

    ASSIGN = "assign"
    SET_DEADLINE = "set_deadline"
    RECTIFY = "rectify"
    ENTER_RECTIFICATION = "enter_rectification"  # 补录: a fix entered afterwards, with a reason
    CLOSE = "close"
    ESCALATE = "escalate"
    REOPEN = "reopen"
    FLAG = "flag"
    RAISE_DEMAND = "raise_demand"
    ANSWER_DEMAND = "answer_demand"
    REQUEST_EXTENSION = "request_extension"  # 延期申请, by the responsible unit
    DECIDE_EXTENSION = "decide_extension"  # approved or rejected, by the office
    NAME_CO_UNITS = "name_co_units"  # 协办单位, by the office
    RECORD_CO_UNIT_PART = "record_co_unit_part"  # by the co-unit's lead
    WAIVE_CO_UNIT_PART = "waive_co_unit_part"  # by the office, with a reason
    SIGN_FOR = "sign_for"  # 签收, by the unit handed the problem
    SEND_BACK = "send_back"  # 退回, by that unit, with a reason
    RECORD_PLAN = "record_plan"  # 整改方案, by the responsible unit (or the office)
    ACCEPT = "accept"  # 验收销号, by the acceptor of the district's rules
    REJECT_FIX = "reject_fix"  # 验收不通过, by the acceptor, with a reason
    FOLLOW_UP = "follow_up"  # 回访 with the person who complained
    WITHDRAW = "withdraw"  # 撤销: logged in error, by the office, with a reason
    CORRECT = "correct"  # 更正: its words and category put right, by the office, with a reason
    REINSTATE = "reinstate"  # 恢复办理: withdrawn by mistake, by the office, with a reason


ACTIVE = OPEN_STATUSES | {Status.RECTIFIED}

WHEN: dict[Action, frozenset[Status]] = {
    Action.ASSIGN: OPEN_STATUSES,
    Action.SET_DEADLINE: OPEN_STATUSES,
    Action.RECTIFY: OPEN_STATUSES,
    Action.ENTER_RECTIFICATION: OPEN_STATUSES,
    Action.CLOSE: frozenset({Status.RECTIFIED}),
    Action.ESCALATE: OPEN_STATUSES,
    Action.REOPEN: frozenset({Status.RECTIFIED, Status.CLOSED}),
    Action.FLAG: ACTIVE,  # raising the flag; lowering it fits any status
    Action.RAISE_DEMAND: ACTIVE,
    Action.ANSWER_DEMAND: frozenset(Status) - {Status.WITHDRAWN},  # even once struck off
    Action.REQUEST_EXTENSION: OPEN_STATUSES,
    Action.DECIDE_EXTENSION: OPEN_STATUSES,
    Action.NAME_CO_UNITS: OPEN_STATUSES,
    Action.RECORD_CO_UNIT_PART: OPEN_STATUSES,
    Action.WAIVE_CO_UNIT_PART: OPEN_STATUSES,
    Action.SIGN_FOR: frozenset({Status.HANDED}),
    Action.SEND_BACK: frozenset({Status.HANDED}),
    Action.RECORD_PLAN: frozenset({Status.HANDED, Status.ASSIGNED}),
    Action.ACCEPT: frozenset({Status.RECTIFIED}),
    Action.REJECT_FIX: frozenset({Status.RECTIFIED}),
    Action.FOLLOW_UP: ACTIVE,
    Action.WITHDRAW: ACTIVE,  # never once struck off: 销号 is reopened, not withdrawn
    Action.CORRECT: frozenset(Status) - {Status.WITHDRAWN},  # a closed one's record too
    Action.REINSTATE: frozenset({Status.WITHDRAWN}),
}
"""The statuses in which each command fits."""

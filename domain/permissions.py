"""Who may do what to which problem: the powers of docs/DOMAIN.md's roles, in one place."""

from __future__ import annotations

from collections.abc import Iterator

from domain.actions import WHEN, Action
from domain.actor import Actor, Role
from domain.district_rules import Acceptor, DistrictRules
from domain.errors import NO_SUCH_PROBLEM, NotVisibleError, PermissionDeniedError
from domain.problem import Problem

__all__ = [
    "Action",
    "answerable_demands",
    "can_log",
    "check_can_log",
    "check_can_read",
    "check_can_verify_ledger",
    "check_may",
    "offered",
]


UNIT_ONLY = frozenset({Action.REQUEST_EXTENSION, Action.SIGN_FOR, Action.SEND_BACK})
"""The unit's own steps: the office sets deadlines and hands problems out itself."""

ACCEPTANCE = frozenset({Action.ACCEPT, Action.REJECT_FIX})

OFFICE_ONLY = frozenset(
    {
        Action.ASSIGN,
        Action.SET_DEADLINE,
        Action.REOPEN,
        Action.FLAG,
        Action.DECIDE_EXTENSION,
        Action.NAME_CO_UNITS,
        Action.WAIVE_CO_UNIT_PART,
        Action.WITHDRAW,
        Action.CORRECT,
        Action.REINSTATE,
    }
)


def involved_units(problem: Problem) -> set[str]:
    """The units that see a problem: where it was found, who holds it, who was asked for help."""
    units = {problem.unit, problem.responsible_unit, *problem.co_units}
    units.update(d.to_unit for d in problem.demands.values())
    return units


def can_read(actor: Actor, problem: Problem) -> bool:
    if actor.role in (Role.OFFICE, Role.INSPECTOR):
        return True
    if actor.role is Role.UNIT_LEAD:
        return actor.unit in involved_units(problem)
    return False


def check_can_read(actor: Actor, problem: Problem) -> None:
    """A unit lead asking for another unit's problem is told it does not exist."""
    if not can_read(actor, problem):
        if actor.role is Role.ADMIN:
            raise PermissionDeniedError("an admin manages units and credentials, not problems")
        raise NotVisibleError(NO_SUCH_PROBLEM)


def logs_problems(role: Role) -> bool:
    """The office logs any unit's problems, a unit lead its own unit's; nobody else logs."""
    return role in (Role.OFFICE, Role.UNIT_LEAD)


def imports_ledgers(role: Role) -> bool:
    """The office alone brings a district's old ledger (历史台账) in: its rows are any unit's."""
    return role is Role.OFFICE


def can_log(actor: Actor, unit: str) -> bool:
    try:
        check_can_log(actor, unit)
    except PermissionDeniedError:
        return False
    return True


def check_can_log(actor: Actor, unit: str) -> None:
    if actor.role is Role.OFFICE:
        return
    if actor.is_lead_of(unit):
        return
    if actor.role is Role.UNIT_LEAD:
        raise PermissionDeniedError("a unit lead logs problems found in its own unit only")
    raise PermissionDeniedError(f"the {actor.role.value} role does not log problems")


def check_may(
    actor: Actor,
    action: Action,
    problem: Problem,
    *,
    office_unit: str,
    target_unit: str | None = None,
    rules: DistrictRules | None = None,
) -> None:
    """Raise unless `actor` may take `action` on `problem` (read access is checked first);
    `rules`: the district's, for who accepts fixes and whether a unit closes its own."""
    check_can_read(actor, problem)
    if actor.role is Role.OFFICE:
        if action is Action.CLOSE:
            raise PermissionDeniedError("the office strikes a problem off by accepting its fix")
        if action in UNIT_ONLY:
            raise PermissionDeniedError(
                "the unit handed the problem signs for it, sends it back or asks for more "
                "time; the office hands problems out and sets deadlines itself"
            )
        if action is Action.RECTIFY and problem.responsible_unit != office_unit:
            raise PermissionDeniedError(
                "the responsible unit records its rectification; the office only for "
                "problems it holds itself, or afterwards with a reason (补录, backdate_reason)"
            )
        return
    if action in ACCEPTANCE and _is_finder(actor, problem, rules):
        return
    if actor.role is not Role.UNIT_LEAD:
        raise PermissionDeniedError(f"the {actor.role.value} role changes nothing")
    _check_unit_lead_may(actor, action, problem, office_unit, target_unit, rules)


def _is_finder(actor: Actor, problem: Problem, rules: DistrictRules | None) -> bool:
    """Where the rules say so, the person who logged a problem accepts its fix, unless it
    was found in the unit that fixed it (nobody accepts their own unit's fix)."""
    return (
        rules is not None
        and rules.acceptor is Acceptor.FINDER
        and actor.name == problem.logged_by.name
        and actor.role in (Role.OFFICE, Role.UNIT_LEAD)
        and not actor.is_lead_of(problem.responsible_unit)
    )


def _check_unit_lead_may(
    actor: Actor,
    action: Action,
    problem: Problem,
    office_unit: str,
    target_unit: str | None,
    rules: DistrictRules | None,
) -> None:
    if action is Action.ANSWER_DEMAND:
        if target_unit != actor.unit:
            raise PermissionDeniedError("only the unit asked (or the office) answers a demand")
        return
    if action is Action.RECORD_CO_UNIT_PART:
        if target_unit != actor.unit or target_unit not in problem.co_units:
            raise PermissionDeniedError("a co-unit's lead records its own unit's part")
        return
    if action is Action.ENTER_RECTIFICATION:
        action = Action.RECTIFY  # a lead's reason changes nothing: the dates decide
    if action in ACCEPTANCE:
        raise PermissionDeniedError("the office accepts a fix (验收) or rejects it")
    if action is Action.CLOSE and not (rules is not None and rules.units_may_close_own):
        raise PermissionDeniedError(
            "a unit reports its fix; the office accepts it and strikes it off (验收销号)"
        )
    if action in OFFICE_ONLY:
        raise PermissionDeniedError(f"only the office may {action.value.replace('_', ' ')}")
    if not actor.is_lead_of(problem.responsible_unit):
        raise PermissionDeniedError("only the lead of the responsible unit may do this")
    if action is Action.ESCALATE and target_unit != office_unit:
        raise PermissionDeniedError(
            "a unit lead hands a problem that is not its unit's to the office, which coordinates"
        )


def can_verify_ledger(actor: Actor) -> bool:
    """Inspectors check the ledger's chain, and the office answers for it; nobody else."""
    return actor.role in (Role.INSPECTOR, Role.OFFICE)


def check_can_verify_ledger(actor: Actor) -> None:
    if not can_verify_ledger(actor):
        raise PermissionDeniedError("only inspectors and the office verify the ledger")


def offered(
    actor: Actor, problem: Problem, *, office_unit: str, rules: DistrictRules | None = None
) -> frozenset[Action]:
    """The commands `actor` may take on `problem` in its present status: the forms a page
    shows. The commands themselves still check everything when they run."""
    may: set[Action] = set()
    for action, statuses in WHEN.items():
        if problem.status not in statuses and not _lowering_flag(action, problem):
            continue
        if _may(actor, action, problem, office_unit, rules=rules):
            may.add(action)
    if Action.ACCEPT in may:
        may.discard(Action.CLOSE)  # the acceptor's close is the acceptance
    follow_up = rules is not None and rules.needs_follow_up(problem.source)
    if not follow_up:
        may.discard(Action.FOLLOW_UP)
    elif not any(f.settles for f in problem.follow_ups):
        may.discard(Action.ACCEPT)
    if not any(_answerable_by(actor, problem, office_unit)):
        may.discard(Action.ANSWER_DEMAND)
    pending = problem.pending_extension is not None
    if pending or problem.due_on is None:
        may.discard(Action.REQUEST_EXTENSION)
    if not pending:
        may.discard(Action.DECIDE_EXTENSION)
    if actor.unit not in problem.co_units or problem.co_units[actor.unit].settled:
        may.discard(Action.RECORD_CO_UNIT_PART)
    if all(part.settled for part in problem.co_units.values()):
        may.discard(Action.WAIVE_CO_UNIT_PART)
    return frozenset(may)


def answerable_demands(actor: Actor, problem: Problem, *, office_unit: str) -> list[int]:
    """The numbers of the demands still open that `actor` may answer."""
    return list(_answerable_by(actor, problem, office_unit))


def _answerable_by(actor: Actor, problem: Problem, office_unit: str) -> Iterator[int]:
    if problem.status not in WHEN[Action.ANSWER_DEMAND]:
        return  # a withdrawn problem's demands wait on nobody
    for number, demand in sorted(problem.demands.items()):
        if demand.is_answered:
            continue
        if _may(actor, Action.ANSWER_DEMAND, problem, office_unit, demand.to_unit):
            yield number


def _lowering_flag(action: Action, problem: Problem) -> bool:
    return action is Action.FLAG and problem.flagged


def _may(
    actor: Actor,
    action: Action,
    problem: Problem,
    office_unit: str,
    target: str | None = None,
    rules: DistrictRules | None = None,
) -> bool:
    if action is Action.ESCALATE and actor.role is Role.UNIT_LEAD:
        target = office_unit  # a lead hands a problem on to the office only
    if action is Action.RECORD_CO_UNIT_PART and actor.role is Role.UNIT_LEAD:
        target = actor.unit
    try:
        check_may(actor, action, problem, office_unit=office_unit, target_unit=target, rules=rules)
    except (PermissionDeniedError, NotVisibleError):
        return False
    return True

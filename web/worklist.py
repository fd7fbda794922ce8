"""What waits on the person signed in (待办), most urgent first: for a unit lead, its unit's open
problems (to rectify) and rectified ones (to strike off); for the office, problems to assign or
give a deadline, rectified ones to check, red and flagged ones."""

from __future__ import annotations

from dataclasses import dataclass

from application.lists import ListFilter, Lists
from application.rows import Listed, ProblemRow
from domain.actor import Actor, Role

URGENCY = {"red": 0, "yellow": 1, "green": 2, "none": 3}
SHOWN = 200


@dataclass(frozen=True)
class Todo:
    problem: ProblemRow
    light: str
    need: str


def worklist(lists: Lists, actor: Actor) -> list[Todo]:
    if actor.role not in (Role.OFFICE, Role.UNIT_LEAD):
        return []
    todos = [todo for row in _open_and_rectified(lists, actor) if (todo := _todo(row, actor))]
    return sorted(todos, key=lambda t: (URGENCY[t.light], t.problem.number))


def _open_and_rectified(lists: Lists, actor: Actor) -> list[Listed]:
    rows: list[Listed] = []
    for status in ("logged", "assigned", "rectified"):
        rows += lists.problems(actor, ListFilter(status=status), limit=SHOWN).items
    return rows


def _todo(row: Listed, actor: Actor) -> Todo | None:
    p = row.problem
    if actor.role is Role.UNIT_LEAD:
        if p.responsible_unit != actor.unit:
            return None
        need = "整改" if p.status in ("logged", "assigned") else "销号"
        return Todo(p, row.light, need)
    if p.status == "logged":
        return Todo(p, row.light, "交办")
    if p.status == "assigned" and p.due_on is None:
        return Todo(p, row.light, "设定时限")
    if p.status == "rectified":
        return Todo(p, row.light, "审核销号")
    if row.light == "red" or p.flagged:
        return Todo(p, row.light, "督办")
    return None

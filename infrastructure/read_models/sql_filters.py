"""Filters of docs/API.md as SQL over the problem list `p`; the light from due date and today."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from application.lists import ListFilter, Scope
from domain.actions import WHEN, Action
from domain.standing import OPEN_CODES
from projections.problem_rows import NO_CO_UNITS

OPEN = "(" + ", ".join(f"'{code}'" for code in OPEN_CODES) + ")"
ANSWERABLE = "(" + ", ".join(sorted(f"'{s.value}'" for s in WHEN[Action.ANSWER_DEMAND])) + ")"
"""A demand of a problem withdrawn (撤销) awaits no answer."""
"""domain.standing.is_open as SQL."""


def overdue_sql(as_of: str, params: list[Any]) -> str:
    """domain.standing.is_overdue as SQL over `p`, looking from the day `as_of`."""
    params.append(as_of)
    return f"(p.status IN {OPEN} AND p.due_on IS NOT NULL AND p.due_on < %s)"


def unindexed(column: str, dialect: str) -> str:
    """`column` as a term SQLite's planner will not serve from an index (a unary plus). For the
    counts over open problems it walked a list order's index and the table (67 ms at 200k
    events) to save sorting a few dozen groups, instead of reading the covering
    `open_counts` index (4 ms, ADR 37). PostgreSQL plans them well, and has no `+` for text."""
    return f"+{column}" if dialect == "sqlite" else column


def light_sql(scope: Scope, params: list[Any]) -> str:
    """The same rule as domain.phase_clocks.PhaseClock.light over the open phase's clock (an
    old deadline without a yellow day by the old warning window, turned into a date)."""
    today = scope.today.isoformat()
    params.extend([today, today, today, scope.warning_end.isoformat()])
    return (
        "CASE WHEN p.phase_due_on IS NULL THEN 'none' WHEN p.phase_due_on < %s THEN 'red' "
        "WHEN p.phase_due_on = %s OR p.phase_yellow_on <= %s "
        "OR (p.phase_yellow_on IS NULL AND p.phase_due_on <= %s) THEN 'yellow' ELSE 'green' END"
    )


def light_is(scope: Scope, light: str, params: list[Any]) -> str:
    """`light_sql(...) = light` written as ranges of the open phase's due day, which its index
    serves (the CASE above cannot use one). tests/http/test_lists.py checks the two agree."""
    today, warning_end = scope.today.isoformat(), scope.warning_end.isoformat()
    if light == "none":
        return "p.phase_due_on IS NULL"
    if light == "red":
        params.append(today)
        return "p.phase_due_on < %s"
    if light == "yellow":
        params.extend([today, today, today, warning_end])
        return (
            "(p.phase_due_on >= %s AND (p.phase_due_on = %s OR p.phase_yellow_on <= %s "
            "OR (p.phase_yellow_on IS NULL AND p.phase_due_on <= %s)))"
        )
    params.extend([today, warning_end, today])
    return (
        "(p.phase_due_on > %s AND ((p.phase_yellow_on IS NULL AND p.phase_due_on > %s) "
        "OR p.phase_yellow_on > %s))"
    )


Arm = tuple[str, tuple[Any, ...]]
"""One way a row can meet a condition: a clause and its parameters."""


@dataclass
class Where:
    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    either: list[list[Arm]] = field(default_factory=list)  # conditions met by any one arm

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "1 = 1"

    def branches(self) -> list[Where]:
        """One plain Where per choice of arms: their union is this Where's rows, and each has
        an index to start from (an OR across arms would read every row of a big table)."""
        found = [Where(list(self.clauses), list(self.params))]
        for arms in self.either:
            found = [
                Where([clause, *branch.clauses], [*params, *branch.params])
                for branch in found
                for clause, params in arms
            ]
        return found


def involving(unit: str, prefix: str, dialect: str) -> list[Arm]:
    """A unit's rows: found there, held there, shared with it, or asking something of it. The
    last two are few: looked up by key from their own index (PostgreSQL from an array; SQLite
    plans IN that way), not found by walking the list's order."""
    held, shared = holding(unit, prefix, dialect)
    asked = _among(f"SELECT problem_id FROM {prefix}_demands WHERE to_unit = %s", dialect)
    return [("p.unit = %s", (unit,)), held, shared, (asked, (unit,))]


def holding(unit: str, prefix: str, dialect: str) -> list[Arm]:
    """The rows a unit works on: held there, or shared with it as a co-unit."""
    shared = (
        f"SELECT problem_id FROM {prefix}_problems "
        f"WHERE co_units <> '{NO_CO_UNITS}' AND co_units LIKE %s ESCAPE '\\'"
    )
    return [
        ("p.responsible_unit = %s", (unit,)),
        (_among(shared, dialect), (f"%,{_like(unit)},%",)),
    ]


def _among(select: str, dialect: str) -> str:
    return (
        f"p.problem_id = ANY(ARRAY({select}))"
        if dialect == "postgres"
        else f"p.problem_id IN ({select})"
    )


SEARCH_WORDS = 5
"""`q` is words apart (a space, a full-width one too): each of the first five must appear in the
title or the description, as a search box's words do."""


def _like(text: str) -> str:
    """`text` matched literally by LIKE (unit codes are [a-z0-9_]; '_' is LIKE's wildcard)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search(where: Where, f: ListFilter) -> None:
    """Each word of `q` in either text or the old ledger's number (原编号); a number alone also
    finds the problem of that number."""
    clauses: list[str] = []
    params: list[str] = []
    for term in (f.q or "").lower().split()[:SEARCH_WORDS]:
        pattern = "%" + _like(term) + "%"
        clauses.append(
            "(LOWER(p.title) LIKE %s ESCAPE '\\' OR LOWER(p.description) LIKE %s ESCAPE '\\'"
            " OR LOWER(p.old_number) LIKE %s ESCAPE '\\')"
        )
        params += [pattern, pattern, pattern]
    text = " AND ".join(clauses)
    number = f.asked_number
    if number is not None:
        where.add(f"(p.number = %s OR ({text}))", number, *params)
    elif clauses:
        where.add(text, *params)


def filter_where(f: ListFilter, scope: Scope, prefix: str, dialect: str) -> Where:
    """`prefix`: the lists' tables (their problems and demands)."""
    where = Where()
    implied = scope.visible_unit in (f.holding, f.awaiting)  # both are ways of involving it
    if scope.visible_unit is not None and not implied:
        where.either.append(involving(scope.visible_unit, prefix, dialect))
    if f.unit is not None and f.unit != scope.visible_unit:  # a lead's own: the scope says it
        where.either.append(involving(f.unit, prefix, dialect))
    if f.holding is not None:
        where.either.append(holding(f.holding, prefix, dialect))
    if f.awaiting is not None:
        unanswered = f"SELECT problem_id FROM {prefix}_demands WHERE to_unit = %s"
        where.add(_among(f"{unanswered} AND answered_on IS NULL", dialect), f.awaiting)
        where.add(f"p.status IN {ANSWERABLE}")
    if f.problem_ids is not None:
        marks = ", ".join(["%s"] * len(f.problem_ids)) or "NULL"  # none: no row
        where.add(f"p.problem_id IN ({marks})", *f.problem_ids)
    for column in ("source", "category", "status", "activity_id"):
        value = getattr(f, column)
        if value is not None:
            where.add(f"p.{column} = %s", value)
    if f.phase is not None:
        where.add("p.phase = %s", f.phase)
    if f.flagged is not None:
        where.add("p.flagged = %s", f.flagged)
    if f.late is not None:
        where.add("p.late = %s", f.late)
    if f.reopened is not None:
        where.add(f"p.times_reopened {'>' if f.reopened else '='} 0")
    if f.responsible_unit is not None:
        where.add("p.responsible_unit = %s", f.responsible_unit)
    if f.open is not None:
        where.add(f"p.status {'IN' if f.open else 'NOT IN'} {OPEN}")
    if f.quarter is not None:
        where.add(
            "p.found_on BETWEEN %s AND %s", f.quarter.start.isoformat(), f.quarter.end.isoformat()
        )
    if f.found_from is not None:
        where.add("p.found_on >= %s", f.found_from.isoformat())
    if f.found_to is not None:
        where.add("p.found_on <= %s", f.found_to.isoformat())
    _search(where, f)
    if f.light is not None:
        light_params: list[Any] = []
        where.add(light_is(scope, f.light, light_params), *light_params)
    return where

"""After any sequence of commands, the read models equal a direct replay of every aggregate."""

from __future__ import annotations

from contextlib import suppress
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.schemas.lists import plain
from application.context import CommandContext
from application.lists import ListFilter
from domain.actor import Actor, Role
from domain.codes import Category, Source
from domain.errors import DomainError
from domain.problem_values import Fix, NewProblem
from domain.recording_time import recording_with
from infrastructure.services import Services
from projections.problem_lists import ProblemListsProjection
from projections.unit_stats import COUNTERS, UnitStatsProjection
from tests.projection_oracle import expected_rows, problem_ids

OFFICE = CommandContext(Actor("office", Role.OFFICE))
UNITS = ["civil_affairs", "transport", "health"]
OPS = [
    "log",
    "assign",
    "deadline",
    "rectify",
    "close",
    "escalate",
    "reopen",
    "flag",
    "unflag",
    "demand",
    "answer",
    "withdraw",
    "reinstate",
    "correct",
    "take_over",
]
commands = st.lists(
    st.tuples(st.sampled_from(OPS), st.integers(0, 50), st.integers(0, 30)), max_size=25
)


def lead_of(unit: str) -> CommandContext:
    return CommandContext(Actor(f"lead-{unit}", Role.UNIT_LEAD, unit))


def run(services: Services, op: str, pick: int, n: int) -> None:
    p = services.problems
    ids = problem_ids(services)
    if op == "log" or not ids:
        unit = UNITS[n % 3]
        p.log_problem(
            OFFICE,
            NewProblem(
                source=Source.SIT_IN,
                category=Category.SERVICE,
                unit=unit,
                title=f"t{n}",
                description="d",
                found_on=date(2026, 11, 23) - timedelta(days=n * 3),
                found_by="x",
            ),
        )
        return
    pid: UUID = ids[pick % len(ids)]
    holder = lead_of(services.ledger.repository.get(pid).responsible_unit)
    day = date(2026, 11, 23) - timedelta(days=n)
    actions: dict[str, Any] = {
        "assign": lambda: p.assign(OFFICE, pid, UNITS[n % 3], f"a{n}"),
        "deadline": lambda: p.set_deadline(
            OFFICE, pid, due_on=day + timedelta(days=20), reason="延期" if n % 2 else "原因"
        ),
        "rectify": lambda: p.rectify(holder, pid, Fix(f"m{n}", "r", day)),
        "close": lambda: p.close(holder, pid, "ok"),
        "escalate": lambda: p.escalate(OFFICE, pid, UNITS[n % 3], "not ours"),
        "reopen": lambda: p.reopen(OFFICE, pid, "不彻底"),
        "flag": lambda: p.flag(OFFICE, pid, True, "督办"),
        "unflag": lambda: p.flag(OFFICE, pid, False, "done"),
        "demand": lambda: p.raise_demand(OFFICE, pid, f"need {n}", UNITS[n % 3]),
        "answer": lambda: p.answer_demand(OFFICE, pid, 1 + n % 2, "answer", n % 2 == 0),
        "withdraw": lambda: p.withdraw(OFFICE, pid, "重复登记"),
        "reinstate": lambda: p.reinstate(OFFICE, pid, "撤错了"),
        "correct": lambda: p.correct(
            OFFICE, pid, "错字", title=f"更正{n}", category=Category.POLICY
        ),
        "take_over": lambda: taken_over(services, pid, UNITS[n % 3], UNITS[(n + 1) % 3]),
    }
    with suppress(DomainError):  # refused by the rules: nothing stored, nothing listed
        actions[op]()


def taken_over(services: Services, pid: UUID, merged: str, successor: str) -> None:
    """撤并承接 of one problem, as a merge does it (the register is left alone, so the units
    stay open to the other steps)."""
    problem = services.problems.load(pid)
    with recording_with(services.clock.now):
        problem.take_over(merged, successor, "单位撤并", OFFICE.stamp)
    services.ledger.save(problem)


def actual_rows(services: Services) -> dict[str, Any]:
    reader = services.read_models.reader
    scope = services.lists.scope_for(OFFICE.actor)

    def every(list_name: str) -> list[dict[str, Any]]:
        """The rows by column name, as the JSON gives them (ISO dates)."""
        read = getattr(reader, list_name)
        items, cursor = [], None
        while True:
            page = read(ListFilter(), scope, cursor, 500)
            items += [plain(row.columns()) for row in page.items]
            if not (cursor := page.next_cursor):
                return items

    stats_prefix = reader.prefix(UnitStatsProjection)
    counters = COUNTERS
    stats = {}
    for row in services.sql.execute(
        f"SELECT unit, period, {', '.join(counters)} FROM {stats_prefix}_stats"
    ):
        assert any(row[2:]), row  # a unit's period row exists while it counts something
        for field, value in zip(counters, row[2:], strict=True):
            if value:
                stats[(row[0], row[1], field)] = value
    problem_fields = (
        "number",
        "title",
        "category",
        "status",
        "responsible_unit",
        "assignee",
        "due_on",
        "flagged",
        "rectified_on",
        "late",
        "closed_on",
        "times_escalated",
        "times_reopened",
        "extensions",
        "demands",
        "version",
        "light",
    )
    return {
        "problems": {r["problem_id"]: {f: r[f] for f in problem_fields} for r in every("problems")},
        "rectifications": {
            r["problem_id"]: {
                "title": r["title"],
                "measures": r["measures"],
                "due_on": r["due_on"],
                "rectified_on": r["rectified_on"],
                "closed": r["closed"],
                "deadlines": [d["due_on"] for d in r["deadlines"]],
            }
            for r in every("rectifications")
        },
        "demands": {
            (r["problem_id"], r["demand_number"]): {
                "to_unit": r["demand_to_unit"],
                "met": r["demand_met"],
                "answer": r["demand_answer"],
            }
            for r in every("demands")
        },
        "stats": stats,
    }


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=commands)
def test_the_read_models_equal_a_replay_of_every_aggregate(
    services: Services, steps: list[tuple[str, int, int]]
) -> None:
    for op, pick, n in steps:
        run(services, op, pick, n)
    services.read_models.catch_up_now()
    assert actual_rows(services) == expected_rows(services)
    assert ProblemListsProjection.name != UnitStatsProjection.name

"""撤并 (ADR 55): the admin merges a unit into another. The register records it first, so from
then on nothing new goes to the merged unit; then its people move to the successor and every
problem it still had a part in is taken over (`Problem.TakenOver`), one problem at a time. Asked
again, a merge carries on where it was cut off: each step finds only what is left."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.context import CommandContext
from application.lists import ListFilter, Lists
from application.people import People
from application.pipeline import Pipeline
from application.problems import Problems
from domain.actions import ACTIVE
from domain.actor import Actor
from domain.errors import PermissionDeniedError
from domain.problem import Problem
from domain.status import Status
from domain.units import Unit

PAGE = 200


@dataclass(frozen=True)
class MergeOutcome:
    """What one merge (or its carrying on) did: the unit as registered, the people moved and
    the problems taken over by this run."""

    unit: Unit
    successor: Unit
    people_moved: tuple[str, ...]
    problems_taken_over: int


class UnitMerge:
    def __init__(self, problems: Problems, people: People, lists: Lists) -> None:
        self.problems = problems
        self.units = problems.units
        self.people = people
        self.lists = lists
        self.pipeline = Pipeline(problems.ledger, problems.clock)

    def merge(self, admin: Actor, code: str, into: str) -> MergeOutcome:
        unit = self.units.merge_unit(code, into, admin)
        successor = self.units.known(into, "into")
        while successor.merged_into is not None:  # merged itself since: its own successor's
            successor = self.units.known(successor.merged_into, "into")
        reason = f"单位撤并：{unit.name}并入{successor.name}"
        moved = tuple(self.people.move_all(admin, code, successor.code))
        left = self.left(code)
        taken = sum(self._take_over(admin, p, code, successor.code, reason) for p in left)
        return MergeOutcome(unit, successor, moved, taken)

    def left(self, code: str) -> list[UUID]:
        """The problems the lists say still involve the merged unit's work: held by it, shared
        with it, or asking it something unanswered (the aggregate decides, on its own state).
        The lists first reach the log's head: a merge must miss nothing, and a page must not
        count as left what a merge just took over."""
        scope = self.lists.district_scope()
        self.lists.reader.wait(self.problems.ledger.head_position(), self.lists.wait_seconds)
        found: dict[str, None] = {}
        for asked in (ListFilter(holding=code), ListFilter(awaiting=code)):
            cursor: str | None = None
            while True:
                page = self.lists.reader.problems(asked, scope, cursor, PAGE)
                found.update(
                    (row.problem.problem_id, None)
                    for row in page.items  # a struck-off problem keeps its holder and co-units
                    if asked.awaiting or Status(row.problem.status) in ACTIVE
                )
                cursor = page.next_cursor
                if cursor is None:
                    break
        return [UUID(problem_id) for problem_id in found]

    def _take_over(self, admin: Actor, problem_id: UUID, code: str, into: str, reason: str) -> bool:
        ctx = CommandContext(admin)
        taken = False

        def authorise(problem: Problem) -> None:
            if self.units.known(code, "code").merged_into is None:
                raise PermissionDeniedError(f"{code} is not merged")

        def command(problem: Problem) -> None:
            nonlocal taken
            taken = problem.take_over(code, into, reason, ctx.stamp)

        self.pipeline.change(
            ctx, lambda: self.problems.load(problem_id), authorise, command, "problem"
        )
        return taken

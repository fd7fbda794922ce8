"""The one command pipeline, on the real stores: a lost race is re-applied, a pinned version is
refused, a retried command is recognised, a duplicate creation is told apart from a retry."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from application.context import CommandContext
from application.errors import ConcurrentUpdateError, DuplicateRecordError, StaleVersionError
from application.pipeline import SAVE_ATTEMPTS, Pipeline
from domain.actor import Actor, Role
from domain.codes import Category, Source
from domain.commanded import Stamp
from domain.problem import Problem
from domain.problem_values import NewProblem
from infrastructure.services import Services
from tests.conftest import NEW_PROBLEM

OFFICE = Actor("office", Role.OFFICE)
NEW = NewProblem(
    **NEW_PROBLEM
    | {
        "source": Source(NEW_PROBLEM["source"]),
        "category": Category(NEW_PROBLEM["category"]),
        "found_on": date.fromisoformat(NEW_PROBLEM["found_on"]),
    }
)


def logged(services: Services, command_id: str = "") -> Problem:
    ctx = CommandContext(OFFICE, command_id=command_id)
    return services.problems.log_problem(ctx, NEW).problem


def allow(_: Problem) -> None:
    return None


def test_a_lost_race_is_applied_again_to_the_newer_state(services: Services) -> None:
    problem = logged(services)
    pipeline = Pipeline(services.ledger, services.clock)
    attempts: list[int] = []

    def command(loaded: Problem) -> None:
        attempts.append(loaded.version)
        if len(attempts) == 1:  # another writer takes the next version first
            services.problems.flag(CommandContext(OFFICE), problem.id, True, "督办")
        loaded.assign("civil_affairs", "张三", Stamp(OFFICE))

    written = pipeline.change(
        CommandContext(OFFICE), lambda: services.problems.load(problem.id), allow, command, "x"
    )
    assert attempts == [2, 3]
    assert written.aggregate.version == 4 and written.aggregate.flagged
    assert written.position == services.ledger.head_position()


def test_a_pinned_version_that_moved_on_is_refused_with_the_aggregates_name(
    services: Services,
) -> None:
    problem = logged(services)
    pipeline = Pipeline(services.ledger, services.clock)
    stale = CommandContext(OFFICE, expected_version=7)
    with pytest.raises(StaleVersionError, match="the activity is at version 2, not 7"):
        pipeline.change(stale, lambda: services.problems.load(problem.id), allow, allow, "activity")


def test_a_retried_command_is_recognised_and_stores_nothing(services: Services) -> None:
    problem = logged(services)
    ctx = CommandContext(OFFICE, command_id="retry-1")
    first = services.problems.assign(ctx, problem.id, "civil_affairs", "张三")
    head = services.ledger.head_position()
    again = services.problems.assign(ctx, problem.id, "civil_affairs", "张三")
    assert again.problem.version == first.problem.version == 3
    assert services.ledger.head_position() == head


def test_a_second_creation_is_a_retry_or_a_duplicate(services: Services) -> None:
    first = logged(services, command_id="log-1")
    assert logged(services, command_id="log-1").id == first.id  # the retry: the same problem
    pipeline = Pipeline(services.ledger, services.clock)

    def build() -> Problem:
        return Problem.log(first.id, NEW, services.problems.today(), Stamp(OFFICE, "other"))

    def load(problem_id: UUID) -> Problem:
        return services.problems.load(problem_id)

    with pytest.raises(DuplicateRecordError):
        pipeline.create(
            CommandContext(OFFICE, command_id="other"), build, load, DuplicateRecordError
        )


def test_one_retry_policy_then_a_clear_refusal(services: Services) -> None:
    pipeline = Pipeline(services.ledger, services.clock)
    calls: list[int] = []

    def always_lost() -> None:
        calls.append(1)
        return None

    with pytest.raises(ConcurrentUpdateError, match="the plan kept changing"):
        pipeline.retried(always_lost, "plan")
    assert len(calls) == SAVE_ATTEMPTS

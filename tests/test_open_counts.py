"""The board's lights and the ranking's open and overdue counts can be answered from the open
problems' covering index alone (ADR 32): at a province's size the problems table is ten times
the index, and those reads walked it whole. Which path the planner takes depends on the
tables' size (ADR 32 has the plan at 200,000 events); what is checked here is that
the index exists and holds every column those counts read."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from domain.actor import Actor, Role
from domain.periods import Period
from infrastructure.read_models.registry import ProjectionRegistry
from projections.problem_tables import PROBLEMS
from tests.conftest import Api
from tests.test_projection_crashes import fill

OFFICE = Actor("test-office", Role.OFFICE)
COUNTS = "_problems p WHERE p.status IN"


def test_the_board_and_the_ranking_count_open_problems_from_the_index_alone(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = api.services
    fill(services, per_day=1.0)
    database = services.lists.reader.database
    statements: list[tuple[str, tuple[Any, ...]]] = []
    execute = database.execute

    def recorded(statement: str, params: Any = ()) -> Any:
        statements.append((statement, tuple(params)))
        return execute(statement, params)

    monkeypatch.setattr(database, "execute", recorded)
    board = services.lists.board(OFFICE)
    ranking = services.lists.unit_ranking(
        OFFICE, Period("2026-11", date(2026, 11, 1), date(2026, 11, 30))
    )
    monkeypatch.undo()
    assert sum(row["open"] for row in board) > 10
    assert sum(row["overdue"] for row in ranking.units) > 0
    counts = [(s, p) for s, p in statements if COUNTS in s]
    assert len(counts) == 2, statements  # the board's and the ranking's
    covering = dict(PROBLEMS.covering)["open_counts"]
    for statement, _ in counts:  # the planner picks it by size; it can only if nothing is missing
        assert set(re.findall(r"\bp\.(\w+)", statement)) <= set(covering), statement
    generation = ProjectionRegistry(database).active("lists")
    assert generation is not None
    table = f"{generation.prefix}_problems"
    if database.dialect == "postgres":
        found = database.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", (table,))
    else:
        found = database.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", (table,)
        )
    assert any(f"{table}_open_counts" in (definition or "") for (definition,) in found)

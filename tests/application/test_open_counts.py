"""The board's lights and the ranking's open and overdue counts can be answered from the open
problems' covering index alone (ADR 32): at a province's size the problems table is ten times
the index, and those reads walked it whole. Which path the planner takes depends on the
tables' size (ADR 32 has the plan at 200,000 events); what is checked here is that
the index exists and holds every column those counts read, and that SQLite reads it
(ADR 37: its planner preferred walking a list order's index and the table)."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from typing import Any

import pytest

from domain.actor import Actor, Role
from domain.periods import Period
from infrastructure.read_models.registry import ProjectionRegistry
from projections.problem_tables import PROBLEMS
from tests.application.test_projection_crashes import fill
from tests.conftest import Api

OFFICE = Actor("test-office", Role.OFFICE)
COUNTS = "_problems p WHERE p.status IN"


def test_the_board_and_the_ranking_count_open_problems_from_the_index_alone(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = api.services
    head = fill(services, per_day=1.0)
    services.lists.reader.wait(head, 60.0)  # the app's worker follows the log: read once it has
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
    if database.dialect == "sqlite":
        _read_from_the_index_at_200k_events(api.services.settings.database_url, table, counts)


# sqlite_stat1 of the problems' indexes after `bench.lists_rebuild` (200,342 events)
STATS_AT_200K = {
    "open_counts": "43000 14334 598 598 8 8 3 1",
    "category_order": "43000 2389 7 1 1 1",
    "source_order": "43000 10750 30 1 1 1",
    "found_unit_order": "43000 1792 1 1 1",
    "unit_order": "43000 1792 1 1 1",
    "due_order": "43000 108 1 1 1",
    "found_order": "43000 120 1 1 1",
    "number_order": "43000 1 1 1",
    "flagged_number_idx": "43000 43000 1",
    "phase_due_on_idx": "43000 108",
    "activity_id_idx": "43000 43000",
    "status_due_on_idx": "43000 14334 37",
    "phase_phase_due_on_idx": "43000 14334 107",
}


def _read_from_the_index_at_200k_events(
    url: str, table: str, counts: list[tuple[str, tuple[Any, ...]]]
) -> None:
    """SQLite's plan as the statistics of a 200k-event log make it: with them it walked the
    unit order's index and the table (67 ms) until told not to by a unary plus (ADR 37)."""
    with sqlite3.connect(url.removeprefix("sqlite:///")) as lite:
        lite.execute("ANALYZE")
        lite.execute("DELETE FROM sqlite_stat1 WHERE tbl = ?", (table,))
        lite.executemany(
            "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)",
            [(table, f"{table}_{index}", stat) for index, stat in STATS_AT_200K.items()],
        )
        lite.execute("ANALYZE sqlite_schema")  # the planner reads the statistics again
        for statement, params in counts:
            plan = lite.execute(f"EXPLAIN QUERY PLAN {statement.replace('%s', '?')}", params)
            details = [row[-1] for row in plan]
            assert any(f"COVERING INDEX {table}_open_counts" in d for d in details), details

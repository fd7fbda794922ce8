"""A light filter in every order the workbench offers, page after page: the same rows as the
light filter alone, each once, in the asked order, on both stores. Each order's index carries
the light's days after its own columns (ADR 34), so walking the order skips the rows of other
lights in the index, without reading them."""

from __future__ import annotations

import re
from typing import Any

import pytest

from application.lists import ListFilter
from domain.actor import Actor, Role
from infrastructure.read_models.sorting import SORT_KEYS
from infrastructure.read_models.sql_filters import light_is
from projections.problem_tables import LIGHT, PROBLEMS
from tests.application.test_projection_crashes import fill
from tests.conftest import Api

SORTS = ("number", "found_on", "due_on", "unit")


def key(row: dict[str, Any], sort: str) -> tuple[Any, ...]:
    column = {"unit": "responsible_unit"}.get(sort, sort)
    value = row[column] if sort != "due_on" else (row["due_on"] or "9999-12-31")
    return (value, row["number"]) if sort != "number" else (row["number"],)


def paged(api: Api, position: int, **params: object) -> list[dict[str, Any]]:
    """Every row, one to a page, so that even a light of a few rows goes through cursors."""
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        more = {"cursor": cursor} if cursor else {}
        answer = api.get(
            "office", "/lists/problems", min_position=position, limit=1, **params, **more
        )
        assert answer.status_code == 200, answer.text
        found += answer.json()["items"]
        cursor = answer.json()["next_cursor"]
        if not cursor:
            return found


@pytest.mark.parametrize("light", ["red", "yellow", "green"])
def test_each_light_in_each_order_pages_through_exactly_its_rows(api: Api, light: str) -> None:
    fill(api.services, per_day=1.0)
    position = api.services.ledger.head_position()
    expected = {row["id"] for row in paged(api, position, light=light)}
    assert len(expected) >= 2, light  # more than a page
    for sort in SORTS:
        for descending in (False, True):
            asked = f"-{sort}" if descending else sort
            found = paged(api, position, light=light, sort=asked)
            assert [row["id"] for row in found if row["light"] == light] == [
                row["id"] for row in found
            ]
            assert len(found) == len(expected) and {row["id"] for row in found} == expected
            keys = [key(row, sort) for row in found]
            assert keys == sorted(keys, reverse=descending), asked


def test_every_order_has_an_index_that_carries_the_light(api: Api) -> None:
    """The light's ranges read only the light's days, and every order a list is read in has an
    index of its expressions, then the number, then those days."""
    scope = api.services.lists.scope_for(Actor("test-office", Role.OFFICE))
    light_columns = [c.strip() for c in LIGHT.split(",")]
    for light in ("red", "yellow", "green"):
        read = set(re.findall(r"\bp\.(\w+)", light_is(scope, light, [])))
        assert read <= set(light_columns), light
    orders = [expressions for _, expressions in PROBLEMS.ordered]
    for sort, expression in SORT_KEYS.items():
        leading = [expression.removeprefix("p.")] if sort != "number" else []
        wanted = ", ".join([*leading, "number", *light_columns])
        assert wanted.replace("p.", "") in orders, sort


@pytest.mark.parametrize("sort", ["-due_on", "found_on"])
def test_postgres_checks_the_light_in_the_order_index(api: Api, sort: str) -> None:
    """The plan of a red page walking an order: the light is an index condition of that order's
    index, so the rows of other lights cost an index entry each, never a row read (at 2 million
    events red by latest due day read 26,000 rows for a page of 50 before ADR 34)."""
    database = api.services.lists.reader.database
    if database.dialect != "postgres":
        pytest.skip("SQLite's plans do not say where a term is checked")
    fill(api.services, per_day=1.0)
    reader = api.services.lists.reader
    scope = api.services.lists.scope_for(Actor("test-office", Role.OFFICE))
    statements: list[tuple[str, list[Any]]] = []
    execute = database.execute

    def recorded(statement: str, params: Any = ()) -> Any:
        statements.append((statement, list(params)))
        return execute(statement, params)

    database.execute = recorded  # type: ignore[method-assign]
    try:
        page = reader.problems(ListFilter(light="red", sort=sort), scope, None, 5)
    finally:
        del database.execute
    assert page.items
    statement, params = next((s, p) for s, p in statements if "_problems p " in s)
    with database.transaction() as tx:
        for setting in ("enable_seqscan", "enable_sort", "enable_bitmapscan"):
            tx.execute(f"SET LOCAL {setting} = off")  # the plan a large table gets
        plan = "\n".join(row[0] for row in tx.execute(f"EXPLAIN {statement}", params))
    order = "due_order" if "due" in sort else "found_order"
    assert f"_{order} on " in plan, plan
    assert re.search(r"Index Cond: \(.*phase_due_on <", plan), plan

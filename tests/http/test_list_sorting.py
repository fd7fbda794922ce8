"""The lists sorted by their useful columns, paged by keyset cursors on both stores: every row
once, in order, whatever the page size; a cursor of one order is refused by another."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import NEW_PROBLEM, Api

SEEDED = [  # found_on, unit, due_on
    ("2026-11-10", "civil_affairs", "2026-12-20"),
    ("2026-11-02", "transport", None),
    ("2026-11-18", "civil_affairs", "2026-12-01"),
    ("2026-11-02", "civil_affairs", "2026-12-01"),
    ("2026-11-15", "transport", "2026-12-10"),
]


@pytest.fixture
def seeded(api: Api) -> list[dict[str, Any]]:
    made = []
    for found_on, unit, due_on in SEEDED:
        body = NEW_PROBLEM | {"found_on": found_on, "unit": unit, "title": f"{unit} {found_on}"}
        problem = api.post("office", "/problems", body).json()
        if due_on:
            problem = api.post("office", f"/problems/{problem['id']}/deadline", {"due_on": due_on})
            problem = problem.json()
        made.append(problem)
    return made


def every_page(
    api: Api, sort: str, limit: int, position: int, who: str = "office", **filters: Any
) -> list[dict[str, Any]]:
    rows, cursor = [], None
    while True:
        params: dict[str, Any] = {"sort": sort, "limit": limit, "min_position": position}
        if cursor:
            params["cursor"] = cursor
        page = api.get(who, "/lists/problems", **params, **filters)
        assert page.status_code == 200, page.text
        rows += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if not cursor:
            return rows


SORTS: list[tuple[str, Any]] = [
    ("found_on", lambda r: (r["found_on"], r["number"])),
    ("-found_on", lambda r: (r["found_on"], r["number"])),
    ("due_on", lambda r: (r["due_on"] or "9999-12-31", r["number"])),
    ("-due_on", lambda r: (r["due_on"] or "9999-12-31", r["number"])),
    ("unit", lambda r: (r["responsible_unit"], r["number"])),
    ("-number", lambda r: (r["number"],)),
]


@pytest.mark.parametrize(("sort", "key"), SORTS)
def test_every_row_once_in_order_whatever_the_page_size(
    api: Api, seeded: list[dict[str, Any]], sort: str, key: Any
) -> None:
    position = max(p["position"] for p in seeded)
    expected = sorted(
        every_page(api, "number", 50, position), key=key, reverse=sort.startswith("-")
    )
    for limit in (1, 2, 3, 50):
        rows = every_page(api, sort, limit, position)
        assert [r["number"] for r in rows] == [r["number"] for r in expected], (sort, limit)


@pytest.mark.parametrize("sort", ["found_on", "-due_on", "unit", "-number"])
def test_a_units_rows_page_in_order_from_each_way_of_involving_it(
    api: Api, seeded: list[dict[str, Any]], sort: str
) -> None:
    """A unit's list is a union of branches (found there, held there, co-unit, asked of it),
    each read in the list's order; pages across them repeat and skip nothing."""
    handed = seeded[1]  # found at transport, handed to civil affairs
    assigned = api.post("office", f"/problems/{handed['id']}/assign", {"unit": "civil_affairs"})
    assert assigned.status_code == 200, assigned.text
    asked = seeded[4]  # transport's, asking civil affairs for data
    demand = {"text": "需要民政数据", "to_unit": "civil_affairs"}
    raised = api.post("office", f"/problems/{asked['id']}/demands", demand)
    assert raised.status_code in (200, 201), raised.text
    position = raised.json().get("position") or raised.json()["problem"]["position"]
    everything = every_page(api, "number", 50, position)
    involved = {p["id"] for p in seeded if p["unit"] == "civil_affairs"} | {
        handed["id"],
        asked["id"],
    }
    key = dict(SORTS)[sort]
    expected = sorted(
        (r for r in everything if r["id"] in involved), key=key, reverse=sort.startswith("-")
    )
    for limit in (1, 2, 50):
        for who, filters in (("office", {"unit": "civil_affairs"}), ("lead", {})):
            rows = every_page(api, sort, limit, position, who, **filters)
            assert [r["id"] for r in rows] == [r["id"] for r in expected], (sort, limit, who)


def test_a_cursor_of_one_order_is_refused_by_another(
    api: Api, seeded: list[dict[str, Any]]
) -> None:
    position = max(p["position"] for p in seeded)
    page = api.get("office", "/lists/problems", sort="due_on", limit=2, min_position=position)
    cursor = page.json()["next_cursor"]
    other = api.get("office", "/lists/problems", sort="found_on", limit=2, cursor=cursor)
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "cursor"
    plain = api.get("office", "/lists/problems", limit=2, cursor=cursor)
    assert plain.status_code == 422
    assert api.get("office", "/lists/problems", sort="title").status_code == 422

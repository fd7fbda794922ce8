"""A light filter in every order the workbench offers, page after page: the same rows as the
light filter alone, each once, in the asked order. Yellow and green rows are found first and
then sorted (`sql_filters.coming_first`), red ones by walking the order; both stores."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Api
from tests.test_projection_crashes import fill

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

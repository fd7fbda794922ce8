"""The lists, board and ranking over the real read models: read-your-writes, filters, paging, files."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from tests.conftest import NEW_PROBLEM, Api


def log(api: Api, **changes: object) -> dict[str, object]:
    response = api.post("office", "/problems", dict(NEW_PROBLEM, **changes))
    assert response.status_code == 201, response.text
    return response.json()


def test_a_new_problem_is_in_the_list_once_its_position_is_reached(api: Api) -> None:
    for _ in range(200):
        created = log(api)
        page = api.get("office", "/lists/problems", min_position=created["position"], limit=1,
                       q=created["title"], found_from="2026-11-20").json()
        listed = api.get("office", "/lists/problems", min_position=created["position"],
                         limit=500, cursor=None).json()
        assert page["items"], created
        assert created["id"] in {row["id"] for row in listed["items"]} or listed["next_cursor"]

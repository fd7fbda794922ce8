"""POST /problems/import (ADR 47): a script brings the old ledger in as the workbench does, and
reads back, row by row, what happened; refusals are problem+json and write nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.conftest import Api
from tests.ledger_files import ROW, ledger_file, numbered


def send(api: Api, who: str, content: bytes, *, dry_run: bool = False, **headers: str):  # type: ignore[no-untyped-def]
    return api.client.post(
        "/problems/import",
        params={"dry_run": "true"} if dry_run else {},
        files={"file": ("ledger.xlsx", content)},
        headers=api.headers(who, **headers),
    )


def test_a_script_checks_then_imports_then_sends_the_same_file_again(api: Api) -> None:
    content = ledger_file(api.services.units, numbered(2))
    checked = send(api, "office", content, dry_run=True)
    assert checked.status_code == 200
    assert checked.json()["dry_run"] is True and checked.json()["imported"] == 0
    assert [r["outcome"] for r in checked.json()["rows"]] == ["ready", "ready"]
    said = checked.json()["rows"][0]
    assert (said["unit"], said["found_on"], said["due_on"]) == ("civil_affairs", "2026-09-14", None)
    done = send(api, "office", content).json()
    assert (done["imported"], done["already"]) == (2, 0)
    first = done["rows"][0]
    assert (first["row"], first["key"], first["outcome"]) == (2, "MZ-001", "imported")
    state = api.get("office", f"/problems/{first['problem_id']}").json()
    assert state["title"] == ROW["问题"] and state["unit"] == "civil_affairs"
    again = send(api, "office", content).json()
    assert (again["imported"], again["already"]) == (0, 2)
    assert again["rows"][0]["problem_id"] == first["problem_id"]


def test_refused_rows_are_listed_in_a_problem_and_nothing_is_written(api: Api) -> None:
    rows = [*numbered(1), ROW | {"原编号": "MZ-002", "责任单位": "区外事办"}]
    head = api.services.ledger.head_position()
    answer = send(api, "office", ledger_file(api.services.units, rows))
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    assert body["type"] == "urn:rectify:error:rows_refused"
    assert [(r["row"], r["outcome"], r["field"]) for r in body["rows"]] == [
        (2, "ready", None),
        (3, "refused", "unit"),
    ]
    assert api.services.ledger.head_position() == head


@pytest.mark.parametrize("who", ["lead", "inspector", "admin"])
def test_only_the_office_imports(api: Api, who: str) -> None:
    answer = send(api, who, ledger_file(api.services.units, numbered(1)))
    assert answer.status_code == 403
    assert answer.headers["content-type"] == "application/problem+json"


def test_a_missing_or_unreadable_file_is_a_422_naming_the_file(api: Api) -> None:
    missing = api.client.post("/problems/import", headers=api.headers("office"))
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "file"
    garbage = send(api, "office", b"PK\x03\x04 not really a zip")
    assert garbage.status_code == 422
    assert garbage.json()["errors"] == [
        {"field": "file", "message": "is not an Excel workbook (.xlsx) this service can read"}
    ]


def test_without_a_token_the_import_is_a_401(api: Api) -> None:
    content = ledger_file(api.services.units, numbered(1))
    answer = api.client.post("/problems/import", files={"file": ("a.xlsx", content)})
    assert answer.status_code == 401


def test_a_problem_brought_in_is_found_in_the_lists_by_its_old_number(api: Api) -> None:
    done = send(api, "office", ledger_file(api.services.units, numbered(12))).json()
    wanted = next(r["problem_id"] for r in done["rows"] if r["key"] == "MZ-011")
    position = done["position"]
    assert position == api.services.ledger.head_position()
    found = api.get("office", "/lists/problems", q="mz-011", min_position=position).json()
    assert [item["id"] for item in found["items"]] == [wanted]
    some = api.get("lead", "/lists/problems", q="MZ-01", min_position=position).json()
    assert len(some["items"]) == 3  # MZ-010, MZ-011, MZ-012: the lead's own unit's


def test_the_problems_list_and_its_file_carry_the_old_number(api: Api) -> None:
    done = send(api, "office", ledger_file(api.services.units, numbered(1))).json()
    page = api.get("office", "/lists/problems", min_position=done["position"]).json()
    assert [item["old_number"] for item in page["items"]] == ["MZ-001"]
    answer = api.client.get(
        "/lists/problems", params={"format": "xlsx"}, headers=api.headers("office")
    )
    sheet = load_workbook(io.BytesIO(answer.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("原台账编号")
    assert [row[column] for row in rows[1:]] == ["MZ-001"]


def test_an_old_number_that_looks_like_a_formula_stays_text_in_the_file(api: Api) -> None:
    rows = [ROW | {"原编号": "=1+2"}, ROW | {"原编号": "@SUM(A1)"}]
    done = send(api, "office", ledger_file(api.services.units, rows)).json()
    assert done["imported"] == 2
    api.get("office", "/lists/problems", min_position=done["position"])
    answer = api.client.get(
        "/lists/problems", params={"format": "xlsx"}, headers=api.headers("office")
    )
    sheet = load_workbook(io.BytesIO(answer.content)).worksheets[0]
    column = [cell.value for cell in sheet[1]].index("原台账编号") + 1
    cells = [sheet.cell(row, column) for row in (2, 3)]
    assert [c.value for c in cells] == ["=1+2", "@SUM(A1)"]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)  # text, never evaluated

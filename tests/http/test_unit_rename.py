"""更名 on both stores: a unit renamed in a 机构改革 keeps its code, problems and people; every
page and new file uses the new name, and the files and bulletins of periods ended before the
rename keep the name they were made with, byte for byte (ADR 54)."""

from __future__ import annotations

import io

from docx import Document

from domain.actor import Role
from tests.conftest import NEW_PROBLEM, TODAY_NOON, Api
from tests.hostile import assert_workbook_is_inert
from tests.http.test_hostile_text import assert_exports_are_inert
from tests.http.test_quarterly_reports import _files, at, second_and_third_quarters
from tests.workbench import form_token, signed_in_as


def ranked_names(api: Api, period: str) -> dict[str, str]:
    bulletin = api.get("office", "/reports/bulletin", period=period).json()
    return {row["unit"]: row["name"] for row in bulletin["ranking"]}


def test_a_rename_leaves_ended_quarters_files_as_they_were(api: Api) -> None:
    second_and_third_quarters(api)
    files_before = _files(api)
    q3_before = api.get("office", "/reports/quarterly", quarter="2026Q3").json()
    assert ranked_names(api, "2026Q3")["civil_affairs"] == "区民政局"

    at(api, (TODAY_NOON.replace(hour=6)).isoformat())  # later that day: 机构改革
    renamed = api.post("admin", "/units/civil_affairs/rename", {"name": "区民政和退役军人局"})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "区民政和退役军人局"

    assert _files(api) == files_before  # byte for byte: named as at the quarter's end
    q3_after = api.get("office", "/reports/quarterly", quarter="2026Q3").json()
    assert q3_after == q3_before
    assert ranked_names(api, "2026Q3")["civil_affairs"] == "区民政局"
    document = Document(
        io.BytesIO(api.get("office", "/reports/bulletin.docx", period="2026Q3").content)
    )
    assert "区民政和退役军人局" not in "".join(
        c.text for r in document.tables[0].rows for c in r.cells
    )
    assert ranked_names(api, "2026-11")["civil_affairs"] == "区民政和退役军人局"  # running
    listed = {u["code"]: u["name"] for u in api.get("office", "/units").json()}
    assert listed["civil_affairs"] == "区民政和退役军人局"
    board = api.get("office", "/board").json()
    assert {r["unit"]: r["name"] for r in board}["civil_affairs"] == "区民政和退役军人局"


def test_only_the_admin_renames_and_never_into_confusion(api: Api) -> None:
    body = {"name": "区交通运输局"}
    assert api.post("office", "/units/transport/rename", body).status_code == 403
    assert api.post("lead", "/units/transport/rename", body).status_code == 403
    assert api.post("admin", "/units/roads/rename", body).status_code == 422
    taken = api.post("admin", "/units/transport/rename", {"name": "区民政局"})
    assert taken.status_code == 409
    same = api.post("admin", "/units/transport/rename", {"name": "区交通局"})
    assert same.status_code == 409
    hostile = api.post("admin", "/units/transport/rename", {"name": "交通\u202e局"})
    assert hostile.status_code == 422 and hostile.json()["errors"][0]["field"] == "name"
    names = {u["code"]: u["name"] for u in api.get("office", "/units").json()}
    assert names["transport"] == "区交通局"


def test_the_admin_renames_a_unit_on_the_units_page(people: Api) -> None:
    admin = signed_in_as(people, "chen", Role.ADMIN)
    page = admin.get("/workbench/admin/units").text
    assert 'id="form-rename"' in page
    token = form_token(admin, "/workbench/admin/units")
    form = {"form_token": token, "code": "transport", "name": "区交通运输局"}
    done = admin.post("/workbench/admin/units/rename", data=form)
    assert done.status_code == 303
    shown = admin.get(done.headers["location"]).text
    assert "已更改单位名称" in shown and '<td data-label="名称">区交通运输局</td>' in shown
    taken = admin.post("/workbench/admin/units/rename", data=form | {"name": "区民政局"})
    assert taken.status_code == 409 and "已有单位使用这个名称" in taken.text
    assert 'id="rename-name-error"' in taken.text
    unknown = admin.post("/workbench/admin/units/rename", data=form | {"code": "roads"})
    assert unknown.status_code == 422 and 'id="rename-code-error"' in unknown.text
    office = signed_in_as(people, "zhou", Role.OFFICE)
    refused = office.post(
        "/workbench/admin/units/rename", data=form | {"form_token": form_token(office)}
    )
    assert refused.status_code == 403


def test_a_name_like_a_formula_reaches_no_file_as_one(api: Api) -> None:
    formula = '=HYPERLINK("http://evil.example","区交通局")'
    assert api.post("admin", "/units/transport/rename", {"name": formula}).status_code == 200
    made = api.post("office", "/problems", NEW_PROBLEM | {"unit": "transport"})
    assert made.status_code == 201
    position = made.json()["position"]
    listed = api.get("office", "/lists/problems", format="xlsx", min_position=position)
    rows = assert_workbook_is_inert(listed.content)
    assert any(formula in str(cell) for row in rows for cell in row)  # there, as text
    assert_exports_are_inert(api)

"""问题档案 on both stores: a problem's record and whole history as a Word file, as of now or of
any version; the same version is the same bytes; hostile words stay words; who may not read the
problem gets nothing, and an inspector's read is on record once (ADR 56)."""

from __future__ import annotations

import io
from typing import Any

from docx import Document

from domain.actor import Role
from tests.conftest import NEW_PROBLEM, Api
from tests.workbench import signed_in_as

HOSTILE = '=HYPERLINK("http://x","点我")<script>alert(1)</script>'


def dossier(api: Api, who: str, problem_id: str, **params: Any) -> Any:
    return api.get(who, f"/problems/{problem_id}/dossier.docx", **params)


def tables(content: bytes) -> list[list[list[str]]]:
    document = Document(io.BytesIO(content))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs]


def worked(api: Api) -> str:
    """A problem of civil_affairs logged with hostile words, a demand, fixed and struck off."""
    made = api.post("office", "/problems", NEW_PROBLEM | {"title": HOSTILE})
    problem_id = str(made.json()["id"])
    asked = {"text": "需要户籍数据", "to_unit": "health"}
    assert api.post("office", f"/problems/{problem_id}/demands", asked).status_code == 201
    fix = {"measures": "取消额外材料", "result": "已整改", "evidence": ["整改通知.pdf"]}
    assert api.post("lead", f"/problems/{problem_id}/rectify", fix).status_code == 200
    accepted = {"accepted": True, "note": "验收合格"}
    assert api.post("office", f"/problems/{problem_id}/acceptance", accepted).is_success
    return problem_id


def test_the_dossier_holds_the_record_the_fix_the_demand_and_every_event(api: Api) -> None:
    problem_id = worked(api)
    answer = dossier(api, "office", problem_id)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert (
        "filename*=UTF-8''%E9%97%AE%E9%A2%98%E6%A1%A3%E6%A1%88"
        in answer.headers["content-disposition"]
    )
    history = api.get("office", f"/problems/{problem_id}/history").json()
    record, fix, demands, events = tables(answer.content)
    fields = dict(row for row in record[1:])
    assert fields["状态"] == "已销号" and fields["责任单位"] == "区民政局"
    assert fields["问题标识"] == problem_id
    number = next(
        r["number"]
        for r in api.get("office", "/lists/problems").json()["items"]
        if r["id"] == problem_id
    )
    assert fields["编号"] == f"第{number}号"  # as clerks name it, as the lists number it
    assert f"%E7%AC%AC{number}%E5%8F%B7" in answer.headers["content-disposition"]  # 第N号
    assert dict(row for row in fix[1:])["整改措施"] == "取消额外材料"
    assert demands[1][1:3] == ["需要户籍数据", "区卫生健康委"] and demands[1][4] == "待答复"
    assert len(events) == 1 + len(history)  # a header, then one row an event
    assert [row[0] for row in events[1:]] == [str(e["version"]) for e in history]
    assert events[1][2] == "登记" and events[-1][2] == "销号"
    assert HOSTILE in paragraphs(answer.content)  # as the words typed, run by nothing
    assert b"<script>" not in answer.content  # escaped in the document's XML


def test_a_past_version_is_that_version_and_the_same_bytes_each_time(api: Api) -> None:
    problem_id = worked(api)
    first = dossier(api, "office", problem_id, version=2)
    again = dossier(api, "inspector", problem_id, version=2)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content  # whoever asks, whenever
    record, events = tables(first.content)  # no demand, no fix yet at version 2
    assert dict(row for row in record[1:])["状态"] == "待签收"
    assert len(events) == 3
    assert "第2条记录" in paragraphs(first.content)[-1]
    assert dossier(api, "office", problem_id, version=99).status_code == 404
    both = dossier(api, "office", problem_id, version=1, as_of="2026-11-23T12:00:00+08:00")
    assert both.status_code == 422


def test_only_who_may_read_the_problem_gets_its_dossier_and_inspectors_are_recorded(
    api: Api,
) -> None:
    problem_id = worked(api)
    assert dossier(api, "other_lead", problem_id).status_code == 404
    assert dossier(api, "admin", problem_id).status_code in (403, 404)
    assert api.client.get(f"/problems/{problem_id}/dossier.docx").status_code == 401
    assert dossier(api, "lead", problem_id).status_code == 200
    assert dossier(api, "inspector", problem_id, version=3).status_code == 200
    records = api.get("office", "/access-log", kind="dossier").json()["items"]
    assert [(r["problem_id"], r["version"], r["path"]) for r in records] == [
        (problem_id, 3, f"/problems/{problem_id}/dossier.docx")
    ]
    assert len(api.get("office", "/access-log", reader="inspector").json()["items"]) == 1


def test_the_problem_page_hands_out_the_dossier_of_the_version_it_shows(people: Api) -> None:
    problem_id = worked(people)
    inspector = signed_in_as(people, "zhao2", Role.INSPECTOR)
    page = inspector.get(f"/workbench/problems/{problem_id}", params={"version": 2}).text
    link = f"/workbench/problems/{problem_id}/dossier.docx?version=2"
    assert f'href="{link}"' in page and "截至第2条记录" in page
    assert "<dt>编号</dt><dd>第1号</dd>" in page  # the first problem logged here
    downloaded = inspector.get(link)
    assert downloaded.status_code == 200
    assert downloaded.content == dossier(people, "office", problem_id, version=2).content
    stranger = signed_in_as(people, "wang2", Role.UNIT_LEAD, "education")
    assert stranger.get(link).status_code == 404
    assert "问题档案" not in stranger.get(link).text  # nothing of it, as for a missing one
    bad = inspector.get(f"/workbench/problems/{problem_id}/dossier.docx?version=abc")
    assert bad.status_code == 422

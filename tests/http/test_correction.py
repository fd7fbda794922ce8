"""更正 on both stores: through the API and the workbench's form, the office puts a problem's
words and category right with a reason; the lists and their search follow, the history keeps
both readings, an ended quarter's files do not move; refusals store nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Api
from tests.http.test_lists import log, rows
from tests.http.test_workbench_problem_forms import (
    lead,
    log_through_the_form,
    office,
    submit,
)

__all__ = ["office"]  # the fixture, shared


def test_the_office_corrects_a_title_and_the_lists_and_search_follow(api: Api) -> None:
    made = log(api, title="窗口要球提供清单外材料", location="3号窗口")
    pid = made["id"]
    body = {"reason": "错字", "title": "窗口要求提供清单外材料", "category": "service"}
    corrected = api.post("office", f"/problems/{pid}/correct", body)
    assert corrected.status_code == 200, corrected.text
    state = corrected.json()
    assert (state["title"], state["category"], state["location"]) == (
        "窗口要求提供清单外材料",
        "service",
        "3号窗口",  # left out: kept
    )
    position = state["position"]
    assert [r["id"] for r in rows(api, "office", "problems", position, q="要求提供")] == [pid]
    assert rows(api, "office", "problems", position, q="要球") == []
    listed = rows(api, "office", "problems", position, category="service")
    assert pid in {r["id"] for r in listed}
    history = api.get("inspector", f"/problems/{pid}/history").json()
    assert history[0]["data"]["title"] == "窗口要球提供清单外材料"  # the first reading stays
    assert history[-1]["type"] == "Corrected" and history[-1]["data"]["reason"] == "错字"
    first = api.get("inspector", f"/problems/{pid}", version=1).json()
    assert first["title"] == "窗口要球提供清单外材料"


def test_refusals_store_nothing(api: Api) -> None:
    pid = log(api)["id"]
    before = api.history_length(pid)
    title = {"reason": "错字", "title": "新标题"}
    assert api.post("lead", f"/problems/{pid}/correct", title).status_code == 403
    assert api.post("office", f"/problems/{pid}/correct", {"title": "新标题"}).status_code == 422
    wrong = api.post("office", f"/problems/{pid}/correct", {"reason": "r", "category": "cold"})
    assert wrong.status_code == 422 and "category" in wrong.text  # not a sit-in's category
    blank = api.post("office", f"/problems/{pid}/correct", {"reason": "r", "title": ""})
    assert blank.status_code == 422
    same = api.post("office", f"/problems/{pid}/correct", {"reason": "r"})
    assert same.status_code == 409 and "nothing to correct" in same.json()["detail"]
    formula = api.post("office", f"/problems/{pid}/correct", {"reason": "r", "title": "=1+2"})
    assert formula.status_code == 200  # stored as text; the files quote it (test_hostile_text)
    assert api.history_length(pid) == before + 1


def test_the_workbench_form_starts_from_the_record(people: Api, office: TestClient) -> None:
    path = log_through_the_form(office).headers["location"].split("?")[0]
    page = office.get(path).text
    assert 'id="form-correct"' in page
    assert 'id="correct-title" name="title" type="text" value="窗口要求提供清单外材料"' in page
    assert "要求额外提供户籍证明。</textarea>" in page
    assert 'id="form-correct"' not in lead(people).get(path).text
    no_reason = submit(office, path, "correct", **UNTOUCHED, reason="")
    assert no_reason.status_code == 422 and 'id="correct-reason-error"' in no_reason.text
    unchanged = submit(office, path, "correct", **UNTOUCHED, reason="核对")
    assert unchanged.status_code == 409
    assert "未作任何修改：所填内容与现有记录相同。" in unchanged.text  # not "handled by another"
    fields = UNTOUCHED | {"title": "窗口要求提供清单外的材料", "reason": "漏字"}
    done = submit(office, path, "correct", **fields)
    assert done.status_code == 303
    shown = office.get(done.headers["location"]).text
    assert "已更正登记信息。" in shown and "<h1>窗口要求提供清单外的材料</h1>" in shown
    state = people.get("office", path.replace("/workbench", "")).json()
    assert state["title"] == "窗口要求提供清单外的材料" and state["category"] == "policy"


UNTOUCHED = {
    "title": "窗口要求提供清单外材料",
    "description": "要求额外提供户籍证明。",
    "category": "policy",
    "found_by": "周洁",
    "location": "",
}
"""What the form sends when nothing in it is changed: the record as it reads."""

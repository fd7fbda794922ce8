"""撤销 in the workbench, on both stores: the office's form, last on the page and told what it
does; a blank reason refused beside the field in Chinese; the page afterwards says 已撤销 and
why, offers no form, and the lists' status filter finds it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Api
from tests.http.test_workbench_problem_forms import (
    hidden,
    lead,
    log_through_the_form,
    office,
    submit,
)

__all__ = ["office"]  # the fixture, shared


def test_the_office_withdraws_through_its_form_and_the_page_says_so(
    people: Api, office: TestClient
) -> None:
    path = log_through_the_form(office).headers["location"].split("?")[0]
    page = office.get(path).text
    assert 'id="form-withdraw"' in page and "如撤销有误，可恢复办理" in page
    assert page.index('id="form-withdraw"') > page.index('id="form-assign"')  # the last form
    assert 'id="form-withdraw"' not in lead(people).get(path).text

    blank = submit(office, path, "withdraw", reason="  ")
    assert blank.status_code == 422
    assert 'id="withdraw-reason-error"' in blank.text and "必填，不能为空" in blank.text
    api_path = path.replace("/workbench", "")
    assert people.get("office", api_path).json()["status"] == "handed"

    done = submit(office, path, "withdraw", reason="与第3号重复登记")
    assert done.status_code == 303
    page = office.get(done.headers["location"]).text
    assert "已撤销该问题。" in page
    assert "<dd>已撤销</dd>" in page and "<dd>与第3号重复登记</dd>" in page
    assert '<td data-label="理由">与第3号重复登记</td>' in page  # and in the timeline
    assert page.count('class="action"') == 1 and 'id="form-reinstate"' in page  # but 恢复办理
    assert people.get("office", api_path).json()["status"] == "withdrawn"
    listed = office.get("/workbench/lists/problems", params={"status": "withdrawn"}).text
    assert path in listed and "已撤销" in listed


def test_a_lead_posting_the_form_changes_nothing(people: Api, office: TestClient) -> None:
    path = log_through_the_form(office).headers["location"].split("?")[0]
    problem_id = path.rsplit("/", 1)[1]
    before = people.history_length(problem_id)
    li = lead(people)
    fields = hidden(li.get(path).text, "sign")  # its own page's token and version
    answer = li.post(f"{path}/withdraw", data=fields | {"reason": "误登"})
    assert answer.status_code == 403 and "您无权进行此操作" in answer.text
    assert people.history_length(problem_id) == before

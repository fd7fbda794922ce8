"""The workbench tried as an attacker and a careless user would, on both stores: whatever the
address, parameter, method or body, a Chinese page with a 4xx, never JSON, never a 500."""

from __future__ import annotations

import pytest

from tests.conftest import NEW_PROBLEM, Api
from tests.workbench import TOKEN, browser, sign_in


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/workbench/lists/problems?q=%00", 422),
        ("GET", "/workbench/lists/problems?q=a%1Fb", 422),
        ("GET", "/workbench/problems/not-a-uuid", 422),
        ("GET", "/workbench/problems/PROBLEM?version=abc", 422),
        ("GET", "/workbench/problems/PROBLEM?version=0", 422),
        ("GET", "/workbench/problems/PROBLEM?version=99999999999999999999", 422),
        ("GET", "/workbench/nothing-here", 404),
        ("GET", "/workbench/lists/nothing", 404),
        ("GET", "/workbench/lists/problems/download?format=exe", 404),
        ("GET", "/workbench/activities?month=2026-13", 422),
        ("GET", "/workbench/activities/plan?year=1066", 422),
        ("GET", "/workbench/reports/quarterly?quarter=%E2%80%8B", 422),
        ("GET", "/workbench/assignees?unit=" + "x" * 500, 422),
        ("DELETE", "/workbench", 405),
        ("POST", "/workbench/problems/PROBLEM/explode", 404),
    ],
)
def test_a_bad_request_gets_a_chinese_page_and_a_4xx(
    people: Api, method: str, path: str, status: int
) -> None:
    problem = people.post("office", "/problems", NEW_PROBLEM).json()["id"]
    client = browser(people)
    sign_in(client, "li")
    data = {"form_token": TOKEN.search(client.get("/workbench").text).group(1)}  # type: ignore[union-attr]
    path = path.replace("PROBLEM", problem)
    answer = client.request(method, path, data=data if method == "POST" else None)
    assert answer.status_code == status, answer.text[:300]
    assert answer.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN">' in answer.text
    assert answer.headers["content-security-policy"].startswith("default-src 'self'")


def test_a_body_too_large_is_a_chinese_413(people: Api) -> None:
    client = browser(people)
    sign_in(client, "li")
    answer = client.post("/workbench/inbox/read", content=b"x" * 2_000_000)  # a form of text
    assert answer.status_code == 413 and "提交的内容过大" in answer.text


def test_a_hostile_form_value_is_refused_or_stored_as_text(people: Api) -> None:
    client = browser(people)
    sign_in(client, "li")
    page = client.get("/workbench/problems/new").text
    token = TOKEN.search(page).group(1)  # type: ignore[union-attr]
    body = {
        "form_token": token,
        "source": "sit_in",
        "category": "policy",
        "unit": "civil_affairs",
        "description": "d",
        "found_on": "2026-11-20",
        "found_by": "x",
    }
    control = client.post("/workbench/problems/new", data=body | {"title": "标题\x00"})
    assert control.status_code == 422 and "控制字符" in control.text
    odd = client.post("/workbench/problems/new", data=body | {"title": "标题\uffff"})
    assert odd.status_code == 422 and "含有无法识别的字符" in odd.text
    wrong_source = client.post("/workbench/problems/new", data=body | {"title": "t", "source": "x"})
    assert wrong_source.status_code == 422 and 'id="new-source-error"' in wrong_source.text
    other_unit = client.post(
        "/workbench/problems/new", data=body | {"title": "t", "unit": "transport"}
    )
    assert other_unit.status_code == 403 and "您无权进行此操作" in other_unit.text

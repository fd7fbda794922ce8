"""The workbench's sign-in, sessions, form tokens and worklist, over the real app on both stores
(browser stories come with the rest of the workbench)."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import quote, urlencode

import pytest

from application.people import Account
from application.ports import CHINA
from domain.actor import Actor, Role
from tests.conftest import ADMIN, NEW_PROBLEM, Api
from tests.workbench import PASSWORD, TOKEN, browser, form_token, sign_in
from web.session import onward


def test_pages_carry_a_strict_content_security_policy_and_no_caching(people: Api) -> None:
    page = browser(people).get("/signin")
    assert page.status_code == 200 and "登录整改通" in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", page.text, re.S)
    assert scripts and all(body.strip() == "" for body in scripts)  # no inline script to allow
    assert re.findall(r"<script [^>]*src=\"/static/web/vendor/htmx-[0-9.]+\.min\.js\"", page.text)
    assert browser(people).get("/workbench").headers["location"] == "/signin"


def test_signing_in_opens_a_session_in_an_httponly_cookie_and_is_recorded(people: Api) -> None:
    client = browser(people)
    head = people.services.ledger.head_position()
    answer = sign_in(client, "li")
    assert answer.status_code == 303 and answer.headers["location"] == "/workbench"
    cookie = answer.headers["set-cookie"]
    assert "rectify_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    page = client.get("/workbench")
    assert page.status_code == 200 and "李华（单位负责人）" in page.text
    recorded = people.services.ledger.recorder.select_notifications(
        start=head, limit=10, inclusive_of_start=False
    )
    assert any("PersonRecord" in n.topic for n in recorded)
    client.post("/signout", data={"form_token": form_token(client)})
    assert client.get("/workbench").headers["location"] == "/signin"


def test_a_wrong_password_is_refused_in_chinese_and_ten_lock_the_account(people: Api) -> None:
    client = browser(people)
    refused = sign_in(client, "li", "wrong-password")
    assert refused.status_code == 400 and "登录名或密码不正确" in refused.text
    assert "wrong-password" not in refused.text
    assert "登录名或密码不正确" in sign_in(client, "nobody").text  # same words for no such login
    for _ in range(9):
        answer = sign_in(client, "li", "wrong-password")
    assert "已锁定" in answer.text
    assert "已锁定" in sign_in(client, "li").text  # even the right password, for a while


def test_a_form_without_its_token_is_refused(people: Api) -> None:
    client = browser(people)
    client.get("/signin")
    forged = client.post("/signin", data={"login": "li", "password": PASSWORD})
    assert forged.status_code == 403 and "请求被拒绝" in forged.text
    sign_in(client, "li")
    assert client.post("/signout", data={"form_token": "guessed"}).status_code == 403
    assert client.get("/workbench").status_code == 200  # still signed in


def test_a_new_password_must_be_changed_before_anything_else(people: Api) -> None:
    client = browser(people)
    assert sign_in(client, "zhang").headers["location"] == "/password"
    assert client.get("/workbench").headers["location"] == "/password"
    token = form_token(client, "/password")
    short = client.post(
        "/password",
        data={"current": PASSWORD, "new": "short", "repeat": "short", "form_token": token},
    )
    assert short.status_code == 400 and "至少10个字符" in short.text
    changed = client.post(
        "/password",
        data={
            "current": PASSWORD,
            "new": "my-own-pass-2",
            "repeat": "my-own-pass-2",
            "form_token": token,
        },
    )
    assert changed.headers["location"] == "/workbench"
    assert client.get("/workbench").status_code == 200


def test_a_reset_or_a_disabled_account_ends_its_sessions(people: Api) -> None:
    client = browser(people)
    sign_in(client, "li")
    people.services.people.reset_password(ADMIN, "li", "a-reset-password")
    assert client.get("/workbench").headers["location"] == "/signin?ended=true"
    assert "长时间未操作或已在别处退出" in client.get("/signin?ended=true").text
    sign_in(client, "li", "a-reset-password")
    people.services.people.disable(ADMIN, "li")
    assert client.get("/workbench").headers["location"] == "/signin?ended=true"
    assert "已停用" in sign_in(client, "li", "a-reset-password").text


def test_the_worklist_shows_the_units_own_problems_as_text(people: Api) -> None:
    hostile = '<script>window.pwned=1</script>"><img src=x onerror=alert(1)>'
    own = people.post("office", "/problems", NEW_PROBLEM | {"title": hostile}).json()
    theirs = people.post(
        "office", "/problems", NEW_PROBLEM | {"unit": "transport", "title": "交通局的问题"}
    )
    listed = people.get("office", "/lists/problems", min_position=theirs.json()["position"])
    own_number = next(r["number"] for r in listed.json()["items"] if r["id"] == own["id"])
    client = browser(people)
    sign_in(client, "li")
    page = client.get("/workbench")
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page.text
    assert "<script>window.pwned" not in page.text and "<img src=x" not in page.text
    assert "交通局的问题" not in page.text
    assert f'">{own_number}. &lt;script&gt;' in page.text and '"需要">签收或退回</td>' in page.text
    assert '"时限或日期">2026-11-24</td>' in page.text  # the day to sign by, not "未设"
    other = browser(people)
    sign_in(other, "wang")
    assert "交通局的问题" in other.get("/workbench").text
    assert "window.pwned" not in other.get("/workbench").text


def test_no_person_record_holds_a_password(people: Api) -> None:
    records = people.services.ledger.recorder.select_notifications(
        start=0, limit=1000, topics=["domain.person_record:PersonRecord.Happened"]
    )
    assert len(records) == 3
    for record in records:
        assert PASSWORD.encode() not in record.state and b"argon2" not in record.state
    account = people.services.people.store.find("li")
    assert account is not None and account.actor == Actor("li", Role.UNIT_LEAD, "civil_affairs")


def test_the_problem_page_shows_state_and_timeline_as_text_to_those_who_may_see_it(
    people: Api,
) -> None:
    hostile = "<b>粗体</b><script>window.pwned=1</script>"
    body = NEW_PROBLEM | {"title": hostile, "description": "描述<i>斜体</i>"}
    problem_id = people.post("office", "/problems", body).json()["id"]
    people.post("office", f"/problems/{problem_id}/deadline", {"due_on": "2026-11-30"})
    client = browser(people)
    sign_in(client, "li")
    page = client.get(f"/workbench/problems/{problem_id}")
    assert page.status_code == 200
    assert (
        "&lt;b&gt;粗体&lt;/b&gt;&lt;script&gt;" in page.text and "<script>window" not in page.text
    )
    assert "描述&lt;i&gt;斜体&lt;/i&gt;" in page.text
    assert "登记" in page.text and "设定整改时限" in page.text and "2026-11-30" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    stranger = browser(people)
    sign_in(stranger, "wang")
    unseen = stranger.get(f"/workbench/problems/{problem_id}")
    missing = stranger.get("/workbench/problems/3f1d5a0e-3c1b-4a57-9a51-3d1c2f4e5b6a")
    assert unseen.status_code == missing.status_code == 404
    assert unseen.text == missing.text and "没有这个问题，或者您无权查看" in unseen.text


def test_an_inspector_sees_a_past_version_and_the_read_is_on_record(people: Api) -> None:
    people.services.people.add_person(
        ADMIN, Account("zhao", "赵敏", None, Role.INSPECTOR, must_change=False), PASSWORD
    )
    problem_id = people.post("office", "/problems", NEW_PROBLEM).json()["id"]
    people.post("office", f"/problems/{problem_id}/assign", {"unit": "civil_affairs"})
    client = browser(people)
    sign_in(client, "zhao")
    past = client.get(f"/workbench/problems/{problem_id}", params={"version": 1})
    assert past.status_code == 200 and "第 1 条记录之后的状态" in past.text
    assert "已登记" in past.text
    log = people.get("office", "/access-log", reader="zhao").json()["items"]
    assert [(e["kind"], e["version"]) for e in log] == [("state", 1), ("history", None)]


def test_the_board_counts_lights_per_unit_for_those_who_may_see_them(people: Api) -> None:
    red = people.post("office", "/problems", NEW_PROBLEM).json()["id"]
    people.post("office", f"/problems/{red}/deadline", {"due_on": "2026-11-21"})
    last = people.post("office", "/problems", NEW_PROBLEM | {"unit": "transport"}).json()
    people.get("office", "/lists/problems", min_position=last["position"])
    people.services.people.add_person(
        ADMIN, Account("chen", "陈工", None, Role.ADMIN, must_change=False), PASSWORD
    )
    lead = browser(people)
    sign_in(lead, "li")
    mine = lead.get("/workbench/board")
    assert mine.status_code == 200
    assert '<th scope="row" data-label="单位">区民政局</th>' in mine.text
    assert "区交通局" not in mine.text
    red_link = (
        '<a href="/workbench/lists/problems?responsible_unit=civil_affairs&amp;open=yes'
        '&amp;light=red" aria-label="区民政局 1">1</a>'
    )
    assert red_link in mine.text  # one red, a link to exactly it
    listed = lead.get("/workbench/lists/problems?responsible_unit=civil_affairs&open=yes&light=red")
    assert listed.headers["x-row-count"] == "1"
    assert '<th scope="row" data-label="月份">2026-11</th><td data-label="发现">1</td>' in mine.text
    assert '<td data-label="月末逾期未改">1</td></tr>' in mine.text
    office = browser(people)
    people.services.people.add_person(
        ADMIN, Account("zhang2", "张二", None, Role.OFFICE, must_change=False), PASSWORD
    )
    sign_in(office, "zhang2")
    everything = office.get("/workbench/board").text
    assert "区民政局" in everything and "区交通局" in everything
    admin = browser(people)
    sign_in(admin, "chen")
    refused = admin.get("/workbench/board")
    assert refused.status_code == 403 and "无权查看" in refused.text


@pytest.mark.parametrize("login", ["li\x00", "\x00", "li\x1b[0m", "li\ud800"])
def test_a_hostile_login_is_a_wrong_one_not_a_server_error(people: Api, login: str) -> None:
    client = browser(people)
    page = client.get("/signin")
    token = TOKEN.search(page.text).group(1)  # type: ignore[union-attr]
    answer = client.post(
        "/signin",
        content=f"login={quote(login, errors='surrogatepass')}&password=x%00&form_token={token}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 400 and "登录名或密码不正确" in answer.text


def test_a_link_followed_signed_out_opens_its_page_after_signing_in(people: Api) -> None:
    """A notice's link (or the page open when a session ended) survives the sign-in; a `next`
    naming another site is never followed."""
    problem = people.post("office", "/problems", NEW_PROBLEM).json()["id"]
    client = browser(people)
    asked = f"/workbench/problems/{problem}?version=1"
    sent_to = client.get(asked).headers["location"]
    assert sent_to == "/signin?" + urlencode({"next": asked})
    page = client.get(sent_to).text
    assert f'name="next" value="/workbench/problems/{problem}?version=1"' in page
    token = TOKEN.search(page).group(1)  # type: ignore[union-attr]
    answer = client.post(
        "/signin", data={"login": "li", "password": PASSWORD, "form_token": token, "next": asked}
    )
    assert answer.status_code == 303 and answer.headers["location"] == asked
    assert client.get(asked).status_code == 200


def test_a_first_sign_in_sets_its_password_then_opens_the_page_asked_for(people: Api) -> None:
    client = browser(people)
    asked = "/workbench/lists/problems?light=red"
    token = TOKEN.search(client.get(client.get(asked).headers["location"]).text).group(1)  # type: ignore[union-attr]
    form = {"login": "zhang", "password": PASSWORD, "form_token": token, "next": asked}
    to_password = client.post("/signin", data=form).headers["location"]
    assert to_password == "/password?" + urlencode({"next": asked})  # must change it first
    page = client.get(to_password).text
    assert 'name="next" value="/workbench/lists/problems?light=red"' in page
    new = "my-own-pass-2"
    changed = client.post(
        "/password",
        data={"current": PASSWORD, "new": new, "repeat": new, "next": asked}
        | {"form_token": TOKEN.search(page).group(1)},  # type: ignore[union-attr]
    )
    assert changed.headers["location"] == asked


@pytest.mark.parametrize(
    "elsewhere",
    [
        "//evil.example/x",
        "https://evil.example",
        "/\\evil.example",
        "/workbench//evil.example",
        "/workbench/\\evil",
        "javascript:alert(1)",
        "/signout",
        "/workbench/../signout",
        "/workbench/%2e%2e/x",
        "/workbench/\u4e2d",
    ],
)
def test_a_next_that_leaves_the_workbench_goes_to_the_worklist(people: Api, elsewhere: str) -> None:
    client = browser(people)
    page = client.get("/signin", params={"next": elsewhere}).text
    assert 'name="next"' not in page  # only a workbench path is carried
    token = TOKEN.search(page).group(1)  # type: ignore[union-attr]
    form = {"login": "li", "password": PASSWORD, "form_token": token, "next": elsewhere}
    assert client.post("/signin", data=form).headers["location"] == "/workbench"


def test_a_fragment_asked_after_the_session_ended_takes_the_whole_page_to_sign_in(
    people: Api,
) -> None:
    client = browser(people)
    sign_in(client, "li")
    people.services.sessions.close_all("li")
    answer = client.get("/workbench/assignees?unit=civil_affairs", headers={"HX-Request": "true"})
    assert answer.status_code == 204 and answer.headers["hx-redirect"].startswith("/signin?")
    assert "ended=true" in answer.headers["hx-redirect"]


def test_the_home_page_says_when_the_person_signed_in_before(people: Api) -> None:
    """A sign-in the person did not make is noticed at their next one."""
    first = browser(people)
    sign_in(first, "li")
    assert "这是您第一次登录。" in first.get("/workbench").text
    before = people.services.sql.execute(
        "SELECT created_at FROM rectify_sessions WHERE login = 'li'"
    )[0][0]
    shown = datetime.fromisoformat(str(before)).astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
    second = browser(people)
    sign_in(second, "li")
    page = second.get("/workbench").text
    assert f"上次登录：{shown}" in page and "如非本人操作" in page
    assert "这是您第一次登录。" in first.get("/workbench").text  # the first session's own view


def test_a_search_carried_over_sign_in_keeps_its_query() -> None:
    for asked in (
        "/workbench/lists/problems?q=http://x/./y",
        "/workbench/problems/new?source=review",
    ):
        assert onward(asked) == asked

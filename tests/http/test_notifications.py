"""Notifications end to end on both stores, with a real SMTP server and a real HTTP receiver
standing in for the 企业微信 and 钉钉 robots: each trigger gives one message with the right text
and link, a second run adds nothing, receivers down for a while get everything once when back,
a delivery that keeps failing shows as failed, and the inbox shows each person only their own.
The outbox's own behaviour runs on both stores; the people's side on the embedded one."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from domain.actor import Actor, Role
from infrastructure.ledger_sheet import read_sheet
from infrastructure.settings import Settings
from tests.conftest import ADMIN, EMBEDDED_ONLY, NEW_PROBLEM, Api, make_settings
from tests.http.test_supervision_workflow import at, ok
from tests.ledger_files import ledger_file, numbered
from tests.receivers import HookReceiver, SmtpReceiver, dingtalk_sign_ok, smtp, webhook_file
from tests.workbench import browser, form_token, sign_in, signed_in_as

__all__ = ["smtp"]
SECRET = "SEC0123456789abcdef"
BASE = "https://zgt.example.gov.cn"
LI = Actor("li", Role.UNIT_LEAD, "civil_affairs")
ZHANG = Actor("zhang", Role.OFFICE)


@pytest.fixture
def hooks() -> Iterator[HookReceiver]:
    receiver = HookReceiver()
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture
def settings(
    database_url: str, tmp_path: Path, smtp: SmtpReceiver, hooks: HookReceiver
) -> Settings:
    webhooks = webhook_file(tmp_path / "webhooks.toml", hooks.url, SECRET)
    return make_settings(database_url).model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp.port,
            "webhooks_file": webhooks,
            "public_url": BASE,
            "notify_backoff_seconds": 60.0,
            "notify_max_attempts": 3,
        }
    )


def started(people: Api) -> Api:
    """The worker starts at the log's head; li and zhang take every kind by e-mail."""
    people.services.notifications.worker.run_until_idle()
    inbox = people.services.inbox
    inbox.choose_email(LI, "li@civil.example.gov.cn", "each", [])
    inbox.choose_email(ZHANG, "zhang@office.example.gov.cn", "each", [])
    return people


def run(api: Api) -> None:
    """The lists caught up (the app's own workers follow the log), then the notifier's round."""
    deadline = time.monotonic() + 20
    while any(api.services.read_models.lag().values()) and time.monotonic() < deadline:
        time.sleep(0.02)
    api.services.notifications.worker.run_until_idle()


def every_trigger(api: Api, pid: str) -> None:
    """After its hand-out, a problem of civil_affairs meets every other trigger: a demand, a
    flag, an extension decided, a fix rejected (and a plan and a fix, which tell nobody)."""
    demand = {"text": "请说明依据", "to_unit": "civil_affairs"}
    ok(api, "office", f"/problems/{pid}/demands", demand)
    ok(api, "office", f"/problems/{pid}/flag", {"flagged": True, "reason": "群众反映强烈"})
    ok(api, "lead", f"/problems/{pid}/plan", {"measures": "取消证明", "person": "李华"})
    ok(api, "lead", f"/problems/{pid}/extensions", {"working_days": 3, "reason": "系统改造"})
    decision = {"approved": True, "reason": "同意"}
    ok(api, "office", f"/problems/{pid}/extensions/1/decision", decision)
    ok(api, "lead", f"/problems/{pid}/rectify", {"measures": "m", "result": "r"})
    ok(api, "office", f"/problems/{pid}/acceptance", {"accepted": False, "reason": "仍在收取"})


def test_each_trigger_gives_one_message_to_each_receiver(
    people: Api, smtp: SmtpReceiver, hooks: HookReceiver
) -> None:
    api = started(people)
    pid = str(ok(api, "office", "/problems", NEW_PROBLEM)["id"])  # handed to civil_affairs
    every_trigger(api, pid)
    run(api)

    mails = smtp.to("li@civil.example.gov.cn")
    subjects = sorted(str(m["Subject"]).removeprefix("[整改通] ").split("：")[0] for m in mails)
    assert subjects == sorted(["新交办", "需求待答复", "重点督办", "延期申请已审批", "验收不通过"])
    handed = next(m for m in mails if "新交办" in str(m["Subject"]))
    text = handed.get_content()
    assert "窗口要求提供清单外材料" in text and "2026-11-24 前签收" in text
    assert f"{BASE}/workbench/problems/{pid}" in text
    assert smtp.to("zhang@office.example.gov.cn") == []  # nothing here is the office's
    wecom = hooks.at("/cgi-bin/webhook/send")
    assert len(wecom) == 5, [p.body["markdown"]["content"][:30] for p in wecom]
    assert all(p.body["msgtype"] == "markdown" for p in wecom)
    assert f"{BASE}/workbench/problems/{pid}" in wecom[0].body["markdown"]["content"]
    dingtalk = hooks.at("/robot/send")
    assert len(dingtalk) == 5
    assert all(dingtalk_sign_ok(p.query, SECRET) for p in dingtalk)
    assert {"title", "text"} <= set(dingtalk[0].body["markdown"])

    run(api)  # looked at again: nothing new
    assert len(smtp.messages) == 5 and len(hooks.posted) == 10


def test_a_red_phase_tells_the_unit_and_the_office_once(
    people: Api, smtp: SmtpReceiver, hooks: HookReceiver
) -> None:
    api = started(people)
    ok(api, "office", "/problems", NEW_PROBLEM)  # to sign by 2026-11-24
    run(api)
    at(api, "2026-11-24 09:00")  # the signing day: yellow
    run(api)
    at(api, "2026-11-25 07:00")  # red, but before the reminder time
    run(api)
    before = Counter(str(m["Subject"]).split("：")[0] for m in smtp.messages)
    at(api, "2026-11-25 09:00")
    run(api)
    at(api, "2026-11-25 10:00")
    run(api)
    after = Counter(str(m["Subject"]).split("：")[0] for m in smtp.messages)
    assert before == {"[整改通] 新交办": 1}  # signing is yellow from the start: no reminder
    assert after - before == {"[整改通] 已超期": 1, "[整改通] 催办": 1}
    office = smtp.to("zhang@office.example.gov.cn")
    assert [str(m["Subject"]).split("：")[0] for m in office] == ["[整改通] 催办"]
    assert "签收期限 2026-11-24 已过" in office[0].get_content()


def test_receivers_down_for_a_while_then_back_get_everything_once(
    people: Api, smtp: SmtpReceiver, hooks: HookReceiver
) -> None:
    api = started(people)
    smtp.stop()
    hooks.down = True
    for title in ("一号", "二号"):
        ok(api, "office", "/problems", NEW_PROBLEM | {"title": title})
    run(api)
    failed = api.services.notifications.deliveries.listed("pending")
    assert len(failed) == 6 and {d.attempts for d in failed} == {1}
    assert all(d.last_error for d in failed)
    later(api, timedelta(seconds=61))
    run(api)  # the second try: still down
    assert {d.attempts for d in api.services.notifications.deliveries.listed("pending")} == {2}
    smtp.start()
    hooks.down = False
    later(api, timedelta(seconds=121))
    run(api)
    run(api)
    assert len(smtp.messages) == 2 and len(set(smtp.ids())) == 2
    assert len(hooks.posted) == 4 and len({p.delivery for p in hooks.posted}) == 4
    assert api.services.notifications.deliveries.counts() == {"sent": 6}


@EMBEDDED_ONLY
def test_a_delivery_that_keeps_failing_shows_as_failed_and_can_be_sent_again(
    people: Api, smtp: SmtpReceiver, hooks: HookReceiver
) -> None:
    api = started(people)
    hooks.down = True
    ok(api, "office", "/problems", NEW_PROBLEM)
    for _ in range(3):
        run(api)
        later(api, timedelta(minutes=10))
    failed = api.services.notifications.deliveries.listed("failed")
    assert sorted(d.recipient for d in failed) == ["civil", "district"]
    assert all(d.attempts == 3 and "503" in d.last_error for d in failed)
    office = signed_in_as(api, "zhao", Role.OFFICE)
    page = office.get("/workbench/deliveries?state=failed")
    assert page.status_code == 200 and "投递失败" in page.text and "503" in page.text
    hooks.down = False
    for d in failed:
        api.services.inbox.retry(ZHANG, d.key, d.channel, d.recipient)
    run(api)
    assert len(hooks.posted) == 2 and api.services.notifications.deliveries.counts() == {"sent": 3}


@EMBEDDED_ONLY
def test_the_inbox_shows_each_person_their_own_and_marks_them_read(
    people: Api, smtp: SmtpReceiver
) -> None:
    api = started(people)
    pid = str(ok(api, "office", "/problems", NEW_PROBLEM)["id"])
    ok(api, "office", "/problems", NEW_PROBLEM | {"unit": "transport", "title": "交通的问题"})
    run(api)
    li = browser(api)
    sign_in(li, "li")
    page = li.get("/workbench/inbox")
    assert page.status_code == 200
    assert "窗口要求提供清单外材料" in page.text and "交通的问题" not in page.text
    assert f"/workbench/problems/{pid}" in page.text
    assert "unread-count" in li.get("/workbench").text
    wang_browser = browser(api)
    sign_in(wang_browser, "wang")
    wang = wang_browser.get("/workbench/inbox").text
    assert "交通的问题" in wang and "窗口要求提供清单外材料" not in wang
    json_inbox = api.get("lead", "/notifications").json()
    assert [n["kind"] for n in json_inbox["items"]] == ["handed_out"]
    assert json_inbox["unread"] == 1
    other_key = api.get("other_lead", "/notifications").json()["items"][0]["key"]
    api.post("lead", "/notifications/read", {"keys": [other_key]})  # not theirs: ignored
    assert api.get("other_lead", "/notifications").json()["unread"] == 1
    token = form_token(li, "/workbench/inbox")
    done = li.post("/workbench/inbox/read", data={"all": "1", "form_token": token})
    assert done.status_code == 303
    assert api.services.inbox.unread(LI) == 0
    assert "unread-count" not in li.get("/workbench").text


@EMBEDDED_ONLY
def test_a_lead_moved_to_another_unit_reads_only_the_new_units_notices(
    people: Api, smtp: SmtpReceiver
) -> None:
    api = started(people)
    ok(api, "office", "/problems", NEW_PROBLEM)
    run(api)
    held = api.services.people.find(ADMIN, "li")
    assert held is not None
    api.services.people.change(ADMIN, replace(held, unit="transport"))  # 调整 (ADR 52)
    ok(api, "office", "/problems", NEW_PROBLEM | {"unit": "transport", "title": "交通的问题"})
    run(api)
    li = browser(api)
    sign_in(li, "li")
    page = li.get("/workbench/inbox").text
    assert "交通的问题" in page and "窗口要求提供清单外材料" not in page  # even one named hers
    mailed = [m["Subject"] for m in smtp.messages if "li@civil" in m["To"]]
    assert len(mailed) == 2 and "交通的问题" in mailed[1] and "交通" not in mailed[0], mailed


def later(api: Api, by: timedelta) -> None:
    clock = api.services.clock
    clock.move_to(clock.now() + by)  # type: ignore[attr-defined]


@EMBEDDED_ONLY
def test_a_lead_who_chose_the_digest_gets_one_morning_mail_instead_of_single_ones(
    people: Api, smtp: SmtpReceiver
) -> None:
    api = started(people)
    api.services.inbox.choose_email(LI, "li@civil.example.gov.cn", "digest", [])
    at(api, "2026-11-24 07:00")
    for title in ("一号窗口", "二号窗口"):
        ok(api, "office", "/problems", NEW_PROBLEM | {"title": title})  # to sign by 11-25
    run(api)
    assert smtp.to("li@civil.example.gov.cn") == []  # no single mails, no digest before 08:30
    at(api, "2026-11-26 08:31")  # both red
    run(api)
    at(api, "2026-11-26 15:00")
    run(api)
    digests = smtp.to("li@civil.example.gov.cn")
    assert len(digests) == 1
    assert str(digests[0]["Subject"]) == "[整改通] 2026-11-26 待办汇总：已超期 2 件，即将到期 0 件"
    body = digests[0].get_content()
    assert "【超期】" in body and "一号窗口" in body and "二号窗口" in body
    assert smtp.to("zhang@office.example.gov.cn")  # the office, mail by mail: its 催办


@EMBEDDED_ONLY
def test_people_choose_their_kinds_in_the_workbench_and_get_only_those(
    people: Api, smtp: SmtpReceiver
) -> None:
    api = started(people)
    li = browser(api)
    sign_in(li, "li")
    token = form_token(li, "/workbench/inbox")
    refused = li.post(
        "/workbench/inbox/email",
        data={"form_token": token, "email": "不是邮箱", "mode": "each"},
    )
    assert refused.status_code == 422 and "请填写正确的电子邮箱地址" in refused.text
    chosen = li.post(
        "/workbench/inbox/email",
        data={
            "form_token": token,
            "email": "li@civil.example.gov.cn",
            "mode": "each",
            "kinds": ["flagged"],
        },
    )
    assert chosen.status_code == 303
    assert 'value="flagged" checked' in li.get("/workbench/inbox").text
    pid = str(ok(api, "office", "/problems", NEW_PROBLEM)["id"])
    ok(api, "office", f"/problems/{pid}/flag", {"flagged": True, "reason": "督办"})
    run(api)
    subjects = [str(m["Subject"]) for m in smtp.to("li@civil.example.gov.cn")]
    assert len(subjects) == 1 and subjects[0].startswith("[整改通] 重点督办")


@EMBEDDED_ONLY
def test_the_log_read_again_from_the_start_tells_nobody_twice(
    people: Api, smtp: SmtpReceiver, hooks: HookReceiver
) -> None:
    api = started(people)
    ok(api, "office", "/problems", NEW_PROBLEM)
    run(api)
    before = (len(smtp.messages), len(hooks.posted))
    api.services.sql.execute("UPDATE rectify_notifier SET position = 0")  # a replay from zero
    run(api)
    count = api.services.sql.execute("SELECT COUNT(*) FROM rectify_notices")[0][0]
    assert (len(smtp.messages), len(hooks.posted)) == before == (1, 2) and count == 1


@EMBEDDED_ONLY
def test_a_hostile_title_reaches_mail_and_robots_as_text_and_holds_up_nothing(
    people: Api, smtp: SmtpReceiver, hooks: HookReceiver
) -> None:
    api = started(people)
    hostile = '=HYPERLINK("x")\nBcc: all@example.com\r\n<script>'
    ok(api, "office", "/problems", NEW_PROBLEM | {"title": hostile})
    ok(api, "office", "/problems", NEW_PROBLEM | {"title": "普通标题"})
    run(api)
    mails = smtp.to("li@civil.example.gov.cn")
    assert len(mails) == 2 and all(m["Bcc"] is None for m in mails)
    subject = next(str(m["Subject"]) for m in mails if "HYPERLINK" in str(m["Subject"]))
    assert "\n" not in subject and "Bcc: all@example.com" in subject
    assert len(hooks.posted) == 4 and api.services.notifications.deliveries.counts() == {"sent": 6}


def test_a_new_year_not_yet_recorded_holds_up_no_message(
    people: Api, smtp: SmtpReceiver, hooks: HookReceiver
) -> None:
    """On 31 December, looking a working day ahead reaches a year nobody recorded; in January
    no day of the year is known. Messages are still delivered, and reminders fire on weekdays."""
    api = started(people)
    at(api, "2026-12-31 09:00")
    ok(api, "office", "/problems", NEW_PROBLEM)
    run(api)
    subjects = [str(m["Subject"]).split("：")[0] for m in smtp.to("li@civil.example.gov.cn")]
    assert subjects == ["[整改通] 新交办"]
    at(api, "2027-01-04 09:00")  # a Monday of 2027: the signing day has passed
    run(api)
    subjects = [str(m["Subject"]).split("：")[0] for m in smtp.to("li@civil.example.gov.cn")]
    assert subjects == ["[整改通] 新交办", "[整改通] 已超期"]
    at(api, "2027-01-09 09:00")  # a Saturday: no reminder, whatever the notice will say
    assert api.services.notifications.worker.notifier.reminders() == []


def test_reminders_that_fail_hold_up_no_delivery(
    people: Api, smtp: SmtpReceiver, hooks: HookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = started(people)
    notifier = api.services.notifications.worker.notifier

    def broken() -> list[object]:
        raise RuntimeError("a reminder that cannot be worked out")

    monkeypatch.setattr(notifier, "reminders", broken)
    at(api, "2026-11-24 09:00")  # after the reminder time: the reminders are looked at
    ok(api, "office", "/problems", NEW_PROBLEM)
    run(api)
    assert len(smtp.to("li@civil.example.gov.cn")) == 1  # 新交办, delivered all the same


def test_an_old_ledger_brought_in_is_told_in_the_inbox_not_one_message_each(
    people: Api, smtp: SmtpReceiver, hooks: HookReceiver
) -> None:
    api = started(people)
    rows = read_sheet(ledger_file(api.services.units, numbered(3)))
    api.services.ledger_import.run(ZHANG, rows)
    ok(api, "office", "/problems", NEW_PROBLEM)  # logged the usual way: told as usual
    run(api)
    inbox = api.get("lead", "/notifications").json()
    assert [n["kind"] for n in inbox["items"]] == ["handed_out"] * 4
    assert len(smtp.to("li@civil.example.gov.cn")) == 1
    assert len(hooks.at("/cgi-bin/webhook/send")) == 1 and len(hooks.at("/robot/send")) == 1


def test_many_at_once_reach_each_group_robot_as_one_message(
    people: Api, smtp: SmtpReceiver, hooks: HookReceiver
) -> None:
    api = started(people)
    titles = [f"第{n}个窗口排长队" for n in range(6)]
    for title in titles:  # six hand-outs to civil_affairs before the worker's next round
        ok(api, "office", "/problems", dict(NEW_PROBLEM, title=title))
    run(api)
    assert len(smtp.to("li@civil.example.gov.cn")) == 6  # e-mail: each, as li chose
    wecom = hooks.at("/cgi-bin/webhook/send")
    dingtalk = hooks.at("/robot/send")
    assert len(wecom) == 1 and len(dingtalk) == 1
    text = wecom[0].body["markdown"]["content"]
    assert "问题交办：共 6 件" in text
    assert all(f"新交办：问题「{title}」" in text for title in titles)
    assert "问题交办：共 6 件" in dingtalk[0].body["markdown"]["title"]
    inbox = api.get("lead", "/notifications").json()
    assert len(inbox["items"]) == 6 and inbox["unread"] == 6  # the bundle is nobody's notice
    run(api)
    assert len(hooks.posted) == 2 and len(smtp.messages) == 6


def test_a_title_that_is_markdown_reaches_the_robots_as_plain_words(
    people: Api, smtp: SmtpReceiver, hooks: HookReceiver
) -> None:
    api = started(people)
    title = "<b>急</b>[点我](http://p.cn)![](//t.cn)"  # a tag, a link, an image: 35 characters
    pid = ok(api, "office", "/problems", dict(NEW_PROBLEM, title=title))["id"]
    run(api)
    wecom = hooks.at("/cgi-bin/webhook/send")[0].body["markdown"]["content"]
    dingtalk = hooks.at("/robot/send")[0].body["markdown"]["text"]
    for text in (wecom, dingtalk):
        assert "](http://p" not in text and "![" not in text and "<b>" not in text
        assert "＜b＞急＜/b＞［点我］（http://p.cn）！［］（//t.cn）" in text  # shown as words
        assert text.endswith(f"[查看]({BASE}/workbench/problems/{pid})")  # ours is still a link
    assert title in smtp.to("li@civil.example.gov.cn")[0].get_content()  # e-mail is plain text

"""Each minute's look at the lit problems: the day's first reads every one, the looks after it
only the problems the log changed since (a light changes within a day only when its problem
does), and a digest is made once a day for each person who chose one, even one who chose it
after the morning's look. Real SMTP server, both stores."""

from __future__ import annotations

from typing import Any

import pytest

from application.lists import ListFilter, Lists
from tests.conftest import NEW_PROBLEM, Api
from tests.http.test_notifications import ZHANG, hooks, run, settings, started
from tests.http.test_supervision_workflow import at, ok
from tests.receivers import HookReceiver, SmtpReceiver, smtp

__all__ = ["hooks", "settings", "smtp"]


def subjects(smtp: SmtpReceiver, address: str) -> list[str]:
    return [str(m["Subject"]).split("：")[0] for m in smtp.to(address)]


def test_a_look_after_the_days_first_reads_only_the_problems_changed_since(
    people: Api, smtp: SmtpReceiver, hooks: HookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = started(people)
    pid = ok(api, "office", "/problems", NEW_PROBLEM)["id"]  # to sign by 2026-11-24
    reads: list[tuple[str, ...] | None] = []
    lists = api.services.notifications.worker.notifier.lit.lists
    read = Lists.problems

    def counted(actor: Any, f: ListFilter, *args: Any, **kwargs: Any) -> Any:
        reads.append(f.problem_ids)
        return read(lists, actor, f, *args, **kwargs)

    monkeypatch.setattr(lists, "problems", counted)
    at(api, "2026-11-24 09:00")  # the signing day: yellow, which signing does not remind of
    run(api)
    assert reads and set(reads) == {None}  # the day's first look: every lit problem
    reads.clear()
    at(api, "2026-11-24 09:02")
    run(api)
    assert reads == []  # nothing changed: nothing read
    ok(api, "lead", f"/problems/{pid}/sign", {})  # planning, yellow from today
    at(api, "2026-11-24 09:04")
    run(api)
    assert reads and set(reads) == {(pid,)}
    assert subjects(smtp, "li@civil.example.gov.cn").count("[整改通] 即将到期") == 1
    reads.clear()
    api.services.inbox.choose_email(ZHANG, "zhang@office.example.gov.cn", "digest", [])
    at(api, "2026-11-24 09:06")
    run(api)  # a digest chosen after the morning's look: today's, made now, from every row
    assert reads and set(reads) == {None}
    assert "[整改通] 2026-11-24 待办汇总" in subjects(smtp, "zhang@office.example.gov.cn")
    reads.clear()
    at(api, "2026-11-24 09:08")
    run(api)
    assert reads == []  # the digest is in the outbox: not made again
    at(api, "2026-11-25 09:00")
    run(api)  # a new day: every lit problem again
    assert reads and None in reads

"""Many notices of one kind for one audience at once reach a group robot as one message; the
inbox and e-mail still get each (domain.notice_routes.bundled)."""

from __future__ import annotations

from datetime import date

from domain.actor import Actor, Role
from domain.notice_routes import (
    BUNDLE_FROM,
    BUNDLE_LINES,
    ROBOTS,
    Channel,
    Contact,
    EmailMode,
    Webhook,
    bundled,
    routes_for,
)
from domain.notices import Audience, Notice, NoticeKind

ON = date(2026, 11, 25)
CIVIL = Audience(Role.UNIT_LEAD, "civil_affairs")
TRANSPORT = Audience(Role.UNIT_LEAD, "transport")
HOOKS = [
    Webhook("district", Channel.DINGTALK, "https://d.example/robot"),
    Webhook("civil", Channel.WECOM, "https://w.example/hook", unit="civil_affairs"),
]
LI = Contact(Actor("li", Role.UNIT_LEAD, "civil_affairs"), "li@example.cn", EmailMode.EACH)


def red(n: int, audience: Audience = CIVIL, **flags: bool) -> Notice:
    kind = NoticeKind.TURNED_RED
    return Notice(f"red:{n}", kind, audience, f"已超期：第{n}号问题", "b", f"/p/{n}", ON, **flags)


def test_a_few_go_one_by_one() -> None:
    few = [red(n) for n in range(BUNDLE_FROM - 1)]
    assert bundled(few) == few
    assert {r.recipient for r in routes_for(few[0], [LI], HOOKS)} == {"li", "district", "civil"}


def test_many_of_one_audience_reach_its_robots_as_one_message() -> None:
    many = [red(n) for n in range(BUNDLE_FROM + 20)] + [red(99, TRANSPORT)]
    out = bundled(many)
    bundles = [n for n in out if n.audience.login == ROBOTS]
    assert len(bundles) == 1 and len(out) == len(many) + 1
    bundle = bundles[0]
    assert bundle.subject == f"已超期催办：共 {BUNDLE_FROM + 20} 件"
    lines = bundle.body.splitlines()
    assert lines[0] == "- 已超期：第0号问题" and len(lines) == BUNDLE_LINES + 1
    assert lines[-1] == "……另有 5 件，请登录工作台查看。"
    assert bundled(many)[-1].key == bundle.key  # the same notices: the same bundle
    members = [n for n in out if n.audience == CIVIL]
    assert all(n.grouped for n in members)
    assert [r.recipient for r in routes_for(members[0], [LI], HOOKS)] == ["li"]  # e-mail still
    assert {r.recipient for r in routes_for(bundle, [LI], HOOKS)} == {"district", "civil"}
    alone = next(n for n in out if n.audience == TRANSPORT)
    assert not alone.grouped  # one for transport: as before


def test_quiet_notices_and_digests_are_never_bundled() -> None:
    quiet = [red(n, quiet=True) for n in range(BUNDLE_FROM * 2)]
    assert bundled(quiet) == quiet

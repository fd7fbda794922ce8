"""Where a notice goes besides the inbox: to the e-mail of each person it concerns who asked for
that kind, and to the group robots (企业微信, 钉钉) of its unit or of the whole district."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from enum import StrEnum

from domain.actor import Actor
from domain.notices import KIND_LABELS, Audience, Notice, NoticeKind


class EmailMode(StrEnum):
    EACH = "each"  # one e-mail per notice of the chosen kinds
    DIGEST = "digest"  # one e-mail each working morning instead
    OFF = "off"


class Channel(StrEnum):
    EMAIL = "email"
    WECOM = "wecom"
    DINGTALK = "dingtalk"


CHANNEL_LABELS = {Channel.EMAIL: "电子邮件", Channel.WECOM: "企业微信", Channel.DINGTALK: "钉钉"}
DISTRICT = "district"


@dataclass(frozen=True)
class Contact:
    """A person's e-mail and what they want by it; the kinds are all of them when empty."""

    actor: Actor
    email: str = ""
    mode: EmailMode = EmailMode.OFF
    kinds: frozenset[NoticeKind] = field(default_factory=frozenset)

    def wants(self, kind: NoticeKind) -> bool:
        return not self.kinds or kind in self.kinds


@dataclass(frozen=True)
class Webhook:
    """A group robot: for one unit's notices, or (`unit` "district") for every notice."""

    name: str
    channel: Channel
    url: str
    secret: str = ""
    unit: str = DISTRICT


@dataclass(frozen=True)
class Route:
    channel: Channel
    recipient: str  # a login, or the webhook's name
    address: str  # the e-mail address, or the webhook's URL


def routes_for(notice: Notice, contacts: list[Contact], webhooks: list[Webhook]) -> list[Route]:
    """The deliveries one notice needs. A digest goes by e-mail only, to the one it is for; other
    notices reach e-mail only for people who chose them one by one; a quiet one goes nowhere."""
    routes: list[Route] = []
    if notice.quiet:
        return routes
    for contact in contacts:
        if not contact.email or not notice.audience.includes(contact.actor):
            continue
        if notice.kind is NoticeKind.DIGEST:
            if contact.mode is EmailMode.DIGEST:
                routes.append(Route(Channel.EMAIL, contact.actor.name, contact.email))
        elif contact.mode is EmailMode.EACH and contact.wants(notice.kind):
            routes.append(Route(Channel.EMAIL, contact.actor.name, contact.email))
    if notice.kind is NoticeKind.DIGEST or notice.grouped:
        return routes
    for hook in webhooks:
        if hook.unit in (DISTRICT, notice.audience.unit):
            routes.append(Route(hook.channel, hook.name, hook.url))
    return routes


BUNDLE_FROM = 5
"""From this many new notices of one kind for one audience at once (a morning's reminders, an
import's hand-outs), a group robot gets one message listing them, not one each: a group chat
flooded with hundreds of lines is muted, and the robots' senders limit how fast they post."""
BUNDLE_LINES = 20
ROBOTS = "#robots"
"""The login of a bundle's audience: no person's or credential's, so it is in nobody's inbox
and no e-mail; each notice it lists is there already."""


def bundled(notices: list[Notice]) -> list[Notice]:
    """The notices, those of a large group `grouped`, and one bundle for each such group. Its
    key is made from its first member's, which is new with it: the same notices bundled again
    (a retry after a crash) give the same key."""
    groups: dict[tuple[NoticeKind, Audience], list[Notice]] = defaultdict(list)
    for notice in notices:
        if not notice.quiet and notice.kind is not NoticeKind.DIGEST:
            groups[(notice.kind, notice.audience)].append(notice)
    large = {key: members for key, members in groups.items() if len(members) >= BUNDLE_FROM}
    if not large:
        return notices
    inside = {n.key for members in large.values() for n in members}
    out = [replace(n, grouped=True) if n.key in inside else n for n in notices]
    return out + [_bundle(kind, audience, members) for (kind, audience), members in large.items()]


def _bundle(kind: NoticeKind, audience: Audience, members: list[Notice]) -> Notice:
    lines = [f"- {n.subject}" for n in members[:BUNDLE_LINES]]
    if len(members) > BUNDLE_LINES:
        lines.append(f"……另有 {len(members) - BUNDLE_LINES} 件，请登录工作台查看。")
    return Notice(
        key=f"bundle:{members[0].key}",
        kind=kind,
        audience=Audience(audience.role, audience.unit, ROBOTS),
        subject=f"{KIND_LABELS[kind]}：共 {len(members)} 件",
        body="\n".join(lines),
        link="/workbench/inbox",
        on=members[0].on,
    )

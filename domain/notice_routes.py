"""Where a notice goes besides the inbox: to the e-mail of each person it concerns who asked for
that kind, and to the group robots (企业微信, 钉钉) of its unit or of the whole district."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from domain.actor import Actor
from domain.notices import Notice, NoticeKind


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
    if notice.kind is NoticeKind.DIGEST:
        return routes
    for hook in webhooks:
        if hook.unit in (DISTRICT, notice.audience.unit):
            routes.append(Route(hook.channel, hook.name, hook.url))
    return routes

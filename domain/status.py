"""A problem's status and its deadline light (红黄绿)."""

from __future__ import annotations

from enum import Enum


class Status(Enum):
    """logged → handed (待签收) → assigned (signed for) → rectified → closed; a send-back returns
    it to logged, a rejected fix, an escalation to the office or a reopening to assigned. Any
    status short of closed may end in withdrawn (撤销): logged in error, it counts nowhere."""

    LOGGED = "logged"
    HANDED = "handed"
    ASSIGNED = "assigned"
    RECTIFIED = "rectified"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class Light(Enum):
    """The deadline light of a problem still being worked on."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    NONE = "none"


OPEN_STATUSES = frozenset({Status.LOGGED, Status.HANDED, Status.ASSIGNED})

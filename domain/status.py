"""A problem's status and its deadline light (红黄绿)."""

from __future__ import annotations

from enum import Enum


class Status(Enum):
    """logged → assigned → rectified → closed; escalation and reopening move it back to assigned."""

    LOGGED = "logged"
    ASSIGNED = "assigned"
    RECTIFIED = "rectified"
    CLOSED = "closed"


class Light(Enum):
    """The deadline light of a problem still being worked on."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    NONE = "none"


OPEN_STATUSES = frozenset({Status.LOGGED, Status.ASSIGNED})

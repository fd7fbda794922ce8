"""An aggregate's state as plain JSON data and back, for snapshots (ADR 23).

Every value that JSON would blur is tagged with its type: a tuple stays a tuple, a dict keyed
by numbers or phases keeps its keys, a set its members, a record its class. So the state a
snapshot restores is the state the events replay, type for type: after every test that builds
the services, each state its commands made is checked so (tests/snapshot_check.py). Only
classes of the `domain` package are ever made from stored data."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date, datetime, time
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic, resolve_topic

PLAIN = (str, int, float, bool)
DOMAIN = "domain."


class UnsnapshottableError(TypeError):
    """A value of a type this codec does not know: the snapshot is not taken."""


def plain(value: Any) -> Any:
    """The value as JSON data; every JSON object in the result is a tag."""
    kind = type(value)
    if value is None or kind in PLAIN:
        return value
    if isinstance(value, Enum):
        return {"t": "enum", "c": _topic(kind), "v": value.value}
    if kind is list:
        return [plain(item) for item in value]
    if kind is tuple:
        return {"t": "tuple", "v": [plain(item) for item in value]}
    if kind is dict:
        return {"t": "dict", "v": [[plain(k), plain(v)] for k, v in value.items()]}
    if kind in (set, frozenset):
        members = sorted(value, key=repr)  # the same state always writes the same bytes
        return {"t": kind.__name__, "v": [plain(item) for item in members]}
    if kind in (datetime, date, time):
        return {"t": kind.__name__, "v": value.isoformat()}
    if kind is UUID:
        return {"t": "uuid", "v": str(value)}
    if is_dataclass(value):
        values = {f.name: plain(getattr(value, f.name)) for f in fields(value)}
        return {"t": "record", "c": _topic(kind), "v": values}
    raise UnsnapshottableError(f"no snapshot form for {kind.__qualname__}")


def restore(data: Any) -> Any:
    """The value `plain` was given."""
    if type(data) is list:
        return [restore(item) for item in data]
    if type(data) is not dict:
        return data
    tag, value = data["t"], data["v"]
    if tag == "tuple":
        return tuple(restore(item) for item in value)
    if tag == "dict":
        return {restore(k): restore(v) for k, v in value}
    if tag == "set":
        return {restore(item) for item in value}
    if tag == "frozenset":
        return frozenset(restore(item) for item in value)
    if tag in READERS:
        return READERS[tag](value)
    if tag == "enum":
        return _domain_class(data["c"])(value)
    if tag == "record":
        record = object.__new__(_domain_class(data["c"]))
        for name, item in value.items():
            object.__setattr__(record, name, restore(item))  # frozen records too
        return record
    raise ValueError(f"unknown snapshot tag {tag!r}")


READERS: dict[str, Any] = {
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "uuid": UUID,
}


def _topic(cls: type) -> str:
    topic = get_topic(cls)
    if not topic.startswith(DOMAIN):
        raise UnsnapshottableError(f"{topic} is not a domain class")
    return topic


def _domain_class(topic: str) -> Any:
    if not topic.startswith(DOMAIN):
        raise ValueError(f"a snapshot names {topic!r}, outside the domain")
    return resolve_topic(topic)

"""How domain values are written into stored events: dates, enums and actors, by name."""

from __future__ import annotations

from datetime import date, time
from enum import Enum
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain.activity_codes import ActivityKind, LeaderRole, SitInLength, Slot, WalkMode
from domain.actor import Actor, Role
from domain.codes import Category, Source, SourceMode, UnitKind
from domain.evidence import EvidenceFile
from domain.status import Status


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class TimeAsISO(Transcoding):
    """A time of day (signed in at 09:00), without a zone: the activity's date is China time."""

    type = time
    name = "time_iso"

    def encode(self, obj: time) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> time:
        return time.fromisoformat(data)


class EnumAsValue(Transcoding):
    """One per enum class: the transcoder looks up the exact type of the value."""

    def __init__(self, enum_class: type[Enum], name: str) -> None:
        self.type = enum_class
        self.name = name

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        enum_class: type[Enum] = self.type
        return enum_class(data)


class ActorAsDict(Transcoding):
    type = Actor
    name = "actor"

    def encode(self, obj: Actor) -> dict[str, Any]:
        return {"name": obj.name, "role": obj.role, "unit": obj.unit}

    def decode(self, data: dict[str, Any]) -> Actor:
        return Actor(name=data["name"], role=data["role"], unit=data["unit"])


class EvidenceFileAsDict(Transcoding):
    """A file as events refer to it; `audit verify` finds the hashes under this name."""

    type = EvidenceFile
    name = "evidence_file"

    def encode(self, obj: EvidenceFile) -> dict[str, Any]:
        return {
            "sha256": obj.sha256,
            "name": obj.name,
            "content_type": obj.content_type,
            "size": obj.size,
        }

    def decode(self, data: dict[str, Any]) -> EvidenceFile:
        return EvidenceFile(data["sha256"], data["name"], data["content_type"], data["size"])


ENUMS: dict[type[Enum], str] = {
    Role: "role",
    Source: "source",
    SourceMode: "source_mode",
    Category: "category",
    UnitKind: "unit_kind",
    ActivityKind: "activity_kind",
    LeaderRole: "leader_role",
    SitInLength: "sit_in_length",
    WalkMode: "walk_mode",
    Slot: "slot",
    Status: "status",  # a reinstated problem's (ADR 53)
}


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    transcoder.register(TimeAsISO())
    transcoder.register(ActorAsDict())
    transcoder.register(EvidenceFileAsDict())
    for enum_class, name in ENUMS.items():
        transcoder.register(EnumAsValue(enum_class, name))

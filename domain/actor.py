"""Who did something: the credential's name, its role and its unit, carried by every event."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Role(Enum):
    """The four roles of docs/DOMAIN.md ("Who uses it")."""

    OFFICE = "office"
    UNIT_LEAD = "unit_lead"
    INSPECTOR = "inspector"
    ADMIN = "admin"


@dataclass(frozen=True)
class Actor:
    """The person (credential) behind a command or a read."""

    name: str
    role: Role
    unit: str | None = None

    def is_lead_of(self, unit: str) -> bool:
        return self.role is Role.UNIT_LEAD and self.unit == unit

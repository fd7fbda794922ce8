"""A row of the activities read model as the application reads it: decoded once where it leaves
SQL (real dates, the JSON columns as values)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class ActivityRow:
    activity_id: str
    kind: str
    unit: str
    status: str
    held_on: date
    leader: str
    leader_role: str | None
    planned: bool
    length: str | None
    signed_in: str | None
    signed_out: str | None
    services: dict[str, int] | None
    examined: str | None
    record_sheet_on: date | None
    item: str | None
    mode: str | None
    experiences: dict[str, str] | None
    minutes_taken: int | None
    trips: int | None
    level: str | None
    slot: str | None
    inspectors: list[str] | None
    checks: dict[str, Any] | None
    failed_checks: int
    corrections: int
    version: int
    cancel_reason: str | None
    withdraw_reason: str | None
    registered_at: str
    updated_at: str

    @classmethod
    def decode(cls, row: Mapping[str, Any]) -> ActivityRow:
        values: dict[str, Any] = {f.name: row.get(f.name) for f in fields(cls)}
        sheet = row.get("record_sheet_on")
        return cls(
            **values
            | {
                "held_on": date.fromisoformat(str(row["held_on"])),
                "record_sheet_on": date.fromisoformat(str(sheet)) if sheet else None,
                "planned": bool(row["planned"]),
                "services": _json(row.get("services")),
                "experiences": _json(row.get("experiences")),
                "inspectors": _json(row.get("inspectors")),
                "checks": _json(row.get("checks")),
                "failed_checks": row.get("failed_checks") or 0,
                "corrections": row.get("corrections") or 0,
            }
        )


@dataclass(frozen=True)
class AnnouncedSitIn:
    """A sit-in filed ahead, as the weekly announcement names it."""

    activity: ActivityRow
    unit_name: str

"""The yearly sit-in plan (坐诊问效计划表, seed 000's annex): which units sit in which months."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.actor import Actor
from domain.date_range import check_supported_year
from domain.errors import InvalidValueError
from domain.recording_time import recorded_now


class SitInPlan(Aggregate):
    """One plan per year, set by the office; planning a unit again replaces its months."""

    class Opened(Aggregate.Created):
        create_timestamp = staticmethod(recorded_now)

        year: int
        actor: Actor

        def apply(self, aggregate: Any) -> None:
            plan: SitInPlan = aggregate
            plan.year = self.year
            plan.months = {}

    class UnitPlanned(Aggregate.Event):
        create_timestamp = staticmethod(recorded_now)

        unit: str
        months: list[int]
        actor: Actor

        def apply(self, aggregate: Any) -> None:
            plan: SitInPlan = aggregate
            plan.months[self.unit] = list(self.months)

    def __init__(self) -> None:
        self.year = 0
        self.months: dict[str, list[int]] = {}

    @staticmethod
    def id_for(year: int) -> UUID:
        return uuid5(NAMESPACE_URL, f"rectify:sit-in-plan:{year}")

    @classmethod
    def open(cls, year: int, actor: Actor) -> SitInPlan:
        check_supported_year(year, "year", str(year))
        return cls._create(cls.Opened, id=cls.id_for(year), year=year, actor=actor)

    def plan_unit(self, unit: str, months: list[int], actor: Actor) -> bool:
        """Returns False (and records nothing) when the unit already has exactly these months."""
        if not months or any(not 1 <= m <= 12 for m in months):
            raise InvalidValueError("months", "give months 1 to 12, at least one")
        if len(set(months)) != len(months):
            raise InvalidValueError("months", "a month is listed twice")
        ordered = sorted(months)
        if self.months.get(unit) == ordered:
            return False
        self.trigger_event(self.UnitPlanned, unit=unit, months=ordered, actor=actor)
        return True

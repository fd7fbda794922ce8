"""Which phase a problem is in, its clock and light, and which phases ended late: read from the
clocks its events recorded (domain/phase_clocks.py)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from domain.district_rules import Phase
from domain.phase_clocks import PhaseClock, worst_of
from domain.records import DeadlineRecord
from domain.status import Light, Status


def open_phase(status: Status | str, has_deadline: bool, planned: bool) -> Phase | None:
    """The phase being worked on now (None: with the office to hand out, or closed); the
    lists' projection asks here too."""
    status = Status(status)
    if status is Status.HANDED:
        return Phase.SIGNING
    if status is Status.ASSIGNED:
        return Phase.RECTIFYING if has_deadline or planned else Phase.PLANNING
    if status is Status.RECTIFIED:
        return Phase.ACCEPTING
    if status is Status.LOGGED and has_deadline:
        return Phase.RECTIFYING  # a deadline set before it was handed out runs as it did
    return None


class PhaseState:
    """Mixed into `Problem`; its clocks are set only by the events' `apply_to`."""

    if TYPE_CHECKING:
        status: Status
        deadlines: list[DeadlineRecord]
        clocks: dict[Phase, PhaseClock]
        phase_ends: dict[Phase, date]
        late_phases: dict[Phase, int]

    def opened_phase(
        self, phase: Phase, started: date | None, due: date | None, yellow: date | None
    ) -> None:
        if due is None:
            return
        self.clocks[phase] = PhaseClock(phase, started, due, yellow)
        self.phase_ends.pop(phase, None)

    def finished_phase(self, phase: Phase, on: date) -> None:
        """The phase's clock stops; a phase ended after its last day counts as late."""
        if phase in self.phase_ends:
            return
        self.phase_ends[phase] = on
        clock = self.clocks.get(phase)
        if clock is not None and on > clock.due_on:
            self.late_phases[phase] = self.late_phases.get(phase, 0) + 1

    @property
    def phase(self) -> Phase | None:
        return open_phase(self.status, bool(self.deadlines), Phase.PLANNING in self.phase_ends)

    @property
    def open_clock(self) -> PhaseClock | None:
        """The running clock: never one of a finished phase."""
        phase = self.phase
        if phase is Phase.RECTIFYING:
            last = self.deadlines[-1] if self.deadlines else None
            if last is None:
                return None
            return PhaseClock(phase, last.set_on, last.due_on, last.yellow_on)
        if phase is None or phase in self.phase_ends:
            return None
        return self.clocks.get(phase)

    @property
    def running_clocks(self) -> list[PhaseClock]:
        """The open phase's clock, and a deadline already set while the unit has yet to sign
        for it or plan: it runs from the day it was set."""
        clocks = [c for c in (self.open_clock,) if c is not None]
        phase = self.phase
        if self.deadlines and phase in (Phase.SIGNING, Phase.PLANNING):
            last = self.deadlines[-1]
            clocks.append(PhaseClock(Phase.RECTIFYING, last.set_on, last.due_on, last.yellow_on))
        return clocks

    def light_on(self, today: date, legacy_yellow_end: date | None = None) -> Light:
        """A problem's light is the worst of its running clocks."""
        clock = worst_of(self.running_clocks)
        return Light.NONE if clock is None else clock.light(today, legacy_yellow_end)

    def late_count(self, phase: Phase) -> int:
        return self.late_phases.get(phase, 0)

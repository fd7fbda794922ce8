"""Quarterly submissions (季度报送): each unit's summary and three lists, as of quarter end."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Protocol, TypeVar

from application.ports import CHINA, Clock, today_in_china
from application.rows import DemandRow, ProblemRow, RectificationRow
from application.summaries import Summary, add_up, belongs_to_period, phase_marks, summarise
from application.units import Units
from domain.actor import Actor, Role
from domain.codes import UnitKind
from domain.errors import InvalidValueError, PermissionDeniedError
from domain.periods import Period, last_ended_month, last_ended_quarter, parse_period
from domain.standing import ensure_begun, is_overdue, ranking_order
from domain.units import Unit


@dataclass(frozen=True)
class Snapshot:
    """The read models as they stood at `cutoff`, built from the log up to `position`; `link`
    is the hash chain's link there, which reports print so the ledger can be checked against
    them later (ADR 10)."""

    cutoff: datetime
    position: int
    link: str
    problems: list[ProblemRow]
    rectifications: list[RectificationRow]
    demands: list[DemandRow]


T = TypeVar("T")


class SnapshotSource(Protocol):
    def as_of(self, cutoff: datetime, lasting: bool = False) -> Snapshot:
        """The read models as of `cutoff`. `lasting`: the cut-off is an ended period's end,
        asked again in later processes, so its replay is worth keeping beyond this one."""
        ...

    def derived(self, cutoff: datetime, key: Hashable, make: Callable[[Snapshot], T]) -> T:
        """`make(self.as_of(cutoff))`, kept by `key` while the log adds nothing before the
        cut-off: a small answer (a period's bulletin) outlives the replay it came from. The key
        names all else the answer depends on."""
        ...


@dataclass(frozen=True)
class QuarterlyReport:
    quarter: Period
    unit: Unit | None  # None: the district's roll-up
    cutoff: datetime
    position: int
    link: str
    total: Summary
    units: list[Summary]
    overdue_units: list[str]
    problems: list[ProblemRow]
    rectifications: list[RectificationRow]
    demands: list[DemandRow]
    names: dict[str, str]  # every unit's name as of `cutoff` (a unit renamed since: its old one)


@dataclass(frozen=True)
class Bulletin:
    """For a unit lead, `ranking` holds its own row only and `named` at most its own problems;
    `ranks` says where each shown row stands among `ranked_units`."""

    period: Period
    cutoff: datetime
    position: int
    link: str
    ranking: list[Summary]  # by overdue, then rectified late, then open
    named: dict[str, list[ProblemRow]]  # the worst units and their overdue problems
    ranks: dict[str, int] = field(default_factory=dict)
    ranked_units: int = 0
    late_submissions: tuple[str, list[str]] | None = None  # (quarter, units) by the register


NAMED_IN_BULLETIN = 3


def narrowed(district: QuarterlyReport, unit: Unit) -> QuarterlyReport:
    """A unit's report: the problems it found or holds, the demands on them or asked of it,
    its own summary; every list in the roll-up's order."""
    problems = [p for p in district.problems if unit.code in (p.unit, p.responsible_unit)]
    numbers = {p.problem_id: p.number for p in problems}
    summaries = [s for s in district.units if s.unit == unit.code]
    return replace(
        district,
        unit=unit,
        total=add_up(summaries, unit),
        units=summaries,
        overdue_units=[s.unit for s in summaries if s.overdue],
        problems=problems,
        rectifications=[r for r in district.rectifications if r.problem_id in numbers],
        demands=sorted(  # asked of it on another unit's problem: first, as always
            (d for d in district.demands if d.problem_id in numbers or d.to_unit == unit.code),
            key=lambda d: (numbers.get(d.problem_id, 0), d.number),
        ),
    )


def period_cutoff(period: Period) -> datetime:
    """A period's end: midnight after its last day, China time."""
    return datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=CHINA)


LateSubmissions = Callable[[datetime], tuple[str, list[str]] | None]
"""The quarter whose submissions were due before an instant, and the units late with it."""


class QuarterlyReports:
    def __init__(self, snapshots: SnapshotSource, units: Units, clock: Clock) -> None:
        self.snapshots = snapshots
        self.units = units
        self.clock = clock
        self.late_submissions: LateSubmissions = lambda _: None  # the register, when wired

    def quarterly_set(
        self, actor: Actor, quarter_key: str, unit_codes: list[str] | None = None
    ) -> list[QuarterlyReport]:
        """The district's roll-up and each unit's report, from one replay of the log."""
        quarter = self._ended_quarter(quarter_key)
        units = [u for code in unit_codes or [] if (u := self._unit_for(actor, code))]
        snapshot = self.snapshots.as_of(period_cutoff(quarter), lasting=True)
        then = {u.code: u for u in self.units.as_of(snapshot.cutoff)}
        if unit_codes is None:  # a unit merged by then has its work in its successor's (ADR 55)
            units = [u for u in then.values() if u.kind is not UnitKind.OFFICE and u.serving]
        district = self.build(snapshot, quarter, None)
        return [district] + [narrowed(district, then.get(u.code, u)) for u in units]

    def summaries(
        self,
        problems: list[ProblemRow],
        demands: list[DemandRow],
        period: Period,
        as_of: date,
        units: list[Unit],
    ) -> list[Summary]:
        """One summary per unit (but the office), each over the problems it holds, overdue
        counted as seen on the day `as_of`."""
        held: dict[str, list[ProblemRow]] = {}
        for problem in problems:
            held.setdefault(problem.responsible_unit, []).append(problem)
        marks = phase_marks(problems)
        return [
            summarise(u, held.get(u.code, []), demands, period, as_of, marks)
            for u in units
            if u.kind is not UnitKind.OFFICE
        ]

    def quarterly(self, actor: Actor, quarter_key: str, unit_code: str | None) -> QuarterlyReport:
        quarter = self._ended_quarter(quarter_key)
        unit = self._unit_for(actor, unit_code)
        snapshot = self.snapshots.as_of(period_cutoff(quarter), lasting=True)
        return self.build(snapshot, quarter, unit)

    def build(self, snapshot: Snapshot, quarter: Period, unit: Unit | None) -> QuarterlyReport:
        """The district's roll-up, or a unit's report (its rows of the roll-up's)."""
        in_quarter = sorted(
            (p for p in snapshot.problems if belongs_to_period(p, quarter)), key=lambda p: p.number
        )
        numbers = {p.problem_id: p.number for p in in_quarter}
        demands = [d for d in snapshot.demands if d.problem_id in numbers]
        units = self.units.as_of(snapshot.cutoff)
        day = _day_of(snapshot.cutoff)
        summaries = self.summaries(in_quarter, demands, quarter, day, units)
        district = QuarterlyReport(
            quarter=quarter,
            unit=None,
            cutoff=snapshot.cutoff,
            position=snapshot.position,
            link=snapshot.link,
            total=add_up(summaries, None),
            units=summaries,
            overdue_units=[
                s.unit for s in sorted(summaries, key=lambda s: -s.overdue) if s.overdue
            ],
            problems=in_quarter,
            rectifications=sorted(
                (r for r in snapshot.rectifications if r.problem_id in numbers),
                key=lambda r: numbers[r.problem_id],
            ),
            demands=sorted(demands, key=lambda d: (numbers[d.problem_id], d.number)),
            names={u.code: u.name for u in units},
        )
        then = {u.code: u for u in units}
        return district if unit is None else narrowed(district, then.get(unit.code, unit))

    def bulletin(self, actor: Actor, period_key: str) -> Bulletin:
        """月通报 / 季讲评: as of the period's end, or as of now for a period still running."""
        own = actor.unit if actor.role is Role.UNIT_LEAD else None
        self._unit_for(actor, own)
        period = parse_period(period_key)
        now = self.clock.now()
        ensure_begun(period, today_in_china(self.clock))
        whole = self._district_bulletin(period, min(period_cutoff(period), now))
        shown = [s for s in whole.ranking if own in (None, s.unit)]
        return replace(
            whole,
            ranking=shown,
            named={unit: rows for unit, rows in whole.named.items() if own in (None, unit)},
            ranks={s.unit: whole.ranks[s.unit] for s in shown},
            late_submissions=self._late(whole.cutoff, own),
        )

    def prepare_ended(self, kept: Callable[[datetime], bool]) -> list[Period]:
        """Replay the log up to the end of the month and of the quarter that ended last, and
        make their district bulletins, ahead of their readers: the first clerk to open last
        month's bulletin or download the quarter's files after a period ends is not the one who
        waits for the replay (ADR 43). A period whose replay is `kept` already (in the
        database, ADR 41) is left for its readers to read on from. Returns those prepared."""
        today = today_in_china(self.clock)
        prepared = []
        for period in (last_ended_quarter(today), last_ended_month(today)):
            if not kept(period_cutoff(period)):  # at a quarter's start, one replay for both
                self.standing_at_end(period)
                prepared.append(period)
        return prepared

    def standing_at_end(self, period: Period) -> dict[str, dict[str, int]]:
        """Per unit: its open and overdue problems as the log stood when `period` ended, the
        bulletin's counts, for the ranking of an ended period (ADR 38)."""
        whole = self._district_bulletin(period, period_cutoff(period))
        return {s.unit: {"open": s.open, "overdue": s.overdue} for s in whole.ranking}

    def _district_bulletin(self, period: Period, cutoff: datetime) -> Bulletin:
        """Every unit's row as of `cutoff`; an ended period's is kept after its replay (ADR 39)."""
        if cutoff != period_cutoff(period):  # running: as of now
            units = self.units.list_units()
            return self._bulletin_of(self.snapshots.as_of(cutoff), period, cutoff, units)
        units = self.units.as_of(cutoff)  # names as they were then (ADR 54)
        key = ("bulletin", period.key, tuple(units))
        made = self.snapshots.derived(
            cutoff, key, lambda s: self._bulletin_of(s, period, cutoff, units)
        )
        return made

    def _bulletin_of(
        self, snapshot: Snapshot, period: Period, cutoff: datetime, units: list[Unit]
    ) -> Bulletin:
        in_period = [p for p in snapshot.problems if belongs_to_period(p, period)]
        as_of = _day_of(cutoff)
        summaries = self.summaries(in_period, [], period, as_of, units)
        ranked = sorted(summaries, key=lambda s: ranking_order(vars(s)))
        named = [s for s in ranked if s.overdue][:NAMED_IN_BULLETIN]
        overdue = {
            s.unit: [
                p
                for p in sorted(in_period, key=lambda p: p.number)
                if p.responsible_unit == s.unit and is_overdue(p.status, p.due_on, as_of)
            ]
            for s in named
        }
        ranks = {s.unit: rank for rank, s in enumerate(ranked, start=1)}
        return Bulletin(
            period, cutoff, snapshot.position, snapshot.link, ranked, overdue, ranks, len(ranked)
        )

    def _late(self, cutoff: datetime, own: str | None) -> tuple[str, list[str]] | None:
        found = self.late_submissions(cutoff)
        if found is None:
            return None
        quarter, units = found
        return quarter, [u for u in units if own in (None, u)]

    def _ended_quarter(self, key: str) -> Period:
        quarter = parse_period(key, "quarter")
        if not quarter.is_quarter:
            raise InvalidValueError("quarter", f"'{key}' is not a quarter (e.g. 2026Q3)")
        today = today_in_china(self.clock)
        if quarter.end >= today:
            raise InvalidValueError(
                "quarter", f"{key} is not over until {quarter.end.isoformat()} has passed"
            )
        return quarter

    def _unit_for(self, actor: Actor, code: str | None) -> Unit | None:
        if actor.role is Role.ADMIN:
            raise PermissionDeniedError("an admin manages units and credentials, not problems")
        if actor.role is Role.UNIT_LEAD and (code is None or code != actor.unit):
            raise PermissionDeniedError("a unit lead reports for its own unit only")
        return None if code is None else self.units.known(code, "unit")


def _day_of(cutoff: datetime) -> date:
    """The day a cutoff looks from: midnight after 30 September is 1 October, China time."""
    return cutoff.astimezone(CHINA).date()

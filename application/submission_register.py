"""报送登记: each unit hands in its ended quarter's submission (the sealed copy's scan, with the
generated files kept by their hash), the office accepts or returns it, and the register shows,
for any instant, who had handed in what and whether on time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol
from uuid import UUID

from application.context import CommandContext
from application.district_rules import RulesInForce, period_end_instant
from application.evidence import Evidence, Named
from application.ledger import Ledger
from application.pipeline import Pipeline, Written
from application.ports import CHINA, Clock, FileStore, today_in_china
from application.units import Units
from domain.actor import Actor, Role
from domain.codes import UnitKind
from domain.date_range import FIRST_DAY
from domain.errors import (
    InvalidTransitionError,
    InvalidValueError,
    NotVisibleError,
    PermissionDeniedError,
)
from domain.evidence import EvidenceFile
from domain.periods import Period, parse_period, quarter_key
from domain.reminders import submission_due_on
from domain.submission import Submission, check_may_file
from domain.units import Unit


class GeneratedFiles(Protocol):
    """The quarter's files of one unit, as `GET /reports/quarterly.xlsx|docx` makes them."""

    def generate(self, actor: Actor, quarter: str, unit: str) -> list[tuple[str, str, bytes]]: ...


@dataclass(frozen=True)
class RegisterRow:
    unit: Unit
    quarter: str
    due_on: date
    submission: Submission | None  # as of the register's instant; None: nothing handed in

    @property
    def status(self) -> str:
        return "missing" if self.submission is None else self.submission.status.value

    @property
    def on_time(self) -> bool | None:
        return None if self.submission is None else self.submission.on_time


class SubmissionRegister:
    def __init__(
        self,
        ledger: Ledger,
        units: Units,
        rules: RulesInForce,
        evidence: Evidence,
        files: FileStore,
        generated: GeneratedFiles,
        clock: Clock,
    ) -> None:
        self.ledger = ledger
        self.units = units
        self.rules = rules
        self.evidence = evidence
        self.files = files
        self.generated = generated
        self.clock = clock
        self.pipeline = Pipeline(ledger, clock)

    def hand_in(
        self, ctx: CommandContext, unit_code: str, quarter_key: str, scans: tuple[Named, ...]
    ) -> Written[Submission]:
        """A first filing, or a replacement of one the office has not accepted yet."""
        quarter = self._ended(quarter_key)
        unit = self._unit(unit_code)
        check_may_file(ctx.actor, unit.code)
        resolved = self.evidence.resolve(scans)
        made = self._generated(ctx.actor, quarter, unit.code)
        today = today_in_china(self.clock)
        submission_id = Submission.id_for(unit.code, quarter.key)
        if submission_id not in self.ledger.repository:
            due = submission_due_on(quarter, self.rules.current().submission_due_days)

            def build() -> Submission:
                return Submission.file(
                    unit.code, quarter.key, due, resolved, made, today, ctx.stamp
                )

            return self.pipeline.create(ctx, build, self._load, _race)
        return self.pipeline.change(
            ctx,
            lambda: self._load(submission_id),
            lambda _: None,
            lambda s: s.replace(resolved, made, today, ctx.stamp),
            "submission",
        )

    def decide(
        self, ctx: CommandContext, unit_code: str, quarter_key: str, accepted: bool, reason: str
    ) -> Written[Submission]:
        quarter = parse_period(quarter_key, "quarter")
        submission_id = Submission.id_for(self._unit(unit_code).code, quarter.key)
        if submission_id not in self.ledger.repository:
            raise NotVisibleError("no submission was handed in")
        today = today_in_china(self.clock)

        def command(submission: Submission) -> None:
            if accepted:
                submission.accept(today, ctx.stamp)
            else:
                submission.send_back(reason, today, ctx.stamp)

        return self.pipeline.change(
            ctx, lambda: self._load(submission_id), lambda _: None, command, "submission"
        )

    def register(
        self, actor: Actor, quarter_key: str, as_of: datetime | None = None
    ) -> list[RegisterRow]:
        """Every unit's row (a lead: its own), as the log stood at `as_of` (default: now)."""
        quarter = parse_period(quarter_key, "quarter")
        if not quarter.is_quarter:
            raise InvalidValueError("quarter", "a quarter, e.g. 2026Q3")
        if actor.role is Role.ADMIN:
            raise PermissionDeniedError("an admin manages units and credentials, not reports")
        due = submission_due_on(quarter, self.rules.current().submission_due_days)
        rows = []
        for unit in self._obliged(quarter):
            if actor.role is Role.UNIT_LEAD and unit.code != actor.unit:
                continue
            found = self._as_of(Submission.id_for(unit.code, quarter.key), as_of)
            rows.append(RegisterRow(unit, quarter.key, found.due_on if found else due, found))
        return rows

    def submitted_units(self, quarter: Period) -> set[str]:
        """Units whose submission is in and not returned (the reminders' port)."""
        rows = self.register(Actor("notifier", Role.OFFICE), quarter.key)
        return {r.unit.code for r in rows if r.status in ("submitted", "accepted")}

    def late_at(self, cutoff: datetime) -> tuple[str, list[str]] | None:
        """For a bulletin up to `cutoff`: the last quarter whose due day had passed, and the
        units with nothing handed in by it or late, as the register stood then. A quarter
        nobody has handed in anything for is not judged: the register was not in use yet, nor
        could it be before the years the service keeps (a bulletin of early 2000)."""
        day = cutoff.astimezone(CHINA).date() - timedelta(days=1)
        quarter = parse_period(quarter_key(day))
        while True:
            before = quarter.start - timedelta(days=1)
            if before < FIRST_DAY:
                return None
            quarter = parse_period(quarter_key(before))
            if submission_due_on(quarter, self.rules.current().submission_due_days) <= day:
                break
        rows = self.register(Actor("bulletin", Role.OFFICE), quarter.key, cutoff)
        if all(r.submission is None for r in rows):
            return None
        late = [r.unit.code for r in rows if r.submission is None or not r.submission.on_time]
        return quarter.key, late

    def file_of(
        self, actor: Actor, unit_code: str, quarter_key: str, sha256: str
    ) -> tuple[EvidenceFile, bytes]:
        """A file of a submission, to those who may see the unit's row; else not found."""
        rows = self.register(actor, quarter_key)
        for row in rows:
            if row.unit.code != unit_code or row.submission is None:
                continue
            for filing in row.submission.filings:
                for item in filing.scans + filing.generated:
                    stored = self.files.get(item.sha256) if item.sha256 == sha256 else None
                    if stored is not None:
                        return item, stored[1]
        raise NotVisibleError("no such file")

    # ----- internals -----

    def _generated(self, actor: Actor, quarter: Period, unit: str) -> tuple[EvidenceFile, ...]:
        made = []
        for name, kind, content in self.generated.generate(actor, quarter.key, unit):
            made.append(EvidenceFile(self.files.put(content, kind), name, kind, len(content)))
        return tuple(made)

    def _load(self, submission_id: UUID) -> Submission:
        submission: Submission = self.ledger.repository.get(submission_id)
        return submission

    def _as_of(self, submission_id: UUID, as_of: datetime | None) -> Submission | None:
        if submission_id not in self.ledger.repository:
            return None
        if as_of is None:
            return self._load(submission_id)
        versions = [
            e.originator_version
            for e in self.ledger.events.get(submission_id)
            if getattr(e, "timestamp", as_of) <= as_of
        ]
        if not versions:
            return None
        found: Submission = self.ledger.repository.get(submission_id, version=versions[-1])
        return found

    def _ended(self, quarter_key: str) -> Period:
        quarter = parse_period(quarter_key, "quarter")
        if not quarter.is_quarter:
            raise InvalidValueError("quarter", "a quarter, e.g. 2026Q3")
        if today_in_china(self.clock) <= quarter.end:
            raise InvalidTransitionError(f"{quarter.key} has not ended yet")
        return quarter

    def _unit(self, code: str) -> Unit:
        unit = self.units.known(code, "unit")
        if unit.kind is UnitKind.OFFICE:
            raise InvalidValueError("unit", "the office does not hand in a submission")
        return unit

    def _obliged(self, quarter: Period) -> list[Unit]:
        """Every unit but the office, less those merged (撤并) by the quarter's end: the unit
        that took their work over reports it (ADR 55)."""
        units = self.units.as_of(period_end_instant(quarter, self.clock))
        return [u for u in units if u.kind is not UnitKind.OFFICE and u.serving]


def _race() -> Exception:
    return InvalidTransitionError("the submission was handed in meanwhile; try again")

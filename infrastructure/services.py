"""Builds the service's parts from settings; the web app and the CLI both start here."""

from __future__ import annotations

from dataclasses import dataclass, field

from application.access_log import AccessLog
from application.ledger import Ledger
from application.ports import Clock
from application.problem_reads import ProblemReads
from application.problems import Problems
from application.units import Units
from infrastructure.calendar import ChinaWorkingCalendar
from infrastructure.clock import SystemClock
from infrastructure.credentials import CredentialStore
from infrastructure.event_log import log_recordings
from infrastructure.idempotency import IdempotencyStore
from infrastructure.settings import Settings
from infrastructure.sql import SqlDatabase
from infrastructure.store import open_ledger, open_sql, set_up_schema


@dataclass
class Services:
    settings: Settings
    ledger: Ledger
    sql: SqlDatabase
    units: Units
    problems: Problems
    reads: ProblemReads
    access_log: AccessLog
    credentials: CredentialStore
    idempotency: IdempotencyStore
    clock: Clock = field(default_factory=SystemClock)

    def close(self) -> None:
        self.ledger.close()
        self.sql.close()


def build_services(settings: Settings, clock: Clock | None = None) -> Services:
    set_up_schema(settings)
    clock = clock or SystemClock()
    calendar = ChinaWorkingCalendar.from_file(settings.calendar_file)
    ledger = open_ledger(settings)
    ledger.listeners.append(log_recordings)
    sql = open_sql(settings)
    units = Units(ledger)
    problems = Problems(ledger, units, calendar, clock)
    reads = ProblemReads(ledger, problems, calendar, clock, settings.warning_working_days)
    return Services(
        settings=settings,
        ledger=ledger,
        sql=sql,
        units=units,
        problems=problems,
        reads=reads,
        access_log=AccessLog(ledger),
        credentials=CredentialStore(sql),
        idempotency=IdempotencyStore(sql),
        clock=clock,
    )

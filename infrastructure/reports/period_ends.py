"""Replays of the periods that ended last, made in the background (ADR 43).

An ended month's bulletin and ranking and an ended quarter's files are made from a replay of the
log up to the period's end. Made when a clerk first asks, that replay is the clerk's wait: a
minute at a province's size. This worker looks each day, and at start-up, for the last ended
month and quarter whose replay the database does not hold (ADR 41), and makes it: a period is
prepared within a minute of its end, at midnight, and a restart replays nothing already kept.
One process does it at a time: the others would only repeat the same work."""

from __future__ import annotations

import threading
import time
from datetime import date

import structlog

from application.ports import Clock, today_in_china
from application.submissions import QuarterlyReports
from infrastructure.database_url import PostgresTarget, SqliteTarget
from infrastructure.read_models.locks import LockWaitInterruptedError, projection_lock
from infrastructure.reports.stored_replays import StoredReplays

LOOK_SECONDS = 60.0  # how soon after midnight a newly ended period is prepared
RETRY_SECONDS = 60.0
ATTEMPTS = 3  # a day: a replay that keeps failing is not begun again every minute


class PeriodEnds:
    def __init__(
        self,
        reports: QuarterlyReports,
        stored: StoredReplays,
        clock: Clock,
        target: PostgresTarget | SqliteTarget,
        look_seconds: float = LOOK_SECONDS,
    ) -> None:
        self.reports = reports
        self.stored = stored
        self.clock = clock
        self.target = target
        self.look_seconds = look_seconds
        self.prepared_on: date | None = None
        self.failed: tuple[date, int] | None = None  # the day and its failed attempts
        self.log = structlog.get_logger("rectify.reports")

    def run(self, stop: threading.Event) -> None:
        """Until stopped; a failure (the database down) is logged and tried again later."""
        while not stop.is_set():
            try:
                with projection_lock(self.target, "period_ends", stop) as held:
                    while not stop.is_set():
                        held.check()
                        self.step()
                        stop.wait(self.look_seconds)
            except LockWaitInterruptedError:
                return
            except Exception as error:
                self.log.warning("period_ends_error", error=repr(error))
                stop.wait(RETRY_SECONDS)

    def step(self) -> list[str]:
        """Prepare the ended periods not kept yet, unless looked at today already; their keys.
        After `ATTEMPTS` failures in a day it waits for the next (the first asker then replays,
        as before this worker)."""
        today = today_in_china(self.clock)
        failures = self.failed[1] if self.failed and self.failed[0] == today else 0
        if self.prepared_on == today or failures >= ATTEMPTS:
            return []
        started = time.perf_counter()
        try:
            prepared = [period.key for period in self.reports.prepare_ended(self.stored.holds)]
        except Exception:
            self.failed = (today, failures + 1)
            raise
        self.prepared_on = today
        if prepared:
            seconds = round(time.perf_counter() - started, 2)
            self.log.info("ended_periods_prepared", periods=prepared, seconds=seconds)
        return prepared

"""Time to generate a quarter's submissions (every unit + the district, .xlsx and .docx) for a
district of 25 units and 20,000 problems, and for one unit holding 2,000 of them; as ratios to
reading and decoding the same log, which every as-of report has to do."""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

import psycopg

from bench.lists_rebuild import UNITS, read_log, realistic_problem
from demo.units import load_demo_units
from domain.actor import Actor, Role
from domain.recording_time import recording_with
from infrastructure.clock import FixedClock
from infrastructure.database_url import parse_database_url
from infrastructure.event_log import configure_logging
from infrastructure.read_models.lists_seed import ListsSeed
from infrastructure.reports import snapshot
from infrastructure.reports.period_ends import PeriodEnds
from infrastructure.reports.quarter_files import quarter_files
from infrastructure.reports.snapshot import LogSnapshots
from infrastructure.reports.stored_replays import StoredReplays
from infrastructure.services import Services, build_services
from infrastructure.settings import Settings
from tests.pg_server import PostgresServer

Q3_START = date(2026, 7, 1)
BIG_UNIT = "civil_affairs"


def load(services: Services, problems: int, big_unit_share: int) -> int:
    """Problems found and recorded day by day inside Q3 (so the Q3 report has them all)."""
    r = random.Random(2026)
    others = [u for u in UNITS if u != BIG_UNIT]
    stored = 0
    for start in range(0, problems, 200):
        batch = []
        for i in range(start, min(start + 200, problems)):
            found = Q3_START + timedelta(days=r.randint(0, 91))
            stamp = datetime(found.year, found.month, found.day, 4, tzinfo=UTC)
            unit = BIG_UNIT if i < big_unit_share else r.choice(others)
            with recording_with(lambda stamp=stamp: stamp):
                batch.append(realistic_problem(r, unit, found, today=date(2026, 9, 30)))
        stored += len(services.ledger.save(*batch))
    return stored


def generate(services: Services, units: list[str] | None) -> tuple[int, float]:
    started = time.perf_counter()
    office = Actor("bench-office", Role.OFFICE)
    reports = services.submissions.quarterly_set(office, "2026Q3", units)
    names = {u.code: u.name for u in services.units.list_units()}
    files = sum(bool(xlsx) + bool(docx) for xlsx, docx in quarter_files(reports, names))
    return files, time.perf_counter() - started


def measure(url: str, problems: int, big_unit: int) -> dict[str, float]:
    """Load a quarter of `problems` into the empty database at `url`; time all of Q3's files."""
    settings = Settings(database_url=url, log_level="WARNING", run_projections=False)
    services = build_services(settings, FixedClock(datetime(2026, 11, 23, 4, tzinfo=UTC)))
    load_demo_units(services.units, Actor("bench", Role.ADMIN))
    events = load(services, problems, big_unit)
    print(f"loaded {problems} problems ({events} events), {big_unit} in {BIG_UNIT}")
    count, seconds = read_log(services, decode=True)
    print(f"read and decode the log:       {seconds:6.2f} s  (baseline 1.00, {count} events)")
    files, all_seconds = generate(services, None)
    print(
        f"all Q3 submissions ({files} files): {all_seconds:6.2f} s  "
        f"({all_seconds / seconds:.1f}x the log read)"
    )
    files, one_seconds = generate(services, [BIG_UNIT])
    print(
        f"{BIG_UNIT} + district ({files} files): {one_seconds:6.2f} s  "
        f"({one_seconds / seconds:.1f}x the log read)"
    )
    kept = StoredReplays(services.sql)  # a process just started reads the kept replay
    restarted = LogSnapshots(services.ledger, services.audit.link_at, stored=kept)
    services.submissions.snapshots = restarted
    files, again_seconds = generate(services, None)
    print(
        f"all Q3 submissions again, in a process just started ({files} files): "
        f"{again_seconds:6.2f} s  ({again_seconds / seconds:.1f}x the log read)"
    )
    first_asks(services)
    busy_now(services)
    prepared(services)
    services.close()
    return {"all_seconds": all_seconds, "log_seconds": seconds, "again_seconds": again_seconds}


def first_asks(services: Services) -> None:
    """The running month's bulletin as a process just started answers it (ADR 40): the log
    replayed from its first event, or begun from the lists read model at its position."""
    services.read_models.catch_up_now()
    now = datetime(2026, 11, 23, 4, tzinfo=UTC)
    timings = []
    for seed in (None, ListsSeed(services.read_models.reader)):
        started = time.perf_counter()
        LogSnapshots(services.ledger, services.audit.link_at, seed=seed).as_of(now)
        timings.append(time.perf_counter() - started)
    print(
        f"this month's snapshot, first ask after a start: the log replayed {timings[0]:.2f} s, "
        f"begun from the lists {timings[1]:.2f} s ({timings[0] / timings[1]:.1f}x faster)"
    )
    q3_end = datetime(2026, 9, 30, 16, tzinfo=UTC)  # 1 October, 00:00 in China
    services.sql.execute("DELETE FROM rectify_replays")
    timings = []
    for _ in range(2):  # the first process replays the log and keeps a copy; the next loads it
        started = time.perf_counter()
        kept = StoredReplays(services.sql)
        LogSnapshots(services.ledger, services.audit.link_at, stored=kept).as_of(q3_end, True)
        timings.append(time.perf_counter() - started)
    print(
        f"Q3's snapshot, first ask in a process: the log replayed (and its copy kept) "
        f"{timings[0]:.2f} s, the next process from the copy {timings[1]:.2f} s "
        f"({timings[0] / timings[1]:.1f}x faster)"
    )


def busy_now(services: Services, asks: int = 8) -> None:
    """The running month's bulletin asked again and again while others record: each time an
    event stamped after the ask's "now" is already in the log when the replay reads it (ADR 42).
    The baseline is the same asks with that tail passed over, as before."""
    r = random.Random(7)
    base = datetime(2026, 11, 23, 4, tzinfo=UTC)
    medians = []
    for tail in (0, snapshot.TAIL):
        snapshot.TAIL = tail
        snapshots = LogSnapshots(
            services.ledger, services.audit.link_at, seed=ListsSeed(services.read_models.reader)
        )
        timings = []
        for ask in range(asks):
            now = base + timedelta(minutes=10 * ask + (0 if tail == 0 else 120))  # after
            with recording_with(lambda now=now: now + timedelta(seconds=1)):
                services.ledger.save(realistic_problem(r, today=now.date()))
            started = time.perf_counter()
            snapshots.as_of(now)
            timings.append(time.perf_counter() - started)
        medians.append(statistics.median(timings[1:]))  # after the first ask's seeding
    print(
        f"this month's snapshot asked {asks} times while others record: median "
        f"{medians[0] * 1000:.0f} ms passing their events over (begun again each time), "
        f"{medians[1] * 1000:.1f} ms leaving them for the next ask ({medians[0] / medians[1]:.0f}x)"
    )


def prepared(services: Services) -> None:
    """Last month's bulletin, the first ask after a start and after the month ended, without
    and with the background round that prepares it (ADR 43)."""
    office = Actor("bench-office", Role.OFFICE)
    timings = []
    for prepare in (False, True):
        services.sql.execute("DELETE FROM rectify_replays")
        kept = StoredReplays(services.sql)
        services.submissions.snapshots = LogSnapshots(
            services.ledger, services.audit.link_at, stored=kept
        )
        if prepare:
            started = time.perf_counter()
            target = parse_database_url(services.settings.database_url)
            PeriodEnds(services.submissions, kept, services.clock, target).step()
            background = time.perf_counter() - started
        started = time.perf_counter()
        services.submissions.bulletin(office, "2026-10")
        timings.append(time.perf_counter() - started)
    print(
        f"October's bulletin, first ask after a start: {timings[0]:.2f} s; "
        f"{timings[1] * 1000:.1f} ms after the background round ({background:.2f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--problems", type=int, default=20_000)
    parser.add_argument("--big-unit", type=int, default=2_000)
    args = parser.parse_args()
    configure_logging(True, "WARNING")
    server = PostgresServer(durable=True)  # fsync on, as in production
    server.start()
    try:
        with psycopg.connect(server.url("postgres"), autocommit=True) as admin:
            admin.execute("CREATE DATABASE bench")
        measure(server.url("bench"), args.problems, args.big_unit)
    finally:
        server.stop()


if __name__ == "__main__":
    main()

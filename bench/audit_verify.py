"""`audit verify` over a large log in constant memory: writes N events (default 1,000,000) through
the chained SQLite recorder in batches, then verifies them, printing the time and the peak memory
the verification added (tracemalloc) beside the events' own size.

    python -m bench.audit_verify [--events 1000000] [--store sqlite|postgres]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path
from uuid import uuid4

import psycopg
from eventsourcing.persistence import StoredEvent

from infrastructure.event_log import configure_logging
from infrastructure.services import build_services
from infrastructure.settings import Settings
from tests.pg_server import PostgresServer

BATCH = 1_000
STATE = b'{"measures":"\\u52a0\\u5f3a\\u57f9\\u8bad","result":"\\u5df2\\u6574\\u6539"}' * 3


def fill(url: str, events: int) -> None:
    services = build_services(Settings(database_url=url, run_projections=False))
    recorder = services.ledger.recorder
    started = time.perf_counter()
    written = 0
    while written < events:
        originator = uuid4()
        batch = [
            StoredEvent(originator, version, "domain.problem:Problem.Flagged", STATE)
            for version in range(1, min(BATCH, events - written) + 1)
        ]
        recorder.insert_events(batch)
        written += len(batch)
    print(f"wrote {written:,} events in {time.perf_counter() - started:.1f} s")
    services.close()


def verify(url: str) -> None:
    services = build_services(Settings(database_url=url, run_projections=False))
    tracemalloc.start()
    started = time.perf_counter()
    last = [0.0]

    def progress(step: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 5:
            last[0] = now
            current, peak = tracemalloc.get_traced_memory()
            mib, peak_mib = current / 2**20, peak / 2**20
            print(f"  … {now - started:.0f} s, traced {mib:.1f} MiB (peak {peak_mib:.1f})")

    verdict = services.audit.verify(progress)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    services.close()
    size = verdict.events * (len(STATE) + 60)
    print(
        f"verified {verdict.events:,} events ({'OK' if verdict.ok else verdict.reason}) in "
        f"{seconds:.1f} s = {verdict.events / seconds:,.0f} events/s; peak memory allocated "
        f"during the walk {peak / 2**20:.1f} MiB, against ~{size / 2**20:,.0f} MiB of events"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--store", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    configure_logging(True, "WARNING")
    if args.store == "sqlite":
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='rectify-audit-')) / 'big.sqlite3'}"
        fill(url, args.events)
        verify(url)
        return
    pg = PostgresServer()
    pg.start()
    try:
        with psycopg.connect(pg.url("postgres"), autocommit=True) as admin:
            admin.execute("CREATE DATABASE rectify_audit")
        url = pg.url("rectify_audit")
        fill(url, args.events)
        verify(url)
    finally:
        pg.stop()


if __name__ == "__main__":
    main()

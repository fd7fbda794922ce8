"""Every bench in one run on one throw-away PostgreSQL server, and one table: measure, goal,
figure, ratio against its baseline in the same run, and whether the goal is met.

    python -m bench.all [--events 200000] [--problems 20000] [--appends 3600]   (make bench)

HTTP under load and the load-and-faults run stay their own scripts (bench.trust_perf --only
http, bench.load_and_faults): they drive a served process for a minute each.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import psycopg

from bench import lists_rebuild, quarterly_reports, trust_perf
from infrastructure.event_log import configure_logging
from tests.pg_server import PostgresServer


@dataclass(frozen=True)
class Row:
    measure: str
    goal: str
    figure: str
    ratio: str
    met: bool


def run(args: argparse.Namespace, database: Callable[[str], str], store: str) -> list[Row]:
    """Every bench on one store; `database(name)` gives the URL of an empty database."""
    append, floor = trust_perf.bench_append(database("bench_append"), args.appends)
    latest, raw = trust_perf.bench_replay(database("bench_replay"))
    lists = lists_rebuild.measure(database("bench_lists"), args.events, args.requests)
    files = quarterly_reports.measure(database("bench_files"), args.problems, args.problems // 10)
    events = f"{lists['events']:,.0f} events"
    rows = [
        Row(
            "append vs bare insert+commit",
            "≥ 0.6",
            f"{append:.3f} of bare",  # three places: 0.597 must not read as the goal
            f"its tables alone {floor:.2f}",
            append >= 0.6,
        ),
        Row(
            "replay, latest state of a 1,049-event problem",
            "< 10 ms, ≤ 2× raw",
            f"{latest:.1f} ms",
            f"{latest / raw:.1f}× raw",
            latest < 10 and latest <= 2 * raw,
        ),
        Row(
            f"rebuild vs raw log read ({events})",
            "≥ 0.3",
            f"{lists['rebuild_seconds']:.1f} s",
            f"{lists['rebuild_ratio']:.3f}",
            lists["rebuild_ratio"] >= 0.3,
        ),
        Row(
            f"GET /lists/problems, worst p99 of {len(lists_rebuild.FILTERS)} filters ({events})",
            "< 25 ms",
            f"{lists['p99_ms']:.1f} ms",
            str(lists["worst"]),
            lists["p99_ms"] < 25,
        ),
        Row(
            f"all quarterly files, 25 units / {args.problems:,} problems",
            "< 10 s",
            f"{files['all_seconds']:.1f} s",
            f"{files['all_seconds'] / files['log_seconds']:.1f}× log read; in a process "
            f"started after: {files['again_seconds']:.1f} s",
            files["all_seconds"] < 10,
        ),
    ]
    return [replace(row, measure=f"{store}: {row.measure}") for row in rows]


def on_postgres(args: argparse.Namespace) -> list[Row]:
    server = PostgresServer(durable=True)  # fsync on, as in production
    server.start()

    def database(name: str) -> str:
        with psycopg.connect(server.url("postgres"), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return server.url(name)

    try:
        return run(args, database, "PostgreSQL")
    finally:
        server.stop()


def on_sqlite(args: argparse.Namespace) -> list[Row]:
    """The embedded default: WAL, synchronous FULL (SQLite's default: a commit is on disk)."""
    with tempfile.TemporaryDirectory(prefix="rectify-bench-") as folder:
        return run(args, lambda name: f"sqlite:///{Path(folder) / name}.db", "SQLite")


def table(rows: list[Row]) -> str:
    lines = [
        f"{date.today().isoformat()}, {os.cpu_count()} CPUs; PostgreSQL 15 on loopback, fsync "
        "on; SQLite in WAL mode, synchronous FULL",
        "",
        "| measure | goal | figure | ratio | met |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r.measure} | {r.goal} | {r.figure} | {r.ratio} | {'pass' if r.met else 'miss'} |"
        for r in rows
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--problems", type=int, default=20_000)
    parser.add_argument("--appends", type=int, default=3600)
    parser.add_argument(
        "--stores", nargs="+", choices=("postgres", "sqlite"), default=["postgres", "sqlite"]
    )
    args = parser.parse_args()
    configure_logging(True, "WARNING")
    rows = on_postgres(args) if "postgres" in args.stores else []
    rows += on_sqlite(args) if "sqlite" in args.stores else []
    print()
    print(table(rows))


if __name__ == "__main__":
    main()

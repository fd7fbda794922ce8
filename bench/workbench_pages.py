"""Server time of every workbench page, signed in as the person who uses it, vs GET /healthz in
the same run: on the demo data (SQLite, the default store) and with --events on PostgreSQL.
Prints p50 and p95 per page, the ratio of its p95 to /healthz's, and the goal (100 ms on the
demo data, 200 ms with 200,000 events)."""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
from fastapi.testclient import TestClient

from api.main import create_app
from application.lists import ListFilter
from bench.lists_rebuild import load
from demo.activities import DemoYear
from demo.people import DEMO_PASSWORD, demo_people
from demo.quarter import DemoQuarter
from demo.units import load_demo_units
from domain.actor import Actor, Role
from infrastructure.calendar import ChinaWorkingCalendar
from infrastructure.clock import FixedClock
from infrastructure.database_url import parse_database_url
from infrastructure.event_log import configure_logging
from infrastructure.reports.period_ends import PeriodEnds
from infrastructure.reports.stored_replays import StoredReplays
from infrastructure.services import Services, build_services
from infrastructure.settings import Settings
from tests.pg_server import PostgresServer

NOW = datetime(2026, 11, 23, 4, tzinfo=UTC)  # noon in China
ADMIN = Actor("bench", Role.ADMIN)
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
PAGES = {
    "office.zhang": [
        "/workbench",
        "/workbench/board",
        "/workbench/lists/problems",
        "/workbench/lists/problems?sort=-due_on&light=red",
        "/workbench/lists/rectifications",
        "/workbench/lists/demands",
        "/workbench/problems/new",
        "/workbench/activities",
        "/workbench/activities/plan",
        "/workbench/activities/announcement",
        "/workbench/activities/compliance",
        "/workbench/reports",
        "/workbench/reports/bulletin?period=2026-11",
        "/workbench/reports/quarterly?quarter=2026Q3",
        "/workbench/access-log",
        "PROBLEM",
    ],
    "civil.li": ["/workbench", "/workbench/lists/problems", "PROBLEM"],
    "inspector.zhao": ["PROBLEM", "PROBLEM?version=1", "/workbench/access-log"],
    "admin.chen": ["/workbench/admin/people", "/workbench/admin/units"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=0, help="0: the demo data on SQLite")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    configure_logging(True, "WARNING")
    with store(args.events) as settings:
        services = build_services(settings, FixedClock(NOW))
        load_demo_units(services.units, ADMIN)
        demo_people(services.people, ADMIN)
        fill(services, args.events)
        services.read_models.catch_up_now()
        if args.events:  # statistics, as autovacuum gathers within a minute of such a load
            with psycopg.connect(settings.database_url, autocommit=True) as connection:
                connection.execute("VACUUM ANALYZE")
        target = parse_database_url(settings.database_url)
        kept = StoredReplays(services.sql)  # as the night after the period's end left them:
        PeriodEnds(services.submissions, kept, services.clock, target).step()  # no round now
        goal = 0.100 if args.events == 0 else 0.200
        with TestClient(create_app(settings, services=services)) as client:
            report(services, client, args.rounds, goal)
        services.close()


@contextmanager
def store(events: int) -> Iterator[Settings]:
    quiet = {"log_json": True, "log_level": "WARNING", "run_projections": False}
    if events == 0:
        with tempfile.TemporaryDirectory() as folder:
            yield Settings(database_url=f"sqlite:///{Path(folder) / 'bench.db'}", **quiet)
        return
    server = PostgresServer()
    server.start()
    try:
        with psycopg.connect(server.url("postgres"), autocommit=True) as admin:
            admin.execute("CREATE DATABASE bench")
        yield Settings(database_url=server.url("bench"), **quiet)
    finally:
        server.stop()


def fill(services: Services, events: int) -> None:
    started = time.perf_counter()
    calendar = ChinaWorkingCalendar.from_file(services.settings.calendar_file)
    DemoYear(services.ledger, services.units, calendar, date(2026, 11, 23)).run()
    DemoQuarter(services.ledger, services.units, calendar, date(2026, 11, 23)).run()
    if events:
        load(services, events)
    head = services.ledger.head_position()
    print(f"{head:,} events in the log ({time.perf_counter() - started:.0f} s to load)")


def report(services: Services, client: TestClient, rounds: int, goal: float) -> None:
    base = timed(client, "/healthz", rounds * 3)
    print(f"{'page':58} {'p50 ms':>7} {'p95 ms':>7} {'×healthz':>8}  goal {goal * 1000:.0f} ms")
    print(f"{'GET /healthz (baseline)':58} {ms(base, 50):7.1f} {ms(base, 95):7.1f} {1:8.1f}")
    problem = first_problem(services)
    worst = 0.0
    for login, paths in PAGES.items():
        client.cookies.clear()
        sign_in(client, login)
        for path in paths:
            path = path.replace("PROBLEM", f"/workbench/problems/{problem}")
            cold = timed(client, path, 1)[0]
            times = timed(client, path, rounds)
            p95 = percentile(times, 95)
            worst = max(worst, p95)
            flag = "" if p95 < goal else "  OVER"
            label = f"{login:15} {path}"[:58]
            print(
                f"{label:58} {ms(times, 50):7.1f} {p95 * 1000:7.1f} "
                f"{p95 / percentile(base, 95):8.1f}  (first {cold * 1000:.0f} ms){flag}"
            )
    print(f"worst p95: {worst * 1000:.1f} ms (goal {goal * 1000:.0f} ms)")


def first_problem(services: Services) -> str:
    office = Actor("bench", Role.OFFICE)
    listed = services.lists.problems(office, ListFilter(responsible_unit="civil_affairs"), None, 1)
    return listed.items[0].problem.problem_id


def sign_in(client: TestClient, login: str) -> None:
    token = TOKEN.search(client.get("/signin").text).group(1)  # type: ignore[union-attr]
    answer = client.post(
        "/signin",
        data={"login": login, "password": DEMO_PASSWORD, "form_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


def timed(client: TestClient, path: str, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        answer = client.get(path)
        times.append(time.perf_counter() - started)
        assert answer.status_code == 200, (path, answer.status_code)
    return times


def percentile(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def ms(values: list[float], percent: int) -> float:
    return (statistics.median(values) if percent == 50 else percentile(values, percent)) * 1000


if __name__ == "__main__":
    main()

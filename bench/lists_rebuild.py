"""Rebuild throughput of the read models vs reading the log, and list latency, on PostgreSQL."""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import psycopg
from fastapi.testclient import TestClient

from api.main import create_app
from demo.units import KEY_UNITS, OTHER_UNITS, load_demo_units
from domain.actor import Actor, Role
from domain.codes import CATEGORIES_BY_SOURCE, Source
from domain.commanded import Stamp
from domain.problem import Problem
from domain.problem_values import Fix, NewProblem
from infrastructure.clock import FixedClock
from infrastructure.event_log import configure_logging
from infrastructure.services import Services, build_services
from infrastructure.settings import Settings
from tests.pg_server import PostgresServer

OFFICE = Stamp(Actor("bench-office", Role.OFFICE))
TODAY = date(2026, 11, 23)
UNITS = [code for code, _ in KEY_UNITS + OTHER_UNITS]


def realistic_problem(
    r: random.Random, unit: str | None = None, found: date | None = None, today: date = TODAY
) -> Problem:
    """One problem with the life a real one has: 3 to 9 events."""
    source = r.choice(list(Source))
    category = r.choice(sorted(CATEGORIES_BY_SOURCE[source], key=lambda c: c.value))
    unit = unit or r.choice(UNITS)
    found = found or TODAY - timedelta(days=r.randint(0, 360))
    lead = Stamp(Actor(f"lead-{unit}", Role.UNIT_LEAD, unit))
    new = NewProblem(
        source=source,
        category=category,
        unit=unit,
        title="窗口要求提供清单外材料" * r.randint(1, 2),
        description="群众反映" * 20,
        found_on=found,
        found_by="坐诊领导",
    )
    p = Problem.log(uuid4(), new, today, OFFICE)
    p.assign(unit, "科长", OFFICE)
    p.set_deadline(found + timedelta(days=r.randint(5, 30)), None, "", OFFICE)
    if r.random() < 0.2:
        p.raise_demand("需要数据共享", r.choice(UNITS), found, lead)
    if r.random() < 0.1:
        p.set_deadline(found + timedelta(days=45), None, "延期", OFFICE)
    fixed = found + timedelta(days=r.randint(1, 40))
    if fixed <= today and r.random() < 0.8:
        p.rectify(Fix("整改措施", "已整改", fixed, ("photo.jpg",)), today, lead)
        if r.random() < 0.8:
            p.close("同意销号", today, lead)
    return p


def load(services: Services, target_events: int) -> int:
    r = random.Random(2026)
    stored = 0
    while stored < target_events:
        batch = [realistic_problem(r) for _ in range(200)]
        recordings = services.ledger.save(*batch)
        stored += len(recordings)
    return stored


def read_log(services: Services, decode: bool) -> tuple[int, float]:
    started = time.perf_counter()
    position, count = 0, 0
    while True:
        notifications = services.ledger.recorder.select_notifications(
            start=position, limit=500, inclusive_of_start=False
        )
        if not notifications:
            return count, time.perf_counter() - started
        if decode:
            for n in notifications:
                services.ledger.mapper.to_domain_event(n)
        count += len(notifications)
        position = notifications[-1].id


def list_latency(settings: Settings, services: Services, requests: int) -> list[float]:
    token = services.credentials.issue("bench-office", Role.OFFICE, None).token
    headers = {"Authorization": f"Bearer {token}"}
    params = {"unit": "civil_affairs", "status": "assigned", "light": "red", "limit": 50}
    timings = []
    with TestClient(create_app(settings, services=services)) as client:
        for _ in range(10):  # warm: the pool's connections, the server's plans and pages
            client.get("/lists/problems", params=params, headers=headers)
        for i in range(requests):
            started = time.perf_counter()
            response = client.get(
                "/lists/problems",
                params=params | {"source": ["sit_in", "review"][i % 2]} if i % 3 else params,
                headers=headers,
            )
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text
    return timings


def measure(url: str, events: int, requests: int) -> dict[str, float]:
    """Load `events` into the empty database at `url`, read the log, rebuild, query the list."""
    settings = Settings(database_url=url, log_json=True, log_level="WARNING", run_projections=False)
    configure_logging(True, "WARNING")
    services = build_services(settings, FixedClock(datetime(2026, 11, 23, 4, tzinfo=UTC)))
    load_demo_units(services.units, Actor("bench", Role.ADMIN))
    started = time.perf_counter()
    loaded = load(services, events)
    print(f"loaded {loaded} events in {time.perf_counter() - started:.1f} s")
    raw_count, raw_seconds = read_log(services, decode=False)
    decoded_count, decoded_seconds = read_log(services, decode=True)
    started = time.perf_counter()
    services.read_models.rebuild()
    rebuild_seconds = time.perf_counter() - started
    raw_rate = raw_count / raw_seconds
    decoded_rate = decoded_count / decoded_seconds
    rebuild_rate = raw_count / rebuild_seconds
    print(f"read the log (raw rows):       {raw_rate:10,.0f} events/s  (baseline 1.00)")
    print(
        f"read the log (decoded events): {decoded_rate:10,.0f} events/s  "
        f"({decoded_rate / raw_rate:.2f} of raw)"
    )
    print(
        f"rebuild every projection:      {rebuild_rate:10,.0f} events/s  "
        f"({rebuild_rate / raw_rate:.3f} of raw, {rebuild_rate / decoded_rate:.3f} of decoded)"
    )
    timings = list_latency(settings, services, requests)
    healthz = _healthz(settings, services, requests)
    p50, p99 = _percentile(timings, 50), _percentile(timings, 99)
    print(
        f"GET /lists/problems, 3 filters: p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms "
        f"({p50 / statistics.median(healthz):.1f}x the p50 of GET /healthz)"
    )
    services.close()
    return {
        "events": float(loaded),
        "rebuild_ratio": rebuild_rate / raw_rate,
        "rebuild_seconds": rebuild_seconds,
        "p99_ms": p99 * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    server = PostgresServer()
    server.start()
    try:
        with psycopg.connect(server.url("postgres"), autocommit=True) as admin:
            admin.execute("CREATE DATABASE bench")
        measure(server.url("bench"), args.events, args.requests)
    finally:
        server.stop()


def _healthz(settings: Settings, services: Services, requests: int) -> list[float]:
    timings = []
    with TestClient(create_app(settings, services=services)) as client:
        for _ in range(requests):
            started = time.perf_counter()
            client.get("/healthz")
            timings.append(time.perf_counter() - started)
    return timings


def _percentile(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()

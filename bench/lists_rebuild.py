"""Rebuild throughput of the read models vs reading the log, and list latency, on PostgreSQL."""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
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


TITLES = (
    "窗口要求提供清单外材料",
    "一次告知不到位，群众多次跑腿",
    "自助终端故障未及时报修",
    "办事指南与实际要求不一致",
    "窗口人员离岗未放置提示牌",
    "网上办理入口难找，需现场补交纸质材料",
    "不动产登记预约号源不足",
    "企业开办环节多、时限长",
    "医保异地备案需重复提交证明",
    "帮办代办人员业务不熟练",
    "“好差评”差评未在规定时限内回访",
    "证照信息未共享，要求群众自行开具证明",
)
PLACES = ("一楼综合窗口", "二楼社保专区", "不动产登记大厅", "企业服务专区", "24小时自助区")


def realistic_problem(
    r: random.Random, unit: str | None = None, found: date | None = None, today: date = TODAY
) -> Problem:
    """One problem with the life a real one has: 3 to 11 events (one closed in twenty comes
    back, 退回重办)."""
    source = r.choice(list(Source))
    category = r.choice(sorted(CATEGORIES_BY_SOURCE[source], key=lambda c: c.value))
    unit = unit or r.choice(UNITS)
    found = found or TODAY - timedelta(days=r.randint(0, 360))
    lead = Stamp(Actor(f"lead-{unit}", Role.UNIT_LEAD, unit))
    new = NewProblem(
        source=source,
        category=category,
        unit=unit,
        title=f"{r.choice(PLACES)}{r.choice(TITLES)}",
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
            if r.random() < 0.05:  # as in the demo: the problem came back (退回重办)
                p.reopen("群众再次反映，问题反弹", OFFICE)
                if r.random() < 0.5:
                    p.rectify(Fix("再次整改", "已整改", today, ("photo.jpg",)), today, lead)
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


FILTERS: dict[str, tuple[str, dict[str, object]]] = {
    "office, unit+status+light": (
        "office",
        {"unit": "civil_affairs", "status": "assigned", "light": "red"},
    ),
    "office, unit+source": ("office", {"unit": "education", "source": "sit_in"}),
    "office, light yellow": ("office", {"light": "yellow"}),
    "office, light green": ("office", {"light": "green"}),
    "office, open+responsible": ("office", {"open": "true", "responsible_unit": "education"}),
    "office, quarter+source": ("office", {"quarter": "2026Q3", "source": "review"}),
    "office, quarter+category": ("office", {"quarter": "2026Q2", "category": "service"}),
    "office, text": ("office", {"q": "清单外材料"}),
    "office, flagged": ("office", {"flagged": "true"}),
    "office, late fixes": ("office", {"late": "true"}),
    "office, reopened": ("office", {"reopened": "true"}),
    "office, sorted by due day": ("office", {"sort": "due_on", "open": "true"}),
    "office, yellow by due day": ("office", {"light": "yellow", "sort": "due_on"}),
    "office, green by found day": ("office", {"light": "green", "sort": "found_on"}),
    "office, red, latest due first": ("office", {"light": "red", "sort": "-due_on"}),
    "office, no filter": ("office", {}),
    "lead, own lists": ("lead", {}),
    "lead, light red": ("lead", {"light": "red"}),
    "lead, text": ("lead", {"q": "清单外材料"}),
}
"""The filters the workbench's list pages offer, alone and combined, as the office and a lead."""
REPORTS: dict[str, tuple[str, str, dict[str, object]]] = {
    "office, board": ("office", "/board", {}),
    "office, trend (12 months)": ("office", "/reports/trend", {}),
    "office, ranking this month": ("office", "/reports/units", {"period": "2026-11"}),
    "lead, trend (12 months)": ("lead", "/reports/trend", {}),
}
"""The board page's reads, timed beside the lists (they are not among the lists' goal)."""


def list_latency(settings: Settings, services: Services, requests: int) -> dict[str, list[float]]:
    """Timings per filter combination, then per report (through HTTP, after a warm-up of
    each)."""
    tokens = {
        "office": services.credentials.issue("bench-office", Role.OFFICE, None).token,
        "lead": services.credentials.issue("bench-lead", Role.UNIT_LEAD, "civil_affairs").token,
    }
    timings: dict[str, list[float]] = {}
    rounds = max(requests // len(FILTERS), 20)
    with TestClient(create_app(settings, services=services)) as client:
        reads = {
            name: (who, "/lists/problems", q | {"limit": 50}) for name, (who, q) in FILTERS.items()
        }
        for name, (who, path, query) in (reads | REPORTS).items():
            headers = {"Authorization": f"Bearer {tokens[who]}"}
            for _ in range(5):  # warm: the pool's connections, the server's plans and pages
                client.get(path, params=query, headers=headers)
            for _ in range(rounds):
                started = time.perf_counter()
                response = client.get(path, params=query, headers=headers)
                timings.setdefault(name, []).append(time.perf_counter() - started)
                assert response.status_code == 200, response.text
    return timings


def measure(url: str, events: int, requests: int) -> dict[str, Any]:
    """Load `events` into the empty database at `url`, read the log, rebuild, query the list."""
    settings = Settings(
        database_url=url,
        log_json=True,
        log_level="WARNING",
        run_projections=False,
        run_notifier=False,  # its minute's reminder reads every lit problem: not a list read
        prepare_ended_periods=False,  # a replay of the log at start: not a list read either
    )
    configure_logging(True, "WARNING")
    services = build_services(settings, FixedClock(datetime(2026, 11, 23, 4, tzinfo=UTC)))
    load_demo_units(services.units, Actor("bench", Role.ADMIN))
    started = time.perf_counter()
    loaded = load(services, events)
    print(f"loaded {loaded} events in {time.perf_counter() - started:.1f} s")
    if url.startswith("postgresql"):
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")  # else autovacuum runs during the measures
    raw_count, raw_seconds = read_log(services, decode=False)
    decoded_count, decoded_seconds = read_log(services, decode=True)
    started = time.perf_counter()
    services.read_models.rebuild()
    rebuild_seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
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
        f"({rebuild_rate / raw_rate:.3f} of raw, {rebuild_rate / decoded_rate:.3f} of decoded), "
        f"{rebuild_seconds:.1f} s; peak RSS of this process {peak:,.0f} MiB"
    )
    gc.collect()
    gc.freeze()  # as a served process does after start-up (api.main); here the loader's objects
    timings = list_latency(settings, services, requests)
    healthz = _healthz(settings, services, requests)
    for name, values in timings.items():
        path = REPORTS[name][1] if name in REPORTS else "/lists/problems"
        label = f"GET {path}, {name}"
        print(
            f"{label:50} p50 {_percentile(values, 50) * 1000:5.1f} ms, "
            f"p99 {_percentile(values, 99) * 1000:5.1f} ms"
        )
    worst = max(FILTERS, key=lambda name: _percentile(timings[name], 99))
    p99 = _percentile(timings[worst], 99)
    print(
        f"worst p99: {worst}, {p99 * 1000:.1f} ms; /healthz p50 "
        f"{statistics.median(healthz) * 1000:.1f} ms"
    )
    services.close()
    return {
        "events": float(loaded),
        "rebuild_ratio": rebuild_rate / raw_rate,
        "rebuild_seconds": rebuild_seconds,
        "p99_ms": p99 * 1000,
        "worst": worst,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    server = PostgresServer(durable=True)  # fsync on, as in production
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

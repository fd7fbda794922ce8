"""Performance against raw PostgreSQL, all in one run on one machine and one database:

- append: problem commands per second through the application layer (two events, one
  transaction each, chain link included) vs a bare driver loop inserting rows of the same size
  into a plain table, one transaction each, and vs the same events written into the service's
  own tables by the driver alone (bench/append_baselines.py);
- HTTP: commands per second and p50/p99 at 1, 16 and 64 concurrent clients, vs the same server's
  /healthz;
- replay: a problem with 1,000 events loaded at its latest and at its middle version, vs reading
  its rows raw;
- memory: the server's peak RSS over the HTTP runs.

    python -m bench.trust_perf [--appends 3600] [--requests 3000] [--only append|replay|http]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import psycopg

from bench.append_baselines import bare_inserts, store_floor
from demo.units import load_demo_units
from domain.actor import Actor, Role
from infrastructure.clock import SystemClock
from infrastructure.event_log import configure_logging
from infrastructure.services import build_services
from infrastructure.settings import Settings
from tests.live_server import LiveServer
from tests.pg_server import PostgresServer
from tests.samples import NEW, OFFICE


def bench_append(url: str, appends: int, rounds: int = 9) -> tuple[float, float]:
    """Alternate the loops in `rounds` slices, so drift on a shared machine (another tenant's
    fsyncs, CPU steal) falls on all; each ratio reported is the median of the slices. Returns
    the application's ratio to bare, and the ratio of the service's tables alone (its floor)."""
    services = build_services(Settings(database_url=url, run_projections=False), SystemClock())
    load_demo_units(services.units, Actor("bench", Role.ADMIN))
    # warm up (register loaded, statements prepared), and size the bare rows like this event
    warm_up = services.problems.log_problem(OFFICE, NEW).problem
    stored = services.ledger.recorder.select_events(warm_up.id)  # Logged and HandedOut
    payloads = [b"x" * (len(row.state) + len(row.topic)) for row in stored]
    size = sum(len(p) for p in payloads)
    bare, close = bare_inserts(url, payloads)
    floor, close_floor = store_floor(url, [(row.topic, row.state) for row in stored])

    def application(count: int) -> None:
        for _ in range(count):
            services.problems.log_problem(OFFICE, NEW)

    per_round = max(appends // rounds, 1)
    rates: dict[str, list[float]] = {"bare": [], "floor": [], "app": []}
    try:
        for _ in range(rounds):
            for name, loop in (("bare", bare), ("floor", floor), ("app", application)):
                started = time.perf_counter()
                loop(per_round)
                rates[name].append(per_round / (time.perf_counter() - started))
    finally:
        close()
        close_floor()
        services.close()
    print(
        f"append, {rounds} x {per_round} commands each way, {len(payloads)} events "
        f"(~{size} bytes) per command:"
    )
    print(f"  bare driver insert+commit: {statistics.median(rates['bare']):,.0f}/s (median)")
    medians = {}
    for name, label in (
        ("floor", "the same events into the service's tables, driver alone"),
        ("app", "application (register check, event, lock, chain link, commit)"),
    ):
        ratios = sorted(a / b for a, b in zip(rates[name], rates["bare"], strict=True))
        medians[name] = statistics.median(ratios)
        print(
            f"  {label}: {statistics.median(rates[name]):,.0f}/s = {medians[name]:.2f} of bare "
            "(median; slices " + ", ".join(f"{ratio:.2f}" for ratio in ratios) + ")"
        )
    return medians["app"], medians["floor"]


def load(
    base_url: str, clients: int, requests: int, call: Callable[[httpx.Client], int]
) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_client = max(requests // clients, 1)

    def run() -> None:
        nonlocal errors
        with httpx.Client(base_url=base_url, timeout=30) as http:
            for _ in range(per_client):
                started = time.perf_counter()
                status = call(http)
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took)
                    errors += status >= 400

    threads = [threading.Thread(target=run) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    return {
        "rate": len(latencies) / seconds,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[int(len(latencies) * 0.99)] * 1000,
        "errors": errors,
    }


def bench_http(url: str, requests: int, workers: int = 1) -> dict[str, float]:
    setup = build_services(Settings(database_url=url, run_projections=False))
    load_demo_units(setup.units, Actor("bench", Role.ADMIN))  # `--only http` runs on an empty log
    token = setup.credentials.issue("bench-http", Role.OFFICE, None).token
    setup.close()
    server = LiveServer(url, run_projections="false", workers=str(workers))  # + a log follower
    server.wait_ready(60)
    worker = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "projections", "run"],
        env=dict(os.environ, RECTIFY_DATABASE_URL=url, RECTIFY_LOG_LEVEL="WARNING"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = [0]
    sampling = threading.Event()

    def sample() -> None:
        status = Path(f"/proc/{server.process.pid}/status")
        while not sampling.wait(0.2):
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak[0] = max(peak[0], int(line.split()[1]))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    headers = {"Authorization": f"Bearer {token}"}
    body = {
        "source": "sit_in",
        "category": "policy",
        "unit": "civil_affairs",
        "title": "窗口要求提供清单外材料",
        "description": "办理低保申请时，窗口要求额外提供户籍证明。",
        "found_on": "2026-11-20",
        "found_by": "区民政局分管领导",
    }

    def healthz(http: httpx.Client) -> int:
        return http.get("/healthz").status_code

    def command(http: httpx.Client) -> int:
        return http.post("/problems", json=body, headers=headers).status_code

    print(f"HTTP, uvicorn ({workers} workers) on loopback, {requests} requests per run:")
    figures: dict[str, float] = {}
    try:
        for clients in (1, 16, 64):
            ceiling = load(server.base_url, clients, requests, healthz)
            got = load(server.base_url, clients, requests, command)
            print(
                f"  {clients:>2} clients: POST /problems {got['rate']:,.0f}/s "
                f"(p50 {got['p50']:.1f} ms, p99 {got['p99']:.1f} ms, errors {got['errors']:.0f})"
                f" vs /healthz {ceiling['rate']:,.0f}/s (p50 {ceiling['p50']:.1f} ms, "
                f"p99 {ceiling['p99']:.1f} ms) = {got['rate'] / ceiling['rate']:.2f} of ceiling"
            )
            figures[f"ratio_{clients}"] = got["rate"] / ceiling["rate"]
            figures[f"p99_ratio_{clients}"] = got["p99"] / ceiling["p99"]
    finally:
        sampling.set()
        server.stop()
        worker.terminate()
        worker.wait(10)
    print(
        f"  server peak RSS: {peak[0] / 1024:.0f} MiB (the started process; with workers, "
        "their parent)"
    )
    return figures


def bench_replay(url: str) -> tuple[float, float]:
    """A long problem's latest state (ms) against the raw read of its rows. Snapshots are
    taken every 50 versions (ADR 23), so the figure is taken at 1,049 events, the farthest a
    problem past 1,000 gets from its latest snapshot; 1,000 exactly and full replays beside it."""
    services = build_services(Settings(database_url=url, run_projections=False))
    load_demo_units(services.units, Actor("bench", Role.ADMIN))  # `--only replay`: an empty log
    problem = services.problems.log_problem(OFFICE, NEW).problem
    repository, recorder = services.ledger.repository, services.ledger.recorder

    def flag_to(version: int) -> None:
        current = repository.get(problem.id)
        for n in range(version - current.version):
            services.problems.flag(OFFICE, problem.id, (n % 2 == 0) != current.flagged, "督办")

    def timed(action: Callable[[], object], rounds: int = 20) -> float:
        action()
        gc.collect()  # else the commands' garbage is collected inside whichever read comes next
        started = time.perf_counter()
        for _ in range(rounds):
            action()
        return (time.perf_counter() - started) / rounds * 1000

    flag_to(1000)
    at_snapshot = timed(lambda: repository.get(problem.id))
    middle = timed(lambda: repository.get(problem.id, version=500))
    flag_to(1049)
    raw = timed(lambda: recorder.select_events(problem.id))
    latest = timed(lambda: repository.get(problem.id))
    every_event = timed(lambda: repository.get(problem.id, version=1049))
    assert repository.get(problem.id).version == 1049
    services.close()
    print("replay, one long problem (a snapshot every 50 versions):")
    print(f"  raw rows read, 1,049 events: {raw:.1f} ms")
    ratio = latest / raw
    print(f"  latest at 1,049 (snapshot at 1,000 + 49 events): {latest:.1f} ms = {ratio:.1f}x raw")
    print(f"  latest at 1,000 (the snapshot alone): {at_snapshot:.2f} ms")
    print(f"  every event, as of version 1,049 (no snapshot): {every_event:.1f} ms")
    print(f"  as of version 500 (no snapshot): {middle:.1f} ms")
    return latest, raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--appends", type=int, default=3600)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=1, help="HTTP worker processes")
    parser.add_argument("--no-fsync", action="store_true", help="as the test suite runs it")
    parser.add_argument(
        "--only", choices=("append", "replay", "http"), action="append", help="repeatable"
    )
    args = parser.parse_args()
    configure_logging(True, "WARNING")
    pg = PostgresServer(durable=not args.no_fsync)
    pg.start()
    fsync = "off" if args.no_fsync else "on"
    print(f"PostgreSQL 15 on loopback, fsync {fsync}; {os.cpu_count()} CPUs")
    try:
        with psycopg.connect(pg.url("postgres"), autocommit=True) as admin:
            admin.execute("CREATE DATABASE rectify_perf")
        url = pg.url("rectify_perf")
        parts = args.only or ["append", "replay", "http"]
        if "append" in parts:
            bench_append(url, args.appends)
        if "replay" in parts:
            bench_replay(url)
        if "http" in parts:
            bench_http(url, args.requests, args.workers)
    finally:
        pg.stop()


if __name__ == "__main__":
    main()

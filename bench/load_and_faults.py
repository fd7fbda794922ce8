"""Load and faults: N clients drive realistic problem commands through the real HTTP server on
PostgreSQL while the script SIGKILLs the server, restarts PostgreSQL and kills the projection
worker. Clients retry with their Idempotency-Key. At the end every acknowledged command must be in
the log exactly once, the chain must verify and every projection must equal a clean rebuild.

    python -m bench.load_and_faults [--clients 16] [--seconds 60]

Bounded in time and count, loopback only. Exit status 0 only if every check passes."""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

from bench.fault_checks import check_log, database_down_answers, projections_equal_clean_rebuild
from bench.killable import Server
from demo.units import KEY_UNITS, load_demo_units
from domain.actor import Actor, Role
from infrastructure.event_log import configure_logging
from infrastructure.services import build_services
from infrastructure.settings import Settings
from tests.pg_server import PostgresServer

UNITS = [code for code, _ in KEY_UNITS]
# the supervision workflow: the office logs (and hands out), the unit signs, plans and fixes,
# the office accepts (and so closes)
NEXT = {"logged": "sign", "signed": "plan", "planned": "rectify", "rectified": "acceptance"}
OFFICE_STEPS = {"logged", "acceptance"}
AFTER = {"sign": "signed", "plan": "planned", "rectify": "rectified", "acceptance": "closed"}


@dataclass
class Tally:
    acknowledged: list[tuple[str, str]] = field(default_factory=list)  # (token, key)
    attempts: int = 0
    retries: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def client(
    base_url: str,
    tokens: tuple[str, str],
    unit: str,
    stop: threading.Event,
    tally: Tally,
    seed: int,
) -> None:
    """The office logs problems for the unit and accepts its fixes; the unit's lead signs for
    them, plans and fixes. Each command is retried with its key until acknowledged (2xx) or
    refused (4xx)."""
    r = random.Random(seed)
    lead, office = tokens
    work: dict[str, str] = {}  # problem id -> its last step
    with httpx.Client(base_url=base_url, timeout=5) as http:
        while not stop.is_set():
            ready = [pid for pid, step in work.items() if step in NEXT]
            if ready and r.random() < 0.7:
                pid = r.choice(ready)
                step = NEXT[work[pid]]
                path, body = _command(pid, step, unit)
            else:
                pid, step = "", "logged"
                path, body = "/problems", _new_problem(unit, r)
            key = f"{seed}-{tally.attempts}-{r.getrandbits(32)}"
            token = office if step in OFFICE_STEPS else lead
            answer = _until_answered(http, path, body, key, token, stop, tally)
            if answer is None:
                return
            if answer.status_code < 300:
                with tally.lock:
                    tally.acknowledged.append((token, key))
                work[pid or answer.json()["id"]] = AFTER.get(step, step)
            else:
                with tally.lock:
                    tally.refused += 1


def _until_answered(
    http: httpx.Client,
    path: str,
    body: dict[str, Any],
    key: str,
    token: str,
    stop: threading.Event,
    tally: Tally,
) -> httpx.Response | None:
    first = True
    tries = 0
    while True:
        tries += 1
        if stop.is_set() and tries > 100:  # bounded: an unanswered command is not acknowledged
            return None
        with tally.lock:
            tally.attempts += 1
            tally.retries += 0 if first else 1
        first = False
        try:
            headers = {"Idempotency-Key": key, "Authorization": f"Bearer {token}"}
            answer = http.post(path, json=body, headers=headers)
        except httpx.HTTPError:
            time.sleep(0.2)
            continue
        with tally.lock:
            tally.statuses[answer.status_code] += 1
        if answer.status_code < 500:
            return answer
        time.sleep(0.2)


def _new_problem(unit: str, r: random.Random) -> dict[str, Any]:
    return {
        "source": "sit_in",
        "category": r.choice(["policy", "service", "satisfaction"]),
        "unit": unit,
        "title": r.choice(["窗口要求提供清单外材料", "咨询解答不准确", "办件超期"]),
        "description": "压力测试：坐诊发现的问题。",
        "found_on": "2026-11-20",
        "found_by": "分管领导",
    }


def _command(pid: str, step: str, unit: str) -> tuple[str, dict[str, Any]]:
    bodies: dict[str, dict[str, Any]] = {
        "sign": {},
        "plan": {"measures": "加强培训", "person": "窗口负责人"},
        "rectify": {"measures": "加强培训", "result": "已整改"},
        "acceptance": {"accepted": True, "note": "核实到位"},
    }
    return f"/problems/{pid}/{step}", bodies[step]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=1, help="HTTP worker processes")
    args = parser.parse_args()
    configure_logging(True, "WARNING")
    pg = PostgresServer()
    pg.start()
    url = pg.url("postgres")
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("CREATE DATABASE rectify_faults")
    url = pg.url("rectify_faults")
    setup = build_services(Settings(database_url=url, run_projections=False))
    load_demo_units(setup.units, Actor("bench", Role.ADMIN))
    tokens = {
        unit: setup.credentials.issue(f"lead-{unit}", Role.UNIT_LEAD, unit).token for unit in UNITS
    }
    office = setup.credentials.issue("office", Role.OFFICE, None).token
    setup.close()

    logs = Path(tempfile.mkdtemp(prefix="rectify-faults-"))
    server = Server(url, logs, args.workers)
    server.start_api()
    server.start_worker()
    assert server.api is not None
    base_url = server.api.base_url
    stop = threading.Event()
    tally = Tally()
    threads = [
        threading.Thread(
            target=client,
            args=(
                base_url,
                (tokens[UNITS[n % len(UNITS)]], office),
                UNITS[n % len(UNITS)],
                stop,
                tally,
                n,
            ),
            daemon=True,
        )
        for n in range(args.clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    faults: list[str] = []
    down_answers: Counter[str] = Counter()

    def at(fraction: float) -> None:
        time.sleep(max(0.0, started + args.seconds * fraction - time.monotonic()))
        server.sample_rss()

    at(0.25)
    port = server.kill_api()
    faults.append("API server SIGKILLed")
    time.sleep(1)
    server.start_api(port)
    faults.append("API server restarted")
    at(0.45)
    pg.restart()
    faults.append("PostgreSQL restarted (pg_ctl restart -m fast)")
    at(0.55)
    watcher = threading.Thread(
        target=lambda: down_answers.update(database_down_answers(base_url, office, 8)), daemon=True
    )
    watcher.start()
    time.sleep(0.5)
    pg.outage(4)
    faults.append("PostgreSQL down for 4 s (pg_ctl stop -m fast, start)")
    watcher.join()
    at(0.75)
    server.kill_worker()
    faults.append("projection worker SIGKILLed")
    time.sleep(1)
    server.start_worker()
    faults.append("projection worker restarted")
    at(1.0)
    stop.set()
    for thread in threads:
        thread.join(30)
    server.stop()

    checker = build_services(Settings(database_url=url, run_projections=False))
    try:
        log = check_log(checker, tally.acknowledged)
        verdict = checker.audit.verify()
        equal = projections_equal_clean_rebuild(checker)
    finally:
        checker.close()
        pg.stop()

    print(f"clients {args.clients}, {args.seconds:.0f} s; faults: {'; '.join(faults)}")
    print(f"attempts {tally.attempts}, retries {tally.retries}, refused (4xx) {tally.refused}")
    print(f"answers: {dict(sorted(tally.statuses.items()))}")
    print(f"GET /lists/problems while PostgreSQL was down: {dict(down_answers)}")
    for name, value in log.items():
        print(f"{name}: {value}")
    print(f"audit verify: {'OK' if verdict.ok else 'BROKEN ' + verdict.reason} ({verdict.events})")
    print(f"projections equal a clean rebuild: {equal}")
    print(f"server peak RSS: {server.peak_rss_kib / 1024:.0f} MiB")
    ok = (
        verdict.ok
        and equal
        and log["lost (acknowledged, not in the log)"] == 0
        and log["duplicated (one command, stored twice)"] == 0
        and not any(k.startswith("500") for k in down_answers)
        and any(k == "503 application/problem+json" for k in down_answers)
    )
    print(f"server and worker logs: {logs}")
    print("RESULT:", "PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

"""Concurrent writers on PostgreSQL, through the real HTTP server: no lost or doubled versions."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from uuid import UUID

import httpx
import pytest

from demo.units import load_demo_units
from domain.actor import Role
from infrastructure.services import build_services
from tests.conftest import ADMIN, NEW_PROBLEM, make_settings
from tests.live_server import LiveServer

pytestmark = pytest.mark.postgres


@pytest.fixture
def live(postgres_url: str) -> Iterator[tuple[LiveServer, dict[str, str]]]:
    services = build_services(make_settings(postgres_url))
    load_demo_units(services.units, ADMIN)
    tokens = {
        "office": services.credentials.issue("office", Role.OFFICE, None).token,
        "lead": services.credentials.issue("lead", Role.UNIT_LEAD, "civil_affairs").token,
    }
    services.close()
    server = LiveServer(postgres_url, pool_size="2")
    try:
        server.wait_ready()
        yield server, tokens
    finally:
        server.stop()


def conflicting_command(i: int, version: int) -> tuple[str, str, dict[str, object], dict[str, str]]:
    """A mix: some pin the version they saw (If-Match), some just want the latest state."""
    pinned = {"If-Match": f'"{version}"'} if i % 3 == 0 else {}
    choices = [
        ("office", "assign", {"unit": ["civil_affairs", "transport", "health"][i % 3]}),
        ("office", "deadline", {"due_on": f"2026-12-{10 + i % 15:02d}", "reason": f"第{i}次调整"}),
        ("office", "demands", {"text": f"需求{i}", "to_unit": "transport"}),
        ("office", "flag", {"flagged": True, "reason": "督办"}),
    ]
    who, command, body = choices[i % len(choices)]
    return who, command, body, pinned


def test_twenty_concurrent_writers_never_share_a_version(
    live: tuple[LiveServer, dict[str, str]], postgres_url: str
) -> None:
    server, tokens = live
    auth = {k: {"Authorization": f"Bearer {v}"} for k, v in tokens.items()}
    created = httpx.post(f"{server.base_url}/problems", json=NEW_PROBLEM, headers=auth["office"])
    problem_id = created.json()["id"]
    barrier = threading.Barrier(20)
    statuses: list[int] = []
    written: list[int] = []  # the version each successful command left the problem at
    seen = created.json()["version"]

    def worker(i: int) -> None:
        who, command, body, pinned = conflicting_command(i, version=seen)
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            barrier.wait()
            response = client.post(
                f"/problems/{problem_id}/{command}", json=body, headers=auth[who] | pinned
            )
            statuses.append(response.status_code)
            if response.status_code in (200, 201):
                state = response.json().get("problem", response.json())
                written.append(state["version"])

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(statuses) <= {200, 201, 409, 412}, Counter(statuses)
    successes = sum(1 for s in statuses if s in (200, 201))
    services = build_services(make_settings(postgres_url))
    try:
        events = list(services.ledger.events.get(UUID(problem_id)))
    finally:
        services.close()
    versions = [e.originator_version for e in events]
    assert versions == list(range(1, len(versions) + 1))  # contiguous, none twice
    # a command may record more than one event (a hand-out, a deadline): each success left
    # its own version, and the last of them is the last event stored
    assert len(set(written)) == successes and max(written) == len(versions)
    assert successes >= 1
    assert statuses.count(412) >= 1  # the pinned ones that lost the race


def test_several_worker_processes_serve_and_one_follows_the_log(postgres_url: str) -> None:
    """`rectify serve --workers 2`: both answer; the lists number each problem once (two
    projection runners would number some twice), and every worker sees every write."""
    services = build_services(make_settings(postgres_url))
    load_demo_units(services.units, ADMIN)
    token = services.credentials.issue("office", Role.OFFICE, None).token
    office = {"Authorization": f"Bearer {token}"}
    services.close()
    server = LiveServer(postgres_url, workers="2")
    try:
        server.wait_ready(60)
        positions: list[int] = []

        def write(i: int) -> None:
            body = NEW_PROBLEM | {"title": f"并发登记{i}"}
            with httpx.Client(base_url=server.base_url, timeout=30) as http:  # a connection each
                response = http.post("/problems", json=body, headers=office)
                assert response.status_code == 201, response.text
                positions.append(response.json()["position"])

        threads = [threading.Thread(target=write, args=(i,)) for i in range(24)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(positions) == 24
        numbers = []
        for _ in range(4):  # fresh connections: the requests land on either worker
            with httpx.Client(base_url=server.base_url, timeout=30) as http:
                page = http.get(
                    "/lists/problems",
                    params={"min_position": max(positions), "limit": 100},
                    headers=office,
                )
                assert page.status_code == 200, page.text
                numbers = sorted(row["number"] for row in page.json()["items"])
                assert numbers == list(range(1, 25))
    finally:
        server.stop()

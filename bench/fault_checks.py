"""What the load-and-faults bench checks once the faults are over: what the server said while the
database was down, every acknowledged command in the log exactly once, and the projections equal
to a clean rebuild."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import httpx

from infrastructure.credentials import hash_token
from infrastructure.idempotency import command_id
from infrastructure.services import Services


def database_down_answers(base_url: str, token: str, seconds: float) -> Counter[str]:
    """What the server says while PostgreSQL is restarting: status and content type."""
    seen: Counter[str] = Counter()
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=base_url, timeout=10) as http:  # longer than the server's wait
        while time.monotonic() < deadline:
            try:
                answer = http.get("/lists/problems", headers={"Authorization": f"Bearer {token}"})
                kind = answer.headers.get("content-type", "").split(";")[0]
                seen[f"{answer.status_code} {kind}"] += 1
            except httpx.HTTPError:
                seen["connection error"] += 1
            time.sleep(0.02)
    return seen


def check_log(services: Services, acknowledged: list[tuple[str, str]]) -> dict[str, int]:
    """Every acknowledged command's id is in the log; no command's events were stored twice (a
    command may store several events, of different kinds: logging stores Logged and
    HandedOut)."""
    expected = {command_id(hash_token(token), key) for token, key in acknowledged}
    seen: dict[str, Counter[str]] = {}
    events = 0
    after = 0
    while True:
        page = services.ledger.recorder.select_notifications(
            start=after, limit=2000, inclusive_of_start=False
        )
        if not page:
            break
        for notification in page:
            event = services.ledger.mapper.to_domain_event(notification)
            events += 1
            cid = getattr(event, "command_id", "")
            if cid:
                seen.setdefault(cid, Counter())[type(event).__qualname__] += 1
        after = page[-1].id
    return {
        "events stored": events,
        "acknowledged": len(expected),
        "lost (acknowledged, not in the log)": len(expected - set(seen)),
        "duplicated (one command, stored twice)": sum(
            1 for kinds in seen.values() if max(kinds.values()) > 1
        ),
    }


def projections_equal_clean_rebuild(services: Services) -> bool:
    services.read_models.catch_up_now()
    before = _dump_all(services)
    services.read_models.rebuild()
    return _dump_all(services) == before


def _dump_all(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    tables: dict[str, list[tuple[Any, ...]]] = {}
    for name, worker in services.read_models.workers.items():
        prefix = services.read_models.reader.prefix(worker.projection_class)
        for spec in worker.projection_class.tables:
            rows = services.sql.execute(
                f"SELECT * FROM {prefix}_{spec.name} ORDER BY {', '.join(spec.key)}"
            )
            tables[f"{name}.{spec.name}"] = [tuple(row) for row in rows]
    return tables

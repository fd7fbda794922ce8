"""Idempotency-Key: retries store nothing more; a reused key with another body is refused."""

from __future__ import annotations

import threading
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.utils import get_topic

from application.context import CommandContext
from domain.actor import Actor, Role
from domain.problem import Problem
from tests.conftest import NEW_PROBLEM, Api


def logged_count(api: Api) -> int:
    recorder = api.services.ledger.recorder
    return len(
        recorder.select_notifications(start=0, limit=10_000, topics=[get_topic(Problem.Logged)])
    )


def test_the_same_post_five_times_stores_one_problem(api: Api) -> None:
    answers = [
        api.post("office", "/problems", NEW_PROBLEM, **{"Idempotency-Key": "sit-in-2026-11-20-1"})
        for _ in range(5)
    ]
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert answers[0].headers["Location"] == answers[4].headers["Location"]
    assert logged_count(api) == 1


def test_the_same_key_with_another_body_is_422_and_stores_nothing(api: Api) -> None:
    api.post("office", "/problems", NEW_PROBLEM, **{"Idempotency-Key": "k"})
    other = api.post(
        "office", "/problems", dict(NEW_PROBLEM, title="另一个问题"), **{"Idempotency-Key": "k"}
    )
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"
    assert logged_count(api) == 1


def test_a_retried_command_is_applied_once(api: Api) -> None:
    problem_id = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    path = f"/problems/{problem_id}/demands"
    body = {"text": "数据共享", "to_unit": "transport"}
    first = api.post("lead", path, body, **{"Idempotency-Key": "d1"})
    again = api.post("lead", path, body, **{"Idempotency-Key": "d1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert api.history_length(problem_id) == 3


def test_keys_belong_to_their_credential(api: Api) -> None:
    api.post("office", "/problems", NEW_PROBLEM, **{"Idempotency-Key": "same"})
    api.post("lead", "/problems", NEW_PROBLEM, **{"Idempotency-Key": "same"})
    assert logged_count(api) == 2


def test_concurrent_retries_with_one_key_store_one_problem(api: Api) -> None:
    barrier = threading.Barrier(5)
    ids: list[str] = []

    def send() -> None:
        barrier.wait()
        response = api.post("office", "/problems", NEW_PROBLEM, **{"Idempotency-Key": "race"})
        ids.append(response.json()["id"])

    threads = [threading.Thread(target=send) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(ids)) == 1 and logged_count(api) == 1


def test_a_command_replayed_after_a_crash_is_recognised_by_the_aggregate(api: Api) -> None:
    """The event was stored but the response never remembered (a crash): the retry is a no-op."""
    office = CommandContext(Actor("office", Role.OFFICE), command_id="lost-response")
    problem_id = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    first = api.services.problems.assign(office, UUID(problem_id), "transport", "张三")
    retry = api.services.problems.assign(office, UUID(problem_id), "transport", "张三")
    assert first.problem.version == retry.problem.version == 3
    assert api.history_length(problem_id) == 3


def test_a_keyed_post_reads_its_token_with_the_reservation_and_a_revoked_one_reserves_nothing(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL one statement reads who the token is and reserves the key; the route does
    not ask again. A token revoked a moment ago still gets 401 and leaves no reservation."""
    from infrastructure.credentials import CredentialStore, hash_token

    asked: list[str] = []
    authenticate = CredentialStore.authenticate

    def counted(self: CredentialStore, token: str) -> Any:
        asked.append(token)
        return authenticate(self, token)

    monkeypatch.setattr(CredentialStore, "authenticate", counted)
    keyed = api.headers("office") | {"Idempotency-Key": "read-once"}
    created = api.client.post("/problems", json=NEW_PROBLEM, headers=keyed)
    assert created.status_code == 201, created.text
    assert len(asked) == (0 if api.services.sql.dialect == "postgres" else 1)
    again = api.client.post("/problems", json=NEW_PROBLEM, headers=keyed)
    assert again.json()["id"] == created.json()["id"]

    token = api.services.credentials.issue("soon-revoked", Role.OFFICE, None).token
    api.services.credentials.revoke("soon-revoked")
    refused = api.client.post(
        "/problems",
        json=NEW_PROBLEM,
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "after-revoking"},
    )
    assert refused.status_code == 401
    kept = api.services.sql.execute(
        "SELECT 1 FROM rectify_idempotency WHERE credential = %s", (hash_token(token),)
    )
    assert kept == []

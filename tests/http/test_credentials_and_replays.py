"""Tokens are never at rest; replays come after authentication, keyed by the credential; one
key used at once with different bodies runs once; credentials issued and revoked are on record."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.conftest import NEW_PROBLEM, Api


def stored_answers(api: Api) -> list[str]:
    return [str(row[0]) for row in api.services.sql.execute("SELECT body FROM rectify_idempotency")]


def test_a_new_token_is_kept_nowhere_and_its_retry_is_refused(api: Api) -> None:
    body = {"name": "clerk.wang", "role": "office"}
    first = api.post("admin", "/credentials", body, **{"Idempotency-Key": "issue-1"})
    assert first.status_code == 201 and first.headers["cache-control"] == "no-store"
    token = first.json()["token"]
    assert all(token not in answer for answer in stored_answers(api))
    again = api.post("admin", "/credentials", body, **{"Idempotency-Key": "issue-1"})
    assert again.status_code == 409 and token not in again.text
    assert again.json()["type"] == "urn:rectify:error:shown_once"
    assert api.client.get("/units", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_revoked_token_repeating_an_old_key_gets_401_not_the_old_answer(api: Api) -> None:
    issued = api.post("admin", "/credentials", {"name": "old.lead", "role": "office"}).json()
    headers = {"Authorization": f"Bearer {issued['token']}", "Idempotency-Key": "k-1"}
    assert api.client.post("/problems", json=NEW_PROBLEM, headers=headers).status_code == 201
    assert (
        api.client.delete("/credentials/old.lead", headers=api.headers("admin")).status_code == 204
    )
    replay = api.client.post("/problems", json=NEW_PROBLEM, headers=headers)
    assert replay.status_code == 401 and "Idempotent-Replay" not in replay.headers


def test_keys_belong_to_the_credential_not_to_the_spelling_of_the_header(api: Api) -> None:
    token = api.tokens["office"]
    head = api.services.ledger.head_position()
    answers = [
        api.client.post(
            "/problems",
            json=NEW_PROBLEM,
            headers={"Authorization": f"{scheme} {token}", "Idempotency-Key": "same-key"},
        )
        for scheme in ("Bearer", "bearer", "BEARER")
    ]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert len({a.json()["id"] for a in answers}) == 1
    assert answers[1].headers["idempotent-replay"] == "true"
    assert api.services.ledger.head_position() == head + 2  # logged and handed out


def test_one_key_sent_at_once_with_different_bodies_runs_once_and_refuses_the_rest(
    api: Api,
) -> None:
    head = api.services.ledger.head_position()
    bodies = [NEW_PROBLEM | {"title": f"同时提交的第{n}个问题"} for n in range(8)]

    def send(body: dict[str, object]) -> tuple[int, str]:
        answer = api.post("office", "/problems", body, **{"Idempotency-Key": "raced"})
        return answer.status_code, answer.text

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(send, bodies))
    statuses = sorted(status for status, _ in results)
    assert statuses.count(201) == 1, results
    assert set(statuses) <= {201, 422}, results
    winner = next(text for status, text in results if status == 201)
    assert api.services.ledger.head_position() == head + 2  # logged and handed out
    same_again = next(b for b in bodies if b["title"] in winner)
    replay = api.post("office", "/problems", same_again, **{"Idempotency-Key": "raced"})
    assert replay.status_code == 201 and replay.headers["idempotent-replay"] == "true"


def test_issuing_and_revoking_are_on_record_for_the_office_and_inspectors(api: Api) -> None:
    api.post("admin", "/credentials", {"name": "lead.zhao", "role": "unit_lead", "unit": "health"})
    api.client.delete("/credentials/lead.zhao", headers=api.headers("admin"))
    for reader in ("office", "inspector", "admin"):
        log = api.get(reader, "/credential-log")
        assert log.status_code == 200, log.text
        changes = [
            (c["change"], c["name"], c["role"], c["unit"], c["by"]) for c in log.json()["items"]
        ]
        assert ("issued", "lead.zhao", "unit_lead", "health", "admin") in changes
        assert ("revoked", "lead.zhao", "unit_lead", "health", "admin") in changes
        assert "token" not in log.text
    assert api.get("lead", "/credential-log").status_code == 403


def test_a_credential_never_takes_a_persons_login(people: Api) -> None:
    """One name, one actor: a script acting as `li` would read, in every timeline, as 李华."""
    taken = people.post("admin", "/credentials", {"name": "li", "role": "office"})
    assert taken.status_code == 422 and taken.json()["errors"][0]["field"] == "name"
    assert people.services.credentials.named("li") is False
    free = people.post("admin", "/credentials", {"name": "script.li", "role": "office"})
    assert free.status_code == 201, free.text

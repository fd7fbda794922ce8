"""The unit register, credentials (hashed tokens), and the inspectors' access log."""

from __future__ import annotations

from tests.conftest import NEW_PROBLEM, Api


def test_units_list_the_demo_register(api: Api) -> None:
    units = api.get("lead", "/units").json()
    kinds = [u["kind"] for u in units]
    assert kinds.count("key") == 7 and kinds.count("other") == 17 and kinds.count("office") == 1
    assert {
        "code": "civil_affairs",
        "name": "区民政局",
        "kind": "key",
        "kind_label": "重点单位",
        "merged_into": None,
    } in units


def test_the_admin_adds_a_unit_once(api: Api) -> None:
    body = {"code": "disabled_persons", "name": "区残联", "kind": "other"}
    assert api.post("admin", "/units", body).status_code == 201
    assert api.post("admin", "/units", body).status_code == 409
    assert api.post("office", "/units", dict(body, code="veterans")).status_code == 403
    assert "disabled_persons" in [u["code"] for u in api.get("office", "/units").json()]


def test_a_second_office_is_refused(api: Api) -> None:
    response = api.post("admin", "/units", {"code": "office2", "name": "x", "kind": "office"})
    assert response.status_code == 409


def test_a_credential_is_shown_once_and_stored_only_as_a_hash(api: Api) -> None:
    response = api.post(
        "admin", "/credentials", {"name": "zhang.san", "role": "unit_lead", "unit": "health"}
    )
    assert response.status_code == 201
    token = response.json()["token"]
    rows = api.services.sql.execute(
        "SELECT token_hash FROM rectify_credentials WHERE name = %s", ("zhang.san",)
    )
    assert rows and token not in rows[0][0] and len(rows[0][0]) == 64
    me = api.client.get("/units", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200


def test_a_revoked_credential_no_longer_opens_anything(api: Api) -> None:
    token = api.post("admin", "/credentials", {"name": "temp", "role": "office"}).json()["token"]
    assert api.client.delete("/credentials/temp", headers=api.headers("admin")).status_code == 204
    response = api.client.get("/units", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert api.client.delete("/credentials/temp", headers=api.headers("admin")).status_code == 404


def test_a_unit_lead_credential_needs_a_known_unit(api: Api) -> None:
    assert api.post("admin", "/credentials", {"name": "a1", "role": "unit_lead"}).status_code == 422
    response = api.post("admin", "/credentials", {"name": "a2", "role": "unit_lead", "unit": "zz"})
    assert response.status_code == 422
    assert api.post("office", "/credentials", {"name": "a3", "role": "office"}).status_code == 403


def test_inspectors_reads_are_recorded_and_listed_for_the_office(api: Api) -> None:
    problem_id = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    api.get("inspector", f"/problems/{problem_id}")
    api.get("inspector", f"/problems/{problem_id}", version=1)
    api.get("inspector", f"/problems/{problem_id}/history")
    api.get("office", f"/problems/{problem_id}")  # the office's reads are not recorded
    log = api.get("office", "/access-log").json()
    assert [(e["reader"], e["view"], e["version"]) for e in log["items"]] == [
        ("inspector", "state", None),
        ("inspector", "state", 1),
        ("inspector", "history", None),
    ]
    assert all(e["problem_id"] == problem_id for e in log["items"])
    assert api.get("admin", "/access-log").status_code == 200
    own = api.get("inspector", "/access-log").json()["items"]  # an inspector: its own reads
    assert [e["view"] for e in own[:3]] == ["state", "state", "history"]
    assert {e["reader"] for e in own} == {"inspector"}
    assert api.get("inspector", "/access-log", reader="someone-else").status_code == 403
    assert api.get("lead", "/access-log").status_code == 403


def test_the_access_log_pages_with_a_cursor(api: Api) -> None:
    problem_id = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    for _ in range(5):
        api.get("inspector", f"/problems/{problem_id}")
    first = api.get("office", "/access-log", limit=3).json()
    rest = api.get("office", "/access-log", limit=3, cursor=first["next_cursor"]).json()
    positions = [e["position"] for e in first["items"] + rest["items"]]
    assert len(positions) == 5 == len(set(positions)) and positions == sorted(positions)
    assert rest["next_cursor"] is None


def test_health_readiness_and_metrics(api: Api) -> None:
    assert api.client.get("/healthz").json() == {"status": "ok"}
    ready = api.client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    api.post("office", "/problems", NEW_PROBLEM)
    assert api.client.get("/metrics").status_code == 401
    assert api.get("lead", "/metrics").status_code == 403
    assert api.get("inspector", "/metrics").status_code == 403
    metrics = api.get("admin", "/metrics").text
    assert 'rectify_events_stored_total{type="Problem.Logged"} 1.0' in metrics
    assert 'rectify_http_requests_total{method="POST",status="201"}' in metrics

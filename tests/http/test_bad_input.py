"""Bad input: a clear 4xx problem+json, never a 500, and nothing stored."""

from __future__ import annotations

import base64
import json

import pytest

from tests.conftest import NEW_PROBLEM, Api

BAD_BODIES = [
    ({**NEW_PROBLEM, "found_on": "2026-02-30"}, "found_on"),
    ({**NEW_PROBLEM, "found_on": 20261120}, "found_on"),
    ({**NEW_PROBLEM, "found_on": "2026-12-01"}, "found_on"),  # after today
    ({**NEW_PROBLEM, "source": "rumour"}, "source"),
    ({**NEW_PROBLEM, "category": "cold"}, "category"),  # a review category on a sit-in
    ({**NEW_PROBLEM, "unit": "nowhere"}, "unit"),
    ({**NEW_PROBLEM, "title": ""}, "title"),
    ({**NEW_PROBLEM, "title": 42}, "title"),
    ({**NEW_PROBLEM, "title": "x" * 201}, "title"),
    ({**NEW_PROBLEM, "source_mode": "patrol"}, "source_mode"),  # only inspections have a mode
    ({**NEW_PROBLEM, "colour": "red"}, "colour"),
    ({k: v for k, v in NEW_PROBLEM.items() if k != "unit"}, "unit"),
    ([NEW_PROBLEM], "body"),
]


def assert_problem_json(response, status: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, object] = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert "Traceback" not in response.text and "SELECT" not in response.text
    return body


@pytest.mark.parametrize(("body", "field"), BAD_BODIES)
def test_a_bad_problem_is_refused_with_the_field_named(api: Api, body: object, field: str) -> None:
    before = api.services.ledger.head_position()
    response = api.client.post("/problems", json=body, headers=api.headers("office"))
    problem = assert_problem_json(response, 422)
    fields = [e["field"] for e in problem["errors"]]  # type: ignore[attr-defined]
    assert any(field in f for f in fields), fields
    assert api.services.ledger.head_position() == before


@pytest.mark.parametrize(
    ("command", "body", "field"),
    [
        ("deadline", {}, "body"),
        ("deadline", {"due_on": "2026-12-01", "working_days": 3}, "body"),
        ("deadline", {"working_days": 0}, "working_days"),
        ("deadline", {"working_days": "five"}, "working_days"),
        ("deadline", {"working_days": 40}, "due_on"),  # runs into 2027, whose calendar is unknown
        ("rectify", {"measures": "m", "result": "r", "rectified_on": "2026-11-19"}, "rectified_on"),
        ("rectify", {"measures": "m", "result": "r", "evidence": "photo.jpg"}, "evidence"),
        ("flag", {"flagged": "yes"}, "flagged"),
        ("assign", {"unit": "nowhere"}, "unit"),
    ],
)
def test_a_bad_command_is_refused_with_the_field_named(
    api: Api, command: str, body: dict[str, object], field: str
) -> None:
    problem_id = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    who = "lead" if command == "rectify" else "office"
    response = api.post(who, f"/problems/{problem_id}/{command}", body)
    problem = assert_problem_json(response, 422)
    if field != "due_on":
        assert any(field in e["field"] for e in problem["errors"]), problem  # type: ignore[attr-defined]
    assert api.history_length(problem_id) == 2  # logged and handed to its unit


def test_an_unknown_calendar_year_says_so(api: Api) -> None:
    problem_id = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    response = api.post("office", f"/problems/{problem_id}/deadline", {"working_days": 40})
    assert "2027" in assert_problem_json(response, 422)["detail"]  # type: ignore[operator]


def test_a_ten_megabyte_body_is_413(api: Api) -> None:
    before = api.services.ledger.head_position()
    huge = {**NEW_PROBLEM, "description": "问" * (10 * 1024 * 1024 // 3)}
    response = api.client.post("/problems", json=huge, headers=api.headers("office"))
    assert_problem_json(response, 413)
    assert api.services.ledger.head_position() == before


def test_a_streamed_body_over_the_limit_is_413(api: Api) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(20):
            yield b" " * 100_000

    headers = api.headers("office") | {"content-type": "application/json"}
    response = api.client.post("/problems", content=chunks(), headers=headers)
    assert_problem_json(response, 413)


@pytest.mark.parametrize(
    "raw",
    [b"\xff\xfe\x00{", b'{"title": "\xc3\x28"}', b"{not json", b"", b"null"],
)
def test_bytes_that_are_not_json_are_422(api: Api, raw: bytes) -> None:
    headers = api.headers("office") | {"content-type": "application/json"}
    before = api.services.ledger.head_position()
    response = api.client.post("/problems", content=raw, headers=headers)
    assert_problem_json(response, 422)
    assert api.services.ledger.head_position() == before


@pytest.mark.parametrize(
    "raw", [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000]
)
def test_json_nested_too_deeply_is_a_422_that_says_so(api: Api, raw: bytes) -> None:
    headers = api.headers("office") | {"content-type": "application/json"}
    response = api.client.post("/problems", content=raw, headers=headers)
    assert_problem_json(response, 422)
    assert response.json()["errors"] == [
        {"field": "body", "message": "not valid UTF-8 JSON, or nested too deeply to read"}
    ]


@pytest.mark.parametrize(
    "raw", [b"x" * 10, b"--zzz\r\nContent-Disposition: form-data\r\n\r\nno end"]
)
def test_a_malformed_upload_is_a_422_that_names_the_form(api: Api, raw: bytes) -> None:
    headers = api.headers("office") | {"content-type": "multipart/form-data; boundary=zzz"}
    response = api.client.post("/files", content=raw, headers=headers)
    assert_problem_json(response, 422)
    assert "multipart/form-data" in response.json()["errors"][0]["message"]


def test_a_malformed_problem_id_is_422(api: Api) -> None:
    assert_problem_json(api.get("office", "/problems/not-a-uuid"), 422)


def test_a_malformed_if_match_is_422(api: Api) -> None:
    problem_id = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    response = api.post(
        "office",
        f"/problems/{problem_id}/assign",
        {"unit": "transport"},
        **{"If-Match": "version three"},
    )
    assert assert_problem_json(response, 422)["errors"][0]["field"] == "If-Match"  # type: ignore[index]


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "Basic abc", "Bearer "])
def test_no_or_unknown_token_is_401(api: Api, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = api.client.post("/problems", json=NEW_PROBLEM, headers=headers)
    assert_problem_json(response, 401)
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Authorization", "Idempotency-Key", "Content-Type"])
def test_a_header_sent_twice_is_refused_before_anyone_is_chosen(api: Api, header: str) -> None:
    """Two tokens name two callers (here a lead's and the office's): the service picks neither."""
    twice = {
        "Authorization": [api.headers(who)["Authorization"] for who in ("lead", "office")],
        "Idempotency-Key": ["first", "second"],
        "Content-Type": ["application/json", "text/plain"],
    }[header]
    once = {**api.headers("office"), "Content-Type": "application/json"}
    headers = [(k, v) for k, v in once.items() if k != header] + [(header, v) for v in twice]
    before = api.services.ledger.head_position()
    response = api.client.post("/problems", content=json.dumps(NEW_PROBLEM), headers=headers)
    body = assert_problem_json(response, 400)
    assert body["errors"] == [
        {"field": header.lower(), "message": "sent more than once; send it once"}
    ]
    assert api.services.ledger.head_position() == before
    page = api.client.get("/workbench", headers=[(header, v) for v in twice])
    assert page.status_code == 400 and "重复携带" in page.text


def test_an_unknown_route_is_a_problem_json_404(api: Api) -> None:
    assert_problem_json(api.get("office", "/nowhere"), 404)


def test_numbers_past_64_bits_are_422_not_a_crash(api: Api) -> None:
    """Found by the fuzzer: SQLite raises OverflowError past 2**63 - 1."""
    problem_id = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    huge = str(2**63)
    for path, params in (
        (f"/problems/{problem_id}", {"version": huge}),
        (f"/activities/{problem_id}", {"version": huge}),
        ("/lists/problems", {"min_position": huge}),
        ("/activities", {"min_position": huge}),
        ("/reports/units", {"period": "2026-11", "min_position": huge}),
    ):
        assert_problem_json(api.get("office", path, **params), 422)
    cursor = base64.urlsafe_b64encode(json.dumps([2**70]).encode()).decode().rstrip("=")
    body = assert_problem_json(api.get("office", "/activities", cursor=cursor), 422)
    assert "cursor" in str(body["detail"])
    largest = str(2**63 - 1)  # a number both stores hold: no such version yet
    assert_problem_json(api.get("office", f"/problems/{problem_id}", version=largest), 404)

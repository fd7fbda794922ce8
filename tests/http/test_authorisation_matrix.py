"""Every route of the OpenAPI document, for every role, on its own unit's things and another's.

A route added later fails `test_every_route_is_in_the_matrix` until it is given a row here; the
matrix then checks it: anonymous callers get 401, roles without the right 403 (or 404 for a thing
they may not know of), a unit lead's write to another unit's thing never goes through, and no
answer a unit lead or the admin gets, JSON or file, carries another unit's words."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from application.context import CommandContext
from application.evidence import Named
from application.ports import CHINA
from domain.actor import Actor, Role
from domain.problem_values import Fix
from tests.conftest import NEW_PROBLEM, TODAY_NOON, Api

SECRET = "交通局机密TRANSPORTSECRET"
ROLES = ("office", "lead", "inspector", "admin")
PUBLISHED = {
    "/healthz",
    "/readyz",
    "/units",
    "/plans/{year}",
    "/announcements/sit-ins",
    "/rules",
    "/calendar",
    "/calendar/{year}",
}
READERS = {"office", "lead", "inspector"}


@dataclass(frozen=True)
class Row:
    allowed: set[str]
    query: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    scoped: bool = False  # a lead may call it for anything, and sees only its own unit's rows


SIT_IN = {
    "kind": "sit_in",
    "length": "half_day",
    "signed_in": "09:00",
    "signed_out": "12:00",
    "services": {"guided": 1, "stand_in": 0, "assisted": 0},
}
MATRIX: dict[tuple[str, str], Row] = {
    ("GET", "/healthz"): Row({"anonymous", *ROLES}),
    ("GET", "/readyz"): Row({"anonymous", *ROLES}),
    ("GET", "/metrics"): Row({"office", "admin"}),
    ("GET", "/rules"): Row(set(ROLES)),
    ("GET", "/calendar"): Row(set(ROLES)),
    ("GET", "/calendar/{year}"): Row(set(ROLES)),
    ("PUT", "/calendar/{year}"): Row(
        {"office", "admin"}, body={"holidays": ["2026-10-01"], "notice": "国办发明电"}
    ),
    ("POST", "/files"): Row({"office", "lead"}),  # without a file: 422 for those who may
    ("POST", "/problems/import"): Row({"office"}),  # without a file: 422 for the office
    ("GET", "/problems/{problem_id}/files/{sha256}"): Row(READERS),
    ("POST", "/problems"): Row({"office", "lead"}, body=NEW_PROBLEM | {"unit": "{unit}"}),
    ("POST", "/problems/{problem_id}/assign"): Row({"office"}, body={"unit": "{unit}"}),
    ("POST", "/problems/{problem_id}/deadline"): Row({"office"}, body={"working_days": 3}),
    ("POST", "/problems/{problem_id}/rectify"): Row(  # the office: problems it holds itself
        {"lead", "office"}, body={"measures": "m", "result": "r"}
    ),
    ("POST", "/problems/{problem_id}/close"): Row({"office"}, body={}),
    ("POST", "/problems/{problem_id}/sign"): Row({"lead"}, body={}),
    ("POST", "/problems/{problem_id}/send-back"): Row({"lead"}, body={"reason": "不属于本单位"}),
    ("POST", "/problems/{problem_id}/plan"): Row(
        {"office", "lead"}, body={"measures": "m", "person": "张三"}
    ),
    ("POST", "/problems/{problem_id}/follow-up"): Row({"office", "lead"}, body={"reached": True}),
    ("POST", "/problems/{problem_id}/acceptance"): Row({"office"}, body={"accepted": True}),
    ("POST", "/problems/{problem_id}/escalate"): Row(
        {"office", "lead"}, body={"to_unit": "gov_service_office", "reason": "r"}
    ),
    ("POST", "/problems/{problem_id}/reopen"): Row({"office"}, body={"reason": "r"}),
    ("POST", "/problems/{problem_id}/flag"): Row({"office"}, body={"flagged": True}),
    ("POST", "/problems/{problem_id}/withdraw"): Row({"office"}, body={"reason": "重复登记"}),
    ("POST", "/problems/{problem_id}/reinstate"): Row({"office"}, body={"reason": "撤错了"}),
    ("POST", "/problems/{problem_id}/correct"): Row(
        {"office"}, body={"reason": "错字", "title": "窗口要求提供清单外的材料"}
    ),
    ("POST", "/problems/{problem_id}/demands"): Row(
        {"office", "lead"}, body={"text": "t", "to_unit": "health"}
    ),
    ("POST", "/problems/{problem_id}/demands/{number}/answer"): Row(  # the unit asked
        {"office", "lead"}, body={"answer": "a", "met": True}
    ),
    ("POST", "/problems/{problem_id}/extensions"): Row(
        {"lead"}, body={"working_days": 3, "reason": "材料需外省调取"}
    ),
    ("POST", "/problems/{problem_id}/extensions/{number}/decision"): Row(
        {"office"}, body={"approved": True, "working_days": 2}
    ),
    ("POST", "/problems/{problem_id}/co-units"): Row(
        {"office"}, body={"units": ["service_centre"]}
    ),
    ("POST", "/problems/{problem_id}/co-units/{unit}/part"): Row(
        {"office", "lead"}, body={"text": "已提供数据"}
    ),
    ("POST", "/problems/{problem_id}/co-units/{unit}/waive"): Row({"office"}, body={"reason": "r"}),
    ("GET", "/problems/{problem_id}"): Row(READERS),
    ("GET", "/problems/{problem_id}/history"): Row(READERS),
    ("GET", "/problems/{problem_id}/dossier.docx"): Row(READERS),
    ("GET", "/units"): Row({*ROLES}),
    ("POST", "/units"): Row(
        {"admin"}, body={"code": "new_{unit}", "name": "新单位", "kind": "other"}
    ),
    ("POST", "/units/{code}/rename"): Row({"admin"}, body={"name": "更名后的{unit}"}),
    # into itself: the admin is let through to the register's refusal (422), the units stay
    ("POST", "/units/{code}/merge"): Row({"admin"}, body={"into": "{unit}"}),
    ("POST", "/credentials"): Row({"admin"}, body={"name": "x-{unit}", "role": "office"}),
    ("DELETE", "/credentials/{name}"): Row({"admin"}),
    ("GET", "/access-log"): Row({"office", "admin", "inspector"}),  # an inspector: its own
    ("GET", "/credential-log"): Row({"office", "inspector", "admin"}),
    ("GET", "/lists/problems"): Row(READERS, scoped=True),
    ("GET", "/lists/rectifications"): Row(READERS, {"format": "xlsx"}, scoped=True),
    ("GET", "/lists/demands"): Row(READERS, {"format": "csv"}, scoped=True),
    ("GET", "/board"): Row(READERS, scoped=True),
    ("GET", "/reports/trend"): Row(READERS, scoped=True),
    ("GET", "/reports/units"): Row(READERS, {"period": "2026-11"}, scoped=True),
    ("GET", "/reports/quarterly"): Row(READERS, {"quarter": "2026Q3", "unit": "{unit}"}),
    ("GET", "/reports/quarterly.xlsx"): Row(READERS, {"quarter": "2026Q3", "unit": "{unit}"}),
    ("GET", "/reports/quarterly.docx"): Row(READERS, {"quarter": "2026Q3", "unit": "{unit}"}),
    ("GET", "/reports/bulletin"): Row(READERS, {"period": "2026-11"}, scoped=True),
    ("GET", "/reports/bulletin.docx"): Row(READERS, {"period": "2026Q3"}, scoped=True),
    ("POST", "/activities"): Row(
        {"office", "lead"},
        body=SIT_IN
        | {"unit": "{unit}", "on": "2026-11-23", "leader": "副局长", "leader_role": "deputy"},
    ),
    ("GET", "/activities"): Row(READERS, scoped=True),
    ("POST", "/activities/schedule"): Row(
        {"office", "lead"},
        body={
            "kind": "sit_in",
            "unit": "{unit}",
            "on": "2026-12-14",
            "leader": "副局长",
            "leader_role": "deputy",
        },
    ),
    ("POST", "/activities/{activity_id}/record"): Row({"office", "lead"}, body=SIT_IN),
    ("POST", "/activities/{activity_id}/record-sheet"): Row({"office", "lead"}, body={}),
    ("POST", "/activities/{activity_id}/cancel"): Row({"office", "lead"}, body={"reason": "r"}),
    ("POST", "/activities/{activity_id}/correct"): Row(
        {"office", "lead"}, body=SIT_IN | {"reason": "r"}
    ),
    ("POST", "/activities/{activity_id}/withdraw"): Row({"office"}, body={"reason": "r"}),
    ("GET", "/activities/{activity_id}"): Row(READERS),
    ("PUT", "/plans/{year}/{unit}"): Row({"office"}, body={"months": [1, 4]}),
    ("GET", "/plans/{year}"): Row({*ROLES}),
    ("POST", "/weekly-reports"): Row(
        {"office"}, body={"hall": "service_centre", "week": "2026-W47"}
    ),
    ("GET", "/announcements/sit-ins"): Row(READERS),
    ("GET", "/reports/compliance"): Row(READERS, {"period": "2026Q3"}, scoped=True),
    ("GET", "/reports/inspections/weekly.xlsx"): Row(
        {"office", "inspector"}, {"hall": "service_centre", "week": "2026-W48"}
    ),
    ("GET", "/audit/verify"): Row({"office", "inspector"}),
    ("GET", "/activities/{activity_id}/files/{sha256}"): Row(READERS),
    ("GET", "/notifications"): Row(set(ROLES), scoped=True),  # one's own notices
    ("POST", "/notifications/read"): Row(set(ROLES), body={}, scoped=True),
    ("GET", "/submissions"): Row(READERS, {"quarter": "2026Q3"}, scoped=True),
    ("POST", "/submissions"): Row(
        {"office", "lead"},
        body={
            "unit": "{unit}",
            "quarter": "2026Q3",
            "files": [{"sha256": "{sha256}", "name": "s"}],
        },
    ),
    ("POST", "/submissions/{quarter}/{unit}/decision"): Row({"office"}, body={"accepted": False}),
    ("GET", "/submissions/{quarter}/{unit}/files/{sha256}"): Row(READERS),
}


def routes(api: Api) -> set[tuple[str, str]]:
    document = api.client.get("/openapi.json").json()
    return {(m.upper(), p) for p, ops in document["paths"].items() for m in ops}


def test_every_route_is_in_the_matrix(api: Api) -> None:
    missing = routes(api) - set(MATRIX)
    assert not missing, f"give these routes a row in the authorisation matrix: {sorted(missing)}"
    assert not set(MATRIX) - routes(api)


def things(api: Api, unit: str, secret: str) -> dict[str, str]:
    """A problem (with a demand) and a recorded sit-in of `unit`, and one found in Q3."""
    api.services.clock.move_to(datetime(2026, 9, 10, 10, 0, tzinfo=CHINA))  # type: ignore[attr-defined]
    q3 = NEW_PROBLEM | {"unit": unit, "title": secret, "found_by": secret, "found_on": "2026-09-10"}
    api.post("office", "/problems", q3)
    api.services.clock.move_to(TODAY_NOON)  # type: ignore[attr-defined]
    body = NEW_PROBLEM | {"unit": unit, "title": secret, "description": secret}
    problem = api.post("office", "/problems", body).json()["id"]
    api.post("office", f"/problems/{problem}/demands", {"text": secret, "to_unit": unit})
    api.post("office", f"/problems/{problem}/deadline", {"due_on": "2026-11-21"})  # overdue
    scan = b"%PDF-1.4 " + secret.encode()  # each unit's own file
    stored = api.services.problems.evidence.upload(Actor("office", Role.OFFICE), "scan", scan)
    lead = CommandContext(Actor(f"lead-of-{unit}", Role.UNIT_LEAD, unit))
    fix = Fix("m", "r")
    api.services.problems.rectify(lead, UUID(problem), fix, (Named(stored.sha256, "scan"),))
    sit_in = SIT_IN | {"unit": unit, "on": "2026-11-23", "leader": secret, "leader_role": "deputy"}
    activity = api.post("office", "/activities", sit_in).json()["id"]
    scans = (Named(stored.sha256, "scan"),)
    api.services.activities.submit_record_sheet(lead, UUID(activity), None, scans)
    api.services.clock.move_to(datetime(2026, 10, 9, 10, 0, tzinfo=CHINA))  # type: ignore[attr-defined]
    api.services.register.hand_in(lead, unit, "2026Q3", scans)  # its files: the secret Q3 list
    api.services.clock.move_to(TODAY_NOON)  # type: ignore[attr-defined]
    return {
        "problem_id": problem,
        "activity_id": activity,
        "unit": unit,
        "sha256": stored.sha256,
    }


def fill(text: str, target: dict[str, str]) -> str:
    values = target | {"number": "1", "year": "2026", "name": "demo-{unit}", "quarter": "2026Q3"}
    values["code"] = target["unit"]
    for name, value in values.items():
        text = text.replace("{" + name + "}", value).replace("{unit}", target["unit"])
    return text


def filled(value: Any, target: dict[str, str]) -> Any:
    if isinstance(value, str):
        return fill(value, target)
    if isinstance(value, dict):
        return {k: filled(v, target) for k, v in value.items()}
    if isinstance(value, list):
        return [filled(v, target) for v in value]
    return value


def readable(content: bytes) -> str:
    """The text of a JSON or CSV answer, or of every part of an XLSX or DOCX file."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return content.decode("utf-8", "replace")


def call(api: Api, who: str, method: str, path: str, row: Row, target: dict[str, str]) -> Any:
    headers = {} if who == "anonymous" else api.headers(who)
    return api.client.request(
        method,
        fill(path, target),
        params=filled(row.query, target),
        json=filled(row.body, target) if row.body is not None else None,
        headers=headers,
    )


def test_each_role_on_its_own_units_things_and_anothers(api: Api) -> None:
    own = things(api, "civil_affairs", "民政局自己的问题")
    other = things(api, "transport", SECRET)
    api.get("office", "/lists/problems", min_position=api.services.ledger.head_position())
    failures: list[str] = []
    for (method, path), row in sorted(MATRIX.items()):
        for who in ("anonymous", *ROLES):
            for target_name, target in (("own", own), ("other", other)):
                answer = call(api, who, method, path, row, target)
                failures += verdicts(who, target_name, method, path, row, answer)
    assert not failures, "\n".join(failures)


def verdicts(who: str, target: str, method: str, path: str, row: Row, answer: Any) -> list[str]:
    status = answer.status_code
    where = f"{who} {method} {path} ({target}): {status}"
    found: list[str] = []
    if status >= 500:
        found.append(f"{where} server error")
    if who == "anonymous" and who not in row.allowed and status != 401:
        found.append(f"{where} should be 401")
    if who not in row.allowed and who != "anonymous" and status not in (403, 404):
        found.append(f"{where} should be refused (403/404)")
    published = row.scoped or path in PUBLISHED
    if who == "lead" and target == "other" and 200 <= status < 300 and not published:
        found.append(f"{where} another unit's thing went through")
    if who in ("lead", "admin") and SECRET in readable(answer.content):
        found.append(f"{where} shows another unit's words")
    return found

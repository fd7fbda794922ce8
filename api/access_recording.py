"""Every read an inspector (纪委监委) makes is recorded before the answer leaves: what was asked
(path and filters) and how many rows came back. One middleware, so a route added later is
covered without knowing of it. Reads of one problem record themselves (with the version or
instant asked for) in the application."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.asgi import run_buffered
from api.errors import STORE_UNAVAILABLE, store_unavailable_response
from application.access_log import AccessLog
from domain.actor import Role

RECORDED_BY_APPLICATION = {
    "get_problem",
    "get_history",
    "get_dossier",
    "dossier_file",
    "problem_page",
    "problem_file",
    "evidence_file",
}
"""The routes whose reads the application records itself (one problem, with its version)."""
KINDS = {
    "lists": "list",
    "board": "list",
    "reports": "report",
    "activities": "activity",
    "announcements": "activity",
    "plans": "activity",
    "audit": "audit",
    "access-log": "access_log",
    "submissions": "report",
    "weekly-reports": "activity",
    "credential-log": "credentials",
    "units": "units",
    "workbench": "page",
}
WORKBENCH_KINDS = (  # the workbench's pages by what they show; first match wins
    ("/workbench/reports/verify", "audit"),
    ("/workbench/reports", "report"),
    ("/workbench/lists", "list"),
    ("/workbench/board", "list"),
    ("/workbench/access-log", "access_log"),
    ("/workbench/submissions", "report"),
    ("/workbench/activities", "activity"),
    ("/workbench/problems", "state"),
)
ROW_COUNT = b"x-row-count"


class InspectorReads:
    def __init__(self, app: ASGIApp, access_log: Callable[[], AccessLog]) -> None:
        """`access_log` gives the service once the app has started."""
        self.app = app
        self.access_log = access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        start, body = await run_buffered(self.app, scope, receive)
        actor = scope.get("state", {}).get("actor")
        endpoint = getattr(scope.get("endpoint"), "__name__", "")
        if (
            actor is not None
            and actor.role is Role.INSPECTOR
            and 200 <= start["status"] < 300
            and endpoint not in RECORDED_BY_APPLICATION
            and not scope["path"].startswith("/static/")  # the pages' own files
        ):
            query = scope.get("query_string", b"").decode("latin-1")
            kind = _kind(scope["path"], query)
            rows = _rows(start, body)
            record = self.access_log().record_consultation
            try:
                await run_in_threadpool(record, actor, kind, scope["path"], query, rows)
            except STORE_UNAVAILABLE:  # an unrecorded read is not handed out
                await store_unavailable_response()(scope, receive, send)
                return
        await send(start)
        await send({"type": "http.response.body", "body": body, "more_body": False})


def _kind(path: str, query: str) -> str:
    kind = KINDS.get(path.strip("/").split("/")[0], "other")
    if kind == "page":
        kind = next((k for prefix, k in WORKBENCH_KINDS if path.startswith(prefix)), kind)
    exported = "format=csv" in query or "format=xlsx" in query or path.endswith("/download")
    if exported or path.endswith((".xlsx", ".docx")):
        return "export"
    return kind


def _rows(start: Message, body: bytes) -> int:
    """Files say it in X-Row-Count; JSON is a list, a page of items, or one thing."""
    for name, value in start.get("headers", []):
        if name.lower() == ROW_COUNT and value.isdigit():
            return int(value)
    try:
        data: Any = json.loads(body)
    except ValueError:
        return 1
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict):
        for key in ("items", "ranking", "units", "entries", "rounds"):
            if isinstance(data.get(key), list):
                return len(data[key])
    return 1

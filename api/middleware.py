"""Middleware: body size limit, request id and one log line per request, idempotent retries."""

from __future__ import annotations

import re
import time
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

import structlog
from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.access_recording import InspectorReads
from api.asgi import replaying
from api.errors import problem_response
from api.idempotent_posts import IdempotentPosts
from domain.text import text_fault
from infrastructure.metrics import Metrics
from infrastructure.read_models.registry import one_look_each
from infrastructure.services import Services
from web.error_pages import error_page, is_workbench

MAX_KEY_LENGTH = 200
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
"""A caller's X-Request-ID kept as it is (a proxy's, a script's); anything else: a new one."""
REPLAYED_HEADERS = ("location", "etag", "content-type")
SINGLE_HEADERS = (b"authorization", b"idempotency-key", b"if-match", b"content-type")
"""Headers a request sends once: two Authorization headers name two callers, and which one
would count is no choice the service should make for a script (RFC 9110 gives none)."""


UPLOADS = re.compile(
    r"^/files$|^/workbench/problems/(new|[^/]+/(rectify|extension|follow-up))$"
    r"|^/workbench/activities/[^/]+/sheet$|^/workbench/submissions/hand-in$"
)
"""The paths that take files: POST /files, and the workbench's forms with a file field."""


class BodyLimit:
    """Refuses bodies over the limit with 413, whether or not Content-Length was sent.

    The body is read here (at most the limit) and replayed, so nothing downstream can start
    on a body that later turns out too large.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, upload_bytes: int = 0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_bytes = upload_bytes  # POST /files: a file and its multipart wrapping

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_bytes if UPLOADS.match(scope["path"]) else self.max_bytes
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await self._refuse(scope, receive, send, limit)
                return
        await self.app(scope, replaying(bytes(body), receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        if is_workbench(scope["path"]):
            await error_page(413)(scope, receive, send)
            return
        response = problem_response(
            413, "Payload too large", f"bodies are limited to {limit} bytes", "too_large"
        )
        await response(scope, receive, send)


class PlainText:
    """Every query parameter and path segment goes through the domain's text rule before any
    route sees it: a control character there is a 422 naming the parameter, never a database
    error (PostgreSQL refuses NUL in text) or a stored oddity; query text goes on in NFC."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            fault = _first_fault(scope)
            if fault is not None:
                zh = "地址或参数中含有不可见的控制字符，请返回重新操作。"
                await _refuse(scope, receive, send, Refused(422, "validation", *fault, zh))
                return
            repeated = _repeated_header(scope)
            if repeated is not None:
                zh = "请求重复携带了同一个请求头，请关闭页面后重新打开。"
                message = "sent more than once; send it once"
                refused = Refused(400, "invalid_header", repeated, message, zh)
                await _refuse(scope, receive, send, refused)
                return
            scope = _nfc_query(scope)
        await self.app(scope, receive, send)


@dataclass(frozen=True)
class Refused:
    """A request refused before any route: its status and code, the field and why, in English
    for a client and in Chinese for a person at the workbench."""

    status: int
    code: str
    field: str
    message: str
    chinese: str


async def _refuse(scope: Scope, receive: Receive, send: Send, refused: Refused) -> None:
    if is_workbench(scope["path"]):
        await error_page(refused.status, refused.chinese)(scope, receive, send)
        return
    response = problem_response(
        refused.status,
        "Invalid request" if refused.status == 422 else "Bad request",
        f"{refused.field}: {refused.message}",
        refused.code,
        errors=[{"field": refused.field, "message": refused.message}],
    )
    await response(scope, receive, send)


def _repeated_header(scope: Scope) -> str | None:
    names = [name.lower() for name, _ in scope["headers"]]
    return next((n.decode() for n in SINGLE_HEADERS if names.count(n) > 1), None)


def _nfc_query(scope: Scope) -> Scope:
    """Query text in NFC, as stored text is: a search typed with a decomposed é finds é."""
    query = scope.get("query_string", b"").decode("latin-1")
    pairs = parse_qsl(query, keep_blank_values=True, errors="replace")
    normal = [(unicodedata.normalize("NFC", n), unicodedata.normalize("NFC", v)) for n, v in pairs]
    if normal == pairs:
        return scope
    return dict(scope, query_string=urlencode(normal).encode("ascii"))


def _first_fault(scope: Scope) -> tuple[str, str] | None:
    path_fault = text_fault(scope["path"])
    if path_fault is not None:
        return "path", path_fault
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True, errors="replace"):
        for text in (name, value):
            fault = text_fault(text)
            if fault is not None:
                return (name if text_fault(name) is None else "query"), fault
    return None


class RequestLog:
    """A request id bound for every log line of the request (and echoed in X-Request-ID), then
    one log line and one metrics count per request. The request's context also holds the read
    models' generations it has looked up (`one_look_each`).

    Pure ASGI, as are the others here: Starlette's function middleware runs the rest of the
    request in a second task and streams the response through a memory channel."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        asked = Headers(scope=scope).get("x-request-id", "")
        request_id = asked if REQUEST_ID.fullmatch(asked) else uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        state = scope.setdefault("state", {})  # where the auth dependency leaves the actor
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append("X-Request-ID", request_id)
            await send(message)

        try:
            with one_look_each():  # and each read model's generation looked up once
                await self.app(scope, receive, send_with_id)
        finally:
            actor = state.get("actor")
            structlog.get_logger("rectify.http").info(
                "request",
                method=scope["method"],
                path=scope["path"],
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
                credential=getattr(actor, "name", None),
            )
            self.metrics.observe(scope["method"], status)


MULTIPART_ALLOWANCE = 64 * 1024
"""Room for an upload's multipart wrapping around the largest file taken."""


def install_middleware(
    app: FastAPI,
    max_body_bytes: int,
    metrics: Metrics,
    services: Callable[[], Services],
    max_file_bytes: int = 0,
) -> None:
    """Outermost last: the size limit sees the raw request before anything reads it.
    `services` gives what the lifespan built (the middleware stack exists before it runs)."""
    app.add_middleware(InspectorReads, access_log=lambda: services().access_log)
    app.add_middleware(
        IdempotentPosts,
        store=lambda: services().idempotency,
        credentials=lambda: services().credentials,
    )
    app.add_middleware(PlainText)
    app.add_middleware(RequestLog, metrics=metrics)
    app.add_middleware(
        BodyLimit, max_bytes=max_body_bytes, upload_bytes=max_file_bytes + MULTIPART_ALLOWANCE
    )

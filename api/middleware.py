"""Middleware: body size limit, request id and one log line per request, idempotent retries."""

from __future__ import annotations

import hashlib
import time
import uuid
from urllib.parse import parse_qsl

import structlog
from fastapi import FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.access_recording import InspectorReads, run_buffered
from api.errors import STORE_UNAVAILABLE, problem_response, store_unavailable_response
from domain.text import text_fault
from infrastructure.idempotency import StoredResponse, command_id, fingerprint

MAX_KEY_LENGTH = 200
REPLAYED_HEADERS = ("location", "etag", "content-type")


class BodyLimit:
    """Refuses bodies over the limit with 413, whether or not Content-Length was sent.

    The body is read here (at most the limit) and replayed, so nothing downstream can start
    on a body that later turns out too large.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
        await self.app(scope, _replaying(bytes(body), receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            413, "Payload too large", f"bodies are limited to {self.max_bytes} bytes", "too_large"
        )
        await response(scope, receive, send)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """Hands the app the already-read body once, then whatever the client sends next."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class PlainText:
    """Every query parameter and path segment goes through the domain's text rule before any
    route sees it: a control character there is a 422 naming the parameter, never a database
    error (PostgreSQL refuses NUL in text) or a stored oddity."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            fault = _first_fault(scope)
            if fault is not None:
                field, message = fault
                response = problem_response(
                    422,
                    "Invalid request",
                    f"{field}: {message}",
                    "validation",
                    errors=[{"field": field, "message": message}],
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


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
    one log line and one metrics count per request.

    Pure ASGI, as are the others here: Starlette's function middleware runs the rest of the
    request in a second task and streams the response through a memory channel."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = (Headers(scope=scope).get("x-request-id") or uuid.uuid4().hex)[:64]
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
            scope["app"].state.metrics.observe(scope["method"], status)


class IdempotentPosts:
    """The first response to (token, key) is replayed; the key also reaches the events."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        key = request.headers.get("idempotency-key")
        authorization = request.headers.get("authorization", "")
        if key is None or not authorization:
            await self.app(scope, receive, send)
            return
        answer = await self._answer_or_run(request, key, authorization, send)
        if answer is not None:
            await answer(scope, receive, send)

    async def _answer_or_run(
        self, request: Request, key: str, authorization: str, send: Send
    ) -> Response | None:
        """A response to send instead of running the command, or None once it has run."""
        if not 1 <= len(key) <= MAX_KEY_LENGTH or not key.isprintable():
            return problem_response(
                422,
                "Invalid header",
                "Idempotency-Key must be 1 to 200 printable characters",
                "invalid_header",
                errors=[{"field": "Idempotency-Key", "message": "malformed"}],
            )
        scope_hash = hashlib.sha256(authorization.encode()).hexdigest()
        store = request.app.state.services.idempotency
        body = await request.body()  # bounded by BodyLimit, outside this middleware
        print_ = fingerprint(request.method, request.url.path, body)
        try:
            stored = await run_in_threadpool(store.find, scope_hash, key)
        except STORE_UNAVAILABLE:
            return store_unavailable_response()
        if stored is not None:
            return _replay(stored, print_)
        request.state.command_id = command_id(scope_hash, key)
        start, content = await run_buffered(
            self.app, request.scope, _replaying(body, request.receive)
        )
        status = start["status"]
        if status not in (401, 413) and status < 500:
            headers = {
                name.decode("latin-1"): value.decode("latin-1")
                for name, value in start.get("headers", [])
                if name.decode("latin-1").lower() in REPLAYED_HEADERS
            }
            first = StoredResponse(print_, status, content.decode("utf-8"), headers)
            try:
                await run_in_threadpool(store.remember, scope_hash, key, first)
            except STORE_UNAVAILABLE:  # the events carry the command id: a retry is recognised
                structlog.get_logger("rectify.api").warning(
                    "idempotency_not_remembered", key=key[:64]
                )
        await send(start)
        await send({"type": "http.response.body", "body": content, "more_body": False})
        return None


def _replay(stored: StoredResponse, print_: str) -> Response:
    if stored.fingerprint != print_:
        return problem_response(
            422,
            "Idempotency key reused",
            "this Idempotency-Key was used for another request",
            "idempotency_key_reused",
            errors=[{"field": "Idempotency-Key", "message": "reused"}],
        )
    headers = dict(stored.headers) | {"Idempotent-Replay": "true"}
    return Response(stored.body, status_code=stored.status, headers=headers)


def install_middleware(app: FastAPI, max_body_bytes: int) -> None:
    """Outermost last: the size limit sees the raw request before anything reads it."""
    app.add_middleware(InspectorReads)
    app.add_middleware(IdempotentPosts)
    app.add_middleware(PlainText)
    app.add_middleware(RequestLog)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)

"""Middleware: body size limit, request id and one log line per request, idempotent retries."""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import cast

import structlog
from fastapi import FastAPI, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import STORE_UNAVAILABLE, problem_response, store_unavailable_response
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


Next = Callable[[Request], Awaitable[Response]]


async def log_requests(request: Request, call_next: Next) -> Response:
    """Bound here (async) so the request id reaches every log line of the request."""
    request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=request_id[:64])
    started = time.perf_counter()
    response = await call_next(request)
    actor = getattr(request.state, "actor", None)
    structlog.get_logger("rectify.http").info(
        "request",
        method=request.method,
        path=request.url.path,
        status=response.status_code,
        duration_ms=round((time.perf_counter() - started) * 1000, 2),
        credential=getattr(actor, "name", None),
    )
    response.headers["X-Request-ID"] = request_id[:64]
    request.app.state.metrics.observe(request.method, response.status_code)
    return response


async def idempotent_posts(request: Request, call_next: Next) -> Response:
    """The first response to (token, key) is replayed; the key also reaches the events."""
    key = request.headers.get("idempotency-key")
    authorization = request.headers.get("authorization", "")
    if request.method != "POST" or key is None or not authorization:
        return await call_next(request)
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not key.isprintable():
        return problem_response(
            422,
            "Invalid header",
            "Idempotency-Key must be 1 to 200 printable characters",
            "invalid_header",
            errors=[{"field": "Idempotency-Key", "message": "malformed"}],
        )
    scope = hashlib.sha256(authorization.encode()).hexdigest()
    store = request.app.state.services.idempotency
    body = await request.body()
    print_ = fingerprint(request.method, request.url.path, body)
    try:
        stored = await run_in_threadpool(store.find, scope, key)
    except STORE_UNAVAILABLE:
        return store_unavailable_response()
    if stored is not None:
        return _replay(stored, print_)
    request.state.command_id = command_id(scope, key)
    response = await call_next(request)
    if response.status_code in (401, 413) or response.status_code >= 500:
        return response
    streamed = cast(StreamingResponse, response)
    content = b"".join([_as_bytes(chunk) async for chunk in streamed.body_iterator])
    headers = {k: v for k, v in response.headers.items() if k in REPLAYED_HEADERS}
    first = StoredResponse(print_, response.status_code, content.decode("utf-8"), headers)
    try:
        await run_in_threadpool(store.remember, scope, key, first)
    except STORE_UNAVAILABLE:  # the events carry the command id: a retry is still recognised
        structlog.get_logger("rectify.api").warning("idempotency_not_remembered", key=key[:64])
    return Response(content, status_code=response.status_code, headers=dict(response.headers))


def _as_bytes(chunk: str | bytes | memoryview) -> bytes:
    return chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk)


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
    app.middleware("http")(idempotent_posts)
    app.middleware("http")(log_requests)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)

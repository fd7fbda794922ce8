"""Idempotent POSTs: the first answer to (credential, key) is replayed to every retry.

- Keyed by the credential the token authenticates, not by the header's spelling, and only
  after authentication: a revoked token gets 401, never an old answer.
- The key is reserved before the command runs, so the same key sent at once with another
  body is a 422 (and with the same body waits for the first answer) instead of a second run.
- An answer marked `Cache-Control: no-store` (a new token) is never kept: its retry is a 409.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable

import structlog
from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from api.asgi import replaying, run_buffered
from api.errors import STORE_UNAVAILABLE, problem_response, store_unavailable_response
from infrastructure.credentials import CredentialStore, hash_token
from infrastructure.idempotency import IN_FLIGHT, IdempotencyStore, StoredResponse, fingerprint

MAX_KEY_LENGTH = 200
AUTHENTICATED = "rectify_authenticated"
"""Where this request's actor, read with its key's reservation, waits for the route."""
REPLAYED_HEADERS = ("location", "etag", "content-type")
BEARER = re.compile(r"^\s*bearer\s+(\S+)\s*$", re.IGNORECASE)
WAIT_SECONDS = 10.0
SHOWN_ONCE = StoredResponse(
    "",
    409,
    json.dumps(
        {
            "type": "urn:rectify:error:shown_once",
            "title": "Already answered",
            "status": 409,
            "detail": "the answer held a secret shown only once; it is not kept for a retry "
            "(revoke the credential and issue it again)",
        }
    ),
    {"content-type": "application/problem+json"},
)


class IdempotentPosts:
    def __init__(
        self,
        app: ASGIApp,
        store: Callable[[], IdempotencyStore],
        credentials: Callable[[], CredentialStore],
    ) -> None:
        """`store` and `credentials` give the services once the app has started."""
        self.app = app
        self.store = store
        self.credentials = credentials

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        key = request.headers.get("idempotency-key")
        if key is None:
            await self.app(scope, receive, send)
            return
        answer = await self._answer_or_run(request, key, send)
        if answer is not None:
            await answer(scope, receive, send)

    async def _answer_or_run(self, request: Request, key: str, send: Send) -> Response | None:
        """A response to send instead of running the command, or None once it has run."""
        if not 1 <= len(key) <= MAX_KEY_LENGTH or not key.isprintable():
            return _bad_key("Idempotency-Key must be 1 to 200 printable characters", "malformed")
        match = BEARER.match(request.headers.get("authorization", ""))
        token = match.group(1) if match else ""
        try:
            body = await request.body()  # bounded by BodyLimit, outside this middleware
            print_ = fingerprint(request.method, request.url.path, body)
            store = self.store()
            actor, stored = (
                await run_in_threadpool(
                    store.authenticate_and_reserve, self.credentials(), token, key, print_
                )
                if token
                else (None, None)
            )
            if actor is None:  # the route answers 401 itself; nothing is kept
                await self.app(request.scope, replaying(body, request.receive), send)
                return None
            scope_hash = hash_token(token)
            request.scope.setdefault("state", {})[AUTHENTICATED] = (scope_hash, actor)
            if stored is not None:
                return await _replay(store, scope_hash, key, stored, print_)
        except STORE_UNAVAILABLE:
            return store_unavailable_response()
        start, content = await run_buffered(
            self.app, request.scope, replaying(body, request.receive)
        )
        headers = {
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in start.get("headers", [])
        }
        status = start["status"]
        try:
            if status in (401, 413) or status >= 500:
                await run_in_threadpool(store.release, scope_hash, key)
            else:
                kept = {k: v for k, v in headers.items() if k in REPLAYED_HEADERS}
                first = StoredResponse(print_, status, content.decode("utf-8"), kept)
                if "no-store" in headers.get("cache-control", ""):
                    first = StoredResponse(print_, *_fields(SHOWN_ONCE))
                await run_in_threadpool(store.complete, scope_hash, key, first)
        except STORE_UNAVAILABLE:  # the events carry the command id: a retry is recognised
            structlog.get_logger("rectify.api").warning("idempotency_not_remembered", key=key[:64])
        await send(start)
        await send({"type": "http.response.body", "body": content, "more_body": False})
        return None


def _fields(stored: StoredResponse) -> tuple[int, str, dict[str, str]]:
    return stored.status, stored.body, stored.headers


async def _replay(
    store: object, scope_hash: str, key: str, stored: StoredResponse, print_: str
) -> Response:
    """The first answer, once it is there; another body under the same key is a 422."""
    waited = 0.0
    while stored.fingerprint == print_ and stored.status == IN_FLIGHT and waited < WAIT_SECONDS:
        await asyncio.sleep(0.05)
        waited += 0.05
        found = await run_in_threadpool(store.find, scope_hash, key)  # type: ignore[attr-defined]
        if found is None:  # the first attempt failed and let go of the key: retry
            return problem_response(
                409, "Retry", "the first request with this key failed; send it again", "retry"
            )
        stored = found
    if stored.fingerprint != print_:
        return _bad_key("this Idempotency-Key was used for another request", "reused")
    if stored.status == IN_FLIGHT:
        response = problem_response(
            409, "In progress", "a request with this key is still running", "in_progress"
        )
        response.headers["Retry-After"] = "1"
        return response
    headers = dict(stored.headers) | {"Idempotent-Replay": "true"}
    return Response(stored.body, status_code=stored.status, headers=headers)


def _bad_key(detail: str, message: str) -> Response:
    code = "idempotency_key_reused" if message == "reused" else "invalid_header"
    title = "Idempotency key reused" if message == "reused" else "Invalid header"
    return problem_response(
        422, title, detail, code, errors=[{"field": "Idempotency-Key", "message": message}]
    )

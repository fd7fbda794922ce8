"""Two ASGI moves the middleware share: run the app keeping its answer, and hand the app a
body that was already read."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope


async def run_buffered(app: ASGIApp, scope: Scope, receive: Receive) -> tuple[Message, bytes]:
    """Runs the app and keeps its response, to act on it before sending it on."""
    start: Message = {"type": "http.response.start", "status": 500, "headers": []}
    chunks: list[bytes] = []

    async def keep(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    return start, b"".join(chunks)


def replaying(body: bytes, receive: Receive) -> Receive:
    """Hands the app the already-read body once, then whatever the client sends next."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay

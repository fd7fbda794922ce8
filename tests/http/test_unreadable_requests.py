"""A request the HTTP parser cannot read (a control byte in a header or the request line, a
request line of 100 kB, a malformed line) is refused before the app, by the served process: in
problem+json like every other error, not uvicorn's plain text; the server goes on serving."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import EMBEDDED_ONLY
from tests.live_server import LiveServer

UNREADABLE = [
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: a\x01b\r\n\r\n",
    b"GET /lists/prob\x00lems HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
    b"NOT HTTP AT ALL\r\n\r\n",
    b"GET /lists/problems?q=" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
]


@pytest.fixture
def served(database_url: str) -> Iterator[LiveServer]:
    live = LiveServer(database_url)
    live.wait_ready(60)
    yield live
    live.stop()


def answer_to(server: LiveServer, raw: bytes) -> tuple[str, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(raw)
        received = b""
        while chunk := connection.recv(4096):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines)
    return status, headers, body


@EMBEDDED_ONLY
def test_an_unreadable_request_is_a_problem_json_400(served: LiveServer) -> None:
    for raw in UNREADABLE:
        status, headers, body = answer_to(served, raw)
        assert status == "HTTP/1.1 400 Bad Request", raw
        assert headers["content-type"] == "application/problem+json"
        problem = json.loads(body)
        assert problem["status"] == 400 and problem["type"] == "urn:rectify:error:bad_request"
    assert httpx.get(f"{served.base_url}/healthz").status_code == 200  # still serving

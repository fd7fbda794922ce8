"""Real local receivers for the notification tests: an SMTP server (aiosmtpd) and an HTTP server
standing in for the 企业微信 and 钉钉 robots. Either can be taken down and brought back."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _MailHandler:
    def __init__(self, box: SmtpReceiver) -> None:
        self.box = box

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.box.lock:
            self.box.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"


@dataclass
class SmtpReceiver:
    port: int = field(default_factory=free_port)
    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(_MailHandler(self), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]

    def ids(self) -> list[str]:
        with self.lock:
            return [str(m["Message-ID"]) for m in self.messages]


@dataclass
class Posted:
    path: str
    query: dict[str, str]
    delivery: str
    body: dict[str, Any]


@dataclass
class HookReceiver:
    """Answers as the robots do ({"errcode": 0}); `down` makes it answer 503."""

    port: int = field(default_factory=free_port)
    posted: list[Posted] = field(default_factory=list)
    down: bool = False
    delay: float = 0.0  # seconds to answer: a slow robot widens the window a crash can hit
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                time.sleep(receiver.delay)
                if receiver.down:
                    self.send_response(503)
                    self.end_headers()
                    return
                parsed = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(parsed.query))
                receiver.posted.append(
                    Posted(
                        parsed.path,
                        query,
                        self.headers.get("X-Rectify-Delivery", ""),
                        json.loads(raw),
                    )
                )
                answer = b'{"errcode":0,"errmsg":"ok"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def at(self, path: str) -> list[Posted]:
        return [p for p in self.posted if p.path == path]


def dingtalk_sign_ok(query: dict[str, str], secret: str) -> bool:
    """The check 钉钉 makes of a signed robot URL."""
    timestamp = query.get("timestamp", "")
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    return bool(timestamp) and hmac.compare_digest(query.get("sign", ""), expected)


@pytest.fixture
def smtp() -> Iterator[SmtpReceiver]:
    """A real SMTP server on a free local port, for the test's length."""
    receiver = SmtpReceiver()
    receiver.start()
    yield receiver
    receiver.stop()


def webhook_file(path: Path, base_url: str, secret: str) -> Path:
    """A district 钉钉 robot (signed with `secret`) and civil affairs' 企业微信 robot."""
    path.write_text(
        f'[[webhook]]\nname = "district"\nchannel = "dingtalk"\n'
        f'url = "{base_url}/robot/send?access_token=abc"\nsecret = "{secret}"\n\n'
        f'[[webhook]]\nname = "civil"\nchannel = "wecom"\nunit = "civil_affairs"\n'
        f'url = "{base_url}/cgi-bin/webhook/send?key=k1"\n',
        encoding="utf-8",
    )
    return path

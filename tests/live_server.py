"""The real service in a subprocess (uvicorn on loopback), for tests that need real HTTP."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    def __init__(
        self,
        database_url: str,
        *,
        port: int | None = None,
        log: Path | None = None,
        **settings: str,
    ) -> None:
        """`log`: append stderr there; a long run must not leave it in a pipe nobody reads
        (a full pipe blocks the server)."""
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, RECTIFY_DATABASE_URL=database_url, RECTIFY_LOG_LEVEL="WARNING")
        env.update({f"RECTIFY_{k.upper()}": v for k, v in settings.items()})
        with log.open("ab") if log else open(os.devnull, "wb") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "api.cli", "serve", "--port", str(self.port)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=sink if log else subprocess.PIPE,
                start_new_session=True,  # its own group: worker processes die with it
            )

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    self.process.stderr.read().decode() if self.process.stderr else ""
                )
            try:
                if httpx.get(f"{self.base_url}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise TimeoutError("server did not become ready")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """SIGKILL the server and every worker process it started."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

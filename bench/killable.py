"""The served service as the load-and-faults bench needs it: an API server and a projection
worker, each a process it can SIGKILL and start again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.live_server import LiveServer

ROOT = Path(__file__).resolve().parent.parent


class Server:
    """The API server (projections off) and the projection worker, each a killable process."""

    def __init__(self, url: str, logs: Path, workers: int = 1) -> None:
        self.url = url
        self.logs = logs
        self.workers = workers
        self.api: LiveServer | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.peak_rss_kib = 0

    def start_api(self, port: int | None = None) -> None:
        """On `port` when given: it comes back on the same address, as a supervisor would."""
        self.api = LiveServer(
            self.url,
            port=port,
            log=self.logs / "server.log",
            run_projections="false",
            connect_timeout="2",  # answer 503 within 2 s while the database is away
            workers=str(self.workers),
        )
        self.api.wait_ready(60)

    def kill_api(self) -> int:
        assert self.api is not None
        self.sample_rss()
        port = self.api.port
        self.api.kill()  # with its worker processes
        return port

    def start_worker(self) -> None:
        env = dict(os.environ, RECTIFY_DATABASE_URL=self.url, RECTIFY_LOG_LEVEL="WARNING")
        with (self.logs / "worker.log").open("ab") as log:
            self.worker = subprocess.Popen(
                [sys.executable, "-m", "api.cli", "projections", "run"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )

    def kill_worker(self) -> None:
        assert self.worker is not None
        self.worker.send_signal(signal.SIGKILL)
        self.worker.wait()

    def sample_rss(self) -> None:
        if self.api is None or self.api.process.poll() is not None:
            return
        status = Path(f"/proc/{self.api.process.pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                self.peak_rss_kib = max(self.peak_rss_kib, int(line.split()[1]))

    def stop(self) -> None:
        if self.api is not None:
            self.sample_rss()
            self.api.stop()
        if self.worker is not None and self.worker.poll() is None:
            self.worker.terminate()
            self.worker.wait(10)

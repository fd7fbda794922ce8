"""A throw-away PostgreSQL server for the tests: initdb in a temp dir, unprivileged, loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USER = "rectify"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """PostgreSQL refuses to run as root, so as root the server runs as `nobody`."""

    def __init__(self, durable: bool = False) -> None:
        """`durable`: fsync and synchronous commit on, as in production (benchmarks); the
        suite runs without them, for speed."""
        self.durable = durable
        self.bindir = Path(
            subprocess.run(
                [str(ROOT / "scripts" / "ensure_postgres.sh")],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
        )
        self.workdir = Path(tempfile.mkdtemp(prefix="rectify-pg-"))
        self.datadir = self.workdir / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "nobody", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def start(self) -> None:
        if self.as_root:
            shutil.chown(self.workdir, "nobody", "nogroup")
        self._run(
            "initdb",
            "-D",
            str(self.datadir),
            "-U",
            USER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        fast = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        self.options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.workdir} "
            + ("" if self.durable else fast)
            + "-c max_connections=300"
        )
        self.start_server()

    def start_server(self) -> None:
        """pg_ctl start; the log goes to a file, not our pipe (pg_ctl would wait on it)."""
        log = str(self.workdir / "server.log")
        self._run(
            "pg_ctl",
            "-D",
            str(self.datadir),
            "-o",
            self.options,
            "-l",
            log,
            "-w",
            "-t",
            "60",
            "start",
        )

    def outage(self, seconds: float) -> None:
        """Down for `seconds` (fast shutdown), then up again with the same options."""
        self._run("pg_ctl", "-D", str(self.datadir), "-m", "fast", "-w", "stop")
        time.sleep(seconds)
        self.start_server()

    def restart(self) -> None:
        """A fast restart (clean shutdown, same options): what an operator's restart does."""
        log = str(self.workdir / "server.log")
        self._run("pg_ctl", "-D", str(self.datadir), "-l", log, "-m", "fast", "-w", "restart")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{dbname}"

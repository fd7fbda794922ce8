"""The notification worker SIGKILLed at random points while a day's triggers are processed, and
started again each time: every delivery the outbox holds reaches its receiver, and no message
is received twice except the one a kill may catch between its send and its record (at most one
per kill, with the same id, which the receiver can drop)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.actor import Actor, Role
from infrastructure.notifications.channels import delivery_id
from infrastructure.settings import Settings
from tests.conftest import NEW_PROBLEM, ROOT_DIR, Api, make_settings
from tests.http.test_supervision_workflow import ok
from tests.receivers import HookReceiver, SmtpReceiver, smtp, webhook_file

__all__ = ["smtp"]
UNITS = ("civil_affairs", "transport")
PROBLEMS = 40
MAX_KILLS = 12


@pytest.fixture
def hooks() -> Iterator[HookReceiver]:
    receiver = HookReceiver(delay=0.03)
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture
def settings(
    database_url: str, tmp_path: Path, hooks: HookReceiver, smtp: SmtpReceiver
) -> Settings:
    webhooks = webhook_file(tmp_path / "webhooks.toml", hooks.url, "SEC1")
    return make_settings(database_url).model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "webhooks_file": webhooks}
    )


def worker(settings: Settings) -> subprocess.Popen[bytes]:
    env = {
        "PATH": "/usr/bin:/bin",
        "RECTIFY_DATABASE_URL": settings.database_url,
        "RECTIFY_SMTP_HOST": "127.0.0.1",
        "RECTIFY_SMTP_PORT": str(settings.smtp_port),
        "RECTIFY_WEBHOOKS_FILE": str(settings.webhooks_file),
        "RECTIFY_NOTIFY_BACKOFF_SECONDS": "0",
        "RECTIFY_LOG_LEVEL": "ERROR",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "api.cli", "notifications", "run", "--until-idle"],
        cwd=ROOT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_worker_killed_at_random_points_delivers_everything_once(
    people: Api, settings: Settings, smtp: SmtpReceiver, hooks: HookReceiver
) -> None:
    api = people
    api.services.notifications.worker.run_until_idle()  # the outbox starts at the head
    for login, unit in (("li", "civil_affairs"), ("wang", "transport")):
        api.services.inbox.choose_email(
            Actor(login, Role.UNIT_LEAD, unit), f"{login}@x.gov.cn", "each", []
        )
    for n in range(PROBLEMS):
        pid = ok(
            api, "office", "/problems", NEW_PROBLEM | {"unit": UNITS[n % 2], "title": f"问题{n}"}
        )["id"]
        if n % 3 == 0:
            ok(api, "office", f"/problems/{pid}/flag", {"flagged": True, "reason": "督办"})

    rng = random.Random(20261130)
    kills = 0
    while True:
        process = worker(settings)
        if kills < MAX_KILLS:
            time.sleep(rng.uniform(0.5, 1.5))
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
                kills += 1
                continue
        assert process.wait(timeout=120) == 0
        if api.services.notifications.deliveries.counts().keys() <= {"sent"}:
            break

    rows = api.services.sql.execute(
        "SELECT d.key, d.channel, d.recipient, d.state FROM rectify_deliveries d"
    )
    handed = {key for key, *_ in rows if key.startswith("handed_out:")}
    assert len(handed) == PROBLEMS and {state for *_, state in rows} == {"sent"}
    expected = {delivery_id(k, c, r) for k, c, r, _ in rows}
    received = Counter(
        [mid.strip("<>").split("@")[0] for mid in smtp.ids()] + [p.delivery for p in hooks.posted]
    )
    assert set(received) == expected  # everything arrived, nothing unknown
    repeated = sum(count - 1 for count in received.values())
    assert kills >= 3 and repeated <= kills, (kills, repeated)

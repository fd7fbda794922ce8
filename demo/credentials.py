"""Demo credentials for `make run`: issued once, kept in a file only its owner can read, and
shown again on the next run, so the tokens a demo user copied keep working."""

from __future__ import annotations

import json
import os
from pathlib import Path

from application.credentials import CredentialRegister
from domain.actor import Actor, Role
from infrastructure.credentials import CredentialStore

DEMO_CREDENTIALS = [
    ("demo-admin", Role.ADMIN, None),
    ("demo-office", Role.OFFICE, None),
    ("demo-inspector", Role.INSPECTOR, None),
    ("demo-lead", Role.UNIT_LEAD, "civil_affairs"),
]
DEFAULT_FILE = Path("data") / "demo-credentials.json"


def demo_tokens(
    register: CredentialRegister, store: CredentialStore, actor: Actor, path: Path = DEFAULT_FILE
) -> list[tuple[str, Role, str]]:
    """(name, role, token) per demo role: the saved token while it still works, else a new one."""
    saved = _read(path)
    tokens: list[tuple[str, Role, str]] = []
    for name, role, unit in DEMO_CREDENTIALS:
        token = saved.get(name, "")
        holder = store.authenticate(token) if token else None
        if holder is None or holder.name != name:
            if store.is_active(name):
                register.revoke(actor, name)
            token = register.issue(actor, name, role, unit).token
        tokens.append((name, role, token))
    _write(path, {name: token for name, _, token in tokens})
    return tokens


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write(path: Path, tokens: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(tokens, file)
    path.chmod(0o600)  # a file left by an older run may have been readable by others

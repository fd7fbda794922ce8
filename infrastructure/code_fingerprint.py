"""Which domain code is running, so a snapshot taken by other code is never trusted (ADR 23)."""

from __future__ import annotations

from functools import cache
from hashlib import sha256
from pathlib import Path

import application.snapshot_state
import application.snapshots
import domain

SOURCES = (application.snapshot_state.__file__, application.snapshots.__file__)


@cache
def domain_fingerprint() -> str:
    """A digest of every domain module and of the snapshot codec: any change to how events
    build state, or to how state is written, makes every earlier snapshot unused. Empty (no
    snapshots taken or read) when the domain's sources are not there to digest."""
    root = Path(domain.__file__).parent
    sources = sorted(root.rglob("*.py"))
    if not sources:  # installed without its sources: no way to tell code apart, so no snapshots
        return ""
    paths = sources + [Path(source) for source in SOURCES]
    digest = sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]

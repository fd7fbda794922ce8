"""Which generation of each projection's tables readers use; rebuilds switch it atomically."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

from infrastructure.sql import Executor, SqlDatabase

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS rectify_projections (
        name TEXT NOT NULL,
        generation INTEGER NOT NULL,
        version INTEGER NOT NULL,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        switched_at TEXT,
        PRIMARY KEY (name, generation)
    )""",
    """CREATE TABLE IF NOT EXISTS rectify_projection_faults (
        name TEXT PRIMARY KEY,
        position BIGINT NOT NULL,
        error TEXT NOT NULL,
        failed_at TEXT NOT NULL
    )""",
]
ACTIVE, BUILDING, RETIRED = "active", "building", "retired"


@dataclass(frozen=True)
class Generation:
    name: str
    generation: int
    version: int
    state: str

    @property
    def prefix(self) -> str:
        return f"rp_{self.name}_v{self.version}_g{self.generation}"


_LOOKED_UP: ContextVar[dict[str, Generation] | None] = ContextVar(
    "rectify_generations", default=None
)
"""The generations one request has read (`one_look_each`); None outside a request."""


class ProjectionRegistry:
    def __init__(self, database: SqlDatabase) -> None:
        self.database = database

    def _find(self, name: str, state: str) -> Generation | None:
        rows = self.database.execute(
            "SELECT name, generation, version, state FROM rectify_projections "
            "WHERE name = %s AND state = %s ORDER BY generation DESC",
            (name, state),
        )
        return Generation(*rows[0]) if rows else None

    def active(self, name: str) -> Generation | None:
        """Inside `one_look_each`, every projection's active generation is read at the first
        ask, in one statement, and kept for the rest of it (a projection not built yet is asked
        again: a first start's readers wait for it)."""
        looked_up = _LOOKED_UP.get()
        if looked_up is None:
            return self._find(name, ACTIVE)
        if name not in looked_up:
            rows = self.database.execute(
                "SELECT name, generation, version, state FROM rectify_projections "
                "WHERE state = %s ORDER BY generation",
                (ACTIVE,),
            )
            looked_up.update((row[0], Generation(*row)) for row in rows)  # the newest wins
        return looked_up.get(name)

    def building(self, name: str) -> Generation | None:
        return self._find(name, BUILDING)

    def retired(self, name: str) -> list[Generation]:
        rows = self.database.execute(
            "SELECT name, generation, version, state FROM rectify_projections "
            "WHERE name = %s AND state = %s",
            (name, RETIRED),
        )
        return [Generation(*row) for row in rows]

    def start(
        self, name: str, version: int, state: str, prepare: Callable[[Executor, Generation], None]
    ) -> Generation:
        """A new generation (`active` on a first start, `building` for a rebuild), registered
        in the transaction that `prepare` creates its tables in: never seen half-made."""
        with self.database.transaction() as tx:
            rows = tx.execute(
                "SELECT COALESCE(MAX(generation), 0) FROM rectify_projections WHERE name = %s",
                (name,),
            )
            generation = int(rows[0][0]) + 1
            tx.execute(
                "INSERT INTO rectify_projections (name, generation, version, state, created_at) "
                "VALUES (%s, %s, %s, %s, %s)",
                (name, generation, version, state, _now()),
            )
            created = Generation(name, generation, version, state)
            prepare(tx, created)
        return created

    def switch_to(self, built: Generation) -> None:
        """Readers move to the built generation in one transaction; the old one retires."""
        with self.database.transaction() as tx:
            tx.execute(
                "UPDATE rectify_projections SET state = %s WHERE name = %s AND state = %s",
                (RETIRED, built.name, ACTIVE),
            )
            tx.execute(
                "UPDATE rectify_projections SET state = %s, switched_at = %s "
                "WHERE name = %s AND generation = %s",
                (ACTIVE, _now(), built.name, built.generation),
            )

    def forget(self, generation: Generation) -> None:
        self.database.execute(
            "DELETE FROM rectify_projections WHERE name = %s AND generation = %s",
            (generation.name, generation.generation),
        )


@dataclass(frozen=True)
class Fault:
    """A projection stopped at the event at `position`: it will not move until that is fixed."""

    name: str
    position: int
    error: str
    failed_at: str


class ProjectionFaults:
    """Kept in the database, so the API sees a fault of a worker in another process."""

    def __init__(self, database: SqlDatabase) -> None:
        self.database = database

    def record(self, name: str, position: int, error: str) -> None:
        self.database.execute(
            "INSERT INTO rectify_projection_faults (name, position, error, failed_at) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT (name) DO UPDATE SET "
            "position = excluded.position, error = excluded.error, failed_at = excluded.failed_at",
            (name, position, error[:500], _now()),
        )

    def clear(self, name: str) -> None:
        self.database.execute("DELETE FROM rectify_projection_faults WHERE name = %s", (name,))

    def all(self) -> list[Fault]:
        rows = self.database.execute(
            "SELECT name, position, error, failed_at FROM rectify_projection_faults ORDER BY name"
        )
        return [Fault(str(n), int(p), str(e), str(f)) for n, p, e, f in rows]


def _now() -> str:
    return datetime.now(UTC).isoformat()


@contextmanager
def one_look_each() -> Iterator[None]:
    """For one request: its wait, its lists and its badge read each active generation once
    (they asked three to twenty times). A switch-over during the request is seen by the next;
    a request reading the old tables as they are dropped fails as it could before, and the
    next one reads the new."""
    token = _LOOKED_UP.set({})
    try:
        yield
    finally:
        _LOOKED_UP.reset(token)

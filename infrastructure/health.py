"""Readiness and metrics inputs: the store answers, how far each read model is behind, and
which one is stalled on an event it cannot apply."""

from __future__ import annotations

from dataclasses import dataclass, field

from application.ledger import Ledger
from infrastructure.read_models.registry import Fault
from infrastructure.read_models.service import ReadModels
from infrastructure.sql import SqlDatabase


@dataclass(frozen=True)
class Readiness:
    ready: bool
    checks: dict[str, object] = field(default_factory=dict)


class Health:
    def __init__(self, sql: SqlDatabase, ledger: Ledger, read_models: ReadModels) -> None:
        self.sql = sql
        self.ledger = ledger
        self.read_models = read_models

    def readiness(self) -> Readiness:
        checks: dict[str, object] = {}
        try:
            self.sql.execute("SELECT 1")  # first: it fails within the connect timeout, where
            checks["tables"] = "ok"  # the event store's reads retry for much longer
            checks["log_head"] = self.ledger.head_position()
            checks["projection_lag"] = self.read_models.lag()
            faults = self.read_models.faults()
        except Exception as error:
            checks["error"] = type(error).__name__
            return Readiness(False, checks)
        if faults:
            checks["stalled"] = [
                {"projection": f.name, "position": f.position, "since": f.failed_at} for f in faults
            ]
        return Readiness(not faults, checks)

    def head(self) -> int:
        return self.ledger.head_position()

    def lag(self) -> dict[str, int | None]:
        return self.read_models.lag()

    def faults(self) -> list[Fault]:
        return self.read_models.faults()

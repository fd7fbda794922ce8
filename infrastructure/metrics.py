"""Prometheus metrics of one process: requests by status, events stored, the log's head."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Recording
from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest


class Metrics:
    """A registry per app instance, so tests and several apps in one process do not collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "rectify_http_requests",
            "HTTP requests answered, by method and status",
            ["method", "status"],
            registry=self.registry,
        )
        self.events = Counter(
            "rectify_events_stored",
            "Events stored by this process, by type",
            ["type"],
            registry=self.registry,
        )
        self.lag = Gauge(
            "rectify_projection_lag",
            "Log positions a projection is behind the head (-1: not built yet)",
            ["projection"],
            registry=self.registry,
        )
        self.head = Gauge(
            "rectify_log_head_position",
            "Newest notification id in the event log",
            registry=self.registry,
        )

        self.stalled = Gauge(
            "rectify_projection_stalled_position",
            "Position of the event a projection cannot apply (0: none)",
            ["projection"],
            registry=self.registry,
        )

    def observe(self, method: str, status: int) -> None:
        self.requests.labels(method=method, status=str(status)).inc()

    def count_recordings(self, recordings: Sequence[Recording[Any]]) -> None:
        for recording in recordings:
            self.events.labels(type=type(recording.domain_event).__qualname__).inc()

    def render(
        self, head_position: int, lag: dict[str, int | None], stalled: dict[str, int]
    ) -> bytes:
        self.head.set(head_position)
        for projection, behind in lag.items():
            self.lag.labels(projection=projection).set(-1 if behind is None else behind)
            self.stalled.labels(projection=projection).set(stalled.get(projection, 0))
        return generate_latest(self.registry)

"""Structured logs: configured once at start-up; one line per stored event."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import Any

import structlog
from eventsourcing.persistence import Recording


def configure_logging(json_lines: bool = True, level: str = "INFO") -> None:
    """structlog with contextvars, so a request id bound in middleware reaches every line."""
    renderer: Any = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if json_lines
        else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
        ),
        logger_factory=_stderr_logger,
        cache_logger_on_first_use=False,
    )


def _stderr_logger(*_: Any) -> structlog.PrintLogger:
    """Looks up sys.stderr when a logger is made, so redirections made later are honoured."""
    return structlog.PrintLogger(sys.stderr)


def log_recordings(recordings: Sequence[Recording[Any]]) -> None:
    log = structlog.get_logger("rectify.events").bind()
    if not log.is_enabled_for(logging.INFO):  # nothing to build at a quieter level
        return
    for recording in recordings:
        event = recording.domain_event
        actor = getattr(event, "actor", None)
        log.info(
            "event_stored",
            event_type=type(event).__qualname__,
            aggregate_id=str(event.originator_id),
            version=event.originator_version,
            position=recording.notification.id,
            actor=getattr(actor, "name", None),
            actor_role=getattr(getattr(actor, "role", None), "value", None),
            actor_unit=getattr(actor, "unit", None),
        )

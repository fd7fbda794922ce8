"""Errors of the use cases, beside the domain's: what the caller asked for is missing or stale."""

from __future__ import annotations

from domain.errors import DomainError


class ProblemNotFoundError(DomainError):
    """Raised when no problem has the id (or it did not exist yet at the instant asked for)."""

    code = "not_found"


class StaleVersionError(DomainError):
    """Raised when the client's If-Match version is not the aggregate's current version."""

    code = "stale_version"

    def __init__(self, noun: str, expected: int, actual: int) -> None:
        super().__init__(
            f"the {noun} is at version {actual}, not {expected}: reload it and try again"
        )
        self.expected = expected
        self.actual = actual


class ConcurrentUpdateError(DomainError):
    """Raised when other writers kept winning the race for the problem's next version."""

    code = "concurrent_update"


class RegisterNotReadyError(DomainError):
    """Raised when the unit register has no office yet (load the units first)."""

    code = "register_not_ready"


class ReadModelBehindError(DomainError):
    """Raised when a read model has not reached the position a reader asked to see."""

    code = "read_model_behind"


class ActivityNotFoundError(DomainError):
    """Raised when no activity has the id."""

    code = "not_found"


class DuplicateRecordError(DomainError):
    """Raised when a record that exists once per slot (a self-check, a weekly report) is filed
    a second time by another command."""

    code = "duplicate_record"

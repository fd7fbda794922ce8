"""The errors the domain raises; each names the rule it enforces through a stable `code`."""

from __future__ import annotations


class DomainError(Exception):
    """Raised when a rule of the domain refuses an action."""

    code = "domain_error"


class InvalidValueError(DomainError):
    """Raised when a value breaks a rule on its own (an unknown code, a date out of range)."""

    code = "invalid_value"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class InvalidTransitionError(DomainError):
    """Raised when an action does not fit the problem's current status."""

    code = "invalid_transition"


class PermissionDeniedError(DomainError):
    """Raised when the actor's role or unit does not allow the action."""

    code = "permission_denied"


NO_SUCH_PROBLEM = "no such problem"
NO_SUCH_ACTIVITY = "no such activity"
"""What a reader is told of a thing it may not see, and of one that does not exist: the same."""


class NotVisibleError(DomainError):
    """Raised when the actor may not know the thing exists (another unit's problem)."""

    code = "not_found"


class UnknownDemandError(DomainError):
    """Raised when a demand number does not exist on the problem."""

    code = "not_found"


class CalendarUnknownError(DomainError):
    """Raised when the official holiday calendar of a year is not known, rather than guess."""

    code = "calendar_unknown"

    def __init__(self, year: int) -> None:
        super().__init__(
            f"the official working-day calendar for {year} is not known yet; "
            "record the year's holiday notice in the calendar book or give the deadline as a date"
        )
        self.year = year


class TooLargeError(InvalidValueError):
    """Raised when a file is larger than the service takes (413, not 422)."""

    code = "too_large"


class DuplicateUnitError(DomainError):
    """Raised when a unit code is registered twice."""

    code = "duplicate_unit"

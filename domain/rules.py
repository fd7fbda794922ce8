"""Value rules shared by the aggregates: codes that fit together, dates in order, text present."""

from __future__ import annotations

from datetime import date

from domain.actor import Actor, Role
from domain.codes import CATEGORIES_BY_SOURCE, Category, Source, SourceMode
from domain.errors import InvalidValueError
from domain.text import is_blank, text_fault

MAX_TEXT = 10_000


def check_category_fits_source(source: Source, category: Category) -> None:
    if category not in CATEGORIES_BY_SOURCE[source]:
        allowed = ", ".join(sorted(c.value for c in CATEGORIES_BY_SOURCE[source]))
        raise InvalidValueError(
            "category", f"'{category.value}' is not a category of {source.value} ({allowed})"
        )


def check_mode_fits_source(source: Source, mode: SourceMode | None) -> None:
    if mode is not None and source is not Source.INSPECTION:
        raise InvalidValueError("source_mode", "only an inspection records a mode")


def check_not_after(day: date, limit: date, field: str, limit_name: str) -> None:
    if day > limit:
        raise InvalidValueError(
            field, f"{day.isoformat()} is after {limit_name} ({limit.isoformat()})"
        )


def check_not_before(day: date, limit: date, field: str, limit_name: str) -> None:
    if day < limit:
        raise InvalidValueError(
            field, f"{day.isoformat()} is before {limit_name} ({limit.isoformat()})"
        )


DEFAULT_BACKDATE_WORKING_DAYS = 5


def check_backdating(working_days_back: int, limit: int, actor: Actor, reason: str) -> None:
    """A fix dated more than `limit` working days back is entered by the office alone, with
    its reason (补录); a unit lead reports its fixes as they happen."""
    if working_days_back <= limit:
        return
    if actor.role is not Role.OFFICE:
        raise InvalidValueError(
            "rectified_on",
            f"is {working_days_back} working days back (more than {limit}): "
            "the office enters it (补录) with a reason",
        )
    if is_blank(reason):
        raise InvalidValueError("backdate_reason", "a fix entered afterwards (补录) needs a reason")


def check_text(field: str, value: str, *, required: bool = True) -> None:
    """Every text a command stores passes here (see domain/text.py for what may be stored)."""
    fault = text_fault(value)
    if fault is not None:
        raise InvalidValueError(field, fault)
    if required and is_blank(value):
        raise InvalidValueError(field, "must not be empty")
    if len(value) > MAX_TEXT:
        raise InvalidValueError(field, f"is longer than {MAX_TEXT} characters")

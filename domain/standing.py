"""Where a problem stands: open, overdue, late, on time, and the order units are ranked in.

One home for these words: the lights, the lists' SQL filters, the unit ranking, the bulletin and
the quarterly submissions all ask here, so one problem gets one answer everywhere."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from domain.errors import InvalidValueError
from domain.periods import Period, month_key
from domain.status import OPEN_STATUSES, Status

OPEN_CODES: tuple[str, ...] = tuple(sorted(s.value for s in OPEN_STATUSES))


def is_open(status: Status | str) -> bool:
    """Still being worked on (not yet rectified, or sent back)."""
    return (status.value if isinstance(status, Status) else status) in OPEN_CODES


def counts(status: Status | str) -> bool:
    """Counted anywhere at all (lists' totals, rankings, bulletins, submissions): every problem
    but one withdrawn (撤销), which was logged in error. Its history stays."""
    return (status.value if isinstance(status, Status) else status) != Status.WITHDRAWN.value


def is_overdue(status: Status | str, due_on: date | str | None, as_of: date | str) -> bool:
    """Open, and its deadline is a day before `as_of` (the day one looks from) or earlier:
    a problem due today is not overdue yet. ISO strings compare as dates."""
    if not is_open(status) or not due_on:
        return False
    return _iso(due_on) < _iso(as_of)


def is_late(rectified_on: date | str | None, due_on: date | str | None) -> bool:
    """Rectified after its deadline (超期整改)."""
    return bool(rectified_on and due_on) and _iso(rectified_on) > _iso(due_on)  # type: ignore[arg-type]


def was_overdue(
    found_on: date | str, due_on: date | str | None, rectified_on: date | str | None, as_of: date
) -> bool:
    """Overdue as one looked from `as_of` (a month's trend): found by then, its deadline before
    that day, and not rectified by then. The deadline is the one in force now."""
    day = as_of.isoformat()
    if _iso(found_on) >= day or not due_on or _iso(due_on) >= day:
        return False
    return not rectified_on or _iso(rectified_on) >= day


def overdue_months(
    found_on: date | str, due_on: date | str | None, rectified_on: date | str | None
) -> tuple[str, str | None] | None:
    """The ended months at whose reckoning day `was_overdue` holds, as month keys: from the
    first (the month of its found day or its deadline, whichever is later) up to, not
    including, the second (the month it was rectified in; None while it is not). None when
    there is no such month. The trend sums these spans instead of asking every problem."""
    if not due_on:
        return None
    first = _month(max(_iso(found_on), _iso(due_on)))
    if not rectified_on:
        return first, None
    until = _month(_iso(rectified_on))
    return (first, until) if until > first else None


def ensure_begun(period: Period, today: date) -> None:
    """A period not yet begun has no ranking and no bulletin: either would show today's open
    problems under a future period's name."""
    if period.start > today:
        raise InvalidValueError("period", f"{period.key} has not begun")


def reckoning_day(period: Period, today: date) -> date:
    """The day a period is counted as of: the day after it ends, or today while it runs."""
    return min(period.end + timedelta(days=1), today)


def ranking_order(row: Mapping[str, Any]) -> tuple[int, int, int, str]:
    """月通报 / 季讲评: most overdue first, then most rectified late, then most open."""
    return (-row["overdue"], -row["rectified_late"], -row["open"], row["unit"])


def _iso(day: date | str) -> str:
    return day if isinstance(day, str) else day.isoformat()


def _month(iso_day: str) -> str:
    return month_key(date.fromisoformat(iso_day))

"""The three lists' filters as a clerk types them in the page's form (query parameters, as the
API's): read into the application's ListFilter, a bad value told in Chinese by its field."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from application.lists import ListFilter
from domain.codes import Category, Source, label
from domain.date_range import is_supported
from domain.district_rules import Phase
from domain.errors import InvalidValueError
from domain.periods import Period, parse_period
from domain.status import Light, Status
from web.labels import LIGHT, PHASE, STATUS
from web.refusals import FieldError

SOURCES = [(s.value, label(s)) for s in Source]
CATEGORIES = [(c.value, label(c)) for c in Category]
STATUSES = [(s.value, STATUS[s.value]) for s in Status]
LIGHTS = [(lt.value, LIGHT[lt.value]) for lt in Light if lt is not Light.NONE]
PHASES = [(p.value, PHASE[p.value]) for p in Phase]
QUARTER = re.compile(r"^\d{4}Q[1-4]$")
YES_NO = {"": None, "yes": True, "no": False}
SORTS = {"number": "序号", "found_on": "发现日期", "due_on": "整改时限", "unit": "责任单位"}
KEPT = (
    "unit", "source", "category", "status", "light", "phase", "flagged", "late", "reopened",
    "quarter",
    "found_from", "found_to", "q", "activity_id", "sort", "responsible_unit", "open",
)  # fmt: skip
"""The parameters that say what is on screen (a download or another page keeps them)."""


def read_filter(params: QueryParams) -> ListFilter:
    """Each parameter checked as the API checks it; empty means no filter."""
    given = {k: params.get(k, "").strip() for k in KEPT}
    sort = given["sort"] or "number"
    if sort.removeprefix("-") not in SORTS:
        raise FieldError("sort", "无此排序方式。")
    return ListFilter(
        unit=_bounded(given["unit"], "unit", 40) or None,
        source=_one_of(given["source"], Source, "source"),
        category=_one_of(given["category"], Category, "category"),
        status=_one_of(given["status"], Status, "status"),
        light=_one_of(given["light"], Light, "light"),
        phase=_one_of(given["phase"], Phase, "phase"),
        flagged=_yes_no(given["flagged"], "flagged"),
        late=_yes_no(given["late"], "late"),
        reopened=_yes_no(given["reopened"], "reopened"),
        quarter=_quarter(given["quarter"]),
        found_from=_day(given["found_from"], "found_from"),
        found_to=_day(given["found_to"], "found_to"),
        q=_bounded(given["q"], "q", 100) or None,
        activity_id=_bounded(given["activity_id"], "activity_id", 40) or None,
        sort=sort,
        responsible_unit=_bounded(given["responsible_unit"], "responsible_unit", 40) or None,
        open=_yes_no(given["open"], "open"),
    )


def query_of(params: QueryParams, **changes: str) -> str:
    """The query string of what is on screen, with `changes` (a sort, a cursor) applied."""
    kept = {k: params.get(k, "") for k in KEPT} | changes
    return urlencode({k: v for k, v in kept.items() if v})


def _one_of(
    value: str, codes: type[Source | Category | Status | Light | Phase], field: str
) -> str | None:
    if not value:
        return None
    if value not in {c.value for c in codes}:
        raise FieldError(field, "请从列表中选择。")
    return value


def _yes_no(value: str, field: str) -> bool | None:
    """The form's 是/否 choices; empty is no filter."""
    if value not in YES_NO:
        raise FieldError(field, "请从列表中选择。")
    return YES_NO[value]


def _bounded(value: str, field: str, limit: int) -> str:
    if len(value) > limit:
        raise FieldError(field, f"不能超过{limit}个字。")
    return value


def _quarter(value: str) -> Period | None:
    if not value:
        return None
    if not QUARTER.match(value):
        raise FieldError("quarter", "季度应如 2026Q3。")
    try:
        return parse_period(value, "quarter")
    except InvalidValueError:
        raise FieldError("quarter", "季度超出本系统支持的年份。") from None


def _day(value: str, field: str) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise FieldError(field, "日期格式不正确，应如 2026-11-30。") from None
    if not is_supported(day):
        raise FieldError(field, "日期超出本系统支持的年份（2000—2099年）。")
    return day

"""节假日安排: the years of the official calendar the service knows, where each comes from, and
the form the office or the admin records a year with from the State Council's notice."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from application.ports import today_in_china
from domain.calendar_book import RecordedYear, keeps_calendar
from domain.official_year import FIRST_YEAR, LAST_YEAR, OfficialYear, year_to_record
from web.form_fields import submitted
from web.providers import CalendarDep, WorkingYearsDep
from web.refusals import FieldError, Refusal, refusal_of
from web.rendering import page, to
from web.session import PersonDep, SignedIn

router = APIRouter(include_in_schema=False)
SOURCES = {"recorded": "本系统录入", "file": "配置文件", "package": "系统内置"}
SHOWN_BEFORE = 1  # last year's days stay on the page: deadlines set then may still run


@router.get("/workbench/calendar")
def calendar_page(
    request: Request,
    person: PersonDep,
    calendar: CalendarDep,
    years: WorkingYearsDep,
    year: str = "",
    done: str = "",
) -> Response:
    chosen = int(year) if year.isascii() and year.isdigit() and len(year) == 4 else None
    return _page(request, person, calendar, years, chosen=chosen, done=done == "1")


@router.post("/workbench/calendar")
async def record_year(
    request: Request, person: PersonDep, calendar: CalendarDep, years: WorkingYearsDep
) -> Response:
    f = await submitted(request, person, 10)
    if not keeps_calendar(person.account.role):
        return page(request, "forbidden.html", person, 403)

    def run() -> Response:
        try:
            year = f.number("year", required=True) or 0
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise FieldError("year", f"年份须在{FIRST_YEAR}至{LAST_YEAR}之间。")
            holidays, workdays = f.days("holidays"), f.days("workdays")
            years.record(person.account.actor, year, holidays, workdays, f.text("notice"))
        except Exception as error:
            return _page(request, person, calendar, years, refusal_of(error), f.fields)
        return to(f"/workbench/calendar?year={year}&done=1")

    return await run_in_threadpool(run)


def _page(
    request: Request,
    person: SignedIn,
    calendar: CalendarDep,
    years: WorkingYearsDep,
    refusal: Refusal | None = None,
    values: dict[str, Any] | None = None,
    chosen: int | None = None,
    done: bool = False,
) -> Response:
    if person.account.must_change:
        return to("/password")
    calendar.reread()
    today = today_in_china(request.app.state.services.clock)
    recorded = years.recorded()
    shown = [
        _year_row(y, source, calendar.official(y), recorded.get(y))
        for y, source in calendar.coverage().items()
        if y >= today.year - SHOWN_BEFORE
    ]
    wanted = year_to_record(today, calendar.knows)
    keeper = keeps_calendar(person.account.role)
    if values is None and keeper and chosen is not None and not done:
        values = _prefilled(chosen, calendar.official(chosen), recorded.get(chosen))
    default_year = chosen or wanted or today.year + 1
    return page(
        request,
        "calendar.html",
        person,
        refusal.status if refusal else 200,
        years=shown,
        wanted=wanted,
        keeper=keeper,
        refused_form="year" if refusal or values else "",
        refusal=refusal,
        values=values or {},
        default_year=default_year,
        done=f"已录入{chosen}年的节假日安排，此后该年的期限按此计算。"
        if done and chosen in recorded
        else "",
    )


def _year_row(
    year: int, source: str, official: OfficialYear | None, recorded: Any
) -> dict[str, Any]:
    off = sorted(d for d in official.holidays if d.weekday() < 5) if official else []
    return {
        "year": year,
        "source": SOURCES[source],
        "recorded": source == "recorded",
        "holidays": _spans(off),
        "workdays": [_shown(d) for d in sorted(official.workdays)] if official else [],
        "notice": recorded.notice if recorded else "",
        "by": recorded.recorded_by.name if recorded else "",
        "at": recorded.recorded_at if recorded else None,
    }


def _prefilled(
    year: int, official: OfficialYear | None, recorded: RecordedYear | None
) -> dict[str, str]:
    """The form to put a year right starts from its days as known."""
    if official is None:
        return {"year": str(year)}
    off = sorted(d for d in official.holidays if d.weekday() < 5)
    return {
        "year": str(year),
        "holidays": "\n".join(d.isoformat() for d in off),
        "workdays": "\n".join(d.isoformat() for d in sorted(official.workdays)),
        "notice": recorded.notice if recorded else "",
    }


def _spans(days: list[date]) -> list[str]:
    """Weekday holidays as the notice reads them: consecutive days (over a weekend) as one."""
    spans: list[list[date]] = []
    for day in days:
        if spans and (day - spans[-1][-1]).days <= 3 and _only_weekend_between(spans[-1][-1], day):
            spans[-1].append(day)
        else:
            spans.append([day])
    return [_shown(s[0]) if len(s) == 1 else f"{_shown(s[0])}至{_shown(s[-1])}" for s in spans]


def _only_weekend_between(first: date, last: date) -> bool:
    return all(
        date.fromordinal(n).weekday() >= 5 for n in range(first.toordinal() + 1, last.toordinal())
    )


def _shown(day: date) -> str:
    return f"{day.month}月{day.day}日"

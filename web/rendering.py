"""How every workbench page is rendered: one template environment (autoescaping every .html),
the signed-in person's header, and the redirect after a form (303, so a reload never resends)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from application.ports import CHINA, today_in_china
from application.worklist import Worklist
from domain.access import reads_access_log
from domain.activity_permissions import records_activities
from domain.actor import Role
from domain.calendar_book import keeps_calendar
from domain.errors import DomainError
from domain.official_year import year_to_record
from domain.permissions import imports_ledgers, logs_problems
from web.labels import CATEGORY, EVENT, LIGHT, PHASE, ROLE, SOURCE, STATUS
from web.session import SignedIn

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals |= {
    "status_label": STATUS,
    "phase_label": PHASE,
    "light_label": LIGHT,
    "event_label": EVENT,
    "role_labels": ROLE,
    "china": CHINA,
    "source_names": SOURCE,
    "category_names": CATEGORY,
}


def _menu(role: Role) -> dict[str, bool]:
    """The header's links a person's role may follow, by the domain's rules."""
    return {
        "log_problems": logs_problems(role),
        "import_ledgers": imports_ledgers(role),
        "record_activities": records_activities(role),
        "read_access_log": reads_access_log(role),
        "keep_calendar": keeps_calendar(role),
    }


def page(
    request: Request, name: str, person: SignedIn | None, status: int = 200, **context: Any
) -> HTMLResponse:
    shown: dict[str, Any] = {"person": None, "form_token": ""}
    if person is not None:
        shown |= {
            "person": person.account,
            "role_label": ROLE[person.account.role],
            "form_token": person.form_token,
            "may": _menu(person.account.role),
        }
        if not person.account.must_change:
            if "todo_count" not in context:
                context["todo_count"] = _todo_count(request, person)
            context["unread_count"] = request.app.state.services.inbox.unread(person.account.actor)
            if keeps_calendar(person.account.role) and "calendar_wanted" not in context:
                context["calendar_wanted"] = _calendar_wanted(request)
    return templates.TemplateResponse(request, name, shown | context, status_code=status)


def to(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _calendar_wanted(request: Request) -> int | None:
    """The year whose holiday notice the office should record now (a line above every page)."""
    services = request.app.state.services
    return year_to_record(today_in_china(services.clock), services.calendar.knows)


def _todo_count(request: Request, person: SignedIn) -> int:
    """The badge in the navigation: how much waits on the person (待办)."""
    worklist: Worklist = request.app.state.services.worklist
    try:
        return len(worklist.for_person(person.account.actor))
    except DomainError:  # a read model not built yet: no badge rather than no page
        return 0

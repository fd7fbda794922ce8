"""The new-problem form (登记问题), standalone or from an activity: the categories offered are
those of the chosen source (refreshed by htmx when the source changes)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from application.context import CommandContext
from domain.actor import Role
from domain.codes import CATEGORIES_BY_SOURCE, Category, Source, SourceMode, label
from domain.errors import DomainError
from domain.permissions import logs_problems
from domain.problem_values import NewProblem
from web.form_fields import Submitted, new_command_id, submitted, uploaded
from web.providers import ActivitiesDep, ProblemsDep, UnitsDep
from web.refusals import Refusal, refusal_of
from web.rendering import page, to
from web.session import PersonDep, SignedIn, remember_write

MAX_PHOTOS = 20
router = APIRouter(include_in_schema=False)
SOURCES = [(s.value, label(s)) for s in Source]
MODES = [("", "—")] + [(m.value, label(m)) for m in SourceMode]


def categories_of(source: str) -> list[tuple[str, str]]:
    chosen = Source(source) if source in {s.value for s in Source} else Source.SIT_IN
    return [(c.value, label(c)) for c in Category if c in CATEGORIES_BY_SOURCE[chosen]]


@router.get("/workbench/problems/new")
def new_problem_page(
    request: Request,
    person: PersonDep,
    units: UnitsDep,
    problems: ProblemsDep,
    activities: ActivitiesDep,
    source: Annotated[str, Query(max_length=20)] = "sit_in",
    activity: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    if person.account.must_change:
        return to("/password")
    if not logs_problems(person.account.role):
        return page(request, "forbidden.html", person, 403)
    values = {"source": source, "activity_id": activity} | _from_activity(
        activities, person, activity
    )
    return _form(request, person, units, problems, values)


def _from_activity(activities: ActivitiesDep, person: SignedIn, activity: str) -> dict[str, str]:
    """A problem found in an activity: its unit, day and source, as the form's defaults."""
    try:
        found = activities.get(person.account.actor, UUID(activity))
    except (ValueError, DomainError):
        return {}
    return {"unit": found.unit, "found_on": found.on.isoformat(), "source": found.kind.value}


@router.get("/workbench/problems/new/categories")
def category_choices(
    request: Request, person: PersonDep, source: Annotated[str, Query(max_length=20)] = ""
) -> Response:
    """The category field for a source (an htmx fragment of the form)."""
    return page(
        request,
        "category_field.html",
        person,
        categories=categories_of(source),
        values={},
        refused_form="",
        refusal=None,
    )


@router.post("/workbench/problems/new")
async def log_problem(
    request: Request, person: PersonDep, units: UnitsDep, problems: ProblemsDep
) -> Response:
    form = await submitted(request, person, 30, max_files=MAX_PHOTOS)
    if person.account.must_change:
        return to("/password")

    def run() -> Response:
        try:
            new = _new_problem(form)
            ctx = CommandContext(person.account.actor, None, form.command_id())
            written = problems.log_problem(ctx, new, uploaded(problems.evidence, ctx, form))
        except Exception as error:
            return _form(request, person, units, problems, form.fields, refusal_of(error))
        onward = to(f"/workbench/problems/{written.problem.id}?done=logged")
        return remember_write(onward, written.position)

    return await run_in_threadpool(run)


def _new_problem(f: Submitted) -> NewProblem:
    mode = f.choice("source_mode", dict(MODES))
    found_on = f.day("found_on", required=True)
    assert found_on is not None
    return NewProblem(
        source=Source(f.choice("source", dict(SOURCES))),
        category=Category(f.choice("category", {c.value for c in Category})),
        unit=f.chosen("unit", "发现问题的单位"),
        title=f.text("title"),
        description=f.text("description"),
        found_on=found_on,
        found_by=f.text("found_by"),
        source_mode=SourceMode(mode) if mode else None,
        demand=f.text("demand"),
        activity_id=f.text("activity_id").strip(),
        location=f.text("location"),
    )


def _form(
    request: Request,
    person: SignedIn,
    units: UnitsDep,
    problems: ProblemsDep,
    values: dict[str, str],
    refusal: Refusal | None = None,
) -> Response:
    actor = person.account.actor
    shown = [u for u in units.serving_units() if actor.role is Role.OFFICE or u.code == actor.unit]
    defaults = {
        "found_by": person.account.display_name,
        "found_on": problems.today().isoformat(),
        "unit": actor.unit or "",
    }
    return page(
        request,
        "new_problem.html",
        person,
        refusal.status if refusal else 200,
        values=defaults | {k: v for k, v in values.items() if v},
        refused_form="new",
        refusal=refusal,
        sources=SOURCES,
        modes=MODES,
        categories=categories_of(values.get("source", "")),
        unit_options=[(u.code, u.name) for u in shown],
        command_id=new_command_id(),
    )

"""The problem page: its state, light, deadlines, demands and timeline; the forms the person may
use now (each carrying the page's version, so a change made meanwhile is reported, never
overwritten); an inspector's view of any past version or instant."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from application.context import CommandContext
from application.errors import ProblemNotFoundError, ReadModelBehindError
from application.ports import CHINA
from domain.actor import Role
from domain.codes import label
from domain.errors import NotVisibleError, PermissionDeniedError
from domain.ledger_rows import old_number_of
from web.form_fields import new_command_id, submitted
from web.new_problem import categories_of
from web.problem_actions import DONE, FILE_FORMS, FORMS
from web.providers import PeopleListDep, ProblemReadsDep, ProblemsDep, UnitsDep
from web.refusals import FieldError, Refusal, refusal_of
from web.rendering import page, to
from web.session import PersonDep, SignedIn, remember_write

router = APIRouter(include_in_schema=False)
MAX_FORM_FIELDS = 40
MAX_UPLOADS = 10


@router.get("/workbench/problems/{problem_id}")
def problem_page(
    request: Request,
    problem_id: UUID,
    person: PersonDep,
    reads: ProblemReadsDep,
    problems: ProblemsDep,
    units: UnitsDep,
    people: PeopleListDep,
    version: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
    at: Annotated[str | None, Query(max_length=40)] = None,
    done: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """One problem now, or (an inspector) after record `version` or at instant `at`."""
    if person.account.must_change:
        return to("/password")
    shown = Shown(request, person, reads, problems, units, people)
    return shown.render(problem_id, version=version, at=at, done=DONE.get(done or "", ""))


@router.post("/workbench/problems/{problem_id}/{action}")
async def act(
    request: Request,
    problem_id: UUID,
    action: str,
    person: PersonDep,
    reads: ProblemReadsDep,
    problems: ProblemsDep,
    units: UnitsDep,
    people: PeopleListDep,
) -> Response:
    """Run one form's command; on refusal show the page again, the form filled, the reason
    beside its field."""
    takes_files = MAX_UPLOADS if action in FILE_FORMS else 0
    form = await submitted(request, person, MAX_FORM_FIELDS, takes_files)
    fields = form.fields
    shown = Shown(request, person, reads, problems, units, people)
    chosen = FORMS.get(action)
    if chosen is None or person.account.must_change:
        return await run_in_threadpool(shown.render, problem_id, status=404)

    def run() -> Response:
        try:
            ctx = CommandContext(person.account.actor, form.version(), form.command_id())
            written = chosen.run(problems, ctx, problem_id, form)
        except (ProblemNotFoundError, NotVisibleError):
            return shown.render(problem_id, status=404)
        except Exception as error:  # a refusal the person is told of; anything else re-raises
            key = fields.get("form", action)
            key = key if key.startswith(action) else action
            return shown.render(problem_id, refusal=(key, refusal_of(error)), values=fields)
        onward = to(f"/workbench/problems/{problem_id}?done={action}")
        return remember_write(onward, written.position)

    return await run_in_threadpool(run)


class Shown:
    """Everything the page shows of one problem to one person."""

    def __init__(
        self,
        request: Request,
        person: SignedIn,
        reads: ProblemReadsDep,
        problems: ProblemsDep,
        units: UnitsDep,
        people: PeopleListDep,
    ) -> None:
        self.request, self.person, self.reads = request, person, reads
        self.problems, self.units, self.people = problems, units, people

    def render(
        self,
        problem_id: UUID,
        *,
        version: int | None = None,
        at: str | None = None,
        status: int = 200,
        done: str = "",
        refusal: tuple[str, Refusal] | None = None,
        values: dict[str, str] | None = None,
    ) -> Response:
        actor = self.person.account.actor
        if actor.role is not Role.INSPECTOR:
            version, at = None, None  # only inspectors look back
        try:
            instant = _instant(at)
            view = self.reads.get_problem(actor, problem_id, version=version, as_of=instant)
            history = self.reads.history(actor, problem_id)
        except FieldError as error:
            return page(self.request, "not_found.html", self.person, 422, message=error.message)
        except (NotVisibleError, ProblemNotFoundError, PermissionDeniedError):
            return page(self.request, "not_found.html", self.person, 404)
        past = version is not None or instant is not None
        problem = view.problem
        offer = None if past else self.problems.offer(actor, problem)
        unit_list = self.units.list_units()
        orphan = None  # a refusal for a form this page no longer shows is told at its top
        if refusal is not None:
            status = refusal[1].status
            form = FORMS.get(refusal[0].split("-")[0])
            if offer is None or form is None or form.action not in offer.actions:
                orphan = refusal[1]
        return page(
            self.request,
            "problem.html",
            self.person,
            status,
            problem=problem,
            light=view.light.value,
            past=past,
            version=problem.version if past else None,
            at=at or "",
            history=history,
            number=self._number(problem_id),
            old_number=old_number_of(history[0].command_id) if history else None,
            actor_names=self.people.names_of({e.actor.name for e in history}),
            source_label=label(problem.source),
            category_label=label(problem.category),
            categories=categories_of(problem.source.value),
            unit_names={u.code: u.name for u in unit_list},
            unit_options=[(u.code, u.name) for u in unit_list if u.serving],
            office_code=self.units.office_code(),
            waiting_co_units=[u for u, part in problem.co_units.items() if not part.settled],
            assignees=self.people.people_of(problem.responsible_unit),
            offer=offer,
            actions={a.value for a in offer.actions} if offer else set(),
            done=done,
            refused_form=refusal[0] if refusal else "",
            orphan=orphan,
            refusal=refusal[1] if refusal else None,
            values=values or {},
            command_id=new_command_id(),
        )

    def _number(self, problem_id: UUID) -> int | None:
        """第N号 from the lists, when they have it (the page never waits for them)."""
        try:
            return self.reads.number_of(problem_id, 0)
        except ReadModelBehindError:  # the lists' first build, at the service's first start
            return None


def _instant(at: str | None) -> datetime | None:
    """A date-time typed by an inspector, read as China time."""
    if not at:
        return None
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        raise FieldError("at", "时间格式不正确，应如 2026-11-30T09:30。") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)

"""活动 in the workbench: the month's calendar of sit-ins, walk-throughs and inspection rounds,
filing one ahead or recording one that took place, and one activity's page with the forms its
person may use now (record, record sheet, cancel, correct, withdraw)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from application.activity_reads import ActivityFilter
from application.context import CommandContext
from application.errors import ActivityNotFoundError
from domain.activity_codes import ACTIVITY_LABELS, ActivityKind
from domain.activity_permissions import ActivityAction, offered_activity, records_activities
from domain.errors import InvalidValueError, NotVisibleError, PermissionDeniedError
from domain.periods import Period, last_months, parse_period
from domain.permissions import can_log
from web import activity_details as form
from web.activity_record_view import record_values, shown_record
from web.form_fields import new_command_id, submitted, uploaded
from web.providers import ActivitiesDep, ActivityReadsDep, ProblemsDep, UnitsDep
from web.refusals import Refusal, refusal_of
from web.rendering import page, to
from web.session import PersonDep, SignedIn, remember_write

router = APIRouter(include_in_schema=False)
LABELS = {code.value: name for code, name in ACTIVITY_LABELS.items()}


@router.get("/workbench/activities")
def calendar_page(
    request: Request,
    person: PersonDep,
    reads: ActivityReadsDep,
    units: UnitsDep,
    problems: ProblemsDep,
    month: Annotated[str, Query(max_length=7)] = "",
    kind: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    if person.account.must_change:
        return to("/password")
    today = problems.today()
    try:
        shown = parse_period(month) if month else last_months(today, 1)[0]
        if shown.is_quarter:
            raise InvalidValueError("month", "not a month")
        f = ActivityFilter(kind=kind if kind in dict(form.KINDS) else None, period=shown)
        rows = _every(reads, person, f)
    except InvalidValueError:
        return page(request, "not_found.html", person, 422, message="月份应如 2026-11。")
    except PermissionDeniedError:
        return page(request, "forbidden.html", person, 403)
    days: dict[date, list[Any]] = {}
    for row in rows:
        days.setdefault(row.held_on, []).append(row)
    return page(
        request,
        "activities.html",
        person,
        month=shown,
        previous=_step(shown, -1),
        following=_step(shown, 1),
        days=sorted(days.items()),
        kind=kind,
        kinds=form.KINDS,
        labels=LABELS,
        unit_names={u.code: u.name for u in units.list_units()},
    )


@router.get("/workbench/activities/new")
def new_activity_page(
    request: Request,
    person: PersonDep,
    units: UnitsDep,
    kind: Annotated[str, Query(max_length=20)] = "sit_in",
    ahead: bool = True,
) -> Response:
    if person.account.must_change:
        return to("/password")
    if not records_activities(person.account.role):
        return page(request, "forbidden.html", person, 403)
    values = {"kind": kind if kind in dict(form.KINDS) else "sit_in"}
    return _new_form(request, person, units, values, ahead=ahead and kind != "inspection")


@router.post("/workbench/activities/new")
async def new_activity(
    request: Request, person: PersonDep, units: UnitsDep, activities: ActivitiesDep
) -> Response:
    f = await submitted(request, person)
    if not records_activities(person.account.role):
        return page(request, "forbidden.html", person, 403)
    ahead = f.fields.get("ahead") == "yes"

    def run() -> Response:
        try:
            filing = form.filing(f)
            ctx = CommandContext(person.account.actor, None, f.command_id())
            if ahead:
                written = activities.schedule(ctx, filing)
            else:
                written = activities.record(ctx, filing, form.details(filing.kind, f))
        except Exception as error:
            return _new_form(request, person, units, f.fields, ahead, refusal_of(error))
        onward = to(f"/workbench/activities/{written.aggregate.id}?done=1")
        return remember_write(onward, written.position)

    return await run_in_threadpool(run)


@router.get("/workbench/activities/{activity_id:uuid}")
def activity_page(
    request: Request,
    activity_id: UUID,
    person: PersonDep,
    reads: ActivityReadsDep,
    units: UnitsDep,
    done: str = "",
) -> Response:
    return _activity(request, person, reads, units, activity_id, done=bool(done))


@router.post("/workbench/activities/{activity_id:uuid}/{action}")
async def change_activity(
    request: Request,
    activity_id: UUID,
    action: str,
    person: PersonDep,
    reads: ActivityReadsDep,
    units: UnitsDep,
    activities: ActivitiesDep,
) -> Response:
    f = await submitted(request, person, max_files=20 if action == "sheet" else 0)

    def run() -> Response:
        try:
            ctx = CommandContext(person.account.actor, f.version(), f.command_id())
            if action in ("record", "correct"):
                kind = ActivityKind(f.choice("kind", dict(form.KINDS)))
                details = form.details(kind, f)
                if action == "record":
                    written = activities.record_scheduled(ctx, activity_id, details)
                else:
                    written = activities.correct(ctx, activity_id, details, f.text("reason"))
            elif action == "sheet":
                scans = uploaded(activities.evidence, ctx, f)
                written = activities.submit_record_sheet(
                    ctx, activity_id, f.day("submitted_on"), scans
                )
            elif action == "cancel":
                written = activities.cancel(ctx, activity_id, f.text("reason"))
            elif action == "withdraw":
                written = activities.withdraw(ctx, activity_id, f.text("reason"))
            else:
                return page(request, "not_found.html", person, 404)
        except (ActivityNotFoundError, NotVisibleError):
            return page(request, "not_found.html", person, 404)
        except Exception as error:
            refusal = (action, refusal_of(error))
            return _activity(request, person, reads, units, activity_id, refusal, f.fields)
        return remember_write(to(f"/workbench/activities/{activity_id}?done=1"), written.position)

    return await run_in_threadpool(run)


def _activity(
    request: Request,
    person: SignedIn,
    reads: ActivityReadsDep,
    units: UnitsDep,
    activity_id: UUID,
    refusal: tuple[str, Refusal] | None = None,
    values: dict[str, str] | None = None,
    done: bool = False,
) -> Response:
    if person.account.must_change:
        return to("/password")
    actor = person.account.actor
    try:
        detail = reads.detail(actor, activity_id)
    except (ActivityNotFoundError, NotVisibleError):
        return page(
            request, "not_found.html", person, 404, message="没有这项活动，或者您无权查看。"
        )
    except PermissionDeniedError:
        return page(request, "forbidden.html", person, 403)
    activity = detail.activity
    offered = {a.value for a in offered_activity(actor, activity)}
    form_action = {"sheet": "submit_record_sheet"}
    orphan = refusal and form_action.get(refusal[0], refusal[0]) not in offered
    shown_form = refusal[0] if refusal else ""
    if refusal is None and "correct" in offered:  # the correction starts from the record
        shown_form, values = "correct", record_values(activity.record)
    return page(
        request,
        "activity.html",
        person,
        refusal[1].status if refusal else 200,
        activity=activity,
        problems=detail.problems,
        record=shown_record(activity.record),
        offered=offered,
        may_log=activity.status.value == "done" and can_log(actor, activity.unit),
        labels=LABELS,
        unit_names={u.code: u.name for u in units.list_units()},
        refused_form=shown_form,
        refusal=refusal[1] if refusal else None,
        orphan=refusal[1] if refusal and orphan else None,
        values=values or {},
        command_id=new_command_id(),
        done=done,
        choices=_choices(),
        record_action=ActivityAction.RECORD.value,
    )


def _new_form(
    request: Request,
    person: SignedIn,
    units: UnitsDep,
    values: dict[str, str],
    ahead: bool,
    refusal: Refusal | None = None,
) -> Response:
    actor = person.account.actor
    shown = [u for u in units.serving_units() if actor.unit in (None, u.code)]
    return page(
        request,
        "activity_new.html",
        person,
        refusal.status if refusal else 200,
        ahead=ahead,
        kind=values.get("kind", "sit_in"),
        unit_options=[(u.code, u.name) for u in shown if u.kind.value != "office"],
        refused_form="new",
        refusal=refusal,
        values=values,
        command_id=new_command_id(),
        choices=_choices(),
    )


def _choices() -> dict[str, Any]:
    return {
        "kinds": form.KINDS,
        "schedulable": form.SCHEDULABLE,
        "roles": form.ROLES,
        "lengths": form.LENGTHS,
        "modes": form.MODES,
        "slots": form.SLOTS,
        "levels": form.LEVELS,
        "services": form.SERVICES,
        "experiences": form.EXPERIENCES,
        "checks": form.CHECKS,
    }


def _every(reads: ActivityReadsDep, person: SignedIn, f: ActivityFilter) -> list[Any]:
    rows, cursor = [], None
    while True:
        found = reads.list_activities(person.account.actor, f, cursor, 500)
        rows += found.items
        cursor = found.next_cursor
        if not cursor:
            return rows


def _step(month: Period, by: int) -> str:
    index = month.start.year * 12 + month.start.month - 1 + by
    return f"{index // 12}-{index % 12 + 1:02d}"

"""The admin's pages: people (add, reset a password, disable, enable, find) and units (add,
rename, merge). Each form calls the application's People, Units and UnitMerge, which check that
the person is the admin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from application.errors import ReadModelBehindError
from application.people import Account
from application.people_filter import STATES, PeopleFilter
from domain.actor import Role
from domain.codes import UnitKind, label
from domain.errors import PermissionDeniedError
from web.form_fields import Submitted, submitted
from web.labels import ROLE
from web.providers import UnitMergeDep, UnitsDep
from web.refusals import FieldError, Refusal, refusal_of
from web.rendering import page, to
from web.session import PeopleDep, PersonDep, SignedIn

router = APIRouter(include_in_schema=False)
ROLES = [(r.value, ROLE[r]) for r in Role]
KINDS = [(k.value, label(k)) for k in UnitKind]
MERGEABLE = (UnitKind.KEY, UnitKind.OTHER, UnitKind.HALL)
STATE_LABELS = {"active": "正常", "must_change": "待改密码", "disabled": "已停用"}
DONE = {
    "added": "已新增人员，初始密码须在首次登录时修改。",
    "reset": "已重置密码，该人员原有登录已失效。",
    "disabled": "已停用该账户，其登录已失效。",
    "enabled": "已启用该账户，可用原密码登录；如已遗忘，请重置密码。",
    "unit": "已登记单位。",
    "renamed": "已更改单位名称；此前已结束的月份和季度的通报、报送材料仍用原名称。",
    "merged": (
        "已撤并：该单位的人员已转入承接单位，其未办结的问题、协办和待答复需求已由承接单位接手。"
    ),
}


@router.get("/workbench/admin/people")
def people_page(
    request: Request,
    person: PersonDep,
    people: PeopleDep,
    units: UnitsDep,
    done: str = "",
    unit: str = "",
    role: str = "",
    state: str = "",
    q: str = "",
) -> Response:
    """Everyone, or those the filters pick; a value no filter knows picks as if left blank."""
    roles = {r.value: r for r in Role}
    chosen = PeopleFilter(unit[:40], roles.get(role), state if state in STATES else "", q[:40])
    return _people(request, person, people, units, done=DONE.get(done, ""), chosen=chosen)


@router.post("/workbench/admin/people")
async def add_person(
    request: Request, person: PersonDep, people: PeopleDep, units: UnitsDep
) -> Response:
    f = await submitted(request, person, 20)

    def run() -> Response:
        try:
            role = Role(f.choice("role", dict(ROLES)))
            unit = f.text("unit").strip() or None
            account = Account(
                f.text("login").strip(), f.text("display_name"), unit, role, f.text("phone")
            )
            people.add_person(person.account.actor, account, f.text("password"))
        except Exception as error:
            refusal = refusal_of(error)
            return _people(request, person, people, units, ("add", refusal), f.fields)
        return to("/workbench/admin/people?done=added")

    return await run_in_threadpool(run)


@router.post("/workbench/admin/people/{login}/{change}")
async def change_person(
    request: Request, login: str, change: str, person: PersonDep, people: PeopleDep, units: UnitsDep
) -> Response:
    f = await submitted(request, person, 20)

    def run() -> Response:
        try:
            if change == "reset":
                people.reset_password(person.account.actor, login, f.text("password"))
            elif change == "disabled":
                people.disable(person.account.actor, login)
            elif change == "enabled":
                people.enable(person.account.actor, login)
            else:
                raise FieldError("", "无此操作。")
        except Exception as error:
            refusal = refusal_of(error)
            return _people(request, person, people, units, (f"{change}-{login}", refusal), {})
        return to(f"/workbench/admin/people?done={change}")

    return await run_in_threadpool(run)


def _people(
    request: Request,
    person: SignedIn,
    people: PeopleDep,
    units: UnitsDep,
    refusal: tuple[str, Refusal] | None = None,
    values: dict[str, str] | None = None,
    done: str = "",
    chosen: PeopleFilter | None = None,
) -> Response:
    if person.account.must_change:
        return to("/password")
    chosen = chosen or PeopleFilter()
    try:
        everyone = people.people(person.account.actor)
    except PermissionDeniedError:
        return page(request, "forbidden.html", person, 403)
    return page(
        request,
        "admin_people.html",
        person,
        refusal[1].status if refusal else 200,
        everyone=people.people(person.account.actor, chosen),
        total=len(everyone),
        chosen=chosen,
        states=[(state, STATE_LABELS[state]) for state in STATES],
        last_sign_ins=people.last_sign_ins(person.account.actor),
        roles=ROLES,
        unit_options=[("", "（不属于单位）")] + [(u.code, u.name) for u in units.serving_units()],
        unit_names={u.code: u.name for u in units.list_units()},
        refused_form=refusal[0] if refusal else "add",
        refusal=refusal[1] if refusal else None,
        values={k: v for k, v in (values or {}).items() if k != "password"},
        done=done,
    )


@router.get("/workbench/admin/units")
def units_page(
    request: Request,
    person: PersonDep,
    units: UnitsDep,
    merge: UnitMergeDep,
    done: str = "",
    moved: str = "",
    taken: str = "",
) -> Response:
    said = DONE.get(done, "")
    if done == "merged" and moved.isdigit() and taken.isdigit():  # what this merge did
        said += f"本次转入人员 {int(moved)} 人，承接问题 {int(taken)} 个。"
    return _units(request, person, units, merge, done=said)


@router.post("/workbench/admin/units")
async def add_unit(
    request: Request, person: PersonDep, units: UnitsDep, merge: UnitMergeDep
) -> Response:
    def act(f: Submitted) -> str:
        kind = UnitKind(f.choice("kind", dict(KINDS)))
        units.add_unit(f.text("code").strip(), f.text("name"), kind, person.account.actor)
        return "done=unit"

    return await _unit_form(request, person, (units, merge), "unit", act)


@router.post("/workbench/admin/units/rename")
async def rename_unit(
    request: Request, person: PersonDep, units: UnitsDep, merge: UnitMergeDep
) -> Response:
    def act(f: Submitted) -> str:
        code = f.choice("code", {u.code: u.name for u in units.serving_units()})
        units.rename_unit(code, f.text("name"), person.account.actor)
        return "done=renamed"

    return await _unit_form(request, person, (units, merge), "rename", act)


@router.post("/workbench/admin/units/merge")
async def merge_unit(
    request: Request, person: PersonDep, units: UnitsDep, merge: UnitMergeDep
) -> Response:
    """撤并; sent again (the 继续承接 button) it carries a merge cut off midway on."""

    def act(f: Submitted) -> str:
        names = {u.code: u.name for u in units.list_units()}
        code, into = f.choice("code", names), f.choice("into", names)
        if not f.checked("confirm"):
            raise FieldError("confirm", "撤并后不能撤回，请勾选确认。")
        done = merge.merge(person.account.actor, code, into)
        return f"done=merged&moved={len(done.people_moved)}&taken={done.problems_taken_over}"

    return await _unit_form(request, person, (units, merge), "merge", act)


async def _unit_form(
    request: Request,
    person: SignedIn,
    services: tuple[UnitsDep, UnitMergeDep],
    form: str,
    act: Callable[[Submitted], str],
) -> Response:
    """One of the units page's forms: `act` on it, then back to the page with what it did
    (`act`'s query), or the page again with the refusal beside its form, the form kept filled."""
    f = await submitted(request, person, 20)

    def run() -> Response:
        try:
            done = act(f)
        except Exception as error:
            units, merge = services
            return _units(request, person, units, merge, refusal_of(error), f.fields, form=form)
        return to(f"/workbench/admin/units?{done}")

    return await run_in_threadpool(run)


def _units(
    request: Request,
    person: SignedIn,
    units: UnitsDep,
    merge: UnitMergeDep,
    refusal: Refusal | None = None,
    values: dict[str, Any] | None = None,
    done: str = "",
    form: str = "unit",
) -> Response:
    if person.account.must_change:
        return to("/password")
    if person.account.role is not Role.ADMIN:
        return page(request, "forbidden.html", person, 403)
    return page(
        request,
        "admin_units.html",
        person,
        refusal.status if refusal else 200,
        units=units.list_units(),
        unit_choices=[(u.code, u.name) for u in units.serving_units()],
        mergeable=[(u.code, u.name) for u in units.serving_units() if u.kind in MERGEABLE],
        names={u.code: u.name for u in units.list_units()},
        left=_left(merge, [u.code for u in units.list_units() if not u.serving]),
        kinds=KINDS,
        kind_names=dict(KINDS),
        refused_form=form,
        refusal=refusal,
        values=values or {},
        done=done,
    )


def _left(merge: UnitMergeDep, merged: list[str]) -> dict[str, int]:
    """How many problems each merged unit still has a part in, once the lists have followed
    the log to its head (a merge just made is counted as done, not as left); nothing while the
    lists are far behind (a rebuild), rather than a count that would mislead."""
    try:
        return {code: len(merge.left(code)) for code in merged}
    except ReadModelBehindError:
        return {}

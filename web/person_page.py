"""One person's page for the admin (`/workbench/admin/people/{login}/edit`): who they are, the
form that changes their name, role, unit or phone (调整), and enabling or disabling them. The
rules are the application's People; this page words them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from application.people import Account
from domain.actor import Role
from domain.errors import PermissionDeniedError
from web.admin_pages import ROLES
from web.form_fields import submitted
from web.providers import AccountRecordsDep, UnitsDep
from web.refusals import Refusal, refusal_of
from web.rendering import page, to
from web.session import PeopleDep, PersonDep, SignedIn

router = APIRouter(include_in_schema=False)
HAPPENED = {
    "added": "新增",
    "changed": "调整信息",
    "password_reset": "重置密码",
    "password_changed": "修改密码",
    "disabled": "停用",
    "enabled": "启用",
    "signed_in": "登录",
    "signed_out": "退出登录",
}
DONE = {
    "changed": "已保存人员信息。",
    "moved": "已保存人员信息；角色或单位已变，该人员原有登录已失效，重新登录后按新的权限办理。",
}


@router.get("/workbench/admin/people/{login}/edit")
def person_page(
    request: Request,
    login: str,
    person: PersonDep,
    people: PeopleDep,
    units: UnitsDep,
    records: AccountRecordsDep,
    done: str = "",
) -> Response:
    return _page(request, person, (people, units, records), login, done=DONE.get(done, ""))


@router.post("/workbench/admin/people/{login}/edit")
async def change_person(
    request: Request,
    login: str,
    person: PersonDep,
    people: PeopleDep,
    units: UnitsDep,
    records: AccountRecordsDep,
) -> Response:
    f = await submitted(request, person, 20)

    def run() -> Response:
        try:
            held = people.find(person.account.actor, login)
            if held is None:
                return page(request, "not_found.html", person, 404)
            role = Role(f.choice("role", dict(ROLES)))
            unit = f.text("unit").strip() or None
            account = Account(login, f.text("display_name").strip(), unit, role, f.text("phone"))
            changed = people.change(person.account.actor, account)
        except PermissionDeniedError:
            return page(request, "forbidden.html", person, 403)
        except Exception as error:
            refusal = refusal_of(error)
            return _page(request, person, (people, units, records), login, refusal, f.fields)
        moved = (changed.role, changed.unit) != (held.role, held.unit)
        return to(f"/workbench/admin/people/{login}/edit?done={'moved' if moved else 'changed'}")

    return await run_in_threadpool(run)


def _page(
    request: Request,
    person: SignedIn,
    services: tuple[PeopleDep, UnitsDep, AccountRecordsDep],
    login: str,
    refusal: Refusal | None = None,
    values: dict[str, str] | None = None,
    done: str = "",
) -> Response:
    people, units, records = services
    if person.account.must_change:
        return to("/password")
    try:
        account = people.find(person.account.actor, login)
    except PermissionDeniedError:
        return page(request, "forbidden.html", person, 403)
    if account is None:
        return page(request, "not_found.html", person, 404)
    listed = units.list_units()
    return page(
        request,
        "admin_person.html",
        person,
        refusal.status if refusal else 200,
        account=account,
        last_sign_in=people.last_sign_ins(person.account.actor).get(login),
        record=records.of(person.account.actor, login),
        happened=HAPPENED,
        roles=ROLES,
        unit_options=[("", "（不属于单位）")] + [(u.code, u.name) for u in listed if u.serving],
        unit_names={u.code: u.name for u in listed},
        refused_form="change",
        refusal=refusal,
        values=values or {},
        done=done,
    )

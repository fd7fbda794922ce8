"""人员批量导入: at go-live the admin uploads the district's roster (the page's template filled
in); every row is checked, and only a file whose every row passes adds anyone. Each person
added gets an initial password shown on this page once, to print and hand over (ADR 51)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from application.roster_import import MAX_PEOPLE, Outcome, PersonResult
from application.units import Units
from domain.actor import Role
from domain.roster_rows import ROSTER
from infrastructure.files import XLSX, attachment
from infrastructure.roster_sheet import read_roster, template
from web.form_fields import submitted
from web.labels import ROLE
from web.providers import RosterImportDep, UnitsDep
from web.refusals import Refusal, refusal_of
from web.rendering import page, to
from web.session import PersonDep, SignedIn
from web.sheet_upload import brought_in, results_page

router = APIRouter(include_in_schema=False)
PATH = "/workbench/admin/people/import"
OUTCOMES = {
    Outcome.READY: "可以导入",
    Outcome.ADDED: "已新增",
    Outcome.ALREADY: "已有此账户，跳过",
    Outcome.REFUSED: "不合格",
}


@dataclass(frozen=True)
class ShownPerson:
    row: int
    login: str
    name: str
    role: str
    unit: str
    outcome: str
    refused: bool
    password: str
    note: str  # the column refused and why, or why a skipped row is worth a look


def _turned_away(request: Request, person: SignedIn) -> Response | None:
    if person.account.must_change:
        return to("/password")
    if person.account.role is not Role.ADMIN:
        return page(request, "forbidden.html", person, 403)
    return None


@router.get(PATH)
def import_page(request: Request, person: PersonDep, units: UnitsDep) -> Response:
    return _turned_away(request, person) or _page(request, person, units)


@router.get(PATH + "/template.xlsx")
def template_file(request: Request, person: PersonDep, units: UnitsDep) -> Response:
    if (away := _turned_away(request, person)) is not None:
        return away
    content = template(units.serving_units())
    return attachment(content, XLSX, "人员名单导入模板.xlsx", "roster-template.xlsx", 0)


@router.post(PATH)
async def bring_in(
    request: Request, person: PersonDep, roster: RosterImportDep, units: UnitsDep
) -> Response:
    form = await submitted(request, person, 5, max_files=1)
    if (away := _turned_away(request, person)) is not None:
        return away
    writing = form.fields.get("mode") == "import"

    def run() -> Response:
        answer = brought_in(form, read_roster, roster, person.account.actor)
        return _page(request, person, units, answer, writing)

    return await run_in_threadpool(run)


def _page(
    request: Request,
    person: SignedIn,
    units: Units,
    answer: Sequence[PersonResult] | Refusal | None = None,
    writing: bool = False,
) -> Response:
    names = {u.code: u.name for u in units.list_units()} if answer else {}
    return results_page(
        request,
        person,
        "roster_import.html",
        Outcome,
        answer,
        lambda result: _shown(result, names),
        writing=writing,
        max_rows=MAX_PEOPLE,
    )


def _shown(result: PersonResult, unit_names: dict[str, str]) -> ShownPerson:
    """A row as the admin checks it: who it will be (a unit in the wrong column shows here)."""
    note = ""
    if result.differs:
        note = "表中姓名、角色或单位与现有账户不同，导入不会修改已有账户：请在人员管理页面办理。"
    if result.error is not None:
        refusal = refusal_of(result.error)
        column = ROSTER.header_of(refusal.field)
        note = f"{column}：{refusal.message}" if column else refusal.message
    entry = result.entry
    unit = entry.unit if entry else None
    return ShownPerson(
        row=result.row,
        login=result.login,
        name=entry.display_name if entry else "",
        role=ROLE[entry.role] if entry else "",
        unit=unit_names.get(unit, unit) if unit else "",
        outcome=OUTCOMES[result.outcome],
        refused=result.outcome is Outcome.REFUSED,
        password=result.password,
        note=note,
    )

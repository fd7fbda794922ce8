"""人员批量导入: at go-live the admin uploads the district's roster (the page's template filled
in); every row is checked, and only a file whose every row passes adds anyone. Each person
added gets an initial password shown on this page once, to print and hand over (ADR 51)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from application.roster_import import MAX_PEOPLE, Outcome, PersonResult
from application.units import Units
from domain.actor import Role
from domain.errors import InvalidValueError
from domain.roster_rows import ROSTER
from domain.sheet_rows import MissingColumnsError
from infrastructure.files import XLSX, attachment
from infrastructure.roster_sheet import read_roster, template
from web.form_fields import submitted
from web.labels import ROLE
from web.providers import RosterImportDep, UnitsDep
from web.refusals import Refusal, refusal_of
from web.rendering import page, to
from web.session import PersonDep, SignedIn

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
    content = template(units.list_units())
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
        if not form.uploads or not form.uploads[0][1]:
            empty = "所选文件是空的，请重新选择。" if form.uploads else ""
            refused = Refusal(422, "file", empty or "请选择要导入的Excel文件（.xlsx）。")
            return _page(request, person, units, refusal=refused)
        try:
            rows = read_roster(form.uploads[0][1])
            act = roster.run if writing else roster.check
            results = act(person.account.actor, rows)
        except InvalidValueError as error:
            return _page(request, person, units, refusal=_file_refusal(error))
        return _page(request, person, units, results=results, writing=writing)

    return await run_in_threadpool(run)


def _file_refusal(error: InvalidValueError) -> Refusal:
    if isinstance(error, MissingColumnsError):
        missing = "、".join(error.headers)
        return Refusal(422, "file", f"文件缺少必填的列：{missing}。请使用本页的模板。")
    return refusal_of(error)


def _page(
    request: Request,
    person: SignedIn,
    units: Units,
    *,
    results: list[PersonResult] | None = None,
    writing: bool = False,
    refusal: Refusal | None = None,
) -> Response:
    names = {u.code: u.name for u in units.list_units()} if results else {}
    shown = [_shown(result, names) for result in results or ()]
    count = {o: sum(1 for r in results or () if r.outcome is o) for o in Outcome}
    blocked = count[Outcome.REFUSED] > 0
    status = refusal.status if refusal else 422 if blocked else 200
    return page(
        request,
        "roster_import.html",
        person,
        status,
        refusal=refusal,
        refused_form="import" if refusal else "",
        rows=shown,
        count={o.value: n for o, n in count.items()},
        checked=results is not None,
        writing=writing,
        blocked=blocked,
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

"""历史台账导入: the office uploads the district's existing ledger (the page's template filled
in); every row is checked, and only a file whose every row passes is brought in (ADR 47)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from application.ledger_import import MAX_ROWS, Outcome, RowResult
from application.units import Units
from domain.errors import InvalidValueError
from domain.ledger_rows import COLUMNS
from domain.permissions import imports_ledgers
from domain.sheet_rows import MissingColumnsError
from infrastructure.files import XLSX, attachment
from infrastructure.ledger_sheet import read_sheet, template
from web.form_fields import submitted
from web.providers import LedgerImportDep, UnitsDep
from web.refusals import Refusal, refusal_of
from web.rendering import page, to
from web.session import PersonDep, SignedIn

router = APIRouter(include_in_schema=False)
HEADERS = {c.field: c.header for c in COLUMNS} | {"file": "文件"}
OUTCOMES = {
    Outcome.READY: "可以导入",
    Outcome.IMPORTED: "已导入",
    Outcome.ALREADY: "此前已导入，跳过",
    Outcome.REFUSED: "不合格",
}


@dataclass(frozen=True)
class ShownRow:
    row: int
    key: str
    outcome: str
    refused: bool
    problem_id: str
    unit: str
    title: str
    found_on: str
    due_on: str
    note: str  # the column refused and why, or why a skipped row is worth a look


def _turned_away(request: Request, person: SignedIn) -> Response | None:
    """A password to change first, or a role that does not import: the page it gets instead."""
    if person.account.must_change:
        return to("/password")
    if not imports_ledgers(person.account.role):
        return page(request, "forbidden.html", person, 403)
    return None


@router.get("/workbench/problems/import")
def import_page(request: Request, person: PersonDep, units: UnitsDep) -> Response:
    return _turned_away(request, person) or _page(request, person, units)


@router.get("/workbench/problems/import/template.xlsx")
def template_file(request: Request, person: PersonDep, units: UnitsDep) -> Response:
    if (away := _turned_away(request, person)) is not None:
        return away
    content = template(units.list_units())
    return attachment(content, XLSX, "历史台账导入模板.xlsx", "ledger-template.xlsx", 0)


@router.post("/workbench/problems/import")
async def bring_in(
    request: Request, person: PersonDep, ledger: LedgerImportDep, units: UnitsDep
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
            rows = read_sheet(form.uploads[0][1])
            act = ledger.run if writing else ledger.check
            results = act(person.account.actor, rows)
        except InvalidValueError as error:
            return _page(request, person, units, refusal=_file_refusal(error))
        return _page(request, person, units, results=results, writing=writing)

    return await run_in_threadpool(run)


def _file_refusal(error: InvalidValueError) -> Refusal:
    """What is wrong with the file as a whole, in Chinese (the columns it lacks named)."""
    if isinstance(error, MissingColumnsError):
        missing = "、".join(error.headers)
        return Refusal(422, "file", f"文件缺少必填的列：{missing}。请使用本页的模板。")
    return refusal_of(error)


def _page(
    request: Request,
    person: SignedIn,
    units: Units,
    *,
    results: list[RowResult] | None = None,
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
        "ledger_import.html",
        person,
        status,
        refusal=refusal,
        refused_form="import" if refusal else "",
        rows=shown,
        count={o.value: n for o, n in count.items()},
        checked=results is not None,
        writing=writing,
        blocked=blocked,
        max_rows=MAX_ROWS,
    )


def _shown(result: RowResult, unit_names: dict[str, str]) -> ShownRow:
    """A row as the clerk checks it: what it will be (a unit in the wrong column shows here)."""
    note = ""
    if result.changed:
        note = "表中内容已与系统中的问题不同，导入不会修改已有问题：请在问题页面办理。"
    if result.error is not None:
        refusal = refusal_of(result.error)
        column = HEADERS.get(refusal.field, "")
        note = f"{column}：{refusal.message}" if column else refusal.message
    entry = result.entry
    return ShownRow(
        row=result.row,
        key=result.key,
        outcome=OUTCOMES[result.outcome],
        refused=result.outcome is Outcome.REFUSED,
        problem_id=str(result.problem_id or ""),
        unit=unit_names.get(entry.new.unit, entry.new.unit) if entry else "",
        title=entry.new.title if entry else "",
        found_on=entry.new.found_on.isoformat() if entry else "",
        due_on=entry.due_on.isoformat() if entry and entry.due_on else "",
        note=note,
    )

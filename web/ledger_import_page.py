"""历史台账导入: the office uploads the district's existing ledger (the page's template filled
in); every row is checked, and only a file whose every row passes is brought in (ADR 47)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from application.ledger_import import MAX_ROWS, Outcome, RowResult
from application.units import Units
from domain.ledger_rows import COLUMNS
from domain.permissions import imports_ledgers
from infrastructure.files import XLSX, attachment
from infrastructure.ledger_sheet import read_sheet, template
from web.form_fields import submitted
from web.providers import LedgerImportDep, UnitsDep
from web.refusals import Refusal, refusal_of
from web.rendering import page, to
from web.session import PersonDep, SignedIn
from web.sheet_upload import brought_in, results_page

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
    content = template(units.serving_units())
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
        answer = brought_in(form, read_sheet, ledger, person.account.actor)
        return _page(request, person, units, answer, writing)

    return await run_in_threadpool(run)


def _page(
    request: Request,
    person: SignedIn,
    units: Units,
    answer: Sequence[RowResult] | Refusal | None = None,
    writing: bool = False,
) -> Response:
    names = {u.code: u.name for u in units.list_units()} if answer else {}
    return results_page(
        request,
        person,
        "ledger_import.html",
        Outcome,
        answer,
        lambda result: _shown(result, names),
        writing=writing,
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

"""POST /problems/import: a district's old ledger (.xlsx, the workbench's template) brought in
by a script as the workbench brings it in (ADR 47): all rows or none."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, UploadFile
from pydantic import BaseModel, Field

from api.deps import CurrentActor
from api.errors import PROBLEM_JSON, problem_response
from api.providers import LedgerImportDep
from application.ledger_import import Outcome, RowResult
from domain.errors import InvalidValueError
from infrastructure.ledger_sheet import read_sheet

router = APIRouter(tags=["problems"])


class ImportedRow(BaseModel):
    row: int = Field(description="the row's number in the sheet")
    key: str = Field(description="its old number (原编号)")
    outcome: Literal["ready", "imported", "already", "refused"]
    problem_id: UUID | None = Field(None, description="the problem it made, now or before")
    changed: bool = Field(
        False, description="`already`, and the row now says otherwise: an import changes nothing"
    )
    field: str | None = Field(None, description="the column refused (its field name)")
    message: str | None = None
    unit: str | None = Field(None, description="what the row says, once read: the unit's code")
    title: str | None = None
    found_on: date | None = None
    due_on: date | None = None

    @classmethod
    def of(cls, result: RowResult) -> ImportedRow:
        error, entry = result.error, result.entry
        new = entry.new if entry else None
        return cls(
            row=result.row,
            key=result.key,
            outcome=result.outcome.value,
            problem_id=result.problem_id,
            changed=result.changed,
            field=getattr(error, "field", None) if error else None,
            message=(getattr(error, "message", None) or str(error)) if error else None,
            unit=new.unit if new else None,
            title=new.title if new else None,
            found_on=new.found_on if new else None,
            due_on=entry.due_on if entry else None,
        )


class LedgerImportResponse(BaseModel):
    dry_run: bool
    imported: int = Field(description="problems logged by this request")
    already: int = Field(description="rows an earlier import brought in, skipped")
    position: int | None = Field(
        None, description="the log position of the last write, for `min_position` (none: null)"
    )
    rows: list[ImportedRow]


@router.post(
    "/problems/import",
    response_model=LedgerImportResponse,
    responses={422: {"content": {PROBLEM_JSON: {}}, "description": "rows refused: none written"}},
)
def import_ledger(
    actor: CurrentActor,
    ledger: LedgerImportDep,
    file: UploadFile | None = None,
    dry_run: Annotated[bool, Query(description="check every row, write nothing")] = False,
) -> Any:
    """The old ledger as the multipart field `file`. Every row is checked first; if any is
    refused, nothing is written and the answer is a 422 listing each row. A row whose old
    number (原编号) an earlier import brought in is skipped, so the same file may be sent again.
    Office only."""
    ledger.check_may(actor)
    if file is None:
        raise InvalidValueError("file", "send the ledger as the multipart field `file`")
    rows = read_sheet(file.file.read())
    results = ledger.check(actor, rows) if dry_run else ledger.run(actor, rows)
    shown = [ImportedRow.of(result) for result in results]
    refused = sum(1 for result in results if result.outcome is Outcome.REFUSED)
    if refused:
        detail = f"{refused} of {len(results)} rows cannot be imported; nothing was written"
        listed = [row.model_dump(mode="json") for row in shown]
        return problem_response(422, "Rows refused", detail, "rows_refused", rows=listed)
    count = {o: sum(1 for r in results if r.outcome is o) for o in Outcome}
    return LedgerImportResponse(
        dry_run=dry_run,
        imported=count[Outcome.IMPORTED],
        already=count[Outcome.ALREADY],
        position=max((r.position for r in results if r.position is not None), default=None),
        rows=shown,
    )

"""报送登记 over HTTP: hand in a quarter's submission (the sealed scan), the office's decision,
the register of an ended quarter (as of any instant), and the files of a submission."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, Field

from api.deps import Context, CurrentActor
from api.providers import RegisterDep
from api.schemas.base import ActorResponse, Strict
from api.schemas.commands import FileRef, ShortText
from application.evidence import Named
from application.submission_register import RegisterRow
from domain.errors import InvalidValueError
from domain.evidence import EvidenceFile
from domain.submission import Filing
from infrastructure.files import file_response

router = APIRouter(tags=["submission register"])
QuarterKey = Annotated[str, Path(pattern=r"^\d{4}Q[1-4]$", description="e.g. 2026Q3")]


class HandIn(Strict):
    unit: ShortText
    quarter: ShortText = Field(description="an ended quarter, e.g. 2026Q3")
    files: list[FileRef] = Field(min_length=1, max_length=10, description="the sealed scan(s)")


class Decision(Strict):
    accepted: bool
    reason: str = Field("", max_length=2_000, description="required to return it")


class SubmittedFile(BaseModel):
    sha256: str
    name: str
    content_type: str
    size: int
    href: str


class FilingResponse(BaseModel):
    filed_on: date
    filed_at: datetime
    filed_by: ActorResponse
    scans: list[SubmittedFile]
    generated: list[SubmittedFile] = Field(description="the .xlsx and .docx as generated then")


class RegisterRowResponse(BaseModel):
    unit: str
    unit_name: str
    quarter: str
    due_on: date
    status: str = Field(description="missing, submitted, returned or accepted")
    on_time: bool | None = Field(description="the filing in force came in by the due day")
    return_reason: str
    decided_on: date | None
    decided_by: ActorResponse | None
    filings: list[FilingResponse] = Field(description="oldest first; the last is in force")

    @classmethod
    def of(cls, row: RegisterRow) -> RegisterRowResponse:
        s = row.submission
        base = f"/submissions/{row.quarter}/{row.unit.code}/files"
        return cls(
            unit=row.unit.code,
            unit_name=row.unit.name,
            quarter=row.quarter,
            due_on=row.due_on,
            status=row.status,
            on_time=row.on_time,
            return_reason=s.return_reason if s else "",
            decided_on=s.decided_on if s else None,
            decided_by=ActorResponse.of(s.decided_by) if s and s.decided_by else None,
            filings=[_filing(f, base) for f in (s.filings if s else [])],
        )


class RegisterResponse(BaseModel):
    quarter: str
    items: list[RegisterRowResponse]


def _file(file: EvidenceFile, base: str) -> SubmittedFile:
    return SubmittedFile(
        sha256=file.sha256,
        name=file.name,
        content_type=file.content_type,
        size=file.size,
        href=f"{base}/{file.sha256}",
    )


def _filing(filing: Filing, base: str) -> FilingResponse:
    return FilingResponse(
        filed_on=filing.filed_on,
        filed_at=filing.filed_at,
        filed_by=ActorResponse.of(filing.actor),
        scans=[_file(f, base) for f in filing.scans],
        generated=[_file(f, base) for f in filing.generated],
    )


def _row(register: RegisterDep, actor: CurrentActor, quarter: str, unit: str) -> RegisterRow:
    return next(r for r in register.register(actor, quarter) if r.unit.code == unit)


@router.post("/submissions", status_code=status.HTTP_201_CREATED)
def hand_in(ctx: Context, register: RegisterDep, body: HandIn) -> RegisterRowResponse:
    """The unit's lead (or the office) hands in the scan of the sealed copy; the quarter's
    files are generated and kept with it. Again before the office accepts: a replacement."""
    named = tuple(Named(f.sha256, f.name) for f in body.files)
    written = register.hand_in(ctx, body.unit, body.quarter, named)
    submission = written.aggregate
    return RegisterRowResponse.of(_row(register, ctx.actor, submission.quarter, submission.unit))


@router.post("/submissions/{quarter}/{unit}/decision")
def decide(
    ctx: Context,
    register: RegisterDep,
    quarter: QuarterKey,
    unit: Annotated[str, Path(max_length=64)],
    body: Decision,
) -> RegisterRowResponse:
    """The office accepts the submission (接收) or returns it with a reason (退回)."""
    register.decide(ctx, unit, quarter, body.accepted, body.reason)
    return RegisterRowResponse.of(_row(register, ctx.actor, quarter, unit))


@router.get("/submissions")
def submission_register(
    actor: CurrentActor,
    register: RegisterDep,
    quarter: Annotated[str, Query(pattern=r"^\d{4}Q[1-4]$", description="e.g. 2026Q3")],
    as_of: Annotated[datetime | None, Query(description="the register as it stood then")] = None,
) -> RegisterResponse:
    """Every unit (a lead: its own): handed in or not, when, by whom, on time, decided."""
    if as_of is not None and as_of.tzinfo is None:
        raise InvalidValueError("as_of", "give a time zone, e.g. 2026-10-10T23:59:59+08:00")
    rows = register.register(actor, quarter, as_of)
    return RegisterResponse(quarter=quarter, items=[RegisterRowResponse.of(r) for r in rows])


@router.get("/submissions/{quarter}/{unit}/files/{sha256}", response_class=Response)
def submission_file(
    actor: CurrentActor,
    register: RegisterDep,
    quarter: QuarterKey,
    unit: Annotated[str, Path(max_length=64)],
    sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")],
) -> Response:
    file, content = register.file_of(actor, unit, quarter, sha256)
    return file_response(file, content)

"""Files in the workbench: a problem's or an activity's photo or scan (or a photo's thumbnail),
and a problem's dossier (问题档案), for the person signed in, if they may read the record; else
it is not there."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from application.errors import ActivityNotFoundError, ProblemNotFoundError
from domain.errors import NotVisibleError, PermissionDeniedError
from domain.evidence import EvidenceFile
from infrastructure.files import file_response
from infrastructure.reports.files import dossier_file as dossier_attachment
from infrastructure.thumbnails import thumbnail
from web.providers import ActivitiesDep, DossiersDep, ProblemReadsDep
from web.rendering import page, to
from web.session import PersonDep

router = APIRouter(include_in_schema=False)


@router.get("/workbench/problems/{problem_id}/files/{sha256}")
def evidence_file(
    request: Request,
    problem_id: UUID,
    sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")],
    person: PersonDep,
    reads: ProblemReadsDep,
    thumb: Annotated[bool, Query()] = False,
) -> Response:
    if person.account.must_change:
        return to("/password")
    try:
        file, content = reads.evidence_file(person.account.actor, problem_id, sha256)
    except (ProblemNotFoundError, NotVisibleError, PermissionDeniedError):
        return page(request, "not_found.html", person, 404)
    return _served(file, content, thumb)


@router.get("/workbench/problems/{problem_id}/dossier.docx")
def dossier_file(
    request: Request,
    problem_id: UUID,
    person: PersonDep,
    dossiers: DossiersDep,
    version: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
) -> Response:
    """问题档案 as of the version the page showed (default: now)."""
    if person.account.must_change:
        return to("/password")
    try:
        made = dossiers.dossier(person.account.actor, problem_id, version=version)
    except (ProblemNotFoundError, NotVisibleError, PermissionDeniedError):
        return page(request, "not_found.html", person, 404)
    return dossier_attachment(made)


@router.get("/workbench/activities/{activity_id}/files/{sha256}")
def record_sheet_file(
    request: Request,
    activity_id: UUID,
    sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")],
    person: PersonDep,
    activities: ActivitiesDep,
    thumb: Annotated[bool, Query()] = False,
) -> Response:
    """The scanned 工作记录表 of an activity, for whoever may read the activity."""
    if person.account.must_change:
        return to("/password")
    try:
        file, content = activities.record_sheet_file(person.account.actor, activity_id, sha256)
    except (ActivityNotFoundError, NotVisibleError, PermissionDeniedError):
        return page(request, "not_found.html", person, 404)
    return _served(file, content, thumb)


def _served(file: EvidenceFile, content: bytes, thumb: bool) -> Response:
    if thumb and file.is_image:
        small = thumbnail(content)
        if small is not None:
            headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"}
            return Response(small, media_type="image/jpeg", headers=headers)
    return file_response(file, content)

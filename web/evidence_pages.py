"""Evidence files in the workbench: a problem's photo or scan (or a photo's thumbnail) for the
person signed in, if that person may read the problem; anyone else is told it is not there."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from application.errors import ProblemNotFoundError
from domain.errors import NotVisibleError, PermissionDeniedError
from infrastructure.files import content_disposition
from infrastructure.thumbnails import thumbnail
from web.providers import ProblemReadsDep
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
    headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"}
    if thumb and file.is_image:
        small = thumbnail(content)
        if small is not None:
            return Response(small, media_type="image/jpeg", headers=headers)
    headers["Content-Disposition"] = content_disposition(file.name, inline=file.is_image)
    return Response(content, media_type=file.content_type, headers=headers)

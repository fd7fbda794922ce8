"""Evidence files: uploaded once (POST /files), attached by hash, served with their problem."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Form, Path, Response, UploadFile, status
from pydantic import BaseModel, Field

from api.deps import CurrentActor
from api.providers import ProblemReadsDep, ProblemsDep
from domain.errors import InvalidValueError
from domain.evidence import EvidenceFile
from infrastructure.files import file_response

router = APIRouter(tags=["evidence files"])


class FileResponse(BaseModel):
    sha256: str = Field(description="name the file by it on a record (e.g. rectify's `files`)")
    name: str
    content_type: str = Field(description="judged from the bytes: JPEG, PNG, GIF, WebP or PDF")
    size: int

    @classmethod
    def of(cls, file: EvidenceFile) -> FileResponse:
        return cls(
            sha256=file.sha256, name=file.name, content_type=file.content_type, size=file.size
        )


@router.post("/files", status_code=status.HTTP_201_CREATED)
async def upload_file(
    actor: CurrentActor,
    problems: ProblemsDep,
    file: UploadFile | None = None,
    name: Annotated[str, Form(max_length=200)] = "",
) -> FileResponse:
    """A photo, a PDF or a scan (multipart `file`, optional `name`); a file of another kind,
    whatever its name, is a 422; one over RECTIFY_MAX_FILE_BYTES a 413."""
    problems.evidence.check_may_upload(actor)
    if file is None:
        raise InvalidValueError("file", "send the file as the multipart field `file`")
    content = await file.read()
    shown = name or file.filename or "file"
    return FileResponse.of(problems.evidence.upload(actor, shown, content))


@router.get(
    "/problems/{problem_id}/files/{sha256}",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}, "application/pdf": {}}}},
)
def problem_file(
    problem_id: UUID,
    sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")],
    actor: CurrentActor,
    reads: ProblemReadsDep,
) -> Response:
    """A file of the problem, to whoever may read the problem; else 404."""
    file, content = reads.evidence_file(actor, problem_id, sha256)
    return file_response(file, content)

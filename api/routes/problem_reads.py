"""GET a problem now, as of a version or an instant, its full history, and its dossier file."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.deps import CurrentActor, etag
from api.providers import DossiersDep, ProblemReadsDep
from api.schemas.base import SupportedInstant, Version
from api.schemas.problems import HistoryEntryResponse, ProblemResponse
from domain.errors import InvalidValueError
from infrastructure.files import DOCX
from infrastructure.reports.files import dossier_file

router = APIRouter(prefix="/problems", tags=["problems (reads)"])
AsOf = Annotated[
    SupportedInstant | None,
    Query(description="the problem as it stood at this instant (with offset)"),
]


@router.get("/{problem_id}")
def get_problem(
    problem_id: UUID,
    actor: CurrentActor,
    reads: ProblemReadsDep,
    response: Response,
    version: Version = None,
    as_of: AsOf = None,
) -> ProblemResponse:
    _check_moment(version, as_of)
    view = reads.get_problem(actor, problem_id, version=version, as_of=as_of)
    response.headers["ETag"] = etag(view.problem.version)
    return ProblemResponse.of(view.problem, view.light)


@router.get("/{problem_id}/history")
def get_history(
    problem_id: UUID, actor: CurrentActor, reads: ProblemReadsDep
) -> list[HistoryEntryResponse]:
    return [HistoryEntryResponse.of(e) for e in reads.history(actor, problem_id)]


@router.get(
    "/{problem_id}/dossier.docx", response_class=Response, responses={200: {"content": {DOCX: {}}}}
)
def get_dossier(
    problem_id: UUID,
    actor: CurrentActor,
    dossiers: DossiersDep,
    version: Version = None,
    as_of: AsOf = None,
) -> Response:
    """问题档案: the problem's record, fix, demands, files and whole history as of a version
    or an instant (default: now), as a Word document; the same version gives the same bytes."""
    _check_moment(version, as_of)
    return dossier_file(dossiers.dossier(actor, problem_id, version=version, as_of=as_of))


def _check_moment(version: int | None, as_of: datetime | None) -> None:
    if version is not None and as_of is not None:
        raise InvalidValueError("as_of", "give version or as_of, not both")
    if as_of is not None and as_of.tzinfo is None:
        raise InvalidValueError("as_of", "an instant needs its offset, e.g. +08:00")

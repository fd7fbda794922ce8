"""GET /audit/verify: recompute the ledger's hash chain and name the first link that breaks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import CurrentActor
from api.providers import AuditDep
from domain.errors import InvalidValueError
from domain.permissions import check_can_verify_ledger
from infrastructure.integrity import Anchor

router = APIRouter(tags=["audit"])


class VerifyResponse(BaseModel):
    ok: bool
    events: int = Field(description="events whose links were recomputed and matched")
    head_link: str = Field(description="the last good link (hex): note it to detect truncation")
    position: int | None = Field(None, description="log position of the first broken link")
    aggregate_id: str | None = Field(None, description="the problem (or other record) it is in")
    version: int | None = None
    reason: str = ""


Anchors = Annotated[
    list[str] | None,
    Query(
        max_length=50,
        description="`position:link` as printed in a submission (repeatable): the chain must "
        "still reach each, which also catches a rewrite of the whole chain",
    ),
]


@router.get("/audit/verify")
def verify(actor: CurrentActor, audit: AuditDep, anchor: Anchors = None) -> VerifyResponse:
    """Walks the whole log in pages (constant memory); inspectors and the office may ask."""
    check_can_verify_ledger(actor)
    try:
        anchors = [Anchor.parse(text) for text in anchor or ()]
    except ValueError as error:
        raise InvalidValueError("anchor", str(error)) from None
    verdict = audit.verify(anchors=anchors)
    return VerifyResponse(
        ok=verdict.ok,
        events=verdict.events,
        head_link=verdict.head_link,
        position=verdict.position,
        aggregate_id=str(verdict.originator_id) if verdict.originator_id else None,
        version=verdict.version,
        reason=verdict.reason,
    )

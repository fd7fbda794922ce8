"""GET /audit/verify: recompute the ledger's hash chain and name the first link that breaks."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import CurrentActor, ServicesDep
from domain.permissions import check_can_verify_ledger

router = APIRouter(tags=["audit"])


class VerifyResponse(BaseModel):
    ok: bool
    events: int = Field(description="events whose links were recomputed and matched")
    head_link: str = Field(description="the last good link (hex): note it to detect truncation")
    position: int | None = Field(None, description="log position of the first broken link")
    aggregate_id: str | None = Field(None, description="the problem (or other record) it is in")
    version: int | None = None
    reason: str = ""


@router.get("/audit/verify")
def verify(actor: CurrentActor, services: ServicesDep) -> VerifyResponse:
    """Walks the whole log in pages (constant memory); inspectors and the office may ask."""
    check_can_verify_ledger(actor)
    verdict = services.audit.verify()
    return VerifyResponse(
        ok=verdict.ok,
        events=verdict.events,
        head_link=verdict.head_link,
        position=verdict.position,
        aggregate_id=str(verdict.originator_id) if verdict.originator_id else None,
        version=verdict.version,
        reason=verdict.reason,
    )

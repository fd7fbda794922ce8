"""The district's rules in force and every version adopted (who, when, from where)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import CurrentActor
from api.providers import RulesDep
from api.schemas.base import ActorResponse
from domain.rules_book import RulesVersion

router = APIRouter(tags=["district rules"])


class RulesVersionResponse(BaseModel):
    number: int
    digest: str = Field(description="SHA-256 of the text adopted")
    source: str = Field(description="the rules file it was read from")
    adopted_at: datetime
    adopted_by: ActorResponse
    text: str = Field(description="the rules file as adopted (TOML)")

    @classmethod
    def of(cls, version: RulesVersion) -> RulesVersionResponse:
        return cls(
            number=version.number,
            digest=version.digest,
            source=version.source,
            adopted_at=version.adopted_at,
            adopted_by=ActorResponse.of(version.adopted_by),
            text=version.text,
        )


class RulesResponse(BaseModel):
    district: str
    in_force: RulesVersionResponse | None
    versions: list[RulesVersionResponse] = Field(description="oldest first")


@router.get("/rules")
def district_rules(_: CurrentActor, rules: RulesDep) -> RulesResponse:
    """Phase limits, lights, acceptance, backdating and activity schedules: the text in force
    and every earlier version, each with who adopted it and when."""
    versions = [RulesVersionResponse.of(v) for v in rules.history()]
    return RulesResponse(
        district=rules.current().district,
        in_force=versions[-1] if versions else None,
        versions=versions,
    )

"""Units, credentials and the access log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.deps import AdminActor, CurrentActor, ServicesDep
from api.schemas.admin import (
    AccessEntryResponse,
    AccessLogResponse,
    AddUnitRequest,
    CreateCredentialRequest,
    CredentialResponse,
    UnitResponse,
)
from domain.codes import label
from domain.units import Unit

router = APIRouter(tags=["units, credentials, access log"])


def unit_response(unit: Unit) -> UnitResponse:
    return UnitResponse(
        code=unit.code, name=unit.name, kind=unit.kind.value, kind_label=label(unit.kind)
    )


@router.get("/units")
def list_units(_: CurrentActor, services: ServicesDep) -> list[UnitResponse]:
    return [unit_response(u) for u in services.units.list_units()]


@router.post("/units", status_code=status.HTTP_201_CREATED)
def add_unit(body: AddUnitRequest, actor: AdminActor, services: ServicesDep) -> UnitResponse:
    return unit_response(services.units.add_unit(body.code, body.name, body.kind, actor))


@router.post("/credentials", status_code=status.HTTP_201_CREATED)
def create_credential(
    body: CreateCredentialRequest, _: AdminActor, services: ServicesDep
) -> CredentialResponse:
    if body.unit is not None:
        services.units.register().check_known(body.unit, "unit")
    issued = services.credentials.issue(body.name, body.role, body.unit)
    actor = issued.actor
    return CredentialResponse(
        name=actor.name, role=actor.role.value, unit=actor.unit, token=issued.token
    )


@router.delete("/credentials/{name}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_credential(name: str, _: AdminActor, services: ServicesDep) -> Response:
    services.credentials.revoke(name)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/access-log")
def list_access_log(
    actor: CurrentActor,
    services: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query(pattern=r"^\d{1,18}$")] = None,
) -> AccessLogResponse:
    """Inspectors' reads (who looked at which problem, when), oldest first."""
    after = int(cursor) if cursor else 0
    entries = services.access_log.list_access(actor, after=after, limit=limit)
    items = [
        AccessEntryResponse(
            position=e.position,
            reader=e.actor.name,
            reader_role=e.actor.role.value,
            problem_id=e.problem_id,
            view=e.view,
            version=e.version,
            as_of=e.as_of,
            recorded_at=e.recorded_at,
        )
        for e in entries
    ]
    next_cursor = str(entries[-1].position) if len(entries) == limit else None
    return AccessLogResponse(items=items, next_cursor=next_cursor)

"""Units, credentials and the access log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.deps import AdminActor, CurrentActor
from api.providers import AccessLogDep, CredentialRegisterDep, UnitMergeDep, UnitsDep
from api.schemas.admin import (
    AccessEntryResponse,
    AccessLogResponse,
    AddUnitRequest,
    CreateCredentialRequest,
    CredentialChangeResponse,
    CredentialLogResponse,
    CredentialResponse,
    MergeUnitRequest,
    MergeUnitResponse,
    RenameUnitRequest,
    UnitResponse,
)
from application.access_log import AccessFilter
from domain.codes import label
from domain.units import Unit

router = APIRouter(tags=["units, credentials, access log"])


def unit_response(unit: Unit) -> UnitResponse:
    return UnitResponse(
        code=unit.code,
        name=unit.name,
        kind=unit.kind.value,
        kind_label=label(unit.kind),
        merged_into=unit.merged_into,
    )


@router.get("/units")
def list_units(_: CurrentActor, units: UnitsDep) -> list[UnitResponse]:
    return [unit_response(u) for u in units.list_units()]


@router.post("/units", status_code=status.HTTP_201_CREATED)
def add_unit(body: AddUnitRequest, actor: AdminActor, units: UnitsDep) -> UnitResponse:
    return unit_response(units.add_unit(body.code, body.name, body.kind, actor))


@router.post("/units/{code}/rename")
def rename_unit(
    code: str, body: RenameUnitRequest, actor: AdminActor, units: UnitsDep
) -> UnitResponse:
    """更名 (机构改革): the same unit under a new name from now on; files and bulletins of
    periods ended before keep the name they were made with (ADR 54)."""
    return unit_response(units.rename_unit(code, body.name, actor))


@router.post("/units/{code}/merge")
def merge_unit(
    code: str, body: MergeUnitRequest, actor: AdminActor, merge: UnitMergeDep
) -> MergeUnitResponse:
    """撤并 (机构改革): the unit takes no new work from now on; its people move to `into`, which
    takes over every problem it still held, helped with or was asked about (ADR 55). Asked
    again with the same `into`, it carries on with whatever is left and answers the same."""
    done = merge.merge(actor, code, body.into)
    return MergeUnitResponse(
        unit=unit_response(done.unit),
        successor=unit_response(done.successor),
        people_moved=list(done.people_moved),
        problems_taken_over=done.problems_taken_over,
    )


@router.post("/credentials", status_code=status.HTTP_201_CREATED)
def create_credential(
    body: CreateCredentialRequest,
    admin: AdminActor,
    register: CredentialRegisterDep,
    response: Response,
) -> CredentialResponse:
    """The token is in this answer only: it is marked no-store, so neither an HTTP cache nor
    the idempotency record keeps it (a retry with the same key is a 409)."""
    issued = register.issue(admin, body.name, body.role, body.unit)
    response.headers["Cache-Control"] = "no-store"
    actor = issued.credential
    return CredentialResponse(
        name=actor.name, role=actor.role.value, unit=actor.unit, token=issued.token
    )


@router.delete("/credentials/{name}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_credential(name: str, admin: AdminActor, register: CredentialRegisterDep) -> Response:
    register.revoke(admin, name)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


Limit = Annotated[int, Query(ge=1, le=500)]
Cursor = Annotated[str | None, Query(pattern=r"^\d{1,18}$")]


@router.get("/access-log")
def list_access_log(
    actor: CurrentActor,
    access_log: AccessLogDep,
    limit: Limit = 100,
    cursor: Cursor = None,
    reader: Annotated[str | None, Query(max_length=64, description="a credential name")] = None,
    kind: Annotated[str | None, Query(max_length=20, description="state, list, export…")] = None,
    period: Annotated[
        str | None, Query(max_length=10, description="2026-11, 2026Q4, 2026H2, 2026 or 2026-W48")
    ] = None,
) -> AccessLogResponse:
    """Inspectors' reads (who read what, with which filters, how many rows, when), oldest first."""
    after = int(cursor) if cursor else 0
    f = AccessFilter.of(reader, kind, period)
    entries = access_log.list_access(actor, f, after=after, limit=limit)
    items = [
        AccessEntryResponse(
            position=e.position,
            reader=e.actor.name,
            reader_role=e.actor.role.value,
            kind=e.kind,
            problem_id=e.problem_id,
            view=e.kind,
            version=e.version,
            as_of=e.as_of,
            path=e.path,
            query=e.query,
            rows=e.rows,
            recorded_at=e.recorded_at,
        )
        for e in entries
    ]
    next_cursor = str(entries[-1].position) if len(entries) == limit else None
    return AccessLogResponse(items=items, next_cursor=next_cursor)


@router.get("/credential-log")
def list_credential_log(
    actor: CurrentActor, access_log: AccessLogDep, limit: Limit = 100, cursor: Cursor = None
) -> CredentialLogResponse:
    """Every credential issued or revoked: by whom, to whom (role and unit), when."""
    after = int(cursor) if cursor else 0
    changes = access_log.list_credential_changes(actor, after=after, limit=limit)
    items = [
        CredentialChangeResponse(
            position=c.position,
            change=c.change,
            by=c.by.name,
            name=c.credential.name,
            role=c.credential.role.value,
            unit=c.credential.unit,
            recorded_at=c.recorded_at,
        )
        for c in changes
    ]
    next_cursor = str(changes[-1].position) if len(changes) == limit else None
    return CredentialLogResponse(items=items, next_cursor=next_cursor)

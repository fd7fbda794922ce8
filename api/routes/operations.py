"""Liveness, readiness and metrics.

Only /healthz is open. /readyz tells an anonymous caller ready or not, and an office or admin
credential the details (log head, lag, stalled projections); /metrics needs such a credential."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from api.deps import ServicesDep, optional_actor, require_role
from domain.actor import Actor, Role

router = APIRouter(tags=["operations"])

OperatorActor = Annotated[Actor, Depends(require_role(Role.OFFICE, Role.ADMIN))]


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process answers; no auth, no store."""
    return {"status": "ok"}


@router.get("/readyz", response_model=None)
def readyz(
    services: ServicesDep, caller: Annotated[Actor | None, Depends(optional_actor)]
) -> JSONResponse:
    """The event store and the service tables answer, and no projection is stalled on an
    event it cannot apply."""
    checks: dict[str, object] = {}
    ready = True
    try:
        services.sql.execute("SELECT 1")  # first: it fails within the connect timeout, where
        checks["tables"] = "ok"  # the event store's reads retry for much longer
        checks["log_head"] = services.ledger.head_position()
        checks["projection_lag"] = services.read_models.lag()
        faults = services.read_models.faults()
        if faults:
            ready = False
            checks["stalled"] = [
                {"projection": f.name, "position": f.position, "since": f.failed_at} for f in faults
            ]
    except Exception as error:
        ready = False
        checks["error"] = type(error).__name__
    body: dict[str, object] = {"status": "ready" if ready else "unavailable"}
    if caller is not None and caller.role in (Role.OFFICE, Role.ADMIN):
        body["checks"] = checks
    return JSONResponse(body, status_code=200 if ready else 503)


@router.get("/metrics", response_class=Response)
def metrics(request: Request, services: ServicesDep, _: OperatorActor) -> Response:
    """Prometheus text; scrape it with an office or admin bearer token."""
    stalled = {f.name: f.position for f in services.read_models.faults()}
    body = request.app.state.metrics.render(
        services.ledger.head_position(), services.read_models.lag(), stalled
    )
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")

"""Liveness, readiness and metrics.

Only /healthz is open. /readyz tells an anonymous caller ready or not, and an office or admin
credential the details (log head, lag, stalled projections); /metrics needs such a credential."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse

from api.deps import optional_actor, require_role
from api.providers import HealthDep, MetricsDep
from domain.actor import Actor, Role

router = APIRouter(tags=["operations"])

OperatorActor = Annotated[Actor, Depends(require_role(Role.OFFICE, Role.ADMIN))]


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process answers; no auth, no store."""
    return {"status": "ok"}


@router.get("/readyz", response_model=None)
def readyz(
    health: HealthDep, caller: Annotated[Actor | None, Depends(optional_actor)]
) -> JSONResponse:
    """The event store and the service tables answer, and no projection is stalled on an
    event it cannot apply."""
    readiness = health.readiness()
    body: dict[str, object] = {"status": "ready" if readiness.ready else "unavailable"}
    if caller is not None and caller.role in (Role.OFFICE, Role.ADMIN):
        body["checks"] = readiness.checks
    return JSONResponse(body, status_code=200 if readiness.ready else 503)


@router.get("/metrics", response_class=Response)
def metrics(health: HealthDep, registry: MetricsDep, _: OperatorActor) -> Response:
    """Prometheus text; scrape it with an office or admin bearer token."""
    stalled = {f.name: f.position for f in health.faults()}
    body = registry.render(health.head(), health.lag(), stalled)
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")

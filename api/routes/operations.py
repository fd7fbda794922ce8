"""Liveness, readiness and metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from api.deps import ServicesDep

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process answers; no auth, no store."""
    return {"status": "ok"}


@router.get("/readyz", response_model=None)
def readyz(services: ServicesDep) -> JSONResponse | dict[str, object]:
    """The event store and the service tables answer."""
    checks: dict[str, object] = {}
    try:
        services.sql.execute("SELECT 1")  # first: it fails within the connect timeout, where
        checks["tables"] = "ok"  # the event store's reads retry for much longer
        checks["log_head"] = services.ledger.head_position()
        checks["projection_lag"] = services.read_models.lag()
    except Exception as error:
        checks["error"] = type(error).__name__
        return JSONResponse({"status": "unavailable", "checks": checks}, status_code=503)
    return {"status": "ready", "checks": checks}


@router.get("/metrics", response_class=Response)
def metrics(request: Request, services: ServicesDep) -> Response:
    body = request.app.state.metrics.render(
        services.ledger.head_position(), services.read_models.lag()
    )
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")

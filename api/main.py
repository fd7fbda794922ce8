"""The composition root: create_app(settings) wires settings, store, services and routes."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.middleware import install_middleware
from api.openapi import install_openapi
from api.routes import (
    activities,
    admin,
    audit,
    calendar,
    files,
    ledger_import,
    lists,
    notifications,
    operations,
    problem_commands,
    problem_reads,
    reports,
    rules,
    submissions,
    workflow,
)
from api.routes.api_docs import install_api_docs
from application.ports import Clock
from infrastructure.event_log import configure_logging
from infrastructure.metrics import Metrics
from infrastructure.services import Services, build_services
from infrastructure.settings import Settings
from web.routes import install_workbench

DESCRIPTION = """整改通 Rectify: every problem found in the public-service halls, tracked
until it is fixed and struck off (整改销号). Event-sourced: each problem's history is kept whole."""


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    services: Services | None = None,
) -> FastAPI:
    """Build the app; the store opens at start-up (lifespan), not at import."""
    settings = settings or Settings()
    configure_logging(settings.log_json, settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = services is None
        app.state.services = services or build_services(settings, clock)
        app.state.services.ledger.listeners.append(app.state.metrics.count_recordings)
        if settings.run_projections:
            app.state.services.read_models.start()
        if settings.run_notifier:
            app.state.services.notifications.start()
        if settings.prepare_ended_periods:
            app.state.services.period_ends.start()
        if owned:  # a served process: what start-up made lives as long as the process, so no
            gc.freeze()  # collection needs to scan it again (tests build many apps: not them)
        try:
            yield
        finally:  # only what this start-up began: a caller's own workers keep running
            if settings.prepare_ended_periods:
                app.state.services.period_ends.close()
            if settings.run_notifier:
                app.state.services.notifications.close()
            if settings.run_projections:
                app.state.services.read_models.close()
            if owned:
                app.state.services.close()

    app = FastAPI(
        title="Rectify 整改通",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served from the service's own assets (api/routes/api_docs.py)
        redoc_url=None,
    )
    metrics = Metrics()
    app.state.metrics = metrics

    def built() -> Services:
        started: Services = app.state.services
        return started

    install_error_handlers(app)
    install_openapi(app)
    install_middleware(app, settings.max_body_bytes, metrics, built, settings.max_file_bytes)
    for router in (  # first: FastAPI tries routes in order, and the API takes the traffic
        operations.router,
        ledger_import.router,  # before /problems/{problem_id}
        problem_commands.router,
        workflow.router,
        files.router,
        rules.router,
        calendar.router,
        notifications.router,
        submissions.router,
        problem_reads.router,
        admin.router,
        lists.router,
        reports.router,
        activities.router,
        audit.router,
    ):
        app.include_router(router)
    install_api_docs(app)
    install_workbench(app)
    return app


def app_from_environment() -> FastAPI:
    """The factory each worker process of `rectify serve --workers N` calls (settings from the
    environment, checked by the parent before it started them)."""
    return create_app(Settings())

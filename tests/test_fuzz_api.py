"""Schemathesis against /openapi.json with a credential of each role: no 500s, and every response
matches the schema (status, content type, body). Bounded examples keep it in CI's budget."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.main import create_app
from domain.actor import Role
from infrastructure.clock import SteppingClock
from infrastructure.demo_units import load_demo_units
from infrastructure.services import build_services
from infrastructure.settings import Settings
from tests.conftest import ADMIN, TODAY_NOON

EXAMPLES = int(os.environ.get("RECTIFY_FUZZ_EXAMPLES", "4"))
EXPLORE = os.environ.get("RECTIFY_FUZZ_EXPLORE") == "1"
"""CI runs the same examples every time (derandomized); RECTIFY_FUZZ_EXPLORE=1 with more
RECTIFY_FUZZ_EXAMPLES draws new ones, to look for faults between releases."""

ROLES = {
    "office": (Role.OFFICE, None),
    "unit_lead": (Role.UNIT_LEAD, "civil_affairs"),
    "inspector": (Role.INSPECTOR, None),
    "admin": (Role.ADMIN, None),
}


def _app_with_tokens(tmp: Path):  # type: ignore[no-untyped-def]
    settings = Settings(database_url=f"sqlite:///{tmp / 'fuzz.sqlite3'}", log_level="ERROR")
    services = build_services(settings, SteppingClock(TODAY_NOON))
    load_demo_units(services.units, ADMIN)
    tokens = {n: services.credentials.issue(f"fuzz-{n}", r, u).token for n, (r, u) in ROLES.items()}
    app = create_app(settings, services=services)
    app.state.services = services  # schemathesis' ASGI client does not run the lifespan
    return app, services, tokens


APP, SERVICES, TOKENS = _app_with_tokens(Path(tempfile.mkdtemp(prefix="rectify-fuzz-")))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _read_models() -> Iterator[None]:
    """Followed only while this module runs, not from collection to the end of the session."""
    SERVICES.read_models.start()
    yield
    SERVICES.close()


@pytest.mark.parametrize("role", list(ROLES))
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=not EXPLORE,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors_and_every_response_fits_the_schema(case, role: str) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKENS[role]}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )

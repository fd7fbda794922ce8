"""Every workbench route, asked by someone not signed in, goes to the sign-in page: none answers
with a page, a file or a fragment. A page added later is checked here without being listed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from fastapi.routing import APIRoute

from tests.conftest import Api
from tests.workbench import browser

PARAMETER = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")
SAMPLES = {"year": "2026", "quarter": "2026Q3", "number": "1", "sha256": "0" * 64}


def workbench_routes(routes: Iterable[Any]) -> list[tuple[str, str]]:
    """The app's routes, into the routers it includes (FastAPI wraps each included one)."""
    found = []
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            found += workbench_routes(included.routes)
        elif isinstance(route, APIRoute) and route.path.startswith("/workbench"):
            found += [(method, route.path) for method in sorted(route.methods)]
    return found


def test_every_workbench_route_sends_the_signed_out_to_sign_in(api: Api) -> None:
    routes = workbench_routes(api.client.app.routes)  # type: ignore[attr-defined]
    assert len(routes) > 40  # the pages, forms and downloads are all found
    client = browser(api)
    answered = {}
    for method, path in routes:
        address = PARAMETER.sub(
            lambda m: SAMPLES.get(m.group(1), "00000000-0000-4000-8000-000000000000"), path
        )
        answer = client.request(
            method, address, data={"form_token": "x"} if method == "POST" else None
        )
        location = answer.headers.get("location", "")
        if not (answer.status_code == 303 and location.startswith("/signin")):
            answered[(method, path)] = answer.status_code
    assert answered == {}

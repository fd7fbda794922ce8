"""Helpers of the workbench's HTTP tests: a person's own browser (cookies) on the real app."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import PASSWORD, Api

__all__ = ["PASSWORD", "TOKEN", "browser", "form_token", "sign_in"]
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def browser(api: Api) -> TestClient:
    """A second client of the same app: its own cookies, as a person's browser has."""
    app = api.client.app
    return TestClient(app, base_url="http://testserver", follow_redirects=False)  # type: ignore[arg-type]


def sign_in(client: TestClient, login: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    page = client.get("/signin")
    token = TOKEN.search(page.text).group(1)  # type: ignore[union-attr]
    return client.post("/signin", data={"login": login, "password": password, "form_token": token})


def form_token(client: TestClient, path: str = "/workbench") -> str:
    return TOKEN.search(client.get(path).text).group(1)  # type: ignore[union-attr]

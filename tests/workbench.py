"""Helpers of the workbench's HTTP tests: a person's own browser (cookies) on the real app."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from application.people import Account
from domain.actor import Role
from tests.conftest import ADMIN, PASSWORD, Api

__all__ = ["PASSWORD", "TOKEN", "browser", "form_token", "sign_in", "signed_in_as"]
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


def signed_in_as(api: Api, login: str, role: Role, unit: str | None = None) -> TestClient:
    """A new person of `role` (no password change pending), signed in in a browser of its own."""
    account = Account(login, login.upper(), unit, role, must_change=False)
    api.services.people.add_person(ADMIN, account, PASSWORD)
    client = browser(api)
    sign_in(client, login)
    return client

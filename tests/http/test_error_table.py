"""One test per row of the error table (api/errors.py): each error the service knows answers
its status as RFC 9457 problem+json, with no trace of where it came from."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.errors import (
    ERROR_TABLE,
    STORE_UNAVAILABLE,
    RequestHeaderError,
    install_error_handlers,
)
from application.errors import StaleVersionError
from domain.errors import CalendarUnknownError, InvalidValueError, TooLargeError

SPECIAL: dict[type[BaseException], BaseException] = {
    StaleVersionError: StaleVersionError("problem", 3, 4),
    InvalidValueError: InvalidValueError("found_on", "is after today"),
    TooLargeError: TooLargeError("file", "is larger than 100 bytes"),
    CalendarUnknownError: CalendarUnknownError(2031),
    RequestHeaderError: RequestHeaderError("If-Match", 'expected "<version>"'),
}


def raising(error: BaseException) -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/boom")
    def boom() -> None:
        raise error

    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize(
    ("error_class", "status", "title"), ERROR_TABLE, ids=[row[0].__name__ for row in ERROR_TABLE]
)
def test_each_row_of_the_error_table(
    error_class: type[BaseException], status: int, title: str
) -> None:
    error = SPECIAL.get(error_class) or error_class("a message from deep inside")
    answer = raising(error).get("/boom")
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("application/problem+json")
    body = answer.json()
    assert {"type", "title", "status", "detail"} <= body.keys() and body["status"] == status
    assert body["type"].startswith("urn:rectify:error:")
    assert "Traceback" not in answer.text
    if status == 503:
        assert answer.headers["retry-after"] == "1"
    if error_class in STORE_UNAVAILABLE:
        assert "deep inside" not in answer.text  # a driver's message is not shown
    else:
        assert body["title"] == title
    if status == 401:
        assert answer.headers["www-authenticate"] == "Bearer"
    if error_class in (InvalidValueError, RequestHeaderError):
        assert body["errors"][0]["field"] in ("found_on", "If-Match")


def test_an_error_not_in_the_table_is_a_500_that_says_nothing() -> None:
    answer = raising(RuntimeError("SELECT secret FROM somewhere")).get("/boom")
    assert answer.status_code == 500
    assert answer.json()["type"] == "urn:rectify:error:internal"
    assert "SELECT" not in answer.text and "secret" not in answer.text

"""The one error table: every exception the service knows, as RFC 9457 problem+json."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg
import psycopg_pool
import structlog
from eventsourcing.persistence import InterfaceError, OperationalError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from application.errors import (
    ActivityNotFoundError,
    ConcurrentUpdateError,
    DuplicateRecordError,
    ProblemNotFoundError,
    ReadModelBehindError,
    RegisterNotReadyError,
    StaleVersionError,
)
from domain.errors import (
    CalendarUnknownError,
    DomainError,
    DuplicateUnitError,
    InvalidTransitionError,
    InvalidValueError,
    NotVisibleError,
    PermissionDeniedError,
    TooLargeError,
    UnknownDemandError,
)
from infrastructure.credentials import CredentialExistsError, CredentialNotFoundError
from web.error_pages import error_page, is_workbench

PROBLEM_JSON = "application/problem+json"


class AuthenticationError(Exception):
    """Raised when a request carries no bearer token, or one the service does not know."""


class RequestHeaderError(Exception):
    """Raised when a header the contract defines (If-Match) is malformed."""

    def __init__(self, header: str, message: str) -> None:
        super().__init__(message)
        self.header = header
        self.message = message


ERROR_TABLE: list[tuple[type[BaseException], int, str]] = [
    (AuthenticationError, 401, "Unauthorized"),
    (PermissionDeniedError, 403, "Forbidden"),
    (NotVisibleError, 404, "Not found"),
    (ProblemNotFoundError, 404, "Not found"),
    (ActivityNotFoundError, 404, "Not found"),
    (UnknownDemandError, 404, "Not found"),
    (CredentialNotFoundError, 404, "Not found"),
    (InvalidTransitionError, 409, "Does not fit the current status"),
    (DuplicateRecordError, 409, "Already recorded"),
    (ConcurrentUpdateError, 409, "Concurrent update"),
    (DuplicateUnitError, 409, "Already registered"),
    (CredentialExistsError, 409, "Already exists"),
    (RegisterNotReadyError, 409, "Unit register not ready"),
    (StaleVersionError, 412, "Precondition failed"),
    (TooLargeError, 413, "Payload too large"),
    (InvalidValueError, 422, "Invalid value"),
    (CalendarUnknownError, 422, "Calendar unknown"),
    (RequestHeaderError, 422, "Invalid header"),
    (ReadModelBehindError, 503, "Read model behind"),
    (OperationalError, 503, "Store unavailable"),
    (InterfaceError, 503, "Store unavailable"),
    (psycopg.OperationalError, 503, "Store unavailable"),
    (psycopg_pool.PoolTimeout, 503, "Store unavailable"),
    (sqlite3.OperationalError, 503, "Store unavailable"),
]


STORE_UNAVAILABLE: tuple[type[BaseException], ...] = tuple(
    error_class
    for error_class, status, _ in ERROR_TABLE
    if status == 503 and error_class is not ReadModelBehindError
)


def store_unavailable_response() -> JSONResponse:
    """For code outside the routes (middleware), where the exception handlers do not reach."""
    response = problem_response(
        503, "Store unavailable", "the event store cannot be reached; retry", "unavailable"
    )
    response.headers["Retry-After"] = "1"
    return response


def problem_response(status: int, title: str, detail: str, code: str, **extra: Any) -> JSONResponse:
    body = {"type": f"urn:rectify:error:{code}", "title": title, "status": status, "detail": detail}
    body.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _from_table(request: Request, error: Exception) -> Response:
    for error_class, status, title in ERROR_TABLE:
        if isinstance(error, error_class):
            if is_workbench(request.url.path):
                return error_page(status)
            return _render(error, status, title)
    return _internal(request, error)


def _render(error: Exception, status: int, title: str) -> JSONResponse:
    code = getattr(error, "code", title.lower().replace(" ", "_"))
    if isinstance(error, ReadModelBehindError):
        response = problem_response(503, title, str(error), "read_model_behind")
        response.headers["Retry-After"] = "1"
        return response
    if status == 503:
        return store_unavailable_response()
    if isinstance(error, InvalidValueError):
        fields = [{"field": error.field, "message": error.message}]
        return problem_response(status, title, str(error), code, errors=fields)
    if isinstance(error, RequestHeaderError):
        fields = [{"field": error.header, "message": error.message}]
        return problem_response(status, title, str(error), "invalid_header", errors=fields)
    if isinstance(error, AuthenticationError):
        return problem_response(status, title, str(error), "unauthorized")
    return problem_response(status, title, str(error), str(code))


def _internal(request: Request, error: Exception) -> Response:
    structlog.get_logger("rectify.api").error(
        "unhandled_error", path=request.url.path, error_type=type(error).__name__, exc_info=error
    )
    if is_workbench(request.url.path):
        return error_page(500)
    return problem_response(
        500, "Internal error", "the server failed; it has been logged", "internal"
    )


def _validation(request: Request, error: RequestValidationError) -> Response:
    if is_workbench(request.url.path):
        return error_page(422)
    fields = [
        {"field": ".".join(str(p) for p in e["loc"] if p != "body") or "body", "message": e["msg"]}
        for e in error.errors()
    ]
    return problem_response(
        422,
        "Invalid request",
        "the request does not match the contract",
        "validation",
        errors=fields,
    )


UNREADABLE_BODY = "not valid UTF-8 JSON, or nested too deeply to read"
UNREADABLE_FORM = "not a readable multipart/form-data body (its boundary or a part is malformed)"


def _http(request: Request, error: StarletteHTTPException) -> Response:
    if is_workbench(request.url.path):
        return error_page(error.status_code)
    if error.status_code == 400:  # FastAPI's word for a body it could not decode
        unreadable = UNREADABLE_BODY
        if request.headers.get("content-type", "").lower().startswith("multipart/"):
            unreadable = UNREADABLE_FORM
        fields = [{"field": "body", "message": unreadable}]
        return problem_response(
            422, "Invalid request", f"the body is {unreadable}", "validation", errors=fields
        )
    title = {404: "Not found", 405: "Method not allowed", 413: "Payload too large"}.get(
        error.status_code, "HTTP error"
    )
    return problem_response(
        error.status_code, title, str(error.detail), f"http_{error.status_code}"
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    for error_class in {row[0] for row in ERROR_TABLE} | {DomainError}:
        app.add_exception_handler(error_class, _from_table)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _internal)

"""The workbench's pages: sign in and out, change a password, the worklist (待办). Each route
renders one page from the same application services the JSON API uses."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from application.errors import ProblemNotFoundError
from application.people import SignInRefusedError
from application.ports import CHINA
from domain.actor import Role
from domain.codes import label
from domain.errors import InvalidValueError, NotVisibleError, PermissionDeniedError
from web.labels import EVENT, FIELD_ERRORS, LIGHT, ROLE, SIGN_IN_REFUSED, STATUS
from web.providers import ListsDep, ProblemReadsDep, UnitsDep
from web.security import WorkbenchHeaders
from web.session import (
    SESSION_COOKIE,
    SIGN_IN_COOKIE,
    FormTokenError,
    PeopleDep,
    PersonDep,
    SecureCookies,
    SignedIn,
    SignInNeededError,
    check_form_token,
    new_sign_in_token,
)
from web.worklist import worklist

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")  # autoescapes every .html
router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form(max_length=200)]


def page(
    request: Request, name: str, person: SignedIn | None, status: int = 200, **context: Any
) -> HTMLResponse:
    shown: dict[str, Any] = {"person": None, "form_token": ""}
    if person is not None:
        shown |= {
            "person": person.account,
            "role_label": ROLE[person.account.role],
            "form_token": person.form_token,
        }
    return templates.TemplateResponse(request, name, shown | context, status_code=status)


def to(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@router.get("/")
def home() -> RedirectResponse:
    return to("/workbench")


@router.get("/signin")
def sign_in_page(request: Request) -> HTMLResponse:
    token = new_sign_in_token()
    response = page(request, "signin.html", None, form_token=token, login="")
    response.set_cookie(SIGN_IN_COOKIE, token, httponly=True, samesite="strict", path="/signin")
    return response


@router.post("/signin")
def sign_in(
    request: Request,
    people: PeopleDep,
    secure: SecureCookies,
    login: FormText,
    password: FormText,
    form_token: FormText = "",
) -> Response:
    check_form_token(request.cookies.get(SIGN_IN_COOKIE, ""), form_token)
    try:
        account, session, _ = people.sign_in(login.strip(), password)
    except SignInRefusedError as refused:
        again = new_sign_in_token()
        error = SIGN_IN_REFUSED[refused.reason]
        refusal = page(
            request, "signin.html", None, 400, form_token=again, login=login, error=error
        )
        refusal.set_cookie(SIGN_IN_COOKIE, again, httponly=True, samesite="strict", path="/signin")
        return refusal
    onward = to("/password" if account.must_change else "/workbench")
    onward.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict", secure=secure)
    onward.delete_cookie(SIGN_IN_COOKIE, path="/signin")
    return onward


@router.post("/signout")
def sign_out(person: PersonDep, people: PeopleDep, form_token: FormText = "") -> Response:
    check_form_token(person.form_token, form_token)
    people.sign_out(person.account, person.session)
    response = to("/signin")
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/password")
def password_page(request: Request, person: PersonDep) -> HTMLResponse:
    return page(request, "password.html", person)


@router.post("/password")
def change_password(
    request: Request,
    person: PersonDep,
    people: PeopleDep,
    current: FormText,
    new: FormText,
    repeat: FormText,
    form_token: FormText = "",
) -> Response:
    check_form_token(person.form_token, form_token)
    error = "两次输入的新密码不一致。" if new != repeat else ""
    if not error:
        try:
            people.change_password(person.account, current, new)
            return to("/workbench")
        except SignInRefusedError:
            error = "原密码不正确。"
        except InvalidValueError as refused:
            error = FIELD_ERRORS.get(refused.field, "新密码不符合要求。")
    return page(request, "password.html", person, 400, error=error)


@router.get("/workbench/problems/{problem_id}")
def problem_page(
    request: Request,
    problem_id: UUID,
    person: PersonDep,
    reads: ProblemReadsDep,
    units: UnitsDep,
    version: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
) -> Response:
    """One problem: its state (or, for an inspector, its state after record N) and every event."""
    if person.account.must_change:
        return to("/password")
    if version is not None and person.account.role is not Role.INSPECTOR:
        version = None  # only inspectors look back
    try:
        view = reads.get_problem(person.account.actor, problem_id, version=version)
        history = reads.history(person.account.actor, problem_id)
    except (NotVisibleError, ProblemNotFoundError, PermissionDeniedError):
        return page(request, "not_found.html", person, 404)
    problem = view.problem
    return page(
        request,
        "problem.html",
        person,
        problem=problem,
        light=view.light.value,
        version=version,
        history=history,
        source_label=label(problem.source),
        category_label=label(problem.category),
        unit_names={u.code: u.name for u in units.list_units()},
        status_label=STATUS,
        light_label=LIGHT,
        event_label=EVENT,
        role_labels=ROLE,
        china=CHINA,
    )


@router.get("/workbench/board")
def board_page(request: Request, person: PersonDep, lists: ListsDep) -> Response:
    """红黄绿: per unit, open problems by light and those flagged (a lead: its own unit)."""
    if person.account.must_change:
        return to("/password")
    try:
        rows = lists.board(person.account.actor)
    except PermissionDeniedError:
        return page(request, "forbidden.html", person, 403)
    return page(request, "board.html", person, rows=rows)


@router.get("/workbench")
def worklist_page(
    request: Request, person: PersonDep, lists: ListsDep, units: UnitsDep
) -> Response:
    if person.account.must_change:
        return to("/password")
    rows = worklist(lists, person.account.actor)
    names = {u.code: u.name for u in units.list_units()}
    return page(
        request,
        "worklist.html",
        person,
        rows=rows,
        todo_count=len(rows),
        unit_names=names,
        light_label=LIGHT,
        status_label=STATUS,
    )


def _sign_in_needed(request: Request, error: Exception) -> Response:
    return to("/signin")


def _form_token_refused(request: Request, error: Exception) -> Response:
    return HTMLResponse(
        "<!doctype html><title>请求被拒绝</title><p>页面已过期或请求来源不明，请返回重新操作。</p>",
        status_code=403,
    )


def install_workbench(app: FastAPI) -> None:
    app.add_exception_handler(SignInNeededError, _sign_in_needed)
    app.add_exception_handler(FormTokenError, _form_token_refused)
    app.add_middleware(WorkbenchHeaders)
    app.mount("/static/web", StaticFiles(directory=HERE / "static"), name="web-static")
    app.include_router(router)

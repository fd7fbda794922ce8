"""The workbench's pages: sign in and out, change a password, the worklist (待办). Each route
renders one page from the same application services the JSON API uses."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from application.people import SignInRefusedError
from domain.actor import Role
from domain.errors import InvalidValueError, PermissionDeniedError
from web import (
    access_log_page,
    activity_pages,
    activity_reports,
    admin_pages,
    calendar_page,
    evidence_pages,
    inbox_pages,
    ledger_import_page,
    list_pages,
    new_problem,
    person_page,
    problem_page,
    report_pages,
    roster_import_page,
    submission_pages,
)
from web.activity_pages import LABELS
from web.labels import FIELD_ERRORS, NEED, SIGN_IN_REFUSED
from web.providers import ListsDep, UnitsDep, WorklistDep
from web.rendering import HERE, page, to
from web.security import WorkbenchHeaders
from web.session import (
    SESSION_COOKIE,
    SIGN_IN_COOKIE,
    FormTokenError,
    PeopleDep,
    PersonDep,
    SecureCookies,
    SignInNeededError,
    check_form_token,
    new_sign_in_token,
    onward,
)
from web.trend_chart import SERIES, chart

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form(max_length=200)]


@router.get("/")
def home() -> RedirectResponse:
    return to("/workbench")


@router.get("/signin")
def sign_in_page(
    request: Request,
    next: Annotated[str, Query(max_length=500)] = "/workbench",
    ended: bool = False,
) -> HTMLResponse:
    token = new_sign_in_token()
    notice = "长时间未操作或已在别处退出，请重新登录。" if ended else ""
    response = page(
        request, "signin.html", None, form_token=token, login="", next=onward(next), notice=notice
    )
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
    next: Annotated[str, Form(max_length=500)] = "/workbench",
) -> Response:
    check_form_token(request.cookies.get(SIGN_IN_COOKIE, ""), form_token)
    try:
        account, session, _ = people.sign_in(login.strip(), password)
    except SignInRefusedError as refused:
        again = new_sign_in_token()
        error = SIGN_IN_REFUSED[refused.reason]
        refusal = page(
            request,
            "signin.html",
            None,
            400,
            form_token=again,
            login=login,
            error=error,
            next=onward(next),
        )
        refusal.set_cookie(SIGN_IN_COOKIE, again, httponly=True, samesite="strict", path="/signin")
        return refusal
    address = onward(next)
    if account.must_change:  # their own password first, then the page asked for
        asked = f"?{urlencode({'next': address})}" if address != "/workbench" else ""
        address = f"/password{asked}"
    going = to(address)
    going.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict", secure=secure)
    going.delete_cookie(SIGN_IN_COOKIE, path="/signin")
    return going


@router.post("/signout")
def sign_out(person: PersonDep, people: PeopleDep, form_token: FormText = "") -> Response:
    check_form_token(person.form_token, form_token)
    people.sign_out(person.account, person.session)
    response = to("/signin")
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/password")
def password_page(
    request: Request, person: PersonDep, next: Annotated[str, Query(max_length=500)] = ""
) -> HTMLResponse:
    """`next`: the page asked for before signing in, opened once the password is the person's."""
    return page(request, "password.html", person, next=onward(next))


@router.post("/password")
def change_password(
    request: Request,
    person: PersonDep,
    people: PeopleDep,
    current: FormText,
    new: FormText,
    repeat: FormText,
    form_token: FormText = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    check_form_token(person.form_token, form_token)
    error = "两次输入的新密码不一致。" if new != repeat else ""
    if not error:
        try:
            people.change_password(person.account, current, new)
            return to(onward(next))
        except SignInRefusedError:
            error = "原密码不正确。"
        except InvalidValueError as refused:
            error = FIELD_ERRORS.get(refused.field, "新密码不符合要求。")
    return page(request, "password.html", person, 400, error=error, next=onward(next))


@router.get("/workbench/board")
def board_page(request: Request, person: PersonDep, lists: ListsDep) -> Response:
    """红黄绿: per unit, open problems by light and those flagged (a lead: its own unit)."""
    if person.account.must_change:
        return to("/password")
    try:
        rows = lists.board(person.account.actor)
        trend = lists.trend(person.account.actor)
    except PermissionDeniedError:
        return page(request, "forbidden.html", person, 403)
    return page(
        request, "board.html", person, rows=rows, trend=trend, chart=chart(trend), series=SERIES
    )


@router.get("/workbench/assignees")
def assignee_choices(
    request: Request,
    person: PersonDep,
    people: PeopleDep,
    unit: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    """The people of a unit, offered as a problem's assignee (an htmx fragment of the form)."""
    actor = person.account.actor
    mine = actor.role is Role.OFFICE or actor.is_lead_of(unit)
    found = people.people_of(unit) if mine else []
    return page(request, "assignee_choices.html", person, assignees=found)


@router.get("/workbench/alive", status_code=204)
def alive(person: PersonDep) -> Response:
    """Asked by alive.js while someone types: the session's idle time begins again (ADR 46)."""
    return Response(status_code=204)


@router.get("/workbench")
def worklist_page(
    request: Request,
    person: PersonDep,
    worklist: WorklistDep,
    units: UnitsDep,
    people: PeopleDep,
) -> Response:
    """待办: what waits on the person, most urgent first (the landing page)."""
    if person.account.must_change:
        return to("/password")
    rows = worklist.for_person(person.account.actor)
    names = {u.code: u.name for u in units.list_units()}
    return page(
        request,
        "worklist.html",
        person,
        rows=rows,
        todo_count=len(rows),
        unit_names=names,
        need_label=NEED,
        activity_label=LABELS,
        signed_in_before=people.signed_in_before(person.account, person.session),
    )


def _sign_in_needed(request: Request, error: Exception) -> Response:
    """To the sign-in page, and after it back to the page asked for (a GET: a link from a notice,
    or the page open when the session ended); a form sent meanwhile is not sent again."""
    asked = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    going = onward(asked) if request.method in ("GET", "HEAD") else "/workbench"
    query = {"next": going} if going != "/workbench" else {}
    if isinstance(error, SignInNeededError) and error.ended:
        query["ended"] = "true"
    address = "/signin" + (f"?{urlencode(query)}" if query else "")
    if request.headers.get("hx-request"):  # a fragment's request: the whole page goes
        return Response(status_code=204, headers={"HX-Redirect": address})
    return to(address)


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
    app.include_router(list_pages.router)
    app.include_router(access_log_page.router)
    app.include_router(inbox_pages.router)
    app.include_router(submission_pages.router)
    app.include_router(roster_import_page.router)  # before /workbench/admin/people/{login}/…
    app.include_router(person_page.router)  # the same
    app.include_router(admin_pages.router)
    app.include_router(calendar_page.router)
    app.include_router(report_pages.router)
    app.include_router(activity_reports.router)  # before /workbench/activities/{id}
    app.include_router(activity_pages.router)
    app.include_router(new_problem.router)  # before /workbench/problems/{problem_id}
    app.include_router(ledger_import_page.router)  # the same
    app.include_router(evidence_pages.router)
    app.include_router(problem_page.router)

"""提醒: a person's inbox (newest first, unread marked), marking read, their e-mail choices;
and for the office, the deliveries (投递记录) with the failed ones to send again."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from application.inbox import Inbox
from domain.errors import InvalidValueError, PermissionDeniedError
from domain.notice_routes import CHANNEL_LABELS, Channel, EmailMode
from domain.notices import KIND_LABELS, NoticeKind
from web.providers import InboxDep
from web.rendering import page, to
from web.session import PersonDep, SignedIn, check_form_token

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=300)]
MODES = {EmailMode.OFF: "不接收邮件", EmailMode.EACH: "逐条发送", EmailMode.DIGEST: "每日汇总"}
STATES = {"pending": "待发送", "sent": "已送达", "failed": "投递失败"}
CHOSEN = [k for k in NoticeKind if k is not NoticeKind.DIGEST]


@router.get("/workbench/inbox")
def inbox_page(request: Request, person: PersonDep, inbox: InboxDep) -> Response:
    if person.account.must_change:
        return to("/password")
    return _inbox(request, person, inbox)


def _inbox(
    request: Request, person: SignedIn, inbox: Inbox, status: int = 200, **extra: str
) -> Response:
    actor = person.account.actor
    return page(
        request,
        "inbox.html",
        person,
        status,
        items=inbox.items(actor),
        kinds=KIND_LABELS,
        choice=inbox.email_choice(actor),
        modes=MODES,
        chosen_kinds=CHOSEN,
        **extra,
    )


@router.post("/workbench/inbox/read")
def mark_read(
    person: PersonDep,
    inbox: InboxDep,
    form_token: Text = "",
    key: Text = "",
    all: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    check_form_token(person.form_token, form_token)
    inbox.mark_read(person.account.actor, None if all else [key])
    return to("/workbench/inbox")


@router.post("/workbench/inbox/email")
def choose_email(
    request: Request,
    person: PersonDep,
    inbox: InboxDep,
    form_token: Text = "",
    email: Text = "",
    mode: Annotated[str, Form(max_length=10)] = "off",
    kinds: Annotated[list[str] | None, Form(max_length=30)] = None,
) -> Response:
    check_form_token(person.form_token, form_token)
    actor = person.account.actor
    try:
        inbox.choose_email(actor, email, mode, kinds or [])
    except InvalidValueError as error:
        message = (
            "请填写正确的电子邮箱地址，例如 name@example.gov.cn。"
            if error.field == "email"
            else "请选择列出的接收方式。"
        )
        return _inbox(request, person, inbox, 422, email_error=message, typed_email=email)
    return to("/workbench/inbox#email")


@router.get("/workbench/deliveries")
def deliveries_page(
    request: Request,
    person: PersonDep,
    inbox: InboxDep,
    state: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    if person.account.must_change:
        return to("/password")
    try:
        rows = inbox.deliveries(person.account.actor, state or None)
    except PermissionDeniedError:
        return page(request, "forbidden.html", person, 403)
    except InvalidValueError:
        rows, state = inbox.deliveries(person.account.actor, None), ""
    channels = {c.value: label for c, label in CHANNEL_LABELS.items()}
    return page(
        request, "deliveries.html", person, rows=rows, state=state, states=STATES, channels=channels
    )


@router.post("/workbench/deliveries/retry")
def retry(
    request: Request,
    person: PersonDep,
    inbox: InboxDep,
    form_token: Text = "",
    key: Text = "",
    channel: Annotated[str, Form(max_length=10)] = "",
    recipient: Text = "",
) -> Response:
    check_form_token(person.form_token, form_token)
    try:
        inbox.retry(person.account.actor, key, Channel(channel).value, recipient)
    except PermissionDeniedError:
        return page(request, "forbidden.html", person, 403)
    except ValueError:
        return to("/workbench/deliveries?state=failed")
    return to("/workbench/deliveries?state=failed")

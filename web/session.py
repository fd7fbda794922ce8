"""Who is signed in (a server-side session behind an HttpOnly cookie), and the form token every
POST must carry (CSRF): the session's own once signed in, a double-submitted cookie before."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response

from application.errors import ReadModelBehindError
from application.people import Account, People
from domain.errors import InvalidValueError
from infrastructure.read_models.queries import READ_MODELS
from infrastructure.web_sessions import SessionStore

SESSION_COOKIE = "rectify_session"
SIGN_IN_COOKIE = "rectify_signin"
SEEN_COOKIE = "rectify_seen"  # the log position of this browser's last change
OWN_WRITES_WAIT = 2.0


class SignInNeededError(Exception):
    """Raised when a page needs a person and the request carries no open session; `ended`:
    it carried one that has ended (idle too long, signed out elsewhere, reset)."""

    def __init__(self, ended: bool = False) -> None:
        super().__init__("sign in needed")
        self.ended = ended


class FormTokenError(Exception):
    """Raised when a form arrives without the token of the page it came from (CSRF)."""


@dataclass(frozen=True)
class SignedIn:
    account: Account
    session: str
    form_token: str


async def people(request: Request) -> People:
    found: People = request.app.state.services.people
    return found


async def sessions(request: Request) -> SessionStore:
    found: SessionStore = request.app.state.services.sessions
    return found


async def secure_cookies(request: Request) -> bool:
    """Cookies marked Secure when the service is served over HTTPS (RECTIFY_SECURE_COOKIES)."""
    return bool(request.app.state.services.settings.secure_cookies)


PeopleDep = Annotated[People, Depends(people)]
SecureCookies = Annotated[bool, Depends(secure_cookies)]
SessionsDep = Annotated[SessionStore, Depends(sessions)]


def signed_in(request: Request, people: PeopleDep, sessions: SessionsDep) -> SignedIn:
    session = request.cookies.get(SESSION_COOKIE, "")
    found = sessions.find(session) if session else None
    account = people.store.find(found.login) if found else None
    if found is None or account is None or account.disabled:
        raise SignInNeededError(ended=bool(session))
    request.state.actor = account.actor  # the request log names the person
    if request.method == "GET":
        _catch_up_to_own_writes(request)
    return SignedIn(account, session, found.form_token)


def _catch_up_to_own_writes(request: Request) -> None:
    """Read your writes: a page after a change waits (briefly) for the read models to hold it;
    past the wait, or for a position this database never gave, it shows what there is."""
    seen = request.cookies.get(SEEN_COOKIE, "")
    if not (seen.isascii() and seen.isdigit() and len(seen) < 19):
        return
    reader = request.app.state.services.read_models.reader
    try:
        reader.wait(int(seen), OWN_WRITES_WAIT, READ_MODELS)
    except (ReadModelBehindError, InvalidValueError):
        return


def remember_write(response: Response, position: int | None) -> Response:
    """After a change: the pages this browser opens next show it (see _catch_up_to_own_writes)."""
    if position:
        response.set_cookie(SEEN_COOKIE, str(position), httponly=True, samesite="strict")
    return response


PersonDep = Annotated[SignedIn, Depends(signed_in)]


def check_form_token(expected: str, sent: str) -> None:
    if not expected or not hmac.compare_digest(expected, sent):
        raise FormTokenError


def onward(path: str) -> str:
    """Where to go after signing in: a workbench page this service serves (the one a link in a
    notice or an ended session pointed at), never another site (`//evil`, `/\\evil`)."""
    where = path.partition("?")[0].lower()
    safe = (
        path.startswith("/workbench")
        and not any(escaped in where for escaped in ("%2e", "%2f", "%5c"))  # ., /, \ in disguise
        and path.isascii()
        and path.isprintable()
        and "//" not in where
        and "\\" not in path
        and "/." not in where  # no /../ out of the workbench, no dot segment at all
        and len(path) <= 500
    )
    return path if safe else "/workbench"


def new_sign_in_token() -> str:
    return secrets.token_urlsafe(24)

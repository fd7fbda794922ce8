"""FastAPI dependencies: the services, the caller (bearer token) and the command context.

The ones that do no I/O are `async def`, so FastAPI runs them on the event loop instead of
handing each to the thread pool; only authentication (a database lookup) and the endpoints
themselves take a worker thread."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import AuthenticationError, RequestHeaderError
from api.idempotent_posts import AUTHENTICATED
from api.providers import CredentialStoreDep
from application.context import CommandContext
from domain.actor import Actor, Role
from domain.errors import PermissionDeniedError
from infrastructure.credentials import hash_token
from infrastructure.idempotency import command_id

bearer_scheme = HTTPBearer(auto_error=False, description="a token from POST /credentials")
ETAG = re.compile(r'^(?:W/)?"?(\d{1,18})"?$')


def current_actor(
    request: Request,
    store: CredentialStoreDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Actor:
    if credentials is None or not credentials.credentials:
        raise AuthenticationError("send Authorization: Bearer <token>")
    known = request.scope.get("state", {}).get(AUTHENTICATED)
    actor: Actor | None
    if known is not None and known[0] == hash_token(credentials.credentials):
        actor = known[1]  # read moments ago, in this request, with its Idempotency-Key
    else:
        actor = store.authenticate(credentials.credentials)
    if actor is None:
        raise AuthenticationError("unknown or revoked token")
    request.state.actor = actor
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


def optional_actor(
    store: CredentialStoreDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Actor | None:
    """For the few open routes that say more to a known caller; no token is not an error."""
    if credentials is None or not credentials.credentials:
        return None
    return store.authenticate(credentials.credentials)


def require_role(*roles: Role) -> Callable[[Actor], Awaitable[Actor]]:
    async def check(actor: CurrentActor) -> Actor:
        if actor.role not in roles:
            allowed = ", ".join(r.value for r in roles)
            raise PermissionDeniedError(f"this needs the role {allowed}")
        return actor

    return check


AdminActor = Annotated[Actor, Depends(require_role(Role.ADMIN))]


async def command_context(
    request: Request,
    actor: CurrentActor,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    if_match: Annotated[str | None, Header(description='"<version>" from the ETag')] = None,
) -> CommandContext:
    """The actor, the If-Match version, and the command id an Idempotency-Key makes (the same
    one the idempotency middleware keys its record by), so a retry is known in the events."""
    expected = None
    if if_match is not None:
        match = ETAG.match(if_match.strip())
        if match is None:
            raise RequestHeaderError("If-Match", 'expected "<version>", as sent in the ETag')
        expected = int(match.group(1))
    key = request.headers.get("idempotency-key")
    token = credentials.credentials if credentials else ""
    cid = command_id(hash_token(token), key) if key else ""
    return CommandContext(actor=actor, expected_version=expected, command_id=cid)


Context = Annotated[CommandContext, Depends(command_context)]


def etag(version: int) -> str:
    return f'"{version}"'

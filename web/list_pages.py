"""三张清单 in the workbench: every filter of the API, sorting by the useful columns, keyset
paging, and downloads (xlsx, csv) of every row the filters select, in the order shown."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from application.lists import every_row
from domain.errors import InvalidValueError, PermissionDeniedError
from infrastructure.exports import FILE_NAMES
from infrastructure.files import list_attachment
from web.labels import unit_option
from web.list_filters import (
    CATEGORIES,
    LIGHTS,
    PHASES,
    SORTS,
    SOURCES,
    STATUSES,
    query_of,
    read_filter,
)
from web.providers import ListsDep, UnitsDep
from web.refusals import FieldError
from web.rendering import page, to
from web.session import PersonDep

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
FORMATS = ("xlsx", "csv")


@router.get("/workbench/lists/{name}")
def list_page(
    request: Request,
    name: str,
    person: PersonDep,
    lists: ListsDep,
    units: UnitsDep,
    cursor: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    if person.account.must_change:
        return to("/password")
    if name not in FILE_NAMES:
        return page(request, "not_found.html", person, 404)
    actor = person.account.actor
    unit_list = [u for u in units.list_units() if actor.unit in (None, u.code)]
    context: dict[str, Any] = {
        "list_name": name,
        "title": FILE_NAMES[name],
        "unit_options": [unit_option(u) for u in unit_list],
        "unit_names": {u.code: u.name for u in unit_list},
        "sources": SOURCES,
        "categories": CATEGORIES,
        "statuses": STATUSES,
        "lights": LIGHTS,
        "phases": PHASES,
        "sorts": SORTS,
        "params": request.query_params,
        "query": partial(query_of, request.query_params),
        "rows": [],
        "next_cursor": None,
        "cursor": cursor,
    }
    try:
        f = read_filter(request.query_params)
        read = getattr(lists, name)
        found = read(person.account.actor, f, cursor or None, PAGE_SIZE)
    except FieldError as error:
        return page(request, "list.html", person, 422, refusal=error, **context)
    except InvalidValueError:
        stale = FieldError("cursor", "翻页链接已失效，请从第一页重新查看。")
        return page(request, "list.html", person, 422, refusal=stale, **context)
    except PermissionDeniedError:
        return page(request, "forbidden.html", person, 403)
    context |= {"rows": found.items, "next_cursor": found.next_cursor}
    response = page(request, "list.html", person, **context)
    response.headers["X-Row-Count"] = str(len(found.items))
    return response


@router.get("/workbench/lists/{name}/download")
def download(
    request: Request,
    name: str,
    person: PersonDep,
    lists: ListsDep,
    units: UnitsDep,
    format: Annotated[str, Query(max_length=10)] = "xlsx",
) -> Response:
    """The file of what the page shows: the same filters and order, every page of it."""
    if person.account.must_change:
        return to("/password")
    if name not in FILE_NAMES or format not in FORMATS:
        return page(request, "not_found.html", person, 404)
    try:
        f = read_filter(request.query_params)
    except FieldError:
        return to(f"/workbench/lists/{name}?{query_of(request.query_params)}")
    read = partial(getattr(lists, name), person.account.actor, f)
    try:
        rows = every_row(read, read(None, 500))
    except PermissionDeniedError:
        return page(request, "forbidden.html", person, 403)
    names = {u.code: u.name for u in units.list_units()}
    return list_attachment(name, rows, names, format)

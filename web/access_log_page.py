"""访问记录: the inspectors' recorded reads, for the office and the admin (all) and for an
inspector (its own), filtered by reader, kind and period, oldest first, a page at a time."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from application.access_log import AccessFilter
from domain.errors import InvalidValueError, PermissionDeniedError
from web.providers import AccessLogDep
from web.rendering import page, to
from web.session import PersonDep

router = APIRouter(include_in_schema=False)
PAGE = 100
KINDS = {
    "state": "问题状态",
    "file": "佐证材料",
    "history": "办理过程",
    "dossier": "问题档案",
    "list": "清单",
    "export": "导出",
    "report": "报告",
    "activity": "活动",
    "audit": "台账校验",
    "credentials": "凭证记录",
    "access_log": "访问记录",
    "units": "单位",
    "page": "工作台页面",
    "other": "其他",
}


@router.get("/workbench/access-log")
def access_log_page(
    request: Request,
    person: PersonDep,
    log: AccessLogDep,
    reader: Annotated[str, Query(max_length=64)] = "",
    kind: Annotated[str, Query(max_length=20)] = "",
    period: Annotated[str, Query(max_length=10)] = "",
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
) -> Response:
    if person.account.must_change:
        return to("/password")
    shown: dict[str, Any] = {"reader": reader, "kind": kind, "period": period, "kinds": KINDS}
    try:
        f = AccessFilter.of(reader.strip(), kind, period.strip())
        entries = log.list_access(person.account.actor, f, after=after, limit=PAGE)
    except PermissionDeniedError:
        return page(request, "forbidden.html", person, 403)
    except InvalidValueError:
        error = "时段应如 2026-11、2026Q4、2026H2、2026 或 2026-W48。"
        return page(request, "access_log.html", person, 422, entries=[], error=error, **shown)
    more = entries[-1].position if len(entries) == PAGE else None
    response = page(request, "access_log.html", person, entries=entries, more=more, **shown)
    response.headers["X-Row-Count"] = str(len(entries))
    return response

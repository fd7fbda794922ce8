"""The workbench's narrow dependencies on the application services, built once in the
composition root: the only place its pages reach the services from."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from application.access_log import AccessLog
from application.account_records import AccountRecords
from application.activities import Activities
from application.activity_reads import ActivityReads
from application.dossier import Dossiers
from application.inbox import Inbox
from application.ledger_import import LedgerImport
from application.lists import Lists
from application.people import People
from application.problem_reads import ProblemReads
from application.problems import Problems
from application.roster_import import RosterImport
from application.submissions import QuarterlyReports
from application.unit_merge import UnitMerge
from application.units import Units
from application.working_years import WorkingYears
from application.worklist import Worklist
from infrastructure.audit import Audit
from infrastructure.calendar import ChinaWorkingCalendar


def service(name: str) -> Callable[[Request], Awaitable[Any]]:
    """A dependency handing a page the service `name` of the composition root."""

    async def provide(request: Request) -> Any:
        return getattr(request.app.state.services, name)

    provide.__name__ = name
    return provide


ListsDep = Annotated[Lists, Depends(service("lists"))]
InboxDep = Annotated[Inbox, Depends(service("inbox"))]
ProblemReadsDep = Annotated[ProblemReads, Depends(service("reads"))]
ProblemsDep = Annotated[Problems, Depends(service("problems"))]
UnitsDep = Annotated[Units, Depends(service("units"))]
UnitMergeDep = Annotated[UnitMerge, Depends(service("unit_merge"))]
DossiersDep = Annotated[Dossiers, Depends(service("dossiers"))]
AccountRecordsDep = Annotated[AccountRecords, Depends(service("account_records"))]
WorkingYearsDep = Annotated[WorkingYears, Depends(service("working_years"))]
CalendarDep = Annotated[ChinaWorkingCalendar, Depends(service("calendar"))]
PeopleListDep = Annotated[People, Depends(service("people"))]
ActivitiesDep = Annotated[Activities, Depends(service("activities"))]
ActivityReadsDep = Annotated[ActivityReads, Depends(service("activity_reads"))]
WorklistDep = Annotated[Worklist, Depends(service("worklist"))]
SubmissionsDep = Annotated[QuarterlyReports, Depends(service("submissions"))]
AuditDep = Annotated[Audit, Depends(service("audit"))]
AccessLogDep = Annotated[AccessLog, Depends(service("access_log"))]
LedgerImportDep = Annotated[LedgerImport, Depends(service("ledger_import"))]
RosterImportDep = Annotated[RosterImport, Depends(service("roster_import"))]

"""Narrow dependencies: one per use-case service, each built once in the composition root
(api/main.py) with its settings. This module is the only reader of `app.state` a route needs."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from application.access_log import AccessLog
from application.activities import Activities
from application.activity_reads import ActivityReads
from application.credentials import CredentialRegister
from application.district_rules import RulesInForce
from application.dossier import Dossiers
from application.inbox import Inbox
from application.ledger_import import LedgerImport
from application.lists import Lists
from application.problem_reads import ProblemReads
from application.problems import Problems
from application.submission_register import SubmissionRegister
from application.submissions import QuarterlyReports
from application.unit_merge import UnitMerge
from application.units import Units
from application.working_years import WorkingYears
from infrastructure.audit import Audit
from infrastructure.calendar import ChinaWorkingCalendar
from infrastructure.credentials import CredentialStore
from infrastructure.health import Health
from infrastructure.metrics import Metrics
from infrastructure.services import Services


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


async def problems(request: Request) -> Problems:
    return _services(request).problems


async def ledger_import(request: Request) -> LedgerImport:
    return _services(request).ledger_import


async def problem_reads(request: Request) -> ProblemReads:
    return _services(request).reads


async def lists(request: Request) -> Lists:
    return _services(request).lists


async def submissions(request: Request) -> QuarterlyReports:
    return _services(request).submissions


async def activities(request: Request) -> Activities:
    return _services(request).activities


async def activity_reads(request: Request) -> ActivityReads:
    return _services(request).activity_reads


async def units(request: Request) -> Units:
    return _services(request).units


async def dossiers(request: Request) -> Dossiers:
    return _services(request).dossiers


async def unit_merge(request: Request) -> UnitMerge:
    return _services(request).unit_merge


async def rules(request: Request) -> RulesInForce:
    return _services(request).rules


async def register(request: Request) -> SubmissionRegister:
    return _services(request).register


async def inbox(request: Request) -> Inbox:
    return _services(request).inbox


async def access_log(request: Request) -> AccessLog:
    return _services(request).access_log


async def working_years(request: Request) -> WorkingYears:
    return _services(request).working_years


async def calendar(request: Request) -> ChinaWorkingCalendar:
    return _services(request).calendar


async def credential_register(request: Request) -> CredentialRegister:
    return _services(request).credential_register


async def credentials(request: Request) -> CredentialStore:
    return _services(request).credentials


async def audit(request: Request) -> Audit:
    return _services(request).audit


async def health(request: Request) -> Health:
    return _services(request).health


async def metrics(request: Request) -> Metrics:
    registry: Metrics = request.app.state.metrics
    return registry


ProblemsDep = Annotated[Problems, Depends(problems)]
ProblemReadsDep = Annotated[ProblemReads, Depends(problem_reads)]
LedgerImportDep = Annotated[LedgerImport, Depends(ledger_import)]
ListsDep = Annotated[Lists, Depends(lists)]
SubmissionsDep = Annotated[QuarterlyReports, Depends(submissions)]
ActivitiesDep = Annotated[Activities, Depends(activities)]
ActivityReadsDep = Annotated[ActivityReads, Depends(activity_reads)]
UnitsDep = Annotated[Units, Depends(units)]
UnitMergeDep = Annotated[UnitMerge, Depends(unit_merge)]
DossiersDep = Annotated[Dossiers, Depends(dossiers)]
RulesDep = Annotated[RulesInForce, Depends(rules)]
InboxDep = Annotated[Inbox, Depends(inbox)]
RegisterDep = Annotated[SubmissionRegister, Depends(register)]
AccessLogDep = Annotated[AccessLog, Depends(access_log)]
WorkingYearsDep = Annotated[WorkingYears, Depends(working_years)]
CalendarDep = Annotated[ChinaWorkingCalendar, Depends(calendar)]
CredentialRegisterDep = Annotated[CredentialRegister, Depends(credential_register)]
CredentialStoreDep = Annotated[CredentialStore, Depends(credentials)]
AuditDep = Annotated[Audit, Depends(audit)]
HealthDep = Annotated[Health, Depends(health)]
MetricsDep = Annotated[Metrics, Depends(metrics)]

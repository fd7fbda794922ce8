"""The workbench's narrow dependencies on the application services, built once in the
composition root: the only place its pages reach the services from."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from application.activities import Activities
from application.activity_reads import ActivityReads
from application.lists import Lists
from application.people import People
from application.problem_reads import ProblemReads
from application.problems import Problems
from application.units import Units
from application.worklist import Worklist


async def lists(request: Request) -> Lists:
    found: Lists = request.app.state.services.lists
    return found


async def units(request: Request) -> Units:
    found: Units = request.app.state.services.units
    return found


async def problem_reads(request: Request) -> ProblemReads:
    found: ProblemReads = request.app.state.services.reads
    return found


ListsDep = Annotated[Lists, Depends(lists)]
ProblemReadsDep = Annotated[ProblemReads, Depends(problem_reads)]
UnitsDep = Annotated[Units, Depends(units)]


async def problems(request: Request) -> Problems:
    found: Problems = request.app.state.services.problems
    return found


async def people_list(request: Request) -> People:
    found: People = request.app.state.services.people
    return found


ProblemsDep = Annotated[Problems, Depends(problems)]
PeopleListDep = Annotated[People, Depends(people_list)]


async def activities(request: Request) -> Activities:
    found: Activities = request.app.state.services.activities
    return found


async def activity_reads(request: Request) -> ActivityReads:
    found: ActivityReads = request.app.state.services.activity_reads
    return found


ActivitiesDep = Annotated[Activities, Depends(activities)]
ActivityReadsDep = Annotated[ActivityReads, Depends(activity_reads)]


async def worklist(request: Request) -> Worklist:
    found: Worklist = request.app.state.services.worklist
    return found


WorklistDep = Annotated[Worklist, Depends(worklist)]

"""A problem as the office logs it, for tests and benches that need one without HTTP."""

from __future__ import annotations

from datetime import date

from application.context import CommandContext
from domain.actor import Actor, Role
from domain.codes import Category, Source
from domain.problem_values import NewProblem

OFFICE = CommandContext(Actor("office", Role.OFFICE))
NEW = NewProblem(
    source=Source.SIT_IN,
    category=Category.POLICY,
    unit="civil_affairs",
    title="窗口要求提供清单外材料",
    description="办理低保申请时，窗口要求额外提供户籍证明。",
    found_on=date(2026, 11, 20),
    found_by="区民政局分管领导",
)

"""Units, credentials and the access log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.base import Strict
from domain.actor import Role
from domain.codes import UnitKind


class UnitResponse(BaseModel):
    code: str
    name: str
    kind: str
    kind_label: str
    merged_into: str | None = None  # 撤并: the unit that took over its work (ADR 55)


class AddUnitRequest(Strict):
    code: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,39}$", examples=["civil_affairs"])]
    name: Annotated[str, Field(min_length=1, max_length=100, examples=["区民政局"])]
    kind: UnitKind


class RenameUnitRequest(Strict):
    """更名: the unit's new name; its code, problems and people stay."""

    name: Annotated[str, Field(min_length=1, max_length=100, examples=["区交通运输局"])]


class MergeUnitRequest(Strict):
    """撤并: the unit that takes over this one's people and unfinished work."""

    into: Annotated[str, Field(min_length=2, max_length=40, examples=["transport"])]


class MergeUnitResponse(BaseModel):
    unit: UnitResponse
    successor: UnitResponse
    people_moved: list[str]
    problems_taken_over: int  # by this request; asked again, what was left


class CreateCredentialRequest(Strict):
    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$")]
    role: Role
    unit: Annotated[str, Field(min_length=2, max_length=40)] | None = None


class CredentialResponse(BaseModel):
    name: str
    role: str
    unit: str | None
    token: str = Field(description="shown once; only its hash is stored")


class AccessEntryResponse(BaseModel):
    position: int
    reader: str
    reader_role: str
    kind: str = Field(description="state, history, list, export, report, activity, audit, ...")
    problem_id: UUID | None
    view: str = Field(description="the same as kind (kept for older clients)")
    version: int | None
    as_of: datetime | None
    path: str
    query: str = Field(description="the filters asked for, as sent")
    rows: int | None = Field(description="how many rows came back")
    recorded_at: datetime


class CredentialChangeResponse(BaseModel):
    position: int
    change: str = Field(description="issued or revoked")
    by: str
    name: str
    role: str
    unit: str | None
    recorded_at: datetime


class CredentialLogResponse(BaseModel):
    items: list[CredentialChangeResponse]
    next_cursor: str | None


class AccessLogResponse(BaseModel):
    items: list[AccessEntryResponse]
    next_cursor: str | None

"""A row of a district's roster of people read into the person it names: the words a clerk
writes for roles and units, and a clear refusal naming the column that cannot be read."""

from __future__ import annotations

import pytest

from domain.actor import Role
from domain.errors import InvalidValueError
from domain.roster_rows import ROSTER, login_text, read_person
from domain.sheet_rows import SheetRow

UNITS = {"civil_affairs": "civil_affairs", "区民政局": "civil_affairs"}
ROW = {"login": "li.na", "display_name": "李娜", "role": "单位负责人", "unit": "区民政局"}


def person(**changed: object):  # type: ignore[no-untyped-def]
    return read_person(SheetRow(4, ROW | changed), UNITS)  # type: ignore[arg-type]


def test_a_row_as_a_clerk_writes_it_becomes_the_person_it_names() -> None:
    read = person(display_name=" 李娜 ", phone=" 0571-8888 ")
    assert (read.row, read.login, read.display_name) == (4, "li.na", "李娜")
    assert (read.role, read.unit, read.phone) == (Role.UNIT_LEAD, "civil_affairs", "0571-8888")
    assert person(unit="civil_affairs").unit == "civil_affairs"  # by its code too
    assert person(unit=" ").unit is None


@pytest.mark.parametrize(
    ("word", "role"),
    [
        ("营商办", Role.OFFICE),
        ("政务服务办", Role.OFFICE),
        ("office", Role.OFFICE),
        ("纪委监委", Role.INSPECTOR),
        ("纪委", Role.INSPECTOR),
        ("系统管理员", Role.ADMIN),
        ("负责人", Role.UNIT_LEAD),
    ],
)
def test_a_role_is_known_by_its_name_its_code_and_the_words_districts_use(
    word: str, role: Role
) -> None:
    assert person(role=word).role is role


@pytest.mark.parametrize(
    ("changed", "field", "words"),
    [
        ({"login": " "}, "login", "must not be empty"),
        ({"display_name": None}, "display_name", "must not be empty"),
        ({"role": ""}, "role", "must not be empty"),
        ({"role": "局长"}, "role", "is not a role"),
        ({"unit": "区民政"}, "unit", "unknown unit"),
        ({"display_name": "李\u202e娜"}, "display_name", "character"),
        ({"phone": "138\x00"}, "phone", "character"),
    ],
)
def test_a_cell_that_cannot_be_read_is_named_with_its_column(
    changed: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(InvalidValueError) as refused:
        person(**changed)
    assert refused.value.field == field
    assert words in refused.value.message


def test_headers_are_known_by_their_names_aliases_and_a_required_mark() -> None:
    assert ROSTER.field_of("*登录名") == "login"
    assert ROSTER.field_of(" 手机号 ") == "phone"
    assert ROSTER.field_of("＊单位") == "unit"
    assert ROSTER.field_of("备注") is None
    assert ROSTER.missing({"login", "display_name"}) == ["角色"]
    assert ROSTER.is_header({"login", "display_name"}) and not ROSTER.is_header({"login"})


def test_an_unreadable_row_is_still_reported_by_its_login() -> None:
    assert login_text(SheetRow(9, {"login": "  wang.wu  "})) == "wang.wu"
    assert login_text(SheetRow(9, {"login": None})) == ""


def test_an_existing_account_described_otherwise_is_told_apart() -> None:
    read = person()
    assert not read.told_otherwise("李娜", Role.UNIT_LEAD, "civil_affairs")
    assert read.told_otherwise("李娜", Role.UNIT_LEAD, "transport")
    assert read.told_otherwise("李 娜", Role.UNIT_LEAD, "civil_affairs")

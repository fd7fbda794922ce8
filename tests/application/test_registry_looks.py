"""A request reads the read models' registry once (infrastructure/read_models/registry.py,
`one_look_each`): a list with its wait, the board, the workbench's 待办 badge. The next request
after a rebuild's switch-over reads the new tables; outside a request nothing is kept. Both
stores."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from infrastructure.read_models.registry import ProjectionRegistry, one_look_each
from tests.conftest import Api
from tests.http.test_supervision_workflow import log


@pytest.fixture
def registry_reads(api: Api, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    execute = api.services.sql.execute

    def counted(statement: str, params: Any = ()) -> Any:
        followers = api.services.read_models.threads  # they follow the log meanwhile
        if "FROM rectify_projections" in statement and threading.current_thread() not in followers:
            reads.append(statement)
        return execute(statement, params)

    monkeypatch.setattr(api.services.sql, "execute", counted)
    return reads


def test_a_request_reads_the_registry_once(api: Api, registry_reads: list[str]) -> None:
    log(api)
    position = api.services.ledger.head_position()
    api.get("office", "/lists/problems", min_position=position)  # built: nothing left to wait for
    for who, path, params in (
        ("office", "/lists/problems", {"min_position": position}),
        ("lead", "/lists/demands", {"unit": "civil_affairs"}),
        ("office", "/board", {}),
    ):
        registry_reads.clear()
        assert api.get(who, path, **params).status_code == 200
        assert len(registry_reads) == 1, path


def test_the_request_after_a_switch_over_reads_the_new_tables(
    api: Api, registry_reads: list[str]
) -> None:
    pid = log(api)
    position = api.services.ledger.head_position()
    assert api.get("office", "/lists/problems", min_position=position).status_code == 200
    before = ProjectionRegistry(api.services.sql).active("lists")
    api.services.read_models.rebuild(["lists"])
    after = ProjectionRegistry(api.services.sql).active("lists")
    assert before is not None and after is not None and after.generation > before.generation
    listed = api.get("office", "/lists/problems").json()["items"]
    assert [row["id"] for row in listed] == [pid]


def test_an_answer_is_kept_inside_one_look_only(api: Api) -> None:
    registry = ProjectionRegistry(api.services.sql)

    def add(generation: int) -> None:
        api.services.sql.execute(
            "INSERT INTO rectify_projections (name, generation, version, state, created_at) "
            "VALUES ('elsewhere', %s, 1, 'active', '2026-12-01')",
            (generation,),
        )

    def seen() -> int | None:
        found = registry.active("elsewhere")
        return None if found is None else found.generation

    with one_look_each():
        assert seen() is None
        add(1)
        assert seen() == 1  # not built was not kept: asked again
        add(2)
        assert seen() == 1  # kept for the rest of the request
    assert seen() == 2  # outside a request, every ask reads
    add(3)
    assert seen() == 3

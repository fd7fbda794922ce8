"""A backup restores into an empty database whose chain verifies and whose read models rebuild
to the same rows; a restore never overwrites a ledger."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from application.people import Account
from domain.actor import Role
from infrastructure.services import Services, build_services
from tests.application.test_projection_crashes import PROJECTIONS, dump, fill
from tests.conftest import ADMIN, make_settings, postgres_database, run_cli


@pytest.fixture
def empty_url(request: pytest.FixtureRequest, database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database of the same kind as `database_url`."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    yield from postgres_database(request.getfixturevalue("postgres"))


def rows_of(services: Services) -> dict[str, object]:
    services.read_models.catch_up_now()
    return {name: dump(services, name) for name in PROJECTIONS}


def test_a_backup_restores_verifies_and_rebuilds_to_the_same_rows(
    services: Services, database_url: str, empty_url: str, tmp_path: Path
) -> None:
    fill(services, per_day=1.0)
    services.credentials.issue("kept", Role.OFFICE, None)
    person = Account("kept.person", "留存", None, Role.OFFICE, must_change=False)
    services.people.add_person(ADMIN, person, "a-kept-password")
    before = rows_of(services)
    head = services.ledger.head_position()
    file = tmp_path / "rectify.backup"
    made = run_cli(database_url, "backup", "--out", str(file))
    assert made.returncode == 0, made.stderr
    assert file.stat().st_size > 10_000
    anchor = made.stdout.strip().splitlines()[-1].rsplit(" ", 1)[-1]
    assert anchor == f"{head}:{services.audit.link_at(head)}"

    restored = run_cli(empty_url, "restore", str(file))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert f"restored {head} events, chain verified" in restored.stdout
    verified = run_cli(empty_url, "audit", "verify", "--anchor", anchor)
    assert verified.returncode == 0 and "1 anchor(s) reached" in verified.stdout
    again = build_services(make_settings(empty_url))
    try:
        assert again.ledger.head_position() == head
        assert again.audit.verify().ok
        assert again.credentials.is_active("kept")
        assert again.people.sign_in("kept.person", "a-kept-password")[0] == person
        assert rows_of(again) == before
    finally:
        again.close()

    refused = run_cli(empty_url, "restore", str(file))
    assert refused.returncode == 2 and "refused" in refused.stderr


def test_restore_of_a_missing_file_fails_clearly(empty_url: str, tmp_path: Path) -> None:
    result = run_cli(empty_url, "restore", str(tmp_path / "nope.backup"))
    assert result.returncode == 1, result.stderr
    assert (
        result.stderr.startswith("cannot restore: no backup at ") and "nope.backup" in result.stderr
    )
    assert "Traceback" not in result.stderr

"""Start-up, logs, layering and the CLI: the service as its operators meet it."""

from __future__ import annotations

import json
import multiprocessing
import re
import subprocess
import sys
from pathlib import Path

import pytest

from infrastructure.services import build_services
from tests.conftest import NEW_PROBLEM, ROOT_DIR, Api, make_settings
from tests.conftest import run_cli as run_cli_at


def _start(url: str, results: multiprocessing.Queue[str]) -> None:
    try:
        services = build_services(make_settings(url))
        services.close()
        results.put("ok")
    except Exception as error:
        results.put(repr(error))


@pytest.mark.postgres
def test_six_processes_starting_together_create_the_tables_once(postgres_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[str] = context.Queue()
    processes = [context.Process(target=_start, args=(postgres_url, results)) for _ in range(6)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert sorted(results.get(timeout=5) for _ in processes) == ["ok"] * 6


def test_one_json_log_line_per_request_and_per_event_without_tokens(
    api: Api, capfd: pytest.CaptureFixture[str]
) -> None:
    capfd.readouterr()
    api.post("office", "/problems", NEW_PROBLEM, **{"X-Request-ID": "req-42"})
    lines = [
        json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")
    ]
    requests = [line for line in lines if line["event"] == "request"]
    stored = [line for line in lines if line["event"] == "event_stored"]
    assert len(requests) == 1 and len(stored) == 2  # logged, and handed to its unit
    assert requests[0] | {"duration_ms": 0, "timestamp": ""} == {
        "method": "POST",
        "path": "/problems",
        "status": 201,
        "duration_ms": 0,
        "credential": "office",
        "request_id": "req-42",
        "level": "info",
        "event": "request",
        "timestamp": "",
    }
    assert stored[0]["event_type"] == "Problem.Logged" and stored[0]["request_id"] == "req-42"
    assert all(token not in json.dumps(lines) for token in api.tokens.values())


@pytest.mark.parametrize("asked", ["中<script>", "a b", "x" * 65, "id\ttab", ""])
def test_a_request_id_that_is_not_a_plain_token_is_replaced(api: Api, asked: str) -> None:
    response = api.client.get("/healthz", headers={"X-Request-ID": asked.encode()})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
    kept = api.client.get("/healthz", headers={"X-Request-ID": "proxy:7f3a-01.b_2"})
    assert kept.headers["X-Request-ID"] == "proxy:7f3a-01.b_2"


def test_dependencies_point_inward() -> None:
    """The layer contracts of pyproject.toml (import-linter), as `make lint` runs them."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")],
        cwd=ROOT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert "Contracts: 4 kept, 0 broken." in result.stdout


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI against a SQLite file in `tmp_path`."""
    return run_cli_at(f"sqlite:///{tmp_path / 'cli.sqlite3'}", *args)


def test_the_cli_loads_units_issues_credentials_and_fills_a_demo(tmp_path: Path) -> None:
    assert "28 units added" in run_cli(tmp_path, "units", "load-demo").stdout
    assert "0 units added" in run_cli(tmp_path, "units", "load-demo").stdout
    created = run_cli(
        tmp_path,
        "credentials",
        "create",
        "--name",
        "li",
        "--role",
        "unit_lead",
        "--unit",
        "transport",
    )
    assert created.returncode == 0
    assert created.stdout.strip().startswith("rct_") and len(created.stdout.splitlines()) == 1
    demo = run_cli(tmp_path, "demo", "--if-empty", "--end", "2026-09-30")
    assert demo.returncode == 0 and "demo problems logged" in demo.stdout
    assert "already there" in run_cli(tmp_path, "demo", "--if-empty").stdout
    refused = run_cli(
        tmp_path, "credentials", "create", "--name", "x", "--role", "unit_lead", "--unit", "nowhere"
    )
    assert refused.returncode != 0


def test_a_cli_refusal_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    for args in (
        ("projections", "rebuild", "nosuch"),
        ("report", "quarterly", "--quarter", "2026Q9", "--out", str(tmp_path)),
        ("report", "bulletin", "--month", "2099-01", "--out", str(tmp_path)),
        ("credentials", "create", "--name", "x", "--role", "unit_lead", "--unit", "nowhere"),
    ):
        refused = run_cli(tmp_path, *args)
        assert refused.returncode == 2, (args, refused.stderr)
        assert refused.stderr.startswith("refused: ") and len(refused.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("setting", "value", "named"),
    [
        ("RECTIFY_DATABASE_URL", "mysql://x", "sqlite:///<file>"),
        ("RECTIFY_POOL_SIZE", "abc", "RECTIFY_POOL_SIZE: "),
        ("RECTIFY_CALENDAR_FILE", "/etc/passwd", "/etc/passwd: not a calendar file"),
        ("RECTIFY_CALENDAR_FILE", "/no/such/file.json", "/no/such/file.json: "),
    ],
)
def test_a_bad_setting_stops_the_cli_naming_it(
    tmp_path: Path, setting: str, value: str, named: str
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    env = {"RECTIFY_DATABASE_URL": url, setting: value}
    refused = run_cli_at(url, "projections", "status", env=env)
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.startswith("设置有误，服务未启动 (a setting is refused): ")
    assert named in refused.stderr and "Traceback" not in refused.stderr


def test_an_unreachable_database_is_one_line(tmp_path: Path) -> None:
    down = run_cli_at("postgresql://nobody@127.0.0.1:1/rectify", "projections", "status")
    assert down.returncode == 1
    assert down.stderr.startswith("数据库不可用 (the database cannot be used): ")
    assert len(down.stderr.splitlines()) == 1


def test_the_api_docs_work_with_no_internet(api: Api) -> None:
    for page, asset in (("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")):
        html = api.client.get(page)
        assert html.status_code == 200 and f"/static/apidocs/{asset}" in html.text
        assert "https://" not in html.text and "http://" not in html.text, page
        script = api.client.get(f"/static/apidocs/{asset}")
        assert script.status_code == 200 and len(script.content) > 500_000


def test_the_cli_records_next_years_calendar_and_shows_it(tmp_path: Path) -> None:
    """From a shell, as the workbench's 节假日 page does: on record, then counted."""
    assert "2027" not in run_cli(tmp_path, "calendar", "years").stdout
    refused = run_cli(tmp_path, "calendar", "show", "2027")
    assert refused.returncode == 2 and "not known" in refused.stderr
    recorded = run_cli(
        tmp_path,
        "calendar",
        "record",
        "2027",
        "--holidays",
        "2027-01-01，2027-02-08 2027-02-09",
        "--workdays",
        "2027-02-06",
        "--notice",
        "国务院办公厅关于2027年部分节假日安排的通知",
    )
    assert recorded.returncode == 0, recorded.stderr
    assert "2027  recorded" in run_cli(tmp_path, "calendar", "years").stdout
    shown = run_cli(tmp_path, "calendar", "show", "2027").stdout
    assert "holidays: 2027-01-01 2027-02-08 2027-02-09" in shown
    assert "workdays: 2027-02-06" in shown
    bad = run_cli(tmp_path, "calendar", "record", "2027", "--holidays", "明年元旦", "--notice", "x")
    assert bad.returncode == 2 and "明年元旦" in bad.stderr and "not a date" in bad.stderr
    weekday = run_cli(
        tmp_path,
        "calendar",
        "record",
        "2027",
        "--holidays",
        "2027-01-01",
        "--workdays",
        "2027-01-04",
        "--notice",
        "x",
    )
    assert weekday.returncode == 2 and "refused" in weekday.stderr  # a Monday is no make-up day

"""The district's rules file: every key checked, a bad file refused naming its line (and the
service not started), each change of the file recorded once with who and when, and activity
compliance judged by the schedules in force at the period's end."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.actor import Actor, Role
from domain.codes import UnitKind
from infrastructure.rules_file import SHIPPED, RulesFileError, parse_rules
from infrastructure.services import build_services
from tests.conftest import Api, make_settings, run_cli

TEXT = SHIPPED.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "line_holding", "says"),
    [
        ("rectify = 0\n", "rectify = -1\n", "rectify = -1", "limits.inspection.appearance.rectify"),
        ("sign = 1\nplan = 2", "sign = 1\nplan = 2\nsoon = 3", "soon = 3", "unknown key"),
        ('by = "office"', 'by = "mayor"', 'by = "mayor"', "office or finder"),
        ("yellow_share = 0.7", "yellow_share = 1.5", "yellow_share = 1.5", "between 0 and 1"),
        ('every = "half"', 'every = "fortnight"', 'every = "fortnight"', "fortnight"),
        ("[limits.review]", "[limits.hotline]", "[limits.hotline]", "not a source"),
        (
            '[limits."inspection.appearance"]',
            '[limits."review.appearance"]',
            "review.appearance",
            "not a category of review",
        ),
        ("[lights]", "[lights", "[lights", "not valid TOML"),
    ],
)
def test_a_bad_rules_file_is_refused_naming_its_line(
    old: str, new: str, line_holding: str, says: str
) -> None:
    text = TEXT.replace(old, new, 1)
    with pytest.raises(RulesFileError) as refused:
        parse_rules(text, "beibei.toml")
    message = str(refused.value)
    assert says in message and f"line {line_of(text, line_holding)}" in message, message


def test_the_shipped_rules_are_beibeis_and_complete() -> None:
    rules = parse_rules(TEXT)
    assert rules.district == "北碚区" and not rules.units_may_close_own
    assert rules.limits["inspection.appearance"].rectify == 0  # fixed on the spot
    assert rules.limits["inspection.appearance"].sign == 1  # the rest from default
    labels = [r.label for r in rules.requirements(UnitKind.KEY)]
    assert labels[0] == "领导坐诊每月不低于1次"
    assert rules.requirements(UnitKind.OFFICE) == ()


def test_another_districts_schedules_are_its_own_file() -> None:
    dazu = parse_rules((SHIPPED.parent / "dazu.toml").read_text(encoding="utf-8"))
    other = {r.rule.value: (r.window.value, r.label) for r in dazu.requirements(UnitKind.OTHER)}
    assert other["sit_in"] == ("month", "分管领导每月到中心坐班不少于1次")
    assert other["head_sit_in"][0] == "quarter"
    assert other["walk_through"] == ("half", "局长走流程每半年不低于1次")  # the label it writes


def test_a_bad_rules_file_stops_the_service_at_start(tmp_path: Path) -> None:
    bad = tmp_path / "rules.toml"
    text = TEXT.replace("sign = 1\n", "sign = many\n", 1)
    bad.write_text(text, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'rectify.sqlite3'}"
    started = run_cli(url, "init", env={"RECTIFY_RULES_FILE": str(bad)})
    assert started.returncode == 2
    assert (
        f"line {line_of(text, 'sign = many')}" in started.stderr
        and "Traceback" not in started.stderr
    ), started.stderr
    assert not (tmp_path / "rectify.sqlite3").exists()  # nothing was started or created


def test_each_change_of_the_file_is_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(TEXT, encoding="utf-8")
    settings = make_settings(f"sqlite:///{tmp_path / 'rectify.sqlite3'}")
    settings.rules_file = path
    for text in (TEXT, TEXT, TEXT.replace("sign = 1\nplan = 3", "sign = 2\nplan = 3")):
        path.write_text(text, encoding="utf-8")
        services = build_services(settings)
        versions = services.rules.history()
        services.close()
    assert len(versions) == 2
    assert versions[1].source == str(path) and versions[1].adopted_by.name.startswith("rules-file")
    assert versions[0].digest != versions[1].digest


def test_compliance_is_judged_by_the_schedules_in_force_at_the_periods_end(api: Api) -> None:
    quarterly = TEXT.replace(
        'sit_in = { every = "month", times = 1, label = "领导坐诊每月不低于1次" }',
        'sit_in = { every = "quarter", times = 1 }',
    )
    before = api.get("office", "/reports/compliance", period="2026Q3").json()
    api.services.rules.adopt(quarterly, "changed.toml", Actor("test-admin", Role.ADMIN))
    after = api.get("office", "/reports/compliance", period="2026Q3").json()
    assert after == before  # the past is judged by the rules then
    now = api.get("office", "/reports/compliance", period="2026-11").json()
    key = next(u for u in now["units"] if u["kind"] == "key")
    assert key["rules"][0]["label"] == "领导坐诊每季度不低于1次"

"""One rule, one answer: a problem is overdue (or not) the same in the lights, the lists, the
unit ranking, the bulletin and the quarterly submission; a unit lead's bulletin is its own."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from application.ports import CHINA
from domain.standing import is_late, is_open, is_overdue
from domain.status import Status
from tests.conftest import NEW_PROBLEM, TODAY_NOON, Api
from tests.hostile import assert_docx_opens


def test_the_words_themselves() -> None:
    today = date(2026, 11, 23)
    assert is_open(Status.LOGGED) and is_open("assigned") and not is_open("rectified")
    assert not is_overdue("assigned", date(2026, 11, 23), today)  # due today: yellow, not late
    assert is_overdue("assigned", date(2026, 11, 22), today)
    assert not is_overdue("rectified", "2026-11-01", today)
    assert not is_overdue("logged", None, today)
    assert is_late("2026-11-24", "2026-11-23") and not is_late(date(2026, 11, 23), "2026-11-23")
    assert not is_late("2026-11-24", None)


def counts_everywhere(api: Api, unit: str, position: int) -> dict[str, int]:
    """How overdue `unit`'s problems are, as each read says it (once the lists hold the write)."""
    api.get("office", "/lists/problems", min_position=position)
    ranking = api.get("office", "/reports/units", period="2026-11").json()["units"]
    bulletin = api.get("office", "/reports/bulletin", period="2026-11").json()
    red = api.get("office", "/lists/problems", light="red", unit=unit, min_position=position)
    board = api.get("office", "/board", min_position=position).json()
    named = bulletin["named"].get(unit, [])
    return {
        "ranking": next(r["overdue"] for r in ranking if r["unit"] == unit),
        "bulletin": next(r["overdue"] for r in bulletin["ranking"] if r["unit"] == unit),
        "bulletin_named": len(named),
        "red_list": len(red.json()["items"]),
        "board": next(r["red"] for r in board if r["unit"] == unit),
    }


@pytest.mark.parametrize(
    ("due_on", "overdue"), [("2026-11-26", 0), ("2026-11-23", 0), ("2026-11-20", 1)]
)
def test_one_problem_is_overdue_or_not_the_same_in_every_read(
    api: Api, due_on: str, overdue: int
) -> None:
    problem_id = api.post("office", "/problems", NEW_PROBLEM | {"found_on": "2026-11-02"}).json()[
        "id"
    ]
    answer = api.post("office", f"/problems/{problem_id}/deadline", {"due_on": due_on})
    counts = counts_everywhere(api, "civil_affairs", answer.json()["position"])
    assert counts == {
        "ranking": overdue,
        "bulletin": overdue,
        "bulletin_named": overdue,
        "red_list": overdue,
        "board": overdue,
    }
    light = api.get("office", f"/problems/{problem_id}").json()["light"]
    assert (light == "red") == bool(overdue)


def test_the_quarterly_submission_counts_overdue_as_of_the_quarters_end(api: Api) -> None:
    api.services.clock.move_to(datetime(2026, 9, 20, 10, 0, tzinfo=CHINA))  # type: ignore[attr-defined]
    body = NEW_PROBLEM | {"found_on": "2026-09-18"}
    due_last_day = api.post("office", "/problems", body).json()["id"]
    api.post("office", f"/problems/{due_last_day}/deadline", {"due_on": "2026-09-30"})
    due_after = api.post("office", "/problems", body).json()["id"]
    api.post("office", f"/problems/{due_after}/deadline", {"due_on": "2026-10-09"})
    api.services.clock.move_to(TODAY_NOON)  # type: ignore[attr-defined]
    report = api.get("office", "/reports/quarterly", quarter="2026Q3", unit="civil_affairs")
    assert report.json()["total"]["overdue"] == 1  # due on 30 September, open at midnight after
    review = api.get("office", "/reports/bulletin", period="2026Q3").json()
    civil = next(r for r in review["ranking"] if r["unit"] == "civil_affairs")
    assert civil["overdue"] == 1 and len(review["named"]["civil_affairs"]) == 1


def test_an_ended_months_ranking_counts_open_and_overdue_as_they_stood_at_its_end(
    api: Api,
) -> None:
    api.services.clock.move_to(datetime(2026, 10, 12, 10, 0, tzinfo=CHINA))  # type: ignore[attr-defined]
    body = NEW_PROBLEM | {"found_on": "2026-10-09"}
    fixed_since = api.post("office", "/problems", body).json()["id"]
    api.post("office", f"/problems/{fixed_since}/deadline", {"due_on": "2026-10-20"})
    api.services.clock.move_to(TODAY_NOON)  # type: ignore[attr-defined]
    api.post("lead", f"/problems/{fixed_since}/rectify", {"measures": "m", "result": "r"})
    for _ in range(2):  # found in October, logged after it ended: not in its counts
        logged = api.post("office", "/problems", body).json()
    api.get("office", "/reports/units", period="2026-11", min_position=logged["position"])

    def civil(path: str, period: str) -> dict[str, int]:
        answer = api.get("office", path, period=period).json()
        rows = answer["units"] if path == "/reports/units" else answer["ranking"]
        row = next(r for r in rows if r["unit"] == "civil_affairs")
        return {"open": row["open"], "overdue": row["overdue"]}

    assert civil("/reports/units", "2026-10") == {"open": 1, "overdue": 1}
    assert civil("/reports/bulletin", "2026-10") == {"open": 1, "overdue": 1}
    assert civil("/reports/units", "2026-11") == {"open": 2, "overdue": 0}  # as of today
    assert civil("/reports/bulletin", "2026-11") == {"open": 2, "overdue": 0}


def test_a_unit_leads_bulletin_holds_its_own_row_its_rank_and_nothing_of_others(
    api: Api,
) -> None:
    secret = "交通局不公开的逾期问题"
    other = api.post("office", "/problems", NEW_PROBLEM | {"unit": "transport", "title": secret})
    api.post("office", f"/problems/{other.json()['id']}/deadline", {"due_on": "2026-11-21"})
    own = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    last = api.post("office", f"/problems/{own}/deadline", {"due_on": "2026-11-26"})
    api.get("office", "/lists/problems", min_position=last.json()["position"])
    office = api.get("office", "/reports/bulletin", period="2026-11").json()
    assert office["ranks"]["transport"] == 1 and len(office["ranking"]) == office["ranked_units"]
    lead = api.get("lead", "/reports/bulletin", period="2026-11")
    assert lead.status_code == 200
    body = lead.json()
    assert [r["unit"] for r in body["ranking"]] == ["civil_affairs"]
    assert body["ranks"] == {"civil_affairs": office["ranks"]["civil_affairs"]}
    assert body["ranked_units"] == office["ranked_units"] > 20
    assert body["named"] == {}
    assert secret not in lead.text and "transport" not in lead.text
    document = api.get("lead", "/reports/bulletin.docx", period="2026-11")
    text = assert_docx_opens(document.content)
    assert secret not in text and "区交通局" not in text and "区民政局" in text
    assert f"{body['ranks']['civil_affairs']}/{body['ranked_units']}" in text


def test_a_kept_bulletin_is_narrowed_for_a_lead_and_stays_whole_for_the_office(api: Api) -> None:
    """An ended period's bulletin outlives its replay (ADR 39); a lead's copy of it is cut
    down to its own row, never the kept one."""
    secret = "交通局不公开的逾期问题"
    other = api.post("office", "/problems", NEW_PROBLEM | {"unit": "transport", "title": secret})
    api.post("office", f"/problems/{other.json()['id']}/deadline", {"due_on": "2026-11-21"})
    api.services.clock.move_to(datetime(2026, 12, 2, 12, tzinfo=CHINA))  # type: ignore[attr-defined]
    office = api.get("office", "/reports/bulletin", period="2026-11")
    lead = api.get("lead", "/reports/bulletin", period="2026-11")
    assert [r["unit"] for r in lead.json()["ranking"]] == ["civil_affairs"]
    assert secret not in lead.text and lead.json()["named"] == {}
    assert [p["title"] for p in office.json()["named"]["transport"]] == [secret]
    assert api.get("office", "/reports/bulletin", period="2026-11").json() == office.json()
    added = {"code": "data_bureau", "name": "区大数据局", "kind": "other"}
    assert api.post("admin", "/units", added).status_code == 201  # after the kept answer
    again = api.get("office", "/reports/bulletin", period="2026-11").json()
    assert again["ranked_units"] == office.json()["ranked_units"] + 1
    assert {r["unit"]: r["name"] for r in again["ranking"]}["data_bureau"] == "区大数据局"

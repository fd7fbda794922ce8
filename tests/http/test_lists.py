"""The three lists on the real read models: read-your-writes, filters, paging, files (the board
and the ranking: test_board_and_ranking.py)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any
from urllib.parse import quote

from openpyxl import load_workbook

from application.lists import ListFilter, Scope
from infrastructure.exports import COLUMNS, FILE_NAMES, cell
from infrastructure.read_models.registry import ProjectionRegistry
from infrastructure.read_models.sql_filters import filter_where
from tests.application.test_projection_crashes import fill
from tests.conftest import NEW_PROBLEM, Api


def log(api: Api, who: str = "office", **changes: object) -> dict[str, Any]:
    response = api.post(who, "/problems", dict(NEW_PROBLEM, **changes))
    assert response.status_code == 201, response.text
    return dict(response.json())


def command(api: Api, who: str, problem: dict[str, Any], path: str, body: object) -> int:
    response = api.post(who, f"/problems/{problem['id']}/{path}", body)
    assert response.status_code in (200, 201), response.text
    return int(response.json().get("position") or response.json()["problem"]["position"])


def rows(api: Api, who: str, list_name: str, position: int, **params: object) -> list[dict]:
    """Every row across pages, waiting for the position first."""
    found: list[dict] = []
    cursor = None
    while True:
        page = api.get(
            who,
            f"/lists/{list_name}",
            min_position=position,
            limit=7,
            **params,
            **({"cursor": cursor} if cursor else {}),
        )
        assert page.status_code == 200, page.text
        found += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if not cursor:
            return found


def test_read_your_writes_every_time_in_a_loop_of_200(api: Api) -> None:
    misses = 0
    for i in range(200):
        created = log(api, title=f"问题{i}")
        page = api.get(
            "office",
            "/lists/problems",
            min_position=created["position"],
            q=f"问题{i}",
            found_from="2026-11-20",
        ).json()
        misses += created["id"] not in {row["id"] for row in page["items"]}
    assert misses == 0


def seed(api: Api) -> tuple[dict[str, dict[str, Any]], int]:
    """A small district: every status, light, source and a demand, with known answers."""
    p: dict[str, dict[str, Any]] = {
        "red": log(api, title="红灯问题"),
        "yellow": log(api, title="黄灯问题", unit="transport"),
        "green": log(
            api, source="inspection", category="duty", source_mode="patrol", title="绿灯问题"
        ),
        "closed": log(api, title="已销号问题", found_on="2026-08-10"),
        "plain": log(api, source="review", category="cold", unit="health", title="态度冷漠"),
    }
    for signed in ("red", "yellow", "green"):  # the units take them on: the deadlines' lights
        lead = "other_lead" if signed == "yellow" else "lead"
        command(api, lead, p[signed], "sign", {})
    command(api, "office", p["red"], "deadline", {"due_on": "2026-11-21"})
    command(api, "office", p["yellow"], "deadline", {"due_on": "2026-11-26"})
    command(api, "office", p["green"], "deadline", {"due_on": "2026-12-31"})
    command(api, "office", p["green"], "flag", {"flagged": True, "reason": "督办"})
    command(api, "office", p["closed"], "deadline", {"due_on": "2026-08-20"})
    command(  # three months back: the office enters it afterwards (补录), with its reason
        api,
        "office",
        p["closed"],
        "rectify",
        {"measures": "m", "result": "r", "rectified_on": "2026-08-25", "backdate_reason": "补录"},
    )
    command(api, "office", p["closed"], "close", {})
    position = command(
        api, "office", p["plain"], "demands", {"text": "需要民政数据", "to_unit": "civil_affairs"}
    )
    return p, position


def ids(found: list[dict]) -> set[str]:
    return {row["id"] for row in found}


def test_a_search_of_one_number_finds_that_problem_as_a_clerk_names_it(api: Api) -> None:
    p, _ = seed(api)
    hotline = log(api, title="12345热线转办件无人跟进")  # digits in a title still match as text
    position = hotline["position"]

    def only(who: str = "office", **params: object) -> set[str]:
        return ids(rows(api, who, "problems", position, **params))

    number = {row["id"]: row["number"] for row in rows(api, "office", "problems", position)}
    red, yellow = number[p["red"]["id"]], number[p["yellow"]["id"]]
    for typed in (f"#{red}", f"第{red}号", f" No.0{red} "):
        assert only(q=typed) == {p["red"]["id"]}, typed
    assert p["red"]["id"] in only(q=str(red))  # bare digits: the number, and any text holding them
    assert only(q="12345") == {hotline["id"]}
    assert only(q=f"{red} 红灯") == set()  # two words: both must be in the text
    assert only("lead", q=f"#{yellow}") == set()  # transport's: not the lead's to see
    assert only("lead", q=f"#{red}") == {p["red"]["id"]}


def test_filters_pick_exactly_the_matching_problems(api: Api) -> None:
    p, position = seed(api)

    def only(**params: object) -> set[str]:
        return ids(rows(api, "office", "problems", position, **params))

    assert only(light="red") == {p["red"]["id"]}
    # the plain one waits for health to sign for it, due tomorrow: its signing clock is yellow
    assert only(light="yellow") == {p["yellow"]["id"], p["plain"]["id"]}
    assert only(light="green") == {p["green"]["id"]}
    assert only(light="none") == {p["closed"]["id"]}
    assert only(phase="signing") == {p["plain"]["id"]}
    assert only(phase="rectifying") == {p["red"]["id"], p["yellow"]["id"], p["green"]["id"]}
    assert only(flagged=True) == {p["green"]["id"]}
    assert only(source="inspection") == {p["green"]["id"]}
    assert only(category="cold") == {p["plain"]["id"]}
    assert only(status="closed") == {p["closed"]["id"]}
    assert only(quarter="2026Q3") == {p["closed"]["id"]}
    assert only(found_from="2026-11-01", found_to="2026-11-30") == ids(
        [p["red"], p["yellow"], p["green"], p["plain"]]
    )
    assert only(q="冷漠") == {p["plain"]["id"]}
    # words apart each match, in the title or the description (every one says 窗口)
    assert only(q="冷漠 窗口") == {p["plain"]["id"]}
    assert only(q="红灯\u3000问题") == {p["red"]["id"]}  # a full-width space parts them too
    assert only(q="红灯 冷漠") == set()
    assert only(unit="transport") == {p["yellow"]["id"]}
    assert only(unit="civil_affairs") == {
        p["red"]["id"],
        p["green"]["id"],
        p["closed"]["id"],
        p["plain"]["id"],
    }  # asked by the demand


def test_late_and_reopened_find_the_fixes_an_inspector_asks_after(api: Api) -> None:
    """整改超期 (fixed after the deadline) and 退回重办 (reopened): the seed's closed problem was
    fixed five days late; one fixed in time; one struck off and then reopened."""
    p, _ = seed(api)
    on_time, bounced = log(api, title="按期整改"), log(api, title="问题反弹", unit="transport")
    fix = {"measures": "m", "result": "r"}
    for problem, lead in ((on_time, "lead"), (bounced, "other_lead")):
        command(api, lead, problem, "sign", {})
        command(api, "office", problem, "deadline", {"due_on": "2026-12-31"})
        command(api, lead, problem, "rectify", fix)
    command(api, "office", bounced, "close", {})
    position = command(api, "office", bounced, "reopen", {"reason": "群众再次反映"})

    def only(who: str = "office", list_name: str = "problems", **params: object) -> set[str]:
        return ids(rows(api, who, list_name, position, **params))

    assert only(late=True) == {p["closed"]["id"]}
    assert only(late=False) == {on_time["id"]}  # the reopened one has no fix standing
    assert only("office", "rectifications", late=True) == {p["closed"]["id"]}
    assert only(reopened=True) == {bounced["id"]}
    assert only(reopened=False) == ids([*p.values(), on_time])
    assert only(reopened=True, unit="civil_affairs") == set()
    assert only("lead", reopened=True) == set()  # transport's, not the lead's unit
    assert only("other_lead", reopened=True) == {bounced["id"]}
    refused = api.get("office", "/lists/problems", late="maybe")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "query.late"


def test_a_unit_lead_sees_only_its_units_rows(api: Api) -> None:
    p, position = seed(api)
    seen = ids(rows(api, "other_lead", "problems", position))
    assert seen == {p["yellow"]["id"]}
    assert rows(api, "other_lead", "demands", position) == []
    assert api.get("admin", "/lists/problems").status_code == 403


def test_a_lead_naming_its_own_unit_sees_what_it_sees_without_naming_it(api: Api) -> None:
    _, position = seed(api)
    for list_name in ("problems", "rectifications", "demands"):
        plain = rows(api, "lead", list_name, position)
        assert plain and rows(api, "lead", list_name, position, unit="civil_affairs") == plain
    # asked once: the unit's four ways (found, held, shared, asked) as four branches, not 4 x 4
    day = date(2026, 11, 23)
    own = filter_where(ListFilter(unit="civil_affairs"), Scope("civil_affairs", day, day), "l", "")
    other = filter_where(ListFilter(unit="transport"), Scope("civil_affairs", day, day), "l", "")
    assert (len(own.branches()), len(other.branches())) == (4, 16)


def test_the_rectification_and_demand_lists(api: Api) -> None:
    p, position = seed(api)
    rectifications = {r["id"]: r for r in rows(api, "office", "rectifications", position)}
    assert set(rectifications) == ids([p["red"], p["yellow"], p["green"], p["closed"]])
    closed = rectifications[p["closed"]["id"]]
    assert closed["closed"] is True and closed["late"] is True
    assert closed["rectified_on"] == "2026-08-25" and closed["measures"] == "m"
    assert [d["due_on"] for d in closed["deadlines"]] == ["2026-08-20"]
    demands = rows(api, "office", "demands", position)
    assert [(d["problem_id"], d["number"], d["to_unit"], d["met"]) for d in demands] == [
        (p["plain"]["id"], 1, "civil_affairs", None)
    ]


def test_paging_never_skips_or_repeats_a_row_while_problems_are_added(api: Api) -> None:
    for i in range(23):
        log(api, title=f"分页{i}")
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 5} | ({"cursor": cursor} if cursor else {})
        page = api.get("office", "/lists/problems", **params).json()
        seen += [row["id"] for row in page["items"]]
        log(api, title="paging meanwhile")  # lands after the cursor: seen at the end
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen))
    everything = rows(api, "office", "problems", api.services.ledger.head_position())
    assert seen == [row["id"] for row in everything][: len(seen)]


def test_a_foreign_cursor_is_refused(api: Api) -> None:
    assert api.get("office", "/lists/problems", cursor="bm90IGEgY3Vyc29y").status_code == 422


def test_csv_and_xlsx_hold_the_same_rows_as_json(api: Api) -> None:
    _, position = seed(api)
    names = {u.code: u.name for u in api.services.units.list_units()}
    for list_name in ("problems", "rectifications", "demands"):
        expected = rows(api, "office", list_name, position)
        columns = COLUMNS[list_name]
        want = [
            [str(cell(key, row.get(key), names)) for key, _ in columns]
            for row in _exportable(list_name, expected)
        ]
        csv_file = api.get("office", f"/lists/{list_name}", format="csv")
        assert csv_file.headers["content-type"].startswith("text/csv")
        table = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
        assert table[0] == [title for _, title in columns]
        assert table[1:] == want
        assert "civil_affairs" not in csv_file.text and "区民政局" in csv_file.text
        xlsx = api.get("office", f"/lists/{list_name}", format="xlsx")
        chinese = quote(f"{FILE_NAMES[list_name]}.xlsx")
        assert f"filename*=UTF-8''{chinese}" in xlsx.headers["content-disposition"]
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert values[0] == [title for _, title in columns]
        assert [[_text(v) for v in r] for r in values[1:]] == want
        assert sheet.freeze_panes == "A2"


def _exportable(list_name: str, items: list[dict]) -> list[dict]:
    """JSON demand rows name their fields plainly; the export reads the prefixed names."""
    if list_name != "demands":
        return items
    return [
        {"number": d["problem_number"], "title": d["title"], "unit": d["unit"]}
        | {
            f"demand_{k}": d[k]
            for k in (
                "number",
                "text",
                "raised_by",
                "to_unit",
                "raised_on",
                "answered_on",
                "met",
                "answer",
            )
        }
        for d in items
    ]


def _text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "date"):
        return value.date().isoformat()  # type: ignore[union-attr]
    return value.isoformat() if isinstance(value, date) else str(value)


def test_each_light_filter_finds_exactly_the_rows_showing_that_light(api: Api) -> None:
    """The filter is written as date ranges an index serves; the light shown is the CASE of the
    rule. A quarter of varied problems, read on both stores, must agree row for row."""
    fill(api.services, per_day=1.0)
    position = api.services.ledger.head_position()
    shown: dict[str, set[str]] = {}
    held_by: dict[str, str] = {}
    for row in rows(api, "office", "problems", position):
        shown.setdefault(row["light"], set()).add(row["id"])
        held_by[row["id"]] = row["responsible_unit"]
    assert {"red", "yellow", "green"} <= set(shown)
    for light in ("red", "yellow", "green", "none"):
        found = {row["id"] for row in rows(api, "office", "problems", position, light=light)}
        assert found == shown.get(light, set()), light
    for light in ("red", "green"):
        one = sorted(shown[light])[0]
        mine = rows(api, "office", "problems", position, light=light, unit=held_by[one])
        assert one in {row["id"] for row in mine}
        assert all(row["light"] == light for row in mine)


def test_the_lists_tables_carry_the_indexes_their_filters_use(api: Api) -> None:
    """Light ranges, co-units, the orders, a period by source or category and (on PostgreSQL,
    with pg_trgm) text search."""
    logged = log(api, title="一楼窗口要求提供清单外材料")
    hits = api.get("office", "/lists/problems", q="清单外", min_position=logged["position"])
    assert [row["id"] for row in hits.json()["items"]] == [logged["id"]]
    generation = ProjectionRegistry(api.services.sql).active("lists")
    assert generation is not None
    table = f"{generation.prefix}_problems"
    if api.services.sql.dialect == "postgres":
        found = api.services.sql.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s", (table,)
        )
    else:
        found = api.services.sql.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", (table,)
        )
    names = {name for (name,) in found}
    expected = {"phase_due_on_idx", "co_units_sparse", "flagged_number_idx", "late_number_idx"}
    expected |= {"reopened_order"}
    expected |= {"number_order", "found_order", "due_order", "unit_order", "found_unit_order"}
    expected |= {"source_order", "category_order"}
    if api.services.sql.dialect == "postgres":
        expected |= {"title_trgm", "description_trgm"}
    assert {f"{table}_{suffix}" for suffix in expected} <= names

"""Property: whatever Unicode a text field holds and whatever date or period a parameter names,
the answer is a 2xx or a 4xx (never a 500), and the read side keeps up afterwards."""

from __future__ import annotations

import json
import os
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import NEW_PROBLEM, Api
from tests.hostile import assert_csv_is_inert, assert_workbook_is_inert

EXAMPLES = int(os.environ.get("RECTIFY_FUZZ_EXAMPLES", "40"))
EXPLORE = os.environ.get("RECTIFY_FUZZ_EXPLORE") == "1"
CONTROLS = ["\x00", "\x01", "\x1f", "\x7f", "\x85", "\x9f", "\u200b", "\ufeff", "\u202e"]
SURROGATES = ["\ud800", "\udfff"]  # sent as JSON escapes: no UTF-8 can carry them
OTHERS = ["=", "+", "-", "@", "\t", "\r", "\n", "\\", "'", '"', "%", "_", "e\u0301", "𠀀", "\ufffe"]
ODD = st.sampled_from([*CONTROLS, *SURROGATES, *OTHERS])
TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(ODD, st.text(max_size=5)), max_size=12).map("".join),
    st.text(alphabet="长文本", min_size=190, max_size=260),
)
FIELDS = st.sampled_from(["title", "description", "found_by", "demand", "location"])
YEARS = st.one_of(st.integers(1, 9999), st.sampled_from([1, 1979, 1999, 2000, 2099, 2100, 9999]))
RUN = settings(
    max_examples=EXAMPLES,
    derandomize=not EXPLORE,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@RUN
@given(fields=st.dictionaries(FIELDS, TEXT, min_size=1, max_size=3))
def test_any_text_in_any_field_is_stored_safely_or_refused(
    api: Api, fields: dict[str, str]
) -> None:
    body = json.dumps(NEW_PROBLEM | fields)  # ASCII, with \\u escapes for everything else
    headers = api.headers("office", **{"Content-Type": "application/json"})
    answer = api.client.post("/problems", content=body.encode(), headers=headers)
    assert answer.status_code in (201, 422), answer.text
    if answer.status_code == 422:
        assert answer.json()["errors"], answer.text


@RUN
@given(found_on=st.dates(date(1, 1, 1), date(9999, 12, 31)), due_on=st.dates())
def test_any_date_is_accepted_or_refused_never_a_crash(
    api: Api, found_on: date, due_on: date
) -> None:
    logged = api.post("office", "/problems", NEW_PROBLEM | {"found_on": found_on.isoformat()})
    assert logged.status_code in (201, 422), logged.text
    if logged.status_code == 201:
        path = f"/problems/{logged.json()['id']}/deadline"
        deadline = api.post("office", path, {"due_on": due_on.isoformat()})
        assert deadline.status_code in (200, 422), deadline.text


@RUN
@given(
    year=YEARS,
    part=st.sampled_from(["-01", "-12", "-13", "Q1", "Q4", "H1", "H2", "", "-W01", "-W53"]),
    route=st.sampled_from(
        [
            ("/reports/units", "period"),
            ("/reports/bulletin", "period"),
            ("/reports/quarterly", "quarter"),
            ("/reports/compliance", "period"),
            ("/activities", "period"),
            ("/announcements/sit-ins", "week"),
            ("/lists/problems", "quarter"),
            ("/access-log", "period"),
        ]
    ),
)
@example(year=2000, part="Q1", route=("/reports/bulletin", "period"))  # 1999Q4 once refused it
def test_any_period_is_answered_or_refused_never_a_crash(
    api: Api, year: int, part: str, route: tuple[str, str]
) -> None:
    path, name = route
    answer = api.get("office", path, **{name: f"{year:04d}{part}"})
    assert answer.status_code in (200, 422), (path, year, part, answer.text)
    begun = (2000 <= year <= 2025 and part in ("-01", "-12", "Q1", "Q4")) or (
        year == 2026 and part in ("-01", "Q1", "Q4")  # the tests' today is 2026-11-23
    )
    if path in ("/reports/units", "/reports/bulletin") and begun:
        assert answer.status_code == 200, (path, year, part, answer.text)  # a month or quarter


def test_the_read_side_keeps_up_and_files_stay_inert_after_the_properties(api: Api) -> None:
    """Runs the text property once more here, then reads every list back (fixtures are per
    test, so this test builds its own hostile ledger)."""
    test_any_text_in_any_field_is_stored_safely_or_refused(api)  # type: ignore[call-arg]
    position = api.services.ledger.head_position()
    for name in ("problems", "rectifications", "demands"):
        assert api.get("office", f"/lists/{name}", min_position=position).status_code == 200
        assert_csv_is_inert(api.get("office", f"/lists/{name}", format="csv").content)
        assert_workbook_is_inert(api.get("office", f"/lists/{name}", format="xlsx").content)
    assert api.services.read_models.faults() == []

"""Every inspector read is on record: what was asked (path and filters), how many rows came
back; the office filters the access log by reader, kind and period."""

from __future__ import annotations

from tests.conftest import NEW_PROBLEM, Api


def access(api: Api, **filters: object) -> list[dict]:
    answer = api.get("office", "/access-log", limit=500, **filters)
    assert answer.status_code == 200, answer.text
    return list(answer.json()["items"])


def test_every_kind_of_inspector_read_leaves_a_record_with_its_filters_and_rows(api: Api) -> None:
    position = 0
    for n in range(3):
        position = api.post("office", "/problems", NEW_PROBLEM | {"title": f"问题{n}"}).json()[
            "position"
        ]
    api.get("office", "/lists/problems", min_position=position)
    reads = [
        ("/lists/problems", {"status": "handed", "limit": 2}, "list", 2),
        ("/lists/problems", {"format": "csv"}, "export", 3),
        ("/lists/demands", {"format": "xlsx"}, "export", 0),
        ("/board", {}, "list", None),
        ("/reports/units", {"period": "2026-11"}, "report", None),
        ("/reports/bulletin", {"period": "2026-11"}, "report", None),
        ("/reports/quarterly.xlsx", {"quarter": "2026Q3"}, "export", 0),
        ("/activities", {}, "activity", 0),
        ("/audit/verify", {}, "audit", 1),
        ("/submissions", {"quarter": "2026Q3"}, "report", None),
        ("/access-log", {"reader": "inspector"}, "access_log", None),
    ]
    for path, params, _, _ in reads:
        assert api.get("inspector", path, **params).status_code == 200, path
    records = access(api, reader="inspector")
    assert len(records) == len(reads)
    for (path, params, kind, rows), record in zip(reads, records, strict=True):
        assert (record["path"], record["kind"], record["reader"]) == (path, kind, "inspector")
        for name, value in params.items():
            assert f"{name}={value}" in record["query"]
        if rows is not None:
            assert record["rows"] == rows, (path, record)
    assert api.get("office", "/lists/problems").status_code == 200
    assert len(access(api)) == len(reads)  # the office's reads are not the access log's


def test_single_problem_reads_keep_their_version_and_the_log_filters(api: Api) -> None:
    problem_id = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    api.get("inspector", f"/problems/{problem_id}", version=1)
    api.get("inspector", f"/problems/{problem_id}/history")
    api.get("inspector", "/lists/problems")
    state = access(api, kind="state")
    assert [(r["problem_id"], r["version"], r["rows"]) for r in state] == [(problem_id, 1, 1)]
    assert [r["kind"] for r in access(api, kind="history")] == ["history"]
    assert len(access(api, period="2026-11")) == 3
    assert len(access(api, period="2026-W48")) == 3
    assert access(api, period="2026-10") == []
    assert access(api, reader="somebody-else") == []
    assert api.get("office", "/access-log", period="9999-01").status_code == 422

"""Quarterly submissions show the state at the quarter's end, whenever they are generated."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from docx import Document
from docx.shared import Pt
from openpyxl import load_workbook

from application.ports import CHINA
from tests.conftest import NEW_PROBLEM, TODAY_NOON, Api
from tests.http.test_operations import run_cli


def at(api: Api, when: str) -> None:
    api.services.clock.move_to(datetime.fromisoformat(when).replace(tzinfo=CHINA))  # type: ignore[attr-defined]


def log(api: Api, who: str, **changes: object) -> str:
    response = api.post(who, "/problems", dict(NEW_PROBLEM, **changes))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def do(api: Api, who: str, problem: str, path: str, body: dict[str, Any]) -> None:
    response = api.post(who, f"/problems/{problem}/{path}", body)
    assert response.status_code in (200, 201), response.text


def second_and_third_quarters(api: Api) -> dict[str, str]:
    """The story of the hand-computed expectations below, recorded day by day."""
    p: dict[str, str] = {}
    at(api, "2026-05-10T10:00")
    p["closed_in_q2"] = log(api, "lead", found_on="2026-05-09")
    do(api, "lead", p["closed_in_q2"], "rectify", {"measures": "m", "result": "r"})
    do(api, "office", p["closed_in_q2"], "close", {})
    at(api, "2026-06-10T10:00")
    p["carried"] = log(api, "lead", found_on="2026-06-05")
    do(api, "office", p["carried"], "deadline", {"due_on": "2026-06-30"})
    at(api, "2026-07-10T10:00")
    p["on_time"] = log(api, "lead", found_on="2026-07-08")
    do(api, "office", p["on_time"], "assign", {"unit": "civil_affairs", "assignee": "张科长"})
    do(api, "office", p["on_time"], "deadline", {"due_on": "2026-07-20"})
    at(api, "2026-07-15T10:00")
    do(api, "lead", p["on_time"], "rectify", {"measures": "取消证明", "result": "已整改"})
    do(api, "office", p["on_time"], "close", {})
    at(api, "2026-08-01T10:00")
    p["overdue"] = log(
        api,
        "office",
        unit="transport",
        found_on="2026-08-01",
        source="walk_through",
        category="process",
    )
    do(api, "office", p["overdue"], "deadline", {"due_on": "2026-08-10"})
    at(api, "2026-08-05T10:00")
    p["late"] = log(
        api,
        "lead",
        found_on="2026-08-03",
        source="inspection",
        category="duty",
        source_mode="patrol",
    )
    do(api, "office", p["late"], "deadline", {"due_on": "2026-08-10"})
    at(api, "2026-08-20T10:00")
    do(api, "lead", p["late"], "rectify", {"measures": "m", "result": "r"})
    at(api, "2026-09-10T10:00")
    p["demand"] = log(api, "lead", found_on="2026-09-09", source="review", category="cold")
    do(api, "lead", p["demand"], "demands", {"text": "需要交通数据", "to_unit": "transport"})
    at(api, "2026-09-20T10:00")
    do(api, "other_lead", p["demand"], "demands/1/answer", {"answer": "已开放", "met": True})
    return p


def october_entries(api: Api, p: dict[str, str]) -> None:
    """Recorded after the quarter ended, some dated back into it (补录); one withdrawn (撤销)."""
    at(api, "2026-10-08T10:00")
    log(api, "lead", found_on="2026-09-15", title="十月补录的九月问题")
    do(
        api,
        "other_lead",
        p["overdue"],
        "rectify",
        {"measures": "m", "result": "r", "rectified_on": "2026-09-28"},
    )
    do(api, "office", p["late"], "close", {})
    do(api, "office", p["carried"], "deadline", {"due_on": "2026-10-30", "reason": "延期"})
    do(api, "office", p["carried"], "withdraw", {"reason": "十月查明系重复登记"})


EXPECTED_CIVIL = {
    "found": 3,
    "carried_over": 1,
    "rectified_on_time": 1,
    "rectified_late": 1,
    "overdue": 1,
    "closed": 1,
    "demands_raised": 1,
    "demands_met": 1,
    "by_status": {"assigned": 2, "closed": 1, "rectified": 1},  # logged by the unit: taken on
    "by_source": {"inspection": 1, "review": 1, "sit_in": 2},
}
EXPECTED_TRANSPORT = {
    "found": 1,
    "carried_over": 0,
    "overdue": 1,
    "closed": 0,
    "by_status": {"handed": 1},
}


def quarterly(api: Api, **params: str) -> dict[str, Any]:
    at(api, TODAY_NOON.isoformat())
    response = api.get("office", "/reports/quarterly", quarter="2026Q3", **params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_the_q3_report_is_the_state_at_the_quarters_end_before_and_after_october(api: Api) -> None:
    p = second_and_third_quarters(api)
    before = quarterly(api)
    units = {s["unit"]: s for s in before["units"]}
    assert {k: units["civil_affairs"][k] for k in EXPECTED_CIVIL} == EXPECTED_CIVIL
    assert {k: units["transport"][k] for k in EXPECTED_TRANSPORT} == EXPECTED_TRANSPORT
    total = before["total"]
    assert (total["found"], total["carried_over"], total["overdue"], total["closed"]) == (
        4,
        1,
        2,
        1,
    )
    assert before["overdue_units"] == ["civil_affairs", "transport"]
    assert {r["problem_id"] for r in before["problems"]} == set(p.values()) - {p["closed_in_q2"]}
    assert [d["text"] for d in before["demands"]] == ["需要交通数据"]
    files_before = _files(api)

    october_entries(api, p)
    after = quarterly(api)
    assert after == before  # the same figures and the same log position
    assert _files(api) == files_before  # byte for byte

    live = api.get("office", "/lists/problems", limit=100).json()["items"]
    assert len(live) == len(p) + 1  # the lists themselves did move on


def _files(api: Api) -> tuple[bytes, bytes]:
    at(api, TODAY_NOON.isoformat())
    xlsx = api.get("office", "/reports/quarterly.xlsx", quarter="2026Q3").content
    docx = api.get(
        "office", "/reports/quarterly.docx", quarter="2026Q3", unit="civil_affairs"
    ).content
    return xlsx, docx


def test_the_workbook_and_document_reopen_with_headers_rows_and_totals(api: Api) -> None:
    second_and_third_quarters(api)
    report = quarterly(api)
    xlsx, docx = _files(api)
    workbook = load_workbook(io.BytesIO(xlsx))
    assert workbook.sheetnames == ["汇总", "问题清单", "需求清单", "整改清单"]
    summary = workbook["汇总"]
    assert [c.value for c in summary[3]][:4] == ["单位", "发现问题", "上期结转未完成", "按时整改"]
    total_row = [c.value for c in summary[summary.max_row]]
    assert total_row[:7] == ["全区", 4, 1, 1, 1, 2, 1]
    problems = workbook["问题清单"]
    assert [c.value for c in problems[1]][:6] == [
        "序号",
        "单位",
        "来源",
        "发现时间",
        "问题描述",
        "问题类别",
    ]
    assert problems.max_row - 1 == len(report["problems"])
    assert problems.freeze_panes == "A2"
    assert problems.page_setup.orientation == "landscape"
    assert isinstance(problems["D2"].value, datetime)  # dates stay dates
    assert workbook["需求清单"].max_row - 1 == len(report["demands"])
    assert workbook["整改清单"].max_row - 1 == len(report["rectifications"])

    document = Document(io.BytesIO(docx))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "区民政局2026年第三季度问题整改情况报告" in text
    assert "共发现问题3个，上期结转未完成1个" in text
    assert "单位主要负责人（签字）" in text and "盖章" in text
    tables = document.tables
    assert [cell.text for cell in tables[0].rows[0].cells][:2] == ["单位", "发现问题"]
    assert [cell.text for cell in tables[0].rows[1].cells][:3] == ["区民政局", "3", "1"]
    assert len(tables[1].rows) - 1 == 4  # civil_affairs' problems in Q3 (3 found + 1 carried)


@pytest.mark.parametrize(
    ("who", "params", "status"),
    [
        ("office", {"quarter": "2026Q5"}, 422),
        ("office", {"quarter": "2026-09"}, 422),
        ("office", {"quarter": "2026Q4"}, 422),  # not over yet
        ("office", {"quarter": "2026Q3", "unit": "nowhere"}, 422),
        ("lead", {"quarter": "2026Q3", "unit": "transport"}, 403),
        ("lead", {"quarter": "2026Q3"}, 403),
        ("admin", {"quarter": "2026Q3"}, 403),
        ("lead", {"quarter": "2026Q3", "unit": "civil_affairs"}, 200),
        ("inspector", {"quarter": "2026Q3"}, 200),
        ("office", {"quarter": "2019Q1"}, 200),  # before any data: empty, valid
    ],
)
def test_bad_or_forbidden_report_requests(
    api: Api, who: str, params: dict[str, str], status: int
) -> None:
    response = api.get(who, "/reports/quarterly", **params)
    assert response.status_code == status, response.text
    if status == 200 and params["quarter"] == "2019Q1":
        assert response.json()["total"]["found"] == 0 and response.json()["problems"] == []


def test_the_bulletin_ranks_units_and_names_the_worst_with_their_overdue_problems(
    api: Api,
) -> None:
    p = second_and_third_quarters(api)
    at(api, TODAY_NOON.isoformat())
    bulletin = api.get("office", "/reports/bulletin", period="2026Q3").json()
    first, second = bulletin["ranking"][:2]
    assert (first["unit"], first["overdue"], first["rectified_late"]) == ("civil_affairs", 1, 1)
    assert (second["unit"], second["overdue"]) == ("transport", 1)
    assert {u: [x["id"] for x in problems] for u, problems in bulletin["named"].items()} == {
        "civil_affairs": [p["carried"]],
        "transport": [p["overdue"]],
    }
    running = api.get("office", "/reports/bulletin", period="2026-11").json()
    assert running["as_of"] < "2026-11-24"  # a running month is reported as of now
    document = Document(
        io.BytesIO(api.get("office", "/reports/bulletin.docx", period="2026Q3").content)
    )
    assert document.paragraphs[0].text == "2026年第三季度问题整改讲评"
    assert len(document.tables[0].rows) == 1 + 27  # every unit but the office, ranked
    assert document.tables[0].rows[1].cells[1].text == "区民政局"
    assert api.get("office", "/reports/bulletin", period="2027-01").status_code == 422


def test_the_cli_writes_every_units_submission(tmp_path: Path) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(tmp_path, *args)

    assert cli("demo", "--end", "2026-09-30").returncode == 0
    written = cli("report", "quarterly", "--quarter", "2026Q3", "--out", str(tmp_path / "q3"))
    assert written.returncode == 0, written.stderr
    files = sorted(f.name for f in (tmp_path / "q3").iterdir())
    assert len(files) == 2 * 28 and "rectify-2026Q3-district.xlsx" in files
    district = load_workbook(tmp_path / "q3" / "rectify-2026Q3-district.xlsx")["汇总"]
    assert district.cell(district.max_row, 1).value == "全区"
    assert district.cell(district.max_row, 2).value > 0
    anchor = re.search(r"anchor .*: (\d+:[0-9a-f]{64})$", written.stdout, re.MULTILINE)
    assert anchor, written.stdout
    assert f"链值 {anchor.group(1).split(':')[1]}" in str(district["A2"].value)
    verified = cli("audit", "verify", "--anchor", anchor.group(1))
    assert verified.returncode == 0 and "1 anchor(s) reached" in verified.stdout
    bulletin = cli("report", "bulletin", "--month", "2026-09", "--out", str(tmp_path))
    assert bulletin.returncode == 0 and "overdue" in bulletin.stdout
    assert (tmp_path / "rectify-bulletin-2026-09.docx").exists()
    assert cli("report", "quarterly", "--quarter", "2026Q9", "--out", str(tmp_path)).returncode


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="needs LibreOffice")
def test_libreoffice_prints_the_workbook_and_the_document(api: Api, tmp_path: Path) -> None:
    second_and_third_quarters(api)
    xlsx, docx = _files(api)
    (tmp_path / "q3.xlsx").write_bytes(xlsx)
    (tmp_path / "q3.docx").write_bytes(docx)
    for name, least in (("q3.xlsx", 4), ("q3.docx", 1)):
        subprocess.run(
            [
                "libreoffice",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(tmp_path / name),
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        )
        pdf = (tmp_path / name).with_suffix(".pdf")
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        pages = int(
            next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
        )
        assert pages >= least, (name, pages)  # one page at least per sheet of the workbook


def test_word_tables_written_as_xml_are_what_python_docx_writes_cell_by_cell() -> None:
    """The fast table rows (docx_rows) and the one-pass save (docx_package) against
    python-docx's own `cell.text = …` and `Document.save`, on text with tabs, line breaks,
    edge spaces, markup characters, an instruction's end and controls, in two tables, one
    empty: every entry of the two files the same bytes."""
    from docx.table import _Cell

    from infrastructure.reports.cells import docx_text
    from infrastructure.reports.deterministic import fixed_zip
    from infrastructure.reports.docx_package import docx_bytes
    from infrastructure.reports.docx_report import table

    headers = [f"列{i}" for i in range(6)]
    rows: list[list[Any]] = [
        ["1", "a\tb\nc  ", " 前导空格", "<&>\"'", "", "x\r\ny\x00\x85"],
        ["2", "=SUM(A1)", "普通文字", "\t", "\n", "尾空格 "],
        [3, None, "?><?rectify-rows x?>", "😀\ud800", "\u3000全角空格\u3000", "a\r\rb"],
    ]
    fast, slow = Document(), Document()
    stamp = datetime(2026, 10, 1)
    for document in (fast, slow):
        document.add_paragraph("前文")
    table(fast, headers, rows)
    table(fast, headers, [])
    for listed in (rows, []):
        grid = slow.add_table(rows=1 + len(listed), cols=len(headers))
        grid.style = slow.styles["Table Grid"]
        grid.style.font.size = Pt(9)
        for cell, header in zip(grid.rows[0].cells, headers, strict=True):
            cell.text = docx_text(header)
            for run in cell.paragraphs[0].runs:
                run.font.bold = True
        for tr, row in zip(grid._tbl.tr_lst[1:], listed, strict=True):
            for tc, value in zip(tr.tc_lst, row, strict=True):
                _Cell(tc, grid).text = docx_text(value)
    fast_file = docx_bytes(fast, "标题", stamp)
    core = slow.core_properties
    core.author = "整改通 Rectify"
    core.created = core.modified = core.last_printed = stamp
    core.revision, core.title = 1, "标题"
    buffer = io.BytesIO()
    slow.save(buffer)
    assert fast_file == fixed_zip(buffer.getvalue(), stamp)
    text = zipfile.ZipFile(io.BytesIO(fast_file)).read("word/document.xml").decode()
    assert "<?rectify-rows" not in text and "?&gt;&lt;?rectify-rows x?&gt;" in text
    cells = [c.text for c in Document(io.BytesIO(fast_file)).tables[0].rows[3].cells]
    assert cells[0] == "3" and cells[1] == "" and cells[2] == "?><?rectify-rows x?>"


def test_a_quarters_files_rendered_in_parallel_are_the_serial_bytes(api: Api) -> None:
    from domain.actor import Actor, Role
    from infrastructure.reports.quarter_files import quarter_files

    second_and_third_quarters(api)
    at(api, TODAY_NOON.isoformat())
    office = Actor("office", Role.OFFICE)
    reports = api.services.submissions.quarterly_set(office, "2026Q3", None)
    names = {u.code: u.name for u in api.services.units.list_units()}
    parallel = quarter_files(reports, names, processes=2)
    assert len(parallel) == len(reports) > 2
    assert parallel == quarter_files(reports, names, processes=1)
    whole = next(i for i, report in enumerate(reports) if report.unit is None)
    district = load_workbook(io.BytesIO(parallel[whole][0]))["汇总"]
    assert district.cell(district.max_row, 1).value == "全区"


def test_list_rows_written_as_xml_are_what_xlsxwriter_writes_cell_by_cell() -> None:
    """The fast list rows (xlsx_rows, ADR 36) against XlsxWriter's own `write_*` per cell
    (`write_cell`), on formulas in plain and wrapped columns, controls, edge spaces, markup,
    astral characters, a string longer than Excel holds, empty and missing values, numbers,
    booleans, old and new days and times, and more than one block of 16 rows: the same bytes."""
    from datetime import date

    from infrastructure.reports.xlsx_sheets import (
        WRAPPED,
        Styles,
        finish,
        list_sheet,
        new_workbook,
        write_cell,
    )

    values: list[Any] = [
        "=SUM(A1:A9)",
        "+1",
        "-2",
        "@x",
        "\tindented",
        "\rreturn",
        "a\x00b\x1fc\x85d\ud800",
        " edge spaces ",
        "<&>\"'",
        "长文本" * 20_000,
        "😀" * 16_400,
        "",
        None,
        0,
        -7,
        2.5,
        True,
        False,
        date(2026, 9, 30),
        date(1900, 1, 15),
        datetime(2026, 7, 1, 8, 30),
        Path("not/text"),
    ]
    columns = [("序号", 6, lambda row: 0)] + [
        (f"列{i}", width, lambda row, i=i: row[i])
        for i, width in enumerate([12, WRAPPED, 40, 8, WRAPPED])
    ]
    rows = [[values[(r * 5 + c) % len(values)] for c in range(5)] for r in range(41)]
    for row in rows[15:23] + rows[31:]:  # shorter rows: each block of 16 has its own `spans`
        row[2:] = [None, None, None]

    def plain_list_sheet(workbook: Any, name: str, styles: Styles) -> None:
        sheet = workbook.add_worksheet(name)
        for col, (title, width, _) in enumerate(columns):
            sheet.write_string(0, col, title, styles.bold)
            sheet.set_column(col, col, width, styles.wrap if width >= WRAPPED else None)
        for index, item in enumerate(rows, start=1):
            for col, (_, width, value) in enumerate(columns):
                cell = index if col == 0 else value(item)
                write_cell(sheet, index, col, cell, styles, width >= WRAPPED)
        finish(sheet, header_row=1)

    books = []
    for fast in (True, False):
        buffer = io.BytesIO()
        workbook = new_workbook(buffer)
        styles = Styles.of(workbook)
        workbook.add_worksheet("汇总").write_string(0, 0, "=标题", styles.quoted)
        for name in ("问题清单", "空的清单"):
            listed = rows if name == "问题清单" else []
            if fast:
                list_sheet(workbook, name, columns, listed, styles)
            else:
                saved, rows[:] = list(rows), listed
                plain_list_sheet(workbook, name, styles)
                rows[:] = saved
        workbook.set_properties({"created": datetime(2026, 10, 1)})
        workbook.close()
        archive = zipfile.ZipFile(buffer)
        books.append({name: archive.read(name) for name in archive.namelist()})
    assert books[0].keys() == books[1].keys()
    for name in books[0]:
        assert books[0][name] == books[1][name], name
    sheet = load_workbook(io.BytesIO(_zip(books[0])))["问题清单"]
    assert sheet.max_row == 42 and sheet.cell(2, 1).value == 1
    body = books[0]["xl/worksheets/sheet2.xml"]
    assert b'<row r="17" spans="1:6">' in body and b'<row r="33" spans="1:3">' in body
    assert sheet.cell(2, 2).value == "=SUM(A1:A9)" and sheet.cell(2, 2).data_type == "s"
    assert sheet.cell(2, 2).quotePrefix


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_dated_again_copies_deflated_entries_as_writing_them_again_would() -> None:
    """fixed_zip copies each deflated entry's bytes (ADR 36): the file is what writing every
    entry again with zipfile gives, stored entries and the pinned properties included."""
    from infrastructure.reports.deterministic import fixed_entries, fixed_zip

    stamp = datetime(2026, 9, 30, 16, 0, 5)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("清单")
    for row in range(2_000):
        sheet.write_row(row, 0, [row * 1.5, "整改" * (row % 9), f"=A{row}", "😀\u3000"])
    workbook.set_properties({"created": datetime(2020, 1, 1)})
    workbook.close()
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(zipfile.ZipInfo("stored.bin"), bytes(range(256)) * 40)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    entries = [(entry.filename, source.read(entry)) for entry in source.infolist()]
    assert any(entry.compress_type == zipfile.ZIP_STORED for entry in source.infolist())
    dated = fixed_zip(buffer.getvalue(), stamp)
    assert dated == fixed_entries(entries, stamp)
    archive = zipfile.ZipFile(io.BytesIO(dated))
    assert archive.testzip() is None
    assert {info.date_time for info in archive.infolist()} == {(2026, 9, 30, 16, 0, 4)}
    assert b"2026-09-30T16:00:05Z" in archive.read("docProps/core.xml")
    assert load_workbook(io.BytesIO(dated))["清单"].cell(3, 3).value == "=A2"

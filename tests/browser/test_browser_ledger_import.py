"""历史台账导入 in a real browser: the office clerk finds it from 登记问题, downloads the
template, fills two rows, checks the file, imports it with one more click (the check leaves the
file chosen), and opens a problem it made."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.support import DESK, axe_violations, chromium, server, shot, signed_in
from tests.conftest import EMBEDDED_ONLY
from tests.ledger_files import numbered
from tests.live_server import LiveServer

__all__ = ["chromium", "server"]
pytestmark = pytest.mark.browser


def filled(template: Path, into: Path, rows: list[dict[str, object]]) -> None:
    book = load_workbook(template)
    sheet = book.worksheets[0]
    headers = [str(cell.value).lstrip("*") for cell in sheet[1]]
    for number, row in enumerate(rows, start=2):
        for column, header in enumerate(headers, start=1):
            sheet.cell(number, column).value = row.get(header)  # type: ignore[assignment]
    out = io.BytesIO()
    book.save(out)
    into.write_bytes(out.getvalue())


@EMBEDDED_ONLY
def test_the_office_brings_its_old_ledger_in_from_the_template(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    office = signed_in(chromium, server, "office.zhang", bypass_csp=True, **DESK)
    office.get_by_role("link", name="登记问题").click()
    office.get_by_role("link", name="批量导入历史台账").click()
    office.wait_for_url("**/workbench/problems/import")
    with office.expect_download() as waiting:
        office.get_by_role("link", name="下载导入模板").click()
    download = waiting.value
    assert download.suggested_filename == "历史台账导入模板.xlsx"
    template = tmp_path / "template.xlsx"
    download.save_as(str(template))
    ledger = tmp_path / "民政局台账.xlsx"
    filled(template, ledger, numbered(2))
    wrong = tmp_path / "有错的台账.xlsx"
    filled(template, wrong, [*numbered(1), *numbered(1, 原编号="MZ-009", 发现日期="下周一")])

    not_a_sheet = tmp_path / "不是表格.xlsx"
    not_a_sheet.write_text("名单", encoding="utf-8")
    office.get_by_label("台账文件（.xlsx）").set_input_files(str(not_a_sheet))
    office.get_by_role("button", name="只检查").click()
    expect(office.locator("#import-file-error")).to_contain_text("Excel")  # beside the field
    office.get_by_label("台账文件（.xlsx）").set_input_files(str(wrong))
    office.get_by_role("button", name="检查并导入").click()
    expect(office.locator("#import-file-error")).to_be_empty()
    expect(office.locator("#import-result")).to_contain_text("有 1 行不合格，整个文件都没有导入")
    assert "发现日期：不是日期" in office.locator("tr.refused").inner_text()
    assert axe_violations(office) == []
    shot(office, "ledger-refused", request)

    office.get_by_label("台账文件（.xlsx）").set_input_files(str(ledger))
    office.get_by_role("button", name="只检查").click()
    expect(office.get_by_role("status")).to_contain_text("全部 2 行合格：2 行可以导入")
    chosen = "document.getElementById('import-file').files[0].name"
    assert office.evaluate(chosen) == "民政局台账.xlsx"  # the check kept the file chosen
    office.get_by_role("button", name="检查并导入").click()
    expect(office.get_by_role("status")).to_contain_text("已导入 2 个问题")
    assert axe_violations(office) == []
    shot(office, "ledger-imported", request)
    office.get_by_role("link", name="MZ-001").click()
    office.wait_for_url("**/workbench/problems/*")
    assert "窗口要求提供清单外材料" in office.locator("h1").inner_text()
    refused_page = "status of 422"  # the refused file's page itself, as Chromium logs it
    errors = [m for m in office.console_messages if m.startswith(("error", "pageerror"))]
    assert [m for m in errors if refused_page not in m] == []

"""Evidence files on both stores: a photo and a PDF uploaded and attached to a fix, served with
their type to those who may read the problem; a disguised executable and a file too large
refused; another unit's lead refused the file; a tampered stored file found by `audit verify`;
a backup restored with its files."""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from infrastructure.backup import backup, restore
from infrastructure.services import build_services
from tests.conftest import NEW_PROBLEM, Api, make_settings
from tests.http.test_workbench_problem_forms import hidden
from tests.workbench import browser, sign_in


def png() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00"


def upload(api: Api, who: str, name: str, content: bytes) -> Any:
    return api.client.post(
        "/files", files={"file": (name, content)}, data={"name": name}, headers=api.headers(who)
    )


def fixed_with(api: Api, *files: dict[str, Any]) -> str:
    """A problem rectified with these files, named by hash and name as an upload gave them."""
    pid = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    named = [{"sha256": f["sha256"], "name": f["name"]} for f in files]
    body = {"measures": "更换指示牌", "result": "已完成", "files": named}
    fixed = api.post("lead", f"/problems/{pid}/rectify", body)
    assert fixed.status_code == 200, fixed.text
    return str(pid)


def test_a_photo_and_a_pdf_are_attached_and_served_to_those_who_may_read(api: Api) -> None:
    photo = upload(api, "lead", "整改后照片.png", png())
    assert photo.status_code == 201, photo.text
    assert photo.json()["content_type"] == "image/png"
    assert photo.json()["sha256"] == hashlib.sha256(png()).hexdigest()
    scan = upload(api, "lead", "整改报告.pdf", PDF).json()
    pid = fixed_with(api, {"sha256": photo.json()["sha256"], "name": "整改后照片"}, scan)
    files = api.get("office", f"/problems/{pid}").json()["rectification"]["files"]
    assert [f["content_type"] for f in files] == ["image/png", "application/pdf"]
    served = api.get("inspector", files[1]["href"])
    assert served.status_code == 200 and served.content == PDF
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["content-disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E6%95%B4" in served.headers["content-disposition"]
    assert served.headers["x-content-type-options"] == "nosniff"
    reads = api.get("office", "/access-log", reader="inspector").json()["items"]
    assert [(r["kind"], r["problem_id"]) for r in reads] == [("file", pid)]  # on record
    image = api.get("lead", files[0]["href"])
    assert image.headers["content-disposition"].startswith("inline;")
    # another unit's lead: as if neither the problem nor the file existed
    assert api.get("other_lead", files[0]["href"]).status_code == 404
    # a file the problem does not hold, even one uploaded, is not served through it
    other = upload(api, "office", "x.pdf", PDF + b"x").json()["sha256"]
    assert api.get("office", f"/problems/{pid}/files/{other}").status_code == 404


def test_a_file_is_judged_by_its_bytes_and_its_size(api: Api) -> None:
    disguised = upload(api, "lead", "照片.jpg", EXE)
    assert disguised.status_code == 422 and disguised.json()["errors"][0]["field"] == "file"
    api.services.problems.evidence.limit = 100
    too_large = upload(api, "lead", "大图.png", png() + b"\x00" * 200)
    assert too_large.status_code == 413
    assert upload(api, "inspector", "a.pdf", PDF).status_code == 403
    for name, content, field in (("整改\x00报告.pdf", PDF, "name"), ("空.pdf", b"", "file")):
        hostile = upload(api, "lead", name, content)
        assert hostile.status_code == 422 and hostile.json()["errors"][0]["field"] == field
    unknown = {"sha256": "0" * 64, "name": "没有上传"}
    pid = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    refused = api.post(
        "lead", f"/problems/{pid}/rectify", {"measures": "m", "result": "r", "files": [unknown]}
    )
    assert refused.status_code == 422 and api.history_length(pid) == 2


def test_a_file_altered_in_the_store_is_found_by_audit_verify(api: Api) -> None:
    scan = upload(api, "lead", "整改报告.pdf", PDF).json()
    pid = fixed_with(api, scan)
    assert api.services.audit.verify().ok
    api.services.sql.execute(
        "UPDATE rectify_files SET content = %s WHERE sha256 = %s",
        (PDF + b"tampered", scan["sha256"]),
    )
    verdict = api.services.audit.verify()
    assert not verdict.ok and str(verdict.originator_id) == pid
    assert scan["sha256"] in verdict.reason and "altered" in verdict.reason
    api.services.sql.execute("DELETE FROM rectify_files WHERE sha256 = %s", (scan["sha256"],))
    assert "missing" in api.services.audit.verify().reason


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_backup_is_restored_with_its_files(api: Api, tmp_path: Path) -> None:
    scan = upload(api, "lead", "整改报告.pdf", PDF).json()
    pid = fixed_with(api, scan)
    saved = tmp_path / "backup.sqlite3"
    backup(api.services.settings, saved)
    settings = make_settings(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    restore(settings, saved)
    restored = build_services(settings)
    try:
        assert restored.files.get(scan["sha256"]) == ("application/pdf", PDF)
        assert restored.audit.verify().ok
        assert restored.problems.load(UUID(pid)).rectification is not None
    finally:
        restored.close()


def test_a_unit_lead_attaches_a_photo_in_the_workbench_and_sees_its_thumbnail(
    people: Api,
) -> None:
    pid = people.post("office", "/problems", NEW_PROBLEM).json()["id"]
    path = f"/workbench/problems/{pid}"
    mine = browser(people)
    sign_in(mine, "li")
    page = mine.get(path).text
    assert 'enctype="multipart/form-data"' in page and 'name="files"' in page
    fields = hidden(page, "rectify") | {"measures": "张贴清单", "result": "已张贴"}
    refused = mine.post(f"{path}/rectify", data=fields, files=[("files", ("照片.jpg", EXE))])
    assert refused.status_code == 422 and 'id="rectify-files-error"' in refused.text
    assert "只能上传照片" in refused.text and people.history_length(pid) == 2
    page = mine.get(path).text
    fields = hidden(page, "rectify") | {"measures": "张贴清单", "result": "已张贴"}
    sent = [("files", ("窗口照片.png", png())), ("files", ("通知.pdf", PDF))]
    done = mine.post(f"{path}/rectify", data=fields, files=sent)
    assert done.status_code == 303, done.text
    shown = mine.get(path).text
    sha = hashlib.sha256(png()).hexdigest()
    assert f'src="{path}/files/{sha}?thumb=true"' in shown and "通知.pdf" in shown
    small = mine.get(f"{path}/files/{sha}", params={"thumb": "true"})
    assert small.status_code == 200 and small.headers["content-type"] == "image/jpeg"
    assert small.content.startswith(b"\xff\xd8\xff")
    stranger = browser(people)
    sign_in(stranger, "wang")
    assert stranger.get(f"{path}/files/{sha}").status_code == 404

"""Reading a submitted form: text as typed (the commands check it), dates, numbers and the
command id that makes a double click harmless. A field that cannot be read is a FieldError."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from fastapi import Request
from starlette.datastructures import UploadFile

from application.context import CommandContext
from application.evidence import Evidence, Named
from web.refusals import FieldError
from web.session import SignedIn, check_form_token

MAX_FIELD = 20_000  # the commands refuse more than 10,000 characters; this is the edge's bound


@dataclass(frozen=True)
class Submitted:
    """The fields of one form, as strings; a file field is ignored."""

    fields: dict[str, str]
    uploads: tuple[tuple[str, bytes], ...] = ()  # (file name, bytes) of a form that takes files

    def text(self, name: str) -> str:
        value = self.fields.get(name, "")
        if len(value) > MAX_FIELD:
            raise FieldError(name, "内容过长（最多10000字）。")
        return value

    def chosen(self, name: str, what: str, among: frozenset[str] | None = None) -> str:
        """A select's value; its blank first option left as it was: "请选择…" beside it (and a
        value not `among` the options: "请从列表中选择")."""
        value = self.text(name)
        if not value:
            raise FieldError(name, f"请选择{what}。")
        if among is not None and value not in among:
            raise FieldError(name, "请从列表中选择。")
        return value

    def lines(self, name: str) -> tuple[str, ...]:
        return tuple(line for line in self.text(name).splitlines() if line.strip())

    def day(self, name: str, *, required: bool = False) -> date | None:
        value = self.text(name).strip()
        if not value:
            if required:
                raise FieldError(name, "必填，请选择日期。")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise FieldError(name, "日期格式不正确，应如 2026-11-30。") from None

    def days(self, name: str) -> list[date]:
        """Dates as a notice gives them: one a line (or several split by commas), a range
        written 2027-02-06至2027-02-13; 2027-2-6, 2027/2/6 and 2027年2月6日 read the same."""
        found: list[date] = []
        for part in DAY_SEPARATORS.split(self.text(name)):
            if part.strip():
                found.extend(_day_range(name, part.strip()))
            if len(found) > MAX_DAYS_LISTED:
                raise FieldError(name, "日期过多：一年的放假或调休上班日最多60天。")
        return found

    def number(self, name: str, *, required: bool = False) -> int | None:
        value = self.text(name).strip()
        if not value:
            if required:
                raise FieldError(name, "必填，请填写数字。")
            return None
        if not value.isascii() or not value.isdigit() or len(value) > 6:
            raise FieldError(name, "请填写一个正整数。")
        return int(value)

    def hidden_number(self, name: str) -> int:
        """A number the page put in the form (which demand, which request): one that does not
        read is a form from elsewhere or out of date, told above the form."""
        value = self.fields.get(name, "")
        if not value.isascii() or not value.isdigit() or len(value) > 6:
            raise FieldError("", "表单已过期，请刷新页面后重新提交。")
        return int(value)

    def choice(self, name: str, choices: set[str] | dict[str, str]) -> str:
        value = self.text(name)
        if value not in choices:
            raise FieldError(name, "请从列表中选择。")
        return value

    def checked(self, name: str) -> bool:
        return self.fields.get(name) in ("on", "yes", "true", "1")

    def version(self) -> int:
        """The version of the page the form came from; without it a change could overwrite."""
        value = self.fields.get("version", "")
        if not value.isascii() or not value.isdigit() or len(value) > 18:
            raise FieldError("", "表单已过期，请刷新页面后重新提交。")
        return int(value)

    def command_id(self) -> str:
        """The id each rendered form carries: submitting it twice applies it once."""
        try:
            return f"web:{UUID(self.fields.get('command_id', ''))}"
        except ValueError:
            return f"web:{uuid4()}"


DAY_SEPARATORS = re.compile(r"[\n,，、;；]+")
RANGE = re.compile(r"\s*(?:至|到|~|～|—)\s*")
DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
MAX_DAYS_LISTED = 60


def _day_range(name: str, text: str) -> list[date]:
    ends = RANGE.split(text)
    if len(ends) > 2:
        raise FieldError(name, f"无法识别“{text[:40]}”：一个范围写作 2027-02-06至2027-02-13。")
    first, last = (_one_day(name, end) for end in (ends[0], ends[-1]))
    if last < first or (last - first).days >= MAX_DAYS_LISTED:
        raise FieldError(name, f"“{text[:40]}”不是一个有效的日期范围。")
    return [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]


def _one_day(name: str, text: str) -> date:
    match = DAY.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise FieldError(name, f"无法识别日期“{text[:40]}”，应如 2027-02-06。") from None


def new_command_id() -> str:
    return str(uuid4())


async def submitted(
    request: Request, person: SignedIn, max_fields: int = 60, max_files: int = 0
) -> Submitted:
    """A form's text fields, once its token is checked (CSRF); its files only where the form
    takes them (`max_files`), a file field left empty skipped."""
    async with request.form(max_fields=max_fields, max_files=max_files) as form:
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        check_form_token(person.form_token, fields.get("form_token", ""))
        uploads = []
        for value in form.getlist("files"):
            if isinstance(value, UploadFile) and value.filename:
                uploads.append((value.filename, await value.read()))
    return Submitted(fields, tuple(uploads))


def uploaded(evidence: Evidence, ctx: CommandContext, f: Submitted) -> tuple[Named, ...]:
    """The form's files, stored (each checked by its bytes), as a command names them."""
    return tuple(
        Named(evidence.upload(ctx.actor, name, content).sha256, name) for name, content in f.uploads
    )

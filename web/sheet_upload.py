"""What the two import pages (历史台账, 人员名单) share: reading the uploaded sheet, checking or
bringing it in, the refusals of a file as a whole, and the page of results with its counts.
Each page says only what its rows are and how a row is shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any, Protocol

from fastapi import Request
from fastapi.responses import Response

from domain.actor import Actor
from domain.errors import InvalidValueError
from domain.sheet_rows import MissingColumnsError, SheetRow
from web.form_fields import Submitted
from web.refusals import Refusal, refusal_of
from web.rendering import page
from web.session import SignedIn


class SheetImport(Protocol):
    def check(self, actor: Actor, rows: Sequence[SheetRow]) -> Sequence[Any]: ...

    def run(self, actor: Actor, rows: Sequence[SheetRow]) -> Sequence[Any]: ...


def brought_in(
    form: Submitted,
    read: Callable[[bytes], list[SheetRow]],
    importer: SheetImport,
    actor: Actor,
) -> Sequence[Any] | Refusal:
    """Each row's result (checked, or brought in when the form says so), or why the file as a
    whole cannot be read."""
    if not form.uploads or not form.uploads[0][1]:
        empty = "所选文件是空的，请重新选择。" if form.uploads else ""
        return Refusal(422, "file", empty or "请选择要导入的Excel文件（.xlsx）。")
    act = importer.run if form.fields.get("mode") == "import" else importer.check
    try:
        return act(actor, read(form.uploads[0][1]))
    except InvalidValueError as error:
        return _file_refusal(error)


def _file_refusal(error: InvalidValueError) -> Refusal:
    """What is wrong with the file as a whole, in Chinese (the columns it lacks named)."""
    if isinstance(error, MissingColumnsError):
        missing = "、".join(error.headers)
        return Refusal(422, "file", f"文件缺少必填的列：{missing}。请使用本页的模板。")
    return refusal_of(error)


def results_page(
    request: Request,
    person: SignedIn,
    template: str,
    outcomes: type[Enum],
    answer: Sequence[Any] | Refusal | None,
    shown: Callable[[Any], Any],
    **context: Any,
) -> Response:
    """The import page: blank, a file refused, or every row's result counted by outcome (a
    file with a refused row is answered 422: nothing was brought in)."""
    refusal = answer if isinstance(answer, Refusal) else None
    results = None if isinstance(answer, Refusal) or answer is None else list(answer)
    count = {o: sum(1 for r in results or () if r.outcome is o) for o in outcomes}
    blocked = count[outcomes("refused")] > 0
    status = refusal.status if refusal else 422 if blocked else 200
    return page(
        request,
        template,
        person,
        status,
        refusal=refusal,
        refused_form="import" if refusal else "",
        rows=[shown(result) for result in results or ()],
        count={o.value: n for o, n in count.items()},
        checked=results is not None,
        blocked=blocked,
        **context,
    )

"""Evidence files: uploaded by the people who record fixes, kept by their hash, attached to a
record by naming them, and handed out only to those who may read the record they belong to."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports import FileStore
from domain.actor import Actor, Role
from domain.errors import InvalidValueError, NotVisibleError, PermissionDeniedError
from domain.evidence import EvidenceFile, check_sha256, check_upload
from domain.problem import Problem
from domain.text import normal_text

NO_SUCH_FILE = "no such file"


@dataclass(frozen=True)
class Named:
    """A file an upload returned, as a client names it on a record: its hash and a name."""

    sha256: str
    name: str


class NoFiles:
    """A store holding nothing (a service built without one refuses every file named)."""

    def put(self, content: bytes, content_type: str) -> str:
        raise PermissionDeniedError("this service keeps no files")

    def get(self, sha256: str) -> tuple[str, bytes] | None:
        return None


class Evidence:
    def __init__(self, files: FileStore, limit: int) -> None:
        self.files = files
        self.limit = limit

    @staticmethod
    def check_may_upload(actor: Actor) -> None:
        if actor.role not in (Role.OFFICE, Role.UNIT_LEAD):
            raise PermissionDeniedError("the office and unit leads upload evidence")

    def upload(self, actor: Actor, name: str, content: bytes) -> EvidenceFile:
        self.check_may_upload(actor)
        kind = check_upload(name, content, self.limit)
        sha = self.files.put(content, kind)
        return EvidenceFile(sha, normal_text(name), kind, len(content))

    def resolve(self, named: tuple[Named, ...], field: str = "files") -> tuple[EvidenceFile, ...]:
        """The files a command names, each uploaded before (its kind and size from the store)."""
        found = []
        for index, item in enumerate(named):
            check_sha256(item.sha256, f"{field}.{index}.sha256")
            stored = self.files.get(item.sha256)
            if stored is None:
                raise InvalidValueError(f"{field}.{index}.sha256", "no file was uploaded by it")
            check_upload(item.name, stored[1], max(self.limit, len(stored[1])))
            found.append(
                EvidenceFile(item.sha256, normal_text(item.name), stored[0], len(stored[1]))
            )
        return tuple(found)

    def of_problem(self, problem: Problem, sha256: str) -> tuple[EvidenceFile, bytes]:
        """A file of the problem (read access checked by the caller), else not found."""
        for file in files_of(problem):
            if file.sha256 == sha256:
                stored = self.files.get(sha256)
                if stored is not None:
                    return file, stored[1]
        raise NotVisibleError(NO_SUCH_FILE)


def files_of(problem: Problem) -> tuple[EvidenceFile, ...]:
    """Every file a record of the problem holds: its logging, fixes (refused ones too),
    extension requests and follow-ups."""
    fixes = [problem.rectification] if problem.rectification else []
    fixes += [r.rectification for r in problem.rejected_fixes]
    return (
        problem.files
        + tuple(f for fix in fixes for f in fix.files)
        + tuple(f for r in problem.extension_requests.values() for f in r.files)
        + tuple(f for u in problem.follow_ups for f in u.files)
    )

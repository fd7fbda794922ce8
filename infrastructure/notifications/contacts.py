"""Each person's e-mail and what they want by it; joined with the people to route notices."""

from __future__ import annotations

from domain.notice_routes import Contact, EmailMode
from domain.notices import NoticeKind
from infrastructure.people import PeopleStore
from infrastructure.sql import SqlDatabase

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS rectify_contacts (
        login TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        mode TEXT NOT NULL,
        kinds TEXT NOT NULL
    )""",
]


class ContactStore:
    def __init__(self, database: SqlDatabase, people: PeopleStore) -> None:
        self.database = database
        self.people = people

    def settings(self, login: str) -> tuple[str, EmailMode, frozenset[NoticeKind]]:
        rows = self.database.execute(
            "SELECT email, mode, kinds FROM rectify_contacts WHERE login = %s", (login,)
        )
        if not rows:
            return "", EmailMode.OFF, frozenset()
        email, mode, kinds = rows[0]
        return str(email), EmailMode(mode), _kinds(str(kinds))

    def save(self, login: str, email: str, mode: EmailMode, kinds: frozenset[NoticeKind]) -> None:
        self.database.execute(
            "INSERT INTO rectify_contacts (login, email, mode, kinds) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (login) DO UPDATE SET email = excluded.email, mode = excluded.mode, "
            "kinds = excluded.kinds",
            (login, email, mode.value, ",".join(sorted(k.value for k in kinds))),
        )

    def all(self) -> list[Contact]:
        """Every enabled person with an e-mail, as the router needs them."""
        rows = self.database.execute("SELECT login, email, mode, kinds FROM rectify_contacts")
        saved = {str(r[0]): (str(r[1]), EmailMode(r[2]), _kinds(str(r[3]))) for r in rows}
        contacts = []
        for account in self.people.all():
            if account.disabled or account.login not in saved:
                continue
            email, mode, kinds = saved[account.login]
            contacts.append(Contact(account.actor, email, mode, kinds))
        return contacts


def _kinds(text: str) -> frozenset[NoticeKind]:
    known = {k.value for k in NoticeKind}
    return frozenset(NoticeKind(k) for k in text.split(",") if k in known)

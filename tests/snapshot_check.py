"""Every state a test's commands built survives a snapshot, type for type (ADR 23).

Run after each test that used the services fixture: each snapshotted aggregate in the log is
folded event by event, and at every version its snapshot is written through the real mapper,
read back and compared with the folded state. So a new attribute or record type that the
snapshot codec cannot carry fails the test that first builds it."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from application.ledger import Ledger
from application.snapshots import SNAPSHOTTED, StateSnapshot


def assert_snapshots_round_trip(ledger: Ledger) -> int:
    """The number of states checked."""
    if ledger.snapshots is None:
        raise AssertionError("the ledger has no snapshot store")
    mapper = ledger.snapshots.mapper
    records = ledger.recorder.select_notifications(start=1, limit=10**9)
    checked = 0
    for aggregate_id in dict.fromkeys(record.originator_id for record in records):
        aggregate: Any = None
        for event in ledger.repository.event_store.get(aggregate_id):
            aggregate = event.mutate(aggregate)  # type: ignore[attr-defined]
            if type(aggregate) not in SNAPSHOTTED:
                break
            taken = StateSnapshot.of(aggregate, "check")
            back = mapper.to_domain_event(mapper.to_stored_event(taken)).mutate(None)  # type: ignore[attr-defined]
            where = f"{type(aggregate).__name__} v{event.originator_version}"
            assert_same(_by_name(vars(back)), _by_name(vars(aggregate)), where)
            checked += 1
    return checked


def assert_same(restored: Any, folded: Any, where: str) -> None:
    """Equal values of the same types, all the way down (a str enum equals its value, so `==`
    alone would not tell a restored string from an enum)."""
    assert type(restored) is type(folded), f"{where}: {type(restored)} != {type(folded)}"
    if isinstance(folded, dict):
        assert list(restored) == list(folded), f"{where}: keys"
        for (rk, rv), (fk, fv) in zip(restored.items(), folded.items(), strict=True):
            assert_same(rk, fk, f"{where} key")
            assert_same(rv, fv, f"{where}[{fk!r}]")
    elif isinstance(folded, (list, tuple)):
        assert len(restored) == len(folded), f"{where}: length"
        for n, (r, f) in enumerate(zip(restored, folded, strict=True)):
            assert_same(r, f, f"{where}[{n}]")
    elif isinstance(folded, (set, frozenset)):
        assert restored == folded, where
        assert {type(m) for m in restored} == {type(m) for m in folded}, where
    elif is_dataclass(folded) and not isinstance(folded, type):
        for f in fields(folded):
            assert_same(getattr(restored, f.name), getattr(folded, f.name), f"{where}.{f.name}")
    else:
        assert restored == folded, f"{where}: {restored!r} != {folded!r}"


def _by_name(state: dict[str, Any]) -> dict[str, Any]:
    return dict(sorted(state.items()))

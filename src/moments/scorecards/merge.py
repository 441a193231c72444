"""Merging two scorecards fast, for :meth:`~moments.scorecards.Scorecard.merge`.

A merge touches every row of both scorecards, so it is written with
C-level building blocks (``dict`` unpacking, ``map``, ``zip``, a sort on
strings that finds the two sorted runs) instead of a Python loop per row.
Item counts are kept, besides the canonical rows, as one dict per outcome
(``item id -> count``): the *index* of a scorecard, built with it by
:class:`~moments.scorecards.tally.Tally` and by :func:`merged`, kept in a
slot outside the attrs fields (so not pickled). A merge adds the two
indexes and sorts the result once; a scorecard built or unpickled any
other way has no index and is merged through a ``Tally`` (indexing it
first would cost more).

This module and :mod:`~moments.scorecards.tally` read scorecards through
:class:`Counts`, so neither imports the card (the card imports both).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from itertools import chain, repeat
from operator import add, itemgetter
from typing import Any, Protocol, TypeVar

from moments.checklists.audits import Outcome
from moments.interactions import Expectation, Moment
from moments.timeliness import GreetingOutcome

__all__ = ["Counts", "Index", "Indexed", "item_rows", "merged"]

K = TypeVar("K")

#: Item counts per outcome, in :class:`Outcome` order: ``item id -> count``
#: (counts > 0). Never mutated once built.
Index = tuple[dict[str, int], dict[str, int], dict[str, int]]

_OUTCOMES = tuple(Outcome)
_FIRST = itemgetter(0)
_RANK = {
    id(member): rank
    for cls in (Outcome, Moment, GreetingOutcome, Expectation)
    for rank, member in enumerate(cls)
}
_MOMENTS = tuple(Moment)


class Indexed:
    """A slot for a scorecard's index, outside its attrs fields: no part of
    eq, hash, repr, pickle or serialization (``None`` until built)."""

    __slots__ = ("_index",)

    _index: Index | None


class Counts(Protocol):
    """What a :class:`~moments.scorecards.Scorecard` holds, read-only: the
    shape its fields give it (see the card for what each one means)."""

    @property
    def audits(self) -> int: ...
    @property
    def passed(self) -> int: ...
    @property
    def critical_failed(self) -> int: ...
    @property
    def scored(self) -> int: ...
    @property
    def score_sum(self) -> Fraction: ...
    @property
    def item_counts(self) -> tuple[tuple[str, Outcome, int], ...]: ...
    @property
    def moment_counts(self) -> tuple[tuple[Moment, Outcome, int], ...]: ...
    @property
    def greeting_counts(self) -> tuple[tuple[GreetingOutcome, int], ...]: ...
    @property
    def wait_counts(self) -> tuple[int, ...]: ...
    @property
    def expectation_counts(self) -> tuple[tuple[Expectation, int], ...]: ...
    @property
    def nps_counts(self) -> tuple[int, ...]: ...
    @property
    def csat_counts(self) -> tuple[int, ...]: ...
    @property
    def wow_by_staff(self) -> tuple[tuple[str, int], ...]: ...
    @property
    def wow_by_moment(self) -> tuple[tuple[Moment, int], ...]: ...
    @property
    def wow_cards(self) -> int: ...


def item_rows(index: Index) -> tuple[tuple[str, Outcome, int], ...]:
    """Canonical item rows (by id, then outcome) of an index: a stable sort
    by id of the rows taken outcome by outcome."""
    rows = chain.from_iterable(
        zip(counts.keys(), repeat(outcome), counts.values())
        for outcome, counts in zip(_OUTCOMES, index, strict=True)
    )
    return tuple(sorted(rows, key=_FIRST))


def _added(a: Mapping[K, int], b: Mapping[K, int]) -> dict[K, int]:
    """A new dict of ``a`` and ``b`` with the counts of shared keys added."""
    both = {**a, **b}
    shared = a.keys() & b.keys()
    if shared:
        both.update(
            zip(
                shared,
                map(add, map(a.__getitem__, shared), map(b.__getitem__, shared)),
                strict=True,
            )
        )
    return both


def _members(
    a: Iterable[tuple[Any, int]], b: Iterable[tuple[Any, int]]
) -> tuple[tuple[Any, int], ...]:
    """``(member, count)`` rows of both, counts of a member added, in
    declaration order (few rows: a plain loop)."""
    counts: dict[int, list[Any]] = {}
    for member, n in chain(a, b):
        row = counts.get(id(member))
        if row is None:
            counts[id(member)] = [member, n]
        else:
            row[1] += n
    return tuple(
        (row[0], row[1])
        for _, row in sorted(counts.items(), key=lambda kv: _RANK[kv[0]])
    )


def merged(
    a: Counts, index_a: Index, b: Counts, index_b: Index
) -> tuple[dict[str, Any], Index]:
    """The fields of the scorecard of both, canonical, and its index, from
    two scorecards and their indexes (neither is changed)."""
    index = (
        _added(index_a[0], index_b[0]),
        _added(index_a[1], index_b[1]),
        _added(index_a[2], index_b[2]),
    )
    moments: dict[tuple[int, int], int] = {}
    for moment, outcome, n in chain(a.moment_counts, b.moment_counts):
        key = (_RANK[id(moment)], _RANK[id(outcome)])
        moments[key] = moments.get(key, 0) + n
    staff = _added(dict(a.wow_by_staff), dict(b.wow_by_staff))
    fields = {
        "audits": a.audits + b.audits,
        "passed": a.passed + b.passed,
        "critical_failed": a.critical_failed + b.critical_failed,
        "scored": a.scored + b.scored,
        "score_sum": a.score_sum + b.score_sum,
        "item_counts": item_rows(index),
        "moment_counts": tuple(
            (_MOMENTS[m], _OUTCOMES[o], moments[m, o]) for m, o in sorted(moments)
        ),
        "greeting_counts": _members(a.greeting_counts, b.greeting_counts),
        "wait_counts": tuple(map(add, a.wait_counts, b.wait_counts)),
        "expectation_counts": _members(a.expectation_counts, b.expectation_counts),
        "nps_counts": tuple(map(add, a.nps_counts, b.nps_counts)),
        "csat_counts": tuple(map(add, a.csat_counts, b.csat_counts)),
        "wow_by_staff": tuple(sorted(staff.items(), key=_FIRST)),
        "wow_by_moment": _members(a.wow_by_moment, b.wow_by_moment),
        "wow_cards": a.wow_cards + b.wow_cards,
    }
    return fields, index

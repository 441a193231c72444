"""The accumulator behind :class:`~moments.scorecards.Scorecard`.

A :class:`Tally` counts audits and feedback into plain dicts and lists
while streaming, and freezes into a scorecard's sorted, immutable fields
once at the end, so that streaming a million audits builds one frozen
object, not a million.

Enum members are counted by ``id()`` in the hot loop: ``Enum.__hash__`` is
a Python-level call, while an ``int`` hashes in C. Members are singletons
that live as long as their class, so the ids are stable.
"""

from __future__ import annotations

import sys
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from datetime import timedelta
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from operator import attrgetter
from typing import Any

from moments._arguments import wrong_item
from moments.checklists.audits import Audit, ItemResult, Outcome
from moments.errors import InvalidData
from moments.interactions import Expectation, Feedback, Moment
from moments.scorecards.merge import Counts, Index, item_rows
from moments.timeliness import GreetingOutcome

__all__ = [
    "WAIT_BUCKETS",
    "Tally",
    "exact_share",
    "sort_key",
]

#: Upper edges of the greeting-wait buckets. Bucket ``i`` holds waits in
#: ``(WAIT_BUCKETS[i-1], WAIT_BUCKETS[i]]`` (the first one ``[0, 1 s]``),
#: and one more bucket holds everything over an hour. Right-closed, like the
#: greeting targets: a wait of exactly 10 s falls in ``(8 s, 10 s]``.
WAIT_BUCKETS: tuple[timedelta, ...] = tuple(
    timedelta(seconds=s)
    for s in (1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60, 120, 300, 600, 1800, 3600)
)
#: Bucket ``bisect_left(_WAIT_EDGES, wait)`` holds ``wait``; the last one
#: holds waits over an hour.
_WAIT_EDGES: tuple[timedelta, ...] = (*WAIT_BUCKETS, timedelta.max)
N_WAITS = len(_WAIT_EDGES)

_BY_ID: dict[int, Any] = {
    id(member): member
    for cls in (Outcome, Moment, GreetingOutcome, Expectation)
    for member in cls
}
_RANKS: dict[Any, int] = {
    member: rank
    for cls in (Outcome, Moment, GreetingOutcome, Expectation)
    for rank, member in enumerate(cls)
}


_OUTCOMES = (Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE)
_PASS, _FAIL = Outcome.PASS, Outcome.FAIL


def sort_key(value: object) -> tuple[int, str, Any]:
    """A total order over group keys of mixed kinds: ``None`` first, then
    enum members in declaration order, then other values by type and value.
    """
    if value is None:
        return (0, "", 0)
    if isinstance(value, Enum):
        return (1, type(value).__name__, list(type(value)).index(value))
    return (2, type(value).__name__, value)


def exact_share(name: str, value: object) -> Fraction:
    """A number from 0 to 1 as an exact Fraction; a float is read by its
    shortest repr, so ``0.1`` is exactly one tenth.

    Raises:
        InvalidData: not a real number from 0 to 1.
    """
    share: Fraction | None = None
    if isinstance(value, int | Fraction) and type(value) is not bool:
        share = Fraction(value)
    elif type(value) is float and value == value and abs(value) != float("inf"):
        share = Fraction(repr(value))
    elif type(value) is Decimal and value.is_finite():
        share = Fraction(value)
    if share is None or not 0 <= share <= 1:
        raise InvalidData.field(name, "a number from 0 to 1", value)
    return share


def _frozen(counts: Mapping[int, int]) -> Iterator[tuple[Any, int]]:
    """``(member, count)`` for id-keyed counts, in declaration order."""
    members = sorted(
        (_BY_ID[key] for key, n in counts.items() if n), key=_RANKS.__getitem__
    )
    return ((m, counts[id(m)]) for m in members)


# -- signatures: what a scorecard counts of an audit, as two cheap keys ------
# Enum members are looked up by id() here too.
_MOMENT_CODE = {id(m): str(i) for i, m in enumerate(Moment)}
_OUTCOME_CODE = {id(_PASS): "p", id(_FAIL): "f", id(Outcome.NOT_APPLICABLE): "n"}
_FLAGS = (("00", "01"), ("10", "11"))  # critical, bonus
_GREETINGS: tuple[GreetingOutcome | None, ...] = (*GreetingOutcome, None)
_EXPECTATIONS: tuple[Expectation | None, ...] = (*Expectation, None)
_N_BUCKETS = len(_WAIT_EDGES) + 1  # the last one: no wait
_G_INDEX = {id(g): i * _N_BUCKETS for i, g in enumerate(_GREETINGS)}
_E_INDEX = {id(e): i for i, e in enumerate(_EXPECTATIONS)}
_N_EXPECTATIONS = len(_EXPECTATIONS)
_NO_WAIT = len(_WAIT_EDGES)
_MARKS: dict[float, str] = {}  # pass mark -> its text in a key (a few)
_kept = attrgetter("_memo")  # a result's code, once counted (None before)
_keep = Audit._memo.__set__  # the memo slot's own setter (audits are frozen)

#: ``(greeting outcome, wait bucket, expectation)`` numbered as the second
#: part of an audit's signature; the bucket is ``None`` without a wait.
_EXTRAS: tuple[tuple[GreetingOutcome | None, int | None, Expectation | None], ...] = (
    tuple(
        (g, None if b == len(_WAIT_EDGES) else b, e)
        for g in _GREETINGS
        for b in range(_N_BUCKETS)
        for e in _EXPECTATIONS
    )
)


def _code_of(result: ItemResult) -> str:
    """What a scorecard counts of ``result`` (everything but the detail),
    unambiguous when joined: the id is length-prefixed and the weight ends
    with a comma. Kept in the result's memo slot."""
    code: str | None = getattr(result, "_memo", None)
    if code is None:  # (unset, not None, if made by object.__new__)
        i = result.item_id
        code = (
            f"{len(i)}:{i}{_MOMENT_CODE[id(result.moment)]}"
            f"{_OUTCOME_CODE[id(result.outcome)]}{result.weight},"
            f"{_FLAGS[result.critical][result.bonus]}"
        )
        _keep(result, code)
    return code


def signature(audit: Audit) -> tuple[str, int]:
    """What a scorecard counts of ``audit``, as two cheap keys, computed
    once and kept in the audit's memo slot.

    First, an interned string naming the pass mark and every result but
    its detail: equal for two audits exactly when they count alike on the
    item, moment, pass and score counts, whatever objects hold their
    results. Second, the index in :data:`_EXTRAS` of the greeting outcome,
    the bucket of the greeting wait and the expectation.

    Each result's part is kept in the result's memo slot, so the audits of
    an :class:`~moments.checklists.Auditor`, which share their result
    objects, cost a join each.
    """
    mark = audit.pass_mark
    text = _MARKS.get(mark)
    if text is None:
        text = f"{mark!r}|"  # any repr of an equal mark will do
        if len(_MARKS) < 256:
            _MARKS[mark] = text
    results = audit.results
    try:
        kept = list(map(_kept, results))
    except AttributeError:  # a result made without __init__
        kept = list(map(_code_of, results))
    missing = kept.count(None)  # results not counted before (often the
    index = -1  # greeting's alone, whose detail carries the wait)
    for _ in range(missing):
        index = kept.index(None, index + 1)
        kept[index] = _code_of(results[index])
    codes = "".join(kept)
    wait = audit.greeting_wait
    bucket = _NO_WAIT if wait is None else bisect_left(_WAIT_EDGES, wait)
    greeting = _G_INDEX[id(audit.greeting_outcome)]
    extra = (greeting + bucket) * _N_EXPECTATIONS + _E_INDEX[id(audit.expectation)]
    found = (sys.intern(text + codes), extra)
    _keep(audit, found)
    return found


#: Distinct signatures kept before they are folded into the counts; bounds
#: memory however many distinct ones stream by.
VECTOR_LIMIT = 4096


class _Vector:
    """What every audit with one signature adds, and how many had it.

    Audits with equal signatures have equal pass marks and equal results
    but for their details (see :func:`signature`), hence equal scores: the
    first one stands for all.
    """

    __slots__ = ("count", "critical", "passed", "results", "score")

    def __init__(self, audit: Audit) -> None:
        self.results = audit.results
        self.count = 0
        self.critical = bool(audit.critical_failures)
        self.score = audit.score
        self.passed = audit.passed


class Tally:
    """Mutable counts of audits and feedback; freeze with :meth:`fields`.

    Audits are counted per *signature* (:func:`signature`): a key for the
    pass mark and the results but their details, and the index of the
    audit's greeting outcome, wait bucket and expectation. It is computed
    the first time an audit is counted and kept with it, so an audit
    counted again costs the hot loop one dict look-up and two increments,
    whatever its number of items; audits with equal signatures count
    exactly alike, whether an Auditor built them or they were rebuilt,
    loaded or unpickled. The signatures are folded into the per-item counts
    at the end, or whenever :data:`VECTOR_LIMIT` distinct ones have piled
    up.
    """

    __slots__ = (
        "audits",
        "critical",
        "csat",
        "dens",
        "expectations",
        "extras",
        "greetings",
        "items",
        "moments",
        "nps",
        "passed",
        "scored",
        "vectors",
        "waits",
        "wow",
        "wow_moment",
        "wow_staff",
    )

    def __init__(self) -> None:
        self.audits = self.passed = self.critical = self.scored = self.wow = 0
        self.dens: dict[int, int] = {}  # denominator -> sum of numerators
        self.items: dict[int, dict[str, int]] = {id(o): {} for o in Outcome}
        self.moments: dict[int, dict[int, int]] = {id(o): {} for o in Outcome}
        self.vectors: dict[str, _Vector] = {}
        self.extras: dict[int, int] = {}  # audits per _EXTRAS index, not folded
        self.greetings: dict[int, int] = {}
        self.expectations: dict[int, int] = {}
        self.waits = [0] * N_WAITS
        self.nps = [0] * 11
        self.csat = [0] * 5
        self.wow_staff: dict[str, int] = {}
        self.wow_moment: dict[int, int] = {}

    def add_audits(self, audits: Iterable[Audit]) -> None:
        """Count every audit.

        Raises:
            InvalidData: an item is not an Audit (the counts so far stay).
        """
        vectors, extras = self.vectors, self.extras
        for audit in audits:
            if type(audit) is not Audit:
                index = self.audits + sum(extras.values())
                raise wrong_item("audits", index, "an Audit", audit)
            try:
                key, extra = audit._memo or signature(audit)
            except AttributeError:  # an audit made without __init__
                key, extra = signature(audit)
            vector = vectors.get(key)
            if vector is None:
                if len(vectors) >= VECTOR_LIMIT:
                    self._fold()
                vector = vectors[key] = _Vector(audit)
            vector.count += 1
            extras[extra] = extras.get(extra, 0) + 1

    def _fold(self) -> None:
        """Move the signatures' counts into the audit, score, item, moment,
        greeting, wait and expectation counts."""
        if not self.vectors:
            return  # nothing streamed since the last fold
        items, moments, dens = self.items, self.moments, self.dens
        for vector in self.vectors.values():
            count = vector.count
            if vector.critical:
                self.critical += count
            score = vector.score
            if score is not None:
                self.scored += count
                d = score.denominator
                dens[d] = dens.get(d, 0) + score.numerator * count
            if vector.passed:
                self.passed += count
            for r in vector.results:
                o = id(r.outcome)
                per_item = items[o]
                per_item[r.item_id] = per_item.get(r.item_id, 0) + count
                per_moment = moments[o]
                m = id(r.moment)
                per_moment[m] = per_moment.get(m, 0) + count
        self.vectors.clear()
        greetings, expectations, waits = self.greetings, self.expectations, self.waits
        for index, count in self.extras.items():
            self.audits += count
            greeting, bucket, expectation = _EXTRAS[index]
            if greeting is not None:
                k = id(greeting)
                greetings[k] = greetings.get(k, 0) + count
            if bucket is not None:
                waits[bucket] += count
            if expectation is not None:
                k = id(expectation)
                expectations[k] = expectations.get(k, 0) + count
        self.extras.clear()  # in place: add_audits holds it

    def add_feedback(self, feedback: Iterable[Feedback]) -> None:
        """Count NPS, CSAT and wow cards.

        Raises:
            InvalidData: an item is not a Feedback.
        """
        for index, fb in enumerate(feedback):
            if type(fb) is not Feedback:
                raise wrong_item("feedback", index, "a Feedback", fb)
            if fb.nps is not None:
                self.nps[fb.nps] += 1
            if fb.csat is not None:
                self.csat[fb.csat - 1] += 1
            card = fb.wow
            if card is not None:
                self.wow += 1
                self.wow_staff[card.staff_id] = self.wow_staff.get(card.staff_id, 0) + 1
                if card.moment is not None:
                    key = id(card.moment)
                    self.wow_moment[key] = self.wow_moment.get(key, 0) + 1

    def add_card(self, card: Counts) -> None:
        """Add the counts of a frozen scorecard."""
        self.audits += card.audits
        self.passed += card.passed
        self.critical += card.critical_failed
        self.scored += card.scored
        total = card.score_sum
        self.dens[total.denominator] = (
            self.dens.get(total.denominator, 0) + total.numerator
        )
        # Outcomes picked by identity: cheaper than hashing, merge is hot.
        passed, failed, na = (self.items[id(o)] for o in _OUTCOMES)
        for item_id, outcome, n in card.item_counts:
            per = passed if outcome is _PASS else failed if outcome is _FAIL else na
            per[item_id] = per.get(item_id, 0) + n
        m_passed, m_failed, m_na = (self.moments[id(o)] for o in _OUTCOMES)
        for moment, outcome, n in card.moment_counts:
            m_per = (
                m_passed if outcome is _PASS else m_failed if outcome is _FAIL else m_na
            )
            key = id(moment)
            m_per[key] = m_per.get(key, 0) + n
        _add_members(self.greetings, card.greeting_counts)
        _add_members(self.expectations, card.expectation_counts)
        _add_members(self.wow_moment, card.wow_by_moment)
        staff = self.wow_staff
        for staff_id, n in card.wow_by_staff:
            staff[staff_id] = staff.get(staff_id, 0) + n
        self.wow += card.wow_cards
        for dense, more in (
            (self.waits, card.wait_counts),
            (self.nps, card.nps_counts),
            (self.csat, card.csat_counts),
        ):
            for index, n in enumerate(more):
                dense[index] += n

    def index(self) -> Index:
        """The item counts per outcome (see ``moments.scorecards.merge``);
        the tally must not change once they are handed out."""
        return (
            self.items[id(Outcome.PASS)],
            self.items[id(Outcome.FAIL)],
            self.items[id(Outcome.NOT_APPLICABLE)],
        )

    def fields(self) -> dict[str, Any]:
        """The scorecard's fields, canonical (sorted, no zero counts)."""
        self._fold()
        score_sum = sum(
            (Fraction(n, d) for d, n in sorted(self.dens.items())), Fraction(0)
        )
        item_counts = item_rows(self.index())
        moment_counts = tuple(
            (m, o, self.moments[id(o)][id(m)])
            for m in Moment
            for o in Outcome
            if self.moments[id(o)].get(id(m))
        )
        return {
            "audits": self.audits,
            "passed": self.passed,
            "critical_failed": self.critical,
            "scored": self.scored,
            "score_sum": score_sum,
            "item_counts": item_counts,
            "moment_counts": moment_counts,
            "greeting_counts": tuple(_frozen(self.greetings)),
            "wait_counts": tuple(self.waits),
            "expectation_counts": tuple(_frozen(self.expectations)),
            "nps_counts": tuple(self.nps),
            "csat_counts": tuple(self.csat),
            "wow_by_staff": tuple(sorted(kv for kv in self.wow_staff.items() if kv[1])),
            "wow_by_moment": tuple(_frozen(self.wow_moment)),
            "wow_cards": self.wow,
        }


def _add_members(counts: dict[int, int], pairs: Iterable[tuple[Any, int]]) -> None:
    for member, n in pairs:
        counts[id(member)] = counts.get(id(member), 0) + n

"""The scorecard: an exact, mergeable count of audits and feedback.

Here are the card's fields and the rules they keep, its read-outs, and its
plain records and notebook HTML. Counting audits is
:mod:`~moments.scorecards.tally`'s work, merging two indexed cards
:mod:`~moments.scorecards.merge`'s; the card builds itself from what they
give it through :func:`moments._trusted.builder` (their fields are
canonical by construction, so they are not validated again).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from enum import Enum
from fractions import Fraction
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from moments import _html
from moments import _validate as v
from moments._arguments import iterate, wrong_item
from moments._trusted import builder
from moments.checklists.audits import Audit, Outcome, clears_on_setstate
from moments.errors import InvalidData
from moments.interactions import Expectation, Feedback, Moment
from moments.scorecards.feedback import Recognition, csat_share, nps_points
from moments.scorecards.merge import Indexed, merged
from moments.scorecards.tally import N_WAITS, WAIT_BUCKETS, Tally, exact_share
from moments.timeliness import GreetingOutcome

__all__ = ["Scorecard"]

_WITHIN = frozenset(g for g in GreetingOutcome if g.within_target)
_NOT_ELIGIBLE = frozenset({GreetingOutcome.LEFT_BEFORE_TARGET, GreetingOutcome.UNKNOWN})

Records = dict[str, list[dict[str, object]]]


# The fields' rules ------------------------------------------------------
#
# A scorecard's counts are canonical (sorted, no zero entries) so that
# equality is exact however the scorecard was built; these validators
# refuse anything else, naming the field, what was expected and what
# arrived.

_count = v.strict_int(0)


_score_total = v.strict_fraction(0)
"""An exact sum of scores: a Fraction >= 0 of at most MAX_DIGITS digits."""


def _rank(value: object) -> object:
    if isinstance(value, Enum):
        return list(type(value)).index(value)
    return value


def _rows_of(*kinds: type) -> v.Validator:
    """A tuple of ``(*key, count)`` rows: keys of ``kinds`` (str keys
    non-empty), counts > 0, strictly increasing by key (enums in declaration
    order)."""
    names = ", ".join(k.__name__ for k in kinds)
    expected = f"a tuple of ({names}, count > 0) rows"

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if type(value) is not tuple:
            raise InvalidData.field(attribute.name, expected, value)
        previous: tuple[object, ...] | None = None
        for index, row in enumerate(value):
            if (
                type(row) is not tuple
                or len(row) != len(kinds) + 1
                or any(type(k) is not kind for k, kind in zip(row, kinds, strict=False))
                or any(type(k) is str and not k.strip() for k in row[:-1])
                or type(row[-1]) is not int
                or row[-1] <= 0
            ):
                raise InvalidData(
                    f"$.{attribute.name}[{index}]: expected a ({names}, count > 0) "
                    f"row, got {row!r}"
                )
            order = tuple(_rank(k) for k in row[:-1])
            if previous is not None and not previous < order:
                raise InvalidData(
                    f"$.{attribute.name}[{index}]: expected rows sorted by key "
                    f"without repeats, got {row!r} after {value[index - 1]!r}"
                )
            previous = order

    return check


def _dense(length: int) -> v.Validator:
    """A tuple of exactly ``length`` integers >= 0."""
    expected = f"a tuple of {length} integers >= 0"

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if (
            type(value) is not tuple
            or len(value) != length
            or any(type(n) is not int or n < 0 for n in value)
        ):
            raise InvalidData.field(attribute.name, expected, value)

    return check


def _invariants(instance: Any, attribute: Any, value: Any) -> None:
    """``wow_cards`` is an integer >= 0, and the counts agree with each
    other (attrs runs this after every field is set)."""
    _count(instance, attribute, value)
    c = instance
    problems: list[str] = []

    def need(ok: bool, path: str, expected: str, got: object) -> None:
        if not ok:
            problems.append(f"$.{path}: expected {expected}, got {got!r}")

    need(
        c.passed + c.critical_failed <= c.audits,
        "passed",
        f"at most audits - critical_failed = {c.audits - c.critical_failed}",
        c.passed,
    )
    need(c.scored <= c.audits, "scored", f"at most audits = {c.audits}", c.scored)
    need(
        c.passed + c.critical_failed <= c.scored,
        "scored",
        "at least passed + critical_failed "
        f"= {c.passed + c.critical_failed} (both have a score)",
        c.scored,
    )
    need(
        c.score_sum <= c.scored - c.critical_failed,
        "score_sum",
        f"at most {c.scored - c.critical_failed} (one per non-zero score)",
        c.score_sum,
    )
    for name, total in (
        ("greeting_counts", sum(row[-1] for row in c.greeting_counts)),
        ("wait_counts", sum(c.wait_counts)),
        ("expectation_counts", sum(row[-1] for row in c.expectation_counts)),
    ):
        need(total <= c.audits, name, f"at most {c.audits} in all", total)
    items = sum(row[-1] for row in c.item_counts)
    moments = sum(row[-1] for row in c.moment_counts)
    need(moments == items, "moment_counts", f"{items} in all, as items", moments)
    staff = sum(n for _, n in c.wow_by_staff)
    need(staff == value, "wow_by_staff", f"{value} cards in all", staff)
    by_moment = sum(n for _, n in c.wow_by_moment)
    need(by_moment <= value, "wow_by_moment", f"at most {value} cards", by_moment)
    if problems:
        raise InvalidData(problems)


@attrs.frozen(kw_only=True)
class Scorecard(Indexed):
    """An exact, mergeable summary of audits and feedback.

    Every field is a count (or an exact sum of scores), kept in canonical
    order with no zero entries, so two scorecards of the same audits are
    equal however they were built. Read-outs with nothing to read are
    ``None``, never 0 or NaN. Rates are exact Fractions; ``float()`` them
    to display.

    Attributes:
        audits: how many audits.
        passed: how many passed.
        critical_failed: how many failed a critical item.
        scored: how many had a score (something applicable).
        score_sum: the exact sum of those scores.
        item_counts: ``(item_id, outcome, count)``, by id then outcome.
        moment_counts: ``(moment, outcome, count)``, in moment order.
        greeting_counts: ``(greeting outcome, count)``.
        wait_counts: greeting waits per bucket of :data:`WAIT_BUCKETS`
            (one more bucket at the end for waits over an hour).
        expectation_counts: ``(expectation, count)``.
        nps_counts: NPS answers 0 to 10 (eleven counts).
        csat_counts: CSAT answers 1 to 5 (five counts).
        wow_by_staff: ``(staff_id, cards)`` by id.
        wow_by_moment: ``(moment, cards)`` in moment order.
        wow_cards: all wow cards, with or without a moment.

    Example:
        >>> Scorecard.EMPTY.audits, Scorecard.EMPTY.mean_score
        (0, None)
        >>> Scorecard.EMPTY.merge(Scorecard.EMPTY) == Scorecard.EMPTY
        True
    """

    EMPTY: ClassVar[Scorecard]

    audits: int = attrs.field(default=0, validator=_count)
    passed: int = attrs.field(default=0, validator=_count)
    critical_failed: int = attrs.field(default=0, validator=_count)
    scored: int = attrs.field(default=0, validator=_count)
    score_sum: Fraction = attrs.field(default=Fraction(0), validator=_score_total)
    item_counts: tuple[tuple[str, Outcome, int], ...] = attrs.field(
        default=(), validator=_rows_of(str, Outcome)
    )
    moment_counts: tuple[tuple[Moment, Outcome, int], ...] = attrs.field(
        default=(), validator=_rows_of(Moment, Outcome)
    )
    greeting_counts: tuple[tuple[GreetingOutcome, int], ...] = attrs.field(
        default=(), validator=_rows_of(GreetingOutcome)
    )
    wait_counts: tuple[int, ...] = attrs.field(
        default=(0,) * N_WAITS, validator=_dense(N_WAITS)
    )
    expectation_counts: tuple[tuple[Expectation, int], ...] = attrs.field(
        default=(), validator=_rows_of(Expectation)
    )
    nps_counts: tuple[int, ...] = attrs.field(default=(0,) * 11, validator=_dense(11))
    csat_counts: tuple[int, ...] = attrs.field(default=(0,) * 5, validator=_dense(5))
    wow_by_staff: tuple[tuple[str, int], ...] = attrs.field(
        default=(), validator=_rows_of(str)
    )
    wow_by_moment: tuple[tuple[Moment, int], ...] = attrs.field(
        default=(), validator=_rows_of(Moment)
    )
    wow_cards: int = attrs.field(default=0, validator=_invariants)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", None)  # see merge()

    @staticmethod
    def _of(tally: Tally) -> Scorecard:
        """Freeze a tally without re-validating: a Tally's fields are
        canonical by construction (a property test rebuilds them through
        the constructor)."""
        fields = tally.fields()
        _fits(fields["score_sum"])
        return _build(**fields, index=tally.index())

    @classmethod
    def from_audits(
        cls, audits: Iterable[Audit], feedback: Iterable[Feedback] = ()
    ) -> Scorecard:
        """Summarise ``audits`` and ``feedback`` in one pass.

        Streams: any iterable works, and memory stays flat however many
        audits go through (counts accumulate in plain dicts and freeze
        once at the end).

        Raises:
            InvalidArgument: ``audits`` or ``feedback`` is not an iterable.
            InvalidData: an item is not an Audit or a Feedback.
        """
        tally = Tally()
        tally.add_audits(iterate("audits", audits, "Audit"))
        tally.add_feedback(iterate("feedback", feedback, "Feedback"))
        return cls._of(tally)

    @staticmethod
    def merge_all(cards: Iterable[Scorecard]) -> Scorecard:
        """Merge any number of scorecards at once (``EMPTY`` for none).

        Raises:
            InvalidArgument: ``cards`` is not an iterable.
            InvalidData: an item is not a Scorecard.
        """
        tally = Tally()
        for index, card in enumerate(iterate("cards", cards, "Scorecard")):
            if type(card) is not Scorecard:
                raise wrong_item("cards", index, "a Scorecard", card)
            tally.add_card(card)
        return Scorecard._of(tally)

    def merge(self, other: Scorecard) -> Scorecard:
        """The scorecard of both sets of audits and feedback.

        Raises:
            InvalidData: ``other`` is not a Scorecard.
        """
        if type(other) is not Scorecard:
            raise InvalidData.field("other", "a Scorecard", other)
        # getattr: a card made with object.__new__ may not have the slot set
        index_a = getattr(self, "_index", None)
        index_b = getattr(other, "_index", None)
        if index_a is None or index_b is None:
            # built or unpickled: merging through a Tally beats indexing it
            return Scorecard.merge_all((self, other))
        fields, index = merged(self, index_a, other, index_b)
        _fits(fields["score_sum"])
        return _build(**fields, index=index)

    def add(self, audit: Audit) -> Scorecard:
        """This scorecard with one more audit (use :meth:`from_audits`
        for many: it freezes once).

        Raises:
            InvalidData: ``audit`` is not an Audit.
        """
        if type(audit) is not Audit:
            raise InvalidData.field("audit", "an Audit", audit)
        tally = Tally()
        tally.add_card(self)
        tally.add_audits((audit,))
        return Scorecard._of(tally)

    def add_feedback(self, feedback: Feedback) -> Scorecard:
        """This scorecard with one more piece of feedback.

        Raises:
            InvalidData: ``feedback`` is not a Feedback.
        """
        if type(feedback) is not Feedback:
            raise InvalidData.field("feedback", "a Feedback", feedback)
        tally = Tally()
        tally.add_card(self)
        tally.add_feedback((feedback,))
        return Scorecard._of(tally)

    # Read-outs -----------------------------------------------------------

    @property
    def pass_rate(self) -> Fraction | None:
        """The share of audits that passed."""
        return Fraction(self.passed, self.audits) if self.audits else None

    @property
    def mean_score(self) -> Fraction | None:
        """The mean score of the audits that had one."""
        return self.score_sum / self.scored if self.scored else None

    @property
    def item_pass_rates(self) -> Mapping[str, Fraction | None]:
        """Each item's ``PASS / (PASS + FAIL)``, by item id; ``None`` for
        an item that never applied (N/A never counts either way)."""
        return MappingProxyType(_rates(self.item_counts))

    @property
    def moment_pass_rates(self) -> Mapping[Moment, Fraction | None]:
        """Each moment's items' ``PASS / (PASS + FAIL)``, in moment order."""
        return MappingProxyType(_rates(self.moment_counts))

    @property
    def missed_items(self) -> tuple[tuple[str, int], ...]:
        """``(item_id, failures)`` for the items that failed at least once,
        failed most often first, then by id."""
        failed = [(i, n) for i, o, n in self.item_counts if o is Outcome.FAIL]
        return tuple(sorted(failed, key=lambda row: (-row[1], row[0])))

    @property
    def greeting_service_level(self) -> Fraction | None:
        """The share of eligible greetings within target (``PROMPT`` or
        ``ON_TIME``). ``LEFT_BEFORE_TARGET`` and ``UNKNOWN`` are not
        eligible; ``None`` when none is."""
        eligible = within = 0
        for outcome, n in self.greeting_counts:
            if outcome not in _NOT_ELIGIBLE:
                eligible += n
                within += n if outcome in _WITHIN else 0
        return Fraction(within, eligible) if eligible else None

    def greeting_wait_percentile(
        self, q: float | Fraction
    ) -> tuple[timedelta, timedelta | None] | None:
        """The wait bucket ``(low, high]`` holding the ``q``-quantile of
        greeting waits (nearest rank), or ``None`` with no waits.

        ``high`` is ``None`` for the bucket of waits over an hour. The
        buckets are fixed (:data:`WAIT_BUCKETS`), so the answer is exact
        about the bucket and approximate within it.

        Raises:
            InvalidData: ``q`` is not a number from 0 to 1.

        Example:
            >>> Scorecard(audits=3, wait_counts=(0,) * 4 + (3,) + (0,) * 14
            ...           ).greeting_wait_percentile(0.5)
            (datetime.timedelta(seconds=4), datetime.timedelta(seconds=5))
        """
        share = exact_share("q", q)
        total = sum(self.wait_counts)
        if not total:
            return None
        rank = max(1, -((-share * total) // 1))  # ceil, exactly
        seen = index = 0
        for n in self.wait_counts:
            seen += n
            if seen >= rank:
                break
            index += 1
        low = WAIT_BUCKETS[index - 1] if index else timedelta(0)
        return (low, WAIT_BUCKETS[index] if index < len(WAIT_BUCKETS) else None)

    @property
    def exceeded_rate(self) -> Fraction | None:
        """The share of audits with an expectation reading where delivery
        exceeded what the person expected."""
        total = sum(n for _, n in self.expectation_counts)
        exceeded = sum(
            n for e, n in self.expectation_counts if e is Expectation.EXCEEDED
        )
        return Fraction(exceeded, total) if total else None

    @property
    def nps(self) -> Fraction | None:
        """Net Promoter Score in points (-100 to 100), see :func:`nps`."""
        return nps_points(self.nps_counts)

    @property
    def csat(self) -> Fraction | None:
        """The share of CSAT answers of 4 or 5, see :func:`csat`."""
        return csat_share(self.csat_counts, 4)

    @property
    def recognition(self) -> Recognition:
        """The wow cards per staff member and per moment."""
        return Recognition.of(self.wow_cards, self.wow_by_staff, self.wow_by_moment)

    def to_records(self) -> Records:
        """Plain tables (lists of dicts of str, int, float, None) for pandas
        or polars: ``summary``, ``items``, ``moments``, ``greetings``,
        ``waits``, ``expectations`` and ``recognition``."""
        counts: dict[str, dict[str, int]] = {}
        for item_id, outcome, n in self.item_counts:
            counts.setdefault(item_id, {})[outcome.value] = n
        item_rates = self.item_pass_rates
        moments: dict[str, dict[str, int]] = {}
        for moment, outcome, n in self.moment_counts:
            moments.setdefault(moment.value, {})[outcome.value] = n
        moment_rates = {m.value: r for m, r in self.moment_pass_rates.items()}
        outcomes = [o.value for o in Outcome]
        return {
            "summary": [
                {
                    "audits": self.audits,
                    "passed": self.passed,
                    "pass_rate": as_float(self.pass_rate),
                    "mean_score": as_float(self.mean_score),
                    "critical_failed": self.critical_failed,
                    "greeting_service_level": as_float(self.greeting_service_level),
                    "exceeded_rate": as_float(self.exceeded_rate),
                    "nps": as_float(self.nps),
                    "csat": as_float(self.csat),
                    "wow_cards": self.wow_cards,
                }
            ],
            "items": [
                {
                    "item_id": item_id,
                    **{o: per.get(o, 0) for o in outcomes},
                    "pass_rate": as_float(item_rates[item_id]),
                }
                for item_id, per in counts.items()
            ],
            "moments": [
                {
                    "moment": moment,
                    **{o: per.get(o, 0) for o in outcomes},
                    "pass_rate": as_float(moment_rates[moment]),
                }
                for moment, per in moments.items()
            ],
            "greetings": [
                {"outcome": outcome.value, "count": n}
                for outcome, n in self.greeting_counts
            ],
            "waits": [
                {"low_s": low, "high_s": high, "count": n}
                for (low, high), n in zip(_WAIT_SECONDS, self.wait_counts, strict=True)
            ],
            "expectations": [
                {"expectation": e.value, "count": n} for e, n in self.expectation_counts
            ],
            "recognition": [
                {"staff_id": staff_id, "wow_cards": n}
                for staff_id, n in self.recognition.by_staff
            ],
        }

    def _repr_html_(self) -> str:
        """A compact, escaped summary: headline numbers, missed items,
        moments."""
        nps = self.nps
        head = _html.key_values(
            "Scorecard",
            [
                ("audits", self.audits),
                ("pass rate", percent(self.pass_rate)),
                ("mean score", percent(self.mean_score)),
                ("critical failures", self.critical_failed),
                ("greeting service level", percent(self.greeting_service_level)),
                ("exceeded expectations", percent(self.exceeded_rate)),
                ("NPS", "n/a" if nps is None else f"{float(nps):+.0f}"),
                ("CSAT", percent(self.csat)),
                ("wow cards", self.wow_cards),
            ],
        )
        missed = _html.table(
            "Most missed items", ["item", "failures"], self.missed_items[:5]
        )
        moments = _html.table(
            "Moments",
            ["moment", "pass rate"],
            [(m.value, percent(r)) for m, r in self.moment_pass_rates.items()],
        )
        return head + missed + moments


def _fits(total: Fraction) -> None:
    """Refuse a score sum the trusted build may not make: more than
    MAX_DIGITS digits (what the validated constructor and loads refuse).

    Raises:
        InvalidData: naming ``score_sum``.
    """
    if not v.fits_digits(total):
        raise InvalidData.field(
            "score_sum", "a Fraction >= 0, of at most MAX_DIGITS digits", total
        )


Scorecard.EMPTY = Scorecard()
clears_on_setstate(Scorecard, "_index")
#: Makes a Scorecard from canonical fields (a Tally's, a merge's) and its
#: index, without running the validators.
_build: Callable[..., Scorecard] = builder(Scorecard, extra=("_index",))


#: ``(low, high)`` seconds of each wait bucket; ``high`` is ``None`` for the
#: one over an hour.
_WAIT_SECONDS: tuple[tuple[float, float | None], ...] = tuple(
    zip(
        (0.0, *(edge.total_seconds() for edge in WAIT_BUCKETS)),
        (*(edge.total_seconds() for edge in WAIT_BUCKETS), None),
        strict=True,
    )
)


def pass_counts(rows: Iterable[tuple[Any, Outcome, int]]) -> dict[Any, list[int]]:
    """``[PASS, PASS + FAIL]`` per key of ``(key, outcome, count)`` rows, in
    the rows' key order (shared with the consistency reading)."""
    tallies: dict[Any, list[int]] = {}
    for key, outcome, n in rows:
        per = tallies.get(key)
        if per is None:
            per = tallies[key] = [0, 0]
        if outcome is Outcome.PASS:
            per[0] += n
        if outcome is not Outcome.NOT_APPLICABLE:
            per[1] += n
    return tallies


def _rates(rows: Iterable[tuple[Any, Outcome, int]]) -> dict[Any, Fraction | None]:
    """``PASS / (PASS + FAIL)`` per key of ``(key, outcome, count)`` rows;
    ``None`` for a key that never applied."""
    return {k: Fraction(p, t) if t else None for k, (p, t) in pass_counts(rows).items()}


def as_float(value: Fraction | float | None) -> float | None:
    """A rate for a plain record: a float, or ``None`` for nothing to read
    (shared with the consistency reading's records)."""
    return None if value is None else float(value)


def percent(value: Fraction | None) -> str:
    """A rate for HTML: ``"87.5%"``, or ``"n/a"`` for nothing to read
    (shared with the consistency reading's HTML)."""
    return "n/a" if value is None else f"{float(value):.1%}"

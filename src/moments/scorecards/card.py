"""The scorecard: an exact, mergeable count of audits and feedback."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from fractions import Fraction
from types import MappingProxyType
from typing import ClassVar

import attrs

from moments.checklists.audits import Audit, Outcome, clears_on_setstate
from moments.errors import InvalidData
from moments.interactions import Expectation, Feedback, Moment
from moments.scorecards.counts import (
    counts_of,
    dense,
    invariants,
    non_negative,
    score_total,
)
from moments.scorecards.feedback import Recognition, csat_share, nps_points
from moments.scorecards.merge import Index, Indexed, merged
from moments.scorecards.tally import N_WAITS, WAIT_BUCKETS, Tally, exact_share
from moments.scorecards.views import card_html, card_records, rates
from moments.timeliness import GreetingOutcome

__all__ = ["Scorecard"]

_WITHIN = frozenset(g for g in GreetingOutcome if g.within_target)
_NOT_ELIGIBLE = frozenset({GreetingOutcome.LEFT_BEFORE_TARGET, GreetingOutcome.UNKNOWN})


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

    audits: int = attrs.field(default=0, validator=non_negative)
    passed: int = attrs.field(default=0, validator=non_negative)
    critical_failed: int = attrs.field(default=0, validator=non_negative)
    scored: int = attrs.field(default=0, validator=non_negative)
    score_sum: Fraction = attrs.field(default=Fraction(0), validator=score_total)
    item_counts: tuple[tuple[str, Outcome, int], ...] = attrs.field(
        default=(), validator=counts_of(str, Outcome)
    )
    moment_counts: tuple[tuple[Moment, Outcome, int], ...] = attrs.field(
        default=(), validator=counts_of(Moment, Outcome)
    )
    greeting_counts: tuple[tuple[GreetingOutcome, int], ...] = attrs.field(
        default=(), validator=counts_of(GreetingOutcome)
    )
    wait_counts: tuple[int, ...] = attrs.field(
        default=(0,) * N_WAITS, validator=dense(N_WAITS)
    )
    expectation_counts: tuple[tuple[Expectation, int], ...] = attrs.field(
        default=(), validator=counts_of(Expectation)
    )
    nps_counts: tuple[int, ...] = attrs.field(default=(0,) * 11, validator=dense(11))
    csat_counts: tuple[int, ...] = attrs.field(default=(0,) * 5, validator=dense(5))
    wow_by_staff: tuple[tuple[str, int], ...] = attrs.field(
        default=(), validator=counts_of(str)
    )
    wow_by_moment: tuple[tuple[Moment, int], ...] = attrs.field(
        default=(), validator=counts_of(Moment)
    )
    wow_cards: int = attrs.field(default=0, validator=invariants)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", None)  # see merge()

    @classmethod
    def _of(cls, tally: Tally) -> Scorecard:
        """Freeze a tally without re-validating: a Tally's fields are
        canonical by construction (a property test re-validates them)."""
        return cls._made(tally.fields(), tally.index())

    @classmethod
    def _made(cls, fields: Mapping[str, object], index: Index) -> Scorecard:
        card = object.__new__(cls)
        for name, value in fields.items():
            object.__setattr__(card, name, value)
        object.__setattr__(card, "_index", index)
        return card

    @classmethod
    def from_audits(
        cls, audits: Iterable[Audit], feedback: Iterable[Feedback] = ()
    ) -> Scorecard:
        """Summarise ``audits`` and ``feedback`` in one pass.

        Streams: any iterable works, and memory stays flat however many
        audits go through (counts accumulate in plain dicts and freeze
        once at the end).

        Raises:
            InvalidData: an item is not an Audit or a Feedback.
        """
        tally = Tally()
        tally.add_audits(audits)
        tally.add_feedback(feedback)
        return cls._of(tally)

    @staticmethod
    def merge_all(cards: Iterable[Scorecard]) -> Scorecard:
        """Merge any number of scorecards at once (``EMPTY`` for none).

        Raises:
            InvalidData: an item is not a Scorecard.
        """
        tally = Tally()
        for index, card in enumerate(cards):
            if type(card) is not Scorecard:
                raise InvalidData.field(f"cards[{index}]", "a Scorecard", card)
            tally.add_card(card)
        return Scorecard._of(tally)

    def merge(self, other: Scorecard) -> Scorecard:
        """The scorecard of both sets of audits and feedback.

        Raises:
            InvalidData: ``other`` is not a Scorecard.
        """
        if type(other) is not Scorecard:
            raise InvalidData.field("other", "a Scorecard", other)
        if (
            getattr(self, "_index", None) is None
            or getattr(other, "_index", None) is None
        ):
            # built or unpickled: merging through a Tally beats indexing it
            return Scorecard.merge_all((self, other))
        return Scorecard._made(*merged(self, other))

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
        return MappingProxyType(rates((i, o, n) for i, o, n in self.item_counts))

    @property
    def moment_pass_rates(self) -> Mapping[Moment, Fraction | None]:
        """Each moment's items' ``PASS / (PASS + FAIL)``, in moment order."""
        return MappingProxyType(rates(self.moment_counts))

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

    def to_records(self) -> dict[str, list[dict[str, object]]]:
        """Plain tables (lists of dicts of str, int, float, None) for pandas
        or polars: ``summary``, ``items``, ``moments``, ``greetings``,
        ``waits``, ``expectations`` and ``recognition``."""
        return card_records(self)

    def _repr_html_(self) -> str:
        return card_html(self)


Scorecard.EMPTY = Scorecard()
clears_on_setstate(Scorecard, "_index")

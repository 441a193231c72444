"""Feedback read-outs: NPS, CSAT and recognition (wow cards).

Public through :mod:`moments.scorecards`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import Any, cast

import attrs

from moments import _validate as v
from moments._arguments import iterate
from moments.errors import InvalidData
from moments.interactions import Feedback, Moment
from moments.scorecards.tally import Tally

__all__ = ["Recognition", "csat", "csat_share", "nps", "nps_points", "recognition"]


def nps_points(counts: Iterable[int]) -> Fraction | None:
    """NPS in points from the eleven counts of answers 0 to 10."""
    counts = tuple(counts)
    total = sum(counts)
    if not total:
        return None
    return Fraction(100 * (sum(counts[9:]) - sum(counts[:7])), total)


def csat_share(counts: Iterable[int], good_min: int) -> Fraction | None:
    """The share of good answers from the five counts of answers 1 to 5."""
    counts = tuple(counts)
    total = sum(counts)
    if not total:
        return None
    return Fraction(sum(counts[good_min - 1 :]), total)


# The fields' rules: what recognition() and Scorecard.recognition give.

Problem = v.Problem
"""Where (a path under the field), what was expected and what arrived."""

_MOMENTS = tuple(Moment)


def _rows(value: object, key: type, order: Callable[[Any], Any]) -> Problem | None:
    """The first problem of a tuple of ``(key, count > 0)`` rows in
    strictly increasing ``order``, or ``None``."""
    if type(value) is not tuple:
        return ("", f"a tuple of ({key.__name__}, count > 0) rows", value)
    previous = None
    for index, row in enumerate(value):
        if (
            type(row) is not tuple
            or len(row) != 2
            or type(row[0]) is not key
            or (key is str and not v.is_str(row[0]))
            or type(row[1]) is not int
            or row[1] <= 0
        ):
            expected = f"a ({key.__name__}, count > 0) row"
            if key is str:
                expected = "a (non-empty str, count > 0) row"
            return (f"[{index}]", expected, row)
        rank = order(row)
        if previous is not None and not previous < rank:
            return (f"[{index}]", "rows in order without repeats", row)
        previous = rank
    return None


def _staff_problem(value: object, cards: int) -> Problem | None:
    """Rows of ``(staff_id, cards)``, most cards first, then by id; one
    per card (every wow card names its staff member)."""
    found = _rows(value, str, lambda row: (-row[1], row[0]))
    if found is not None:
        return found
    total = sum(n for _, n in cast(tuple[tuple[str, int], ...], value))
    if total != cards:
        return ("", f"{cards} cards in all, as cards", total)
    return None


def _moment_problem(value: object, cards: int) -> Problem | None:
    """Rows of ``(moment, cards)`` in moment order, at most one per card
    (a card need not name a moment)."""
    found = _rows(value, Moment, lambda row: _MOMENTS.index(row[0]))
    if found is not None:
        return found
    total = sum(n for _, n in cast(tuple[tuple[Moment, int], ...], value))
    if total > cards:
        return ("", f"at most {cards} cards in all, as cards", total)
    return None


@attrs.frozen(kw_only=True)
class Recognition:
    """Wow cards counted per staff member and per moment.

    Recognition is celebrated, never scored: no score or pass rate reads
    it.

    Attributes:
        cards: how many wow cards there were.
        by_staff: ``(staff_id, cards)``, most cards first, then by id.
        by_moment: ``(moment, cards)`` in moment order, for the cards that
            named a moment.
    """

    cards: int = attrs.field(validator=v.strict_int(0))
    by_staff: tuple[tuple[str, int], ...] = attrs.field(
        validator=v.problem_check("by_staff", _staff_problem, ("cards",))
    )
    by_moment: tuple[tuple[Moment, int], ...] = attrs.field(
        validator=v.problem_check("by_moment", _moment_problem, ("cards",))
    )

    @classmethod
    def of(
        cls,
        cards: int,
        by_staff: Iterable[tuple[str, int]],
        by_moment: Iterable[tuple[Moment, int]],
    ) -> Recognition:
        """Recognition from counts: staff ranked by cards, then by id.

        Raises:
            InvalidArgument: ``by_staff`` or ``by_moment`` is not an
                iterable.
            InvalidData: a row that is not ``(key, count > 0)``, or counts
                that do not add up to ``cards``.
        """
        staff = tuple(iterate("by_staff", by_staff, "(staff_id, cards) rows"))
        # A malformed row cannot be sorted: the validator names it.
        with contextlib.suppress(TypeError, IndexError, KeyError):
            staff = tuple(sorted(staff, key=lambda row: (-row[1], row[0])))
        return cls(
            cards=cards,
            by_staff=staff,
            by_moment=tuple(iterate("by_moment", by_moment, "(moment, cards) rows")),
        )


def recognition(feedback: Iterable[Feedback]) -> Recognition:
    """Count the wow cards in ``feedback`` per staff member and per moment.

    Raises:
        InvalidArgument: ``feedback`` is not an iterable.
        InvalidData: an item is not a Feedback.

    Example:
        >>> from datetime import datetime, UTC
        >>> from moments import Feedback, WowCard
        >>> card = WowCard(staff_id="s-ana", story="Found my size")
        >>> at = datetime(2026, 6, 1, tzinfo=UTC)
        >>> recognition([Feedback(interaction_id="i-1", at=at, wow=card)]).by_staff
        (('s-ana', 1),)
    """
    tally = Tally()
    tally.add_feedback(iterate("feedback", feedback, "Feedback"))
    fields = tally.fields()
    return Recognition.of(
        fields["wow_cards"], fields["wow_by_staff"], fields["wow_by_moment"]
    )


def nps(feedback: Iterable[Feedback]) -> Fraction | None:
    """Net Promoter Score in points: the share of promoters (9-10) minus
    the share of detractors (0-6), times 100; ``None`` with no NPS answer.

    Exact (a Fraction from -100 to 100); ``float()`` it for display.

    Raises:
        InvalidArgument: ``feedback`` is not an iterable.
        InvalidData: an item is not a Feedback.
    """
    tally = Tally()
    tally.add_feedback(iterate("feedback", feedback, "Feedback"))
    return nps_points(tally.nps)


def csat(feedback: Iterable[Feedback], *, good_min: int = 4) -> Fraction | None:
    """Customer satisfaction: the share of CSAT answers of at least
    ``good_min`` (on the 1-5 scale) among all CSAT answers; ``None`` with
    none.

    Raises:
        InvalidArgument: ``feedback`` is not an iterable.
        InvalidData: an item is not a Feedback, or ``good_min`` is not an
            integer from 1 to 5.
    """
    if type(good_min) is not int or not 1 <= good_min <= 5:
        raise InvalidData.field("good_min", "an integer from 1 to 5", good_min)
    tally = Tally()
    tally.add_feedback(iterate("feedback", feedback, "Feedback"))
    return csat_share(tally.csat, good_min)

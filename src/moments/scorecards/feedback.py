"""Feedback read-outs: NPS, CSAT and recognition (wow cards).

Public through :mod:`moments.scorecards`.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

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
    by_staff: tuple[tuple[str, int], ...]
    by_moment: tuple[tuple[Moment, int], ...]

    @classmethod
    def of(
        cls,
        cards: int,
        by_staff: Iterable[tuple[str, int]],
        by_moment: Iterable[tuple[Moment, int]],
    ) -> Recognition:
        """Recognition from counts: staff ranked by cards, then by id."""
        return cls(
            cards=cards,
            by_staff=tuple(sorted(by_staff, key=lambda row: (-row[1], row[0]))),
            by_moment=tuple(by_moment),
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

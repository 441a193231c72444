"""Consistency across groups: "can everyone, everywhere get the same
service from anyone?" Public through :mod:`moments.scorecards`.

Here are the reading (:class:`Consistency`, its :class:`Standing` and
:class:`ItemSpread` rows), the function that takes it, and its plain
records and notebook HTML. Records hold only str, int, float, bool, None
and the group keys themselves (enum members become their values), so
pandas or polars can read them without `moments` knowing either.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from enum import Enum
from fractions import Fraction
from typing import Generic, TypeVar

import attrs

from moments import _html
from moments import _validate as v
from moments._arguments import mapping, wrong_item
from moments.errors import InvalidData
from moments.scorecards.card import Scorecard, as_float, percent
from moments.scorecards.tally import exact_share, sort_key

__all__ = ["Consistency", "ItemSpread", "Standing", "consistency"]

K = TypeVar("K", bound=Hashable)


@attrs.frozen(kw_only=True)
class Standing(Generic[K]):
    """One group's reading: how many audits, mean score, pass rate."""

    key: K
    audits: int = attrs.field(validator=v.strict_int(0))
    mean_score: Fraction | None
    pass_rate: Fraction | None


@attrs.frozen(kw_only=True)
class ItemSpread(Generic[K]):
    """How one item's pass rate differs across groups.

    Attributes:
        item_id: the checklist item.
        spread: highest minus lowest pass rate.
        rates: ``(group, pass rate)``, lowest first (then by group).
    """

    item_id: str = attrs.field(validator=v.non_empty_str)
    spread: Fraction
    rates: tuple[tuple[K, Fraction], ...]

    @property
    def lowest(self) -> K:
        """The group where the item passes least often."""
        return self.rates[0][0]

    @property
    def highest(self) -> K:
        """The group where the item passes most often."""
        return self.rates[-1][0]


@attrs.frozen(kw_only=True)
class Consistency(Generic[K]):
    """How consistent the service is across groups (staff, locations...).

    Groups with fewer than ``min_audits`` audits are listed in
    ``too_small`` and never ranked. Read-outs that need two ranked groups
    are ``None`` with fewer.

    Attributes:
        min_audits: the fewest audits a group needs to be ranked.
        threshold: how far below the pooled mean score (or how wide an
            item's spread) counts as a gap, from 0 to 1.
        pooled_mean_score: the mean score over every group's audits.
        pooled_pass_rate: the pass rate over every group's audits.
        ranked: the groups with enough audits, strongest first (by mean
            score, then pass rate; groups without a score last).
        too_small: the groups with too few audits, in key order.
        below_pooled: ranked groups whose mean score is more than
            ``threshold`` below the pooled mean, weakest first.
        item_spreads: every item rated in two or more ranked groups, the
            widest spread first, then by id.
    """

    min_audits: int = attrs.field(validator=v.strict_int(1))
    threshold: Fraction
    pooled_mean_score: Fraction | None
    pooled_pass_rate: Fraction | None
    ranked: tuple[Standing[K], ...]
    too_small: tuple[Standing[K], ...]
    below_pooled: tuple[K, ...]
    item_spreads: tuple[ItemSpread[K], ...]

    @property
    def _scored(self) -> tuple[Standing[K], ...]:
        return tuple(s for s in self.ranked if s.mean_score is not None)

    @property
    def strongest(self) -> K | None:
        """The ranked group with the highest mean score."""
        scored = self._scored
        return scored[0].key if len(scored) > 1 else None

    @property
    def weakest(self) -> K | None:
        """The ranked group with the lowest mean score."""
        scored = self._scored
        return scored[-1].key if len(scored) > 1 else None

    @property
    def score_spread(self) -> Fraction | None:
        """Highest minus lowest mean score among ranked groups."""
        means = [s.mean_score for s in self._scored if s.mean_score is not None]
        return max(means) - min(means) if len(means) > 1 else None

    @property
    def pass_rate_spread(self) -> Fraction | None:
        """Highest minus lowest pass rate among ranked groups."""
        rates = [s.pass_rate for s in self.ranked if s.pass_rate is not None]
        return max(rates) - min(rates) if len(rates) > 1 else None

    @property
    def inconsistent_items(self) -> tuple[ItemSpread[K], ...]:
        """The items whose pass rate differs across groups by more than
        ``threshold``: where the service is not the same everywhere."""
        return tuple(s for s in self.item_spreads if s.spread > self.threshold)

    def to_records(self) -> dict[str, list[dict[str, object]]]:
        """Plain tables for pandas or polars: ``groups`` (one row per
        group, ranked or too small) and ``items`` (one row per item and
        group)."""
        below = set(self.below_pooled)
        groups = [
            {
                "group": _plain(s.key),
                "audits": s.audits,
                "mean_score": as_float(s.mean_score),
                "pass_rate": as_float(s.pass_rate),
                "rank": rank,
                "below_pooled": s.key in below,
            }
            for rank, s in enumerate(self.ranked, start=1)
        ] + [
            {
                "group": _plain(s.key),
                "audits": s.audits,
                "mean_score": as_float(s.mean_score),
                "pass_rate": as_float(s.pass_rate),
                "rank": None,
                "below_pooled": False,
            }
            for s in self.too_small
        ]
        items = [
            {
                "item_id": spread.item_id,
                "spread": float(spread.spread),
                "group": _plain(key),
                "pass_rate": float(rate),
            }
            for spread in self.item_spreads
            for key, rate in spread.rates
        ]
        return {"groups": groups, "items": items}

    def _repr_html_(self) -> str:
        """Groups ranked, too-small groups flagged, the most uneven items."""
        below = set(self.below_pooled)
        rows = [
            (
                rank,
                _plain(s.key),
                s.audits,
                percent(s.mean_score),
                percent(s.pass_rate),
                "below pooled" if s.key in below else "",
            )
            for rank, s in enumerate(self.ranked, start=1)
        ] + [
            (
                "",
                _plain(s.key),
                s.audits,
                percent(s.mean_score),
                percent(s.pass_rate),
                "too few",
            )
            for s in self.too_small
        ]
        groups = _html.table(
            f"Consistency (pooled mean {percent(self.pooled_mean_score)})",
            ["rank", "group", "audits", "mean score", "pass rate", ""],
            rows,
        )
        items = _html.table(
            "Least consistent items",
            ["item", "spread", "lowest", "highest"],
            [
                (s.item_id, percent(s.spread), _plain(s.lowest), _plain(s.highest))
                for s in self.item_spreads[:5]
            ],
        )
        return groups + items


def _plain(key: object) -> object:
    """A group key for a record: an enum member becomes its value."""
    return key.value if isinstance(key, Enum) else key


def consistency(
    groups: Mapping[K, Scorecard],
    *,
    min_audits: int = 5,
    threshold: float | Fraction = 0.1,
) -> Consistency[K]:
    """Compare groups' scorecards: same service everywhere?

    Args:
        groups: ``{group: Scorecard}``, e.g. from :func:`scorecards_by`.
        min_audits: groups with fewer audits are reported as too small,
            not ranked (an integer >= 1).
        threshold: a gap worth reporting, as a share from 0 to 1 (0.1 is
            ten points of score or pass rate); a float is read by its
            shortest repr, so 0.1 is exactly one tenth.

    Returns:
        A :class:`Consistency`.

    Raises:
        InvalidArgument: ``groups`` is not a mapping.
        InvalidData: a value of ``groups`` is not a Scorecard, or
            ``min_audits`` or ``threshold`` is out of range.
    """
    mapping("groups", groups, "group to Scorecard")
    for key, card in groups.items():
        if type(card) is not Scorecard:
            raise wrong_item("groups", repr(key), "a Scorecard", card)
    if type(min_audits) is not int or min_audits < 1:
        raise InvalidData.field("min_audits", "an integer >= 1", min_audits)
    share = exact_share("threshold", threshold)
    keys = sorted(groups, key=sort_key)
    pooled = Scorecard.merge_all(groups[k] for k in keys)
    standings = [
        Standing(
            key=k,
            audits=groups[k].audits,
            mean_score=groups[k].mean_score,
            pass_rate=groups[k].pass_rate,
        )
        for k in keys
    ]
    ranked = sorted(
        (s for s in standings if s.audits >= min_audits),
        key=lambda s: (
            s.mean_score is None,
            -(s.mean_score or 0),
            -(s.pass_rate or 0),
            sort_key(s.key),
        ),
    )
    mean = pooled.mean_score
    below = (
        []
        if mean is None
        else [
            s
            for s in ranked
            if s.mean_score is not None and mean - s.mean_score > share
        ]
    )
    below.sort(key=lambda s: (s.mean_score, sort_key(s.key)))
    return Consistency(
        min_audits=min_audits,
        threshold=share,
        pooled_mean_score=mean,
        pooled_pass_rate=pooled.pass_rate,
        ranked=tuple(ranked),
        too_small=tuple(s for s in standings if s.audits < min_audits),
        below_pooled=tuple(s.key for s in below),
        item_spreads=_spreads({s.key: groups[s.key] for s in ranked}),
    )


def _spreads(groups: Mapping[K, Scorecard]) -> tuple[ItemSpread[K], ...]:
    per_item: dict[str, list[tuple[K, Fraction]]] = {}
    for key, card in groups.items():
        for item_id, rate in card.item_pass_rates.items():
            if rate is not None:
                per_item.setdefault(item_id, []).append((key, rate))
    spreads = []
    for item_id, rates in per_item.items():
        if len(rates) < 2:
            continue
        rates.sort(key=lambda kr: (kr[1], sort_key(kr[0])))
        spreads.append(
            ItemSpread(
                item_id=item_id, spread=rates[-1][1] - rates[0][1], rates=tuple(rates)
            )
        )
    spreads.sort(key=lambda s: (-s.spread, s.item_id))
    return tuple(spreads)

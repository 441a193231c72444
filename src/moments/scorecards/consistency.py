"""Consistency across groups: "can everyone, everywhere get the same
service from anyone?" Public through :mod:`moments.scorecards`.

Here are the reading (:class:`Consistency`, its :class:`Standing` and
:class:`ItemSpread` rows), the function that takes it, and its plain
records and notebook HTML. Records hold only str, int, float, bool, None
and the group keys themselves (enum members become their values), so
pandas or polars can read them without `moments` knowing either.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from enum import Enum
from fractions import Fraction
from typing import Any, Generic, TypeVar

import attrs

from moments import _html
from moments import _validate as v
from moments._arguments import mapping, wrong_item
from moments._trusted import builder
from moments._validate import fits_digits
from moments.errors import InvalidData
from moments.scorecards.card import Scorecard, as_float, pass_counts, percent
from moments.scorecards.tally import exact_share, sort_key

__all__ = ["Consistency", "ItemSpread", "Standing", "consistency"]

K = TypeVar("K", bound=Hashable)


# The fields' rules ------------------------------------------------------
#
# A reading is what consistency() computes from scorecards, so every field
# is refused unless it could have come from there: rates are exact shares
# from 0 to 1, rows come in the order consistency() sorts them (by the
# same key functions), and below_pooled is what the other fields imply.


def _hashable(value: object) -> bool:
    """Whether ``value`` can be a group key (a dict key)."""
    try:
        hash(value)
    except TypeError:
        return False
    return True


_RATE = "a Fraction from 0 to 1"
_rate = v.strict_fraction(0, 1)
"""A rate: a Fraction from 0 to 1 of at most MAX_DIGITS digits."""
_optional_rate = v.optional(_rate)


def _rate_refused(value: object) -> bool:
    """Whether ``value`` is not a rate (the item form of :data:`_rate`)."""
    return type(value) is not Fraction or not fits_digits(value) or not 0 <= value <= 1


def exact_keys(ratios: Sequence[tuple[int, int] | None]) -> list[int | None]:
    """Integer keys that order the ratios ``n / d`` (``d > 0``; ``None``
    stays ``None``) exactly as their values, equal exactly for equal
    values: ``n * D**2 // d``, with ``D`` the largest ``d``. Two different
    ratios differ by at least ``1 / D**2``, so ``D**2`` times them differ by
    at least 1 and so do their floors. Sorting on them compares integers,
    never Fractions."""
    scale = max((pair[1] for pair in ratios if pair is not None), default=1) ** 2
    return [None if pair is None else pair[0] * scale // pair[1] for pair in ratios]


def _pair(rate: Fraction | None) -> tuple[int, int] | None:
    return None if rate is None else (rate.numerator, rate.denominator)


Problem = v.Problem
"""Where (a path under the field), what was expected and what arrived."""


def _undeclared(
    problem: Callable[..., Problem | None], reads: tuple[str, ...]
) -> v.Validator:
    """The plain validator of a rule that must apply when a field it reads
    is ``None`` (a declared :class:`~moments._validate.Check` skips its
    test then)."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        found = problem(value, *(getattr(instance, name) for name in reads))
        if found is not None:
            where, expected, got = found
            raise InvalidData.field(f"{attribute.name}{where}", expected, got)

    return check


def _group_key(value: object) -> Problem | None:
    return None if _hashable(value) else ("", "a hashable group key", value)


def _no_rate_without_audits(value: Fraction, audits: int) -> Problem | None:
    """A rate of ``audits`` audits: ``None`` with none, else a multiple of
    ``1 / audits`` (the rate is a count of them over ``audits``)."""
    if audits and not audits % value.denominator:
        return None
    if not audits:
        return ("", "None with no audits", value)
    return ("", f"a count of the {audits} audits over {audits}", value)


def _mean_without_audits(value: Fraction, audits: int) -> Problem | None:
    if audits:
        return None
    return ("", "None with no audits", value)


@attrs.frozen(kw_only=True)
class Standing(Generic[K]):
    """One group's reading: how many audits, mean score, pass rate.

    Raises:
        InvalidData: a key that is not hashable, ``audits`` not an integer
            >= 0, a rate that is not ``None`` or a Fraction from 0 to 1, a
            rate with no audits, or a pass rate that is not a count of the
            audits over ``audits``.
    """

    key: K = attrs.field(
        validator=v.problem_check("Standing.key", _group_key, nullable=True)
    )
    audits: int = attrs.field(validator=v.strict_int(0))
    mean_score: Fraction | None = attrs.field(
        validator=v.all_of(
            _optional_rate,
            v.problem_check(
                "Standing.mean_score",
                _mean_without_audits,
                ("audits",),
                nullable=True,
            ),
        )
    )
    pass_rate: Fraction | None = attrs.field(
        validator=v.all_of(
            _optional_rate,
            v.problem_check(
                "Standing.pass_rate",
                _no_rate_without_audits,
                ("audits",),
                nullable=True,
            ),
        )
    )


def _rate_row_keys(rows: Sequence[tuple[K, Fraction]]) -> list[Any]:
    """The order of an item's ``(group, pass rate)`` rows: lowest rate
    first, then by group."""
    rates = exact_keys([_pair(rate) for _, rate in rows])
    return [(rate, sort_key(key)) for (key, _), rate in zip(rows, rates, strict=True)]


def _rates_problem(value: object, spread: Fraction) -> Problem | None:
    """What is wrong with an item's rows and spread, or ``None``."""
    expected = "a tuple of two or more (group, pass rate) rows"
    if type(value) is not tuple or len(value) < 2:
        return ("", expected, value)
    for index, row in enumerate(value):
        if (
            type(row) is not tuple
            or len(row) != 2
            or not _hashable(row[0])
            or _rate_refused(row[1])
        ):
            return (f"[{index}]", f"a (hashable group, {_RATE}) row", row)
    found = _unordered(_rate_row_keys(value))
    if found is not None:
        expected = "rows lowest rate first, then by group, each group once"
        return (f"[{found}]", expected, value[found])
    span = value[-1][1] - value[0][1]
    if span != spread:
        return ("", f"rows whose rates span the spread {spread}", value)
    return None


@attrs.frozen(kw_only=True)
class ItemSpread(Generic[K]):
    """How one item's pass rate differs across groups.

    Attributes:
        item_id: the checklist item.
        spread: highest minus lowest pass rate.
        rates: ``(group, pass rate)``, lowest first (then by group): two
            or more rows, each group once.

    Raises:
        InvalidData: a field out of its rule, or ``rates`` whose highest
            minus lowest rate is not ``spread``.
    """

    item_id: str = attrs.field(validator=v.non_empty_str)
    spread: Fraction = attrs.field(validator=_rate)
    rates: tuple[tuple[K, Fraction], ...] = attrs.field(
        validator=v.problem_check("ItemSpread.rates", _rates_problem, ("spread",))
    )

    @property
    def lowest(self) -> K:
        """The group where the item passes least often."""
        return self.rates[0][0]

    @property
    def highest(self) -> K:
        """The group where the item passes most often."""
        return self.rates[-1][0]


def _rank_keys(standings: Sequence[Standing[K]]) -> list[Any]:
    """The order of ranked groups: strongest first (by mean score, then
    pass rate, then key; groups without a score last)."""
    means = exact_keys([_pair(s.mean_score) for s in standings])
    rates = exact_keys([_pair(s.pass_rate) for s in standings])
    return [
        (mean is None, -(mean or 0), -(rate or 0), sort_key(s.key))
        for s, mean, rate in zip(standings, means, rates, strict=True)
    ]


def _small_keys(standings: Sequence[Standing[K]]) -> list[Any]:
    """The order of the groups too small to rank: by key."""
    return [sort_key(s.key) for s in standings]


def _below(
    ranked: Sequence[Standing[K]], mean: Fraction | None, threshold: Fraction
) -> tuple[K, ...]:
    """The ranked groups more than ``threshold`` below the pooled mean
    score ``mean``, weakest first (then by key)."""
    if mean is None:
        return ()
    # mean - score > threshold exactly when score < mean - threshold
    keys = exact_keys([*(_pair(s.mean_score) for s in ranked), _pair(mean - threshold)])
    bound = keys.pop()
    assert bound is not None
    below = [
        (score, sort_key(s.key), index)
        for index, (s, score) in enumerate(zip(ranked, keys, strict=True))
        if score is not None and score < bound
    ]
    below.sort()
    return tuple(ranked[index].key for _, _, index in below)


def _spread_keys(spreads: Sequence[ItemSpread[K]]) -> list[Any]:
    """The order of item spreads: widest first, then by item id."""
    widths = exact_keys([_pair(s.spread) for s in spreads])
    return [(-(w or 0), s.item_id) for s, w in zip(spreads, widths, strict=True)]


def _unordered(keys: Sequence[Any]) -> int | None:
    """The first position whose key is not above the one before, or
    ``None`` when they strictly increase."""
    for index in range(1, len(keys)):
        try:
            ascending = keys[index - 1] < keys[index]
        except TypeError:  # two keys of one type that do not compare
            ascending = False
        if not ascending:
            return index
    return None


def _in_order(
    value: object,
    kind: type,
    expected: str,
    keys_of: Callable[[Any], Sequence[Any]],
    fits: Callable[[Any], bool] = lambda row: True,
) -> Problem | None:
    """``None`` if ``value`` is a tuple of ``kind`` that ``fits``, strictly
    increasing by ``keys_of(value)``; else what is wrong."""
    if type(value) is not tuple:
        return ("", f"a tuple of {kind.__name__}", value)
    for index, row in enumerate(value):
        if type(row) is not kind or not fits(row):
            return (f"[{index}]", expected, row)
    found = _unordered(keys_of(value))
    if found is not None:
        return (f"[{found}]", f"{expected}, in order, each once", value[found])
    return None


def _ranked(value: object, min_audits: int) -> Problem | None:
    return _in_order(
        value,
        Standing,
        f"a Standing of at least min_audits = {min_audits} audits",
        _rank_keys,
        lambda s: s.audits >= min_audits,
    )


def _too_small(value: object, min_audits: int, ranked: Any) -> Problem | None:
    found = _in_order(
        value,
        Standing,
        f"a Standing of fewer than min_audits = {min_audits} audits",
        _small_keys,
        lambda s: s.audits < min_audits,
    )
    if found is not None:
        return found
    keys = {s.key for s in ranked}
    small: tuple[Standing[Any], ...] = value  # type: ignore[assignment]
    for index, s in enumerate(small):
        if s.key in keys:
            return (f"[{index}]", "a group not also ranked", s)
    return None


def _below_pooled(
    value: object, ranked: Any, pooled: Fraction | None, threshold: Fraction
) -> Problem | None:
    implied = _below(ranked, pooled, threshold)
    if value != implied or type(value) is not tuple:
        return (
            "",
            f"the ranked groups more than threshold below the pooled mean "
            f"score, weakest first: {implied!r}",
            value,
        )
    return None


def _item_spreads(value: object, ranked: Any) -> Problem | None:
    keys = {s.key for s in ranked}
    return _in_order(
        value,
        ItemSpread,
        "an ItemSpread of ranked groups, widest first (then by id)",
        _spread_keys,
        lambda s: all(key in keys for key, _ in s.rates),
    )


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

    Raises:
        InvalidData: a field out of its rule: rows out of order or in the
            wrong list, or ``below_pooled`` other than the ranked groups
            the pooled mean and threshold put there.
    """

    min_audits: int = attrs.field(validator=v.strict_int(1))
    threshold: Fraction = attrs.field(validator=_rate)
    pooled_mean_score: Fraction | None = attrs.field(validator=_optional_rate)
    pooled_pass_rate: Fraction | None = attrs.field(validator=_optional_rate)
    ranked: tuple[Standing[K], ...] = attrs.field(
        validator=v.problem_check("Consistency.ranked", _ranked, ("min_audits",))
    )
    too_small: tuple[Standing[K], ...] = attrs.field(
        validator=v.problem_check(
            "Consistency.too_small", _too_small, ("min_audits", "ranked")
        )
    )
    below_pooled: tuple[K, ...] = attrs.field(
        validator=_undeclared(
            _below_pooled, ("ranked", "pooled_mean_score", "threshold")
        )
    )
    item_spreads: tuple[ItemSpread[K], ...] = attrs.field(
        validator=v.problem_check(
            "Consistency.item_spreads", _item_spreads, ("ranked",)
        )
    )

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
    if not fits_digits(share):
        raise InvalidData.field("threshold", _RATE, share)
    keys = sorted(groups, key=sort_key)
    cards = [groups[k] for k in keys]
    pooled = Scorecard.merge_all(cards)
    # Trusted: each reading is computed here from valid scorecards, in the
    # order the rules below check (a property test rebuilds the reading
    # through the validated constructors); validating it again would
    # double the cost.
    standings = [
        _build_standing(k, card.audits, _within(card.mean_score), card.pass_rate)
        for k, card in zip(keys, cards, strict=True)
    ]
    eligible = [s for s in standings if s.audits >= min_audits]
    order = _rank_keys(eligible)
    ranked = [eligible[i] for i in sorted(range(len(eligible)), key=order.__getitem__)]
    mean = _within(pooled.mean_score)
    return _build_consistency(
        min_audits,
        share,
        mean,
        pooled.pass_rate,
        tuple(ranked),
        tuple(s for s in standings if s.audits < min_audits),
        _below(ranked, mean, share),
        _spreads([(s.key, groups[s.key]) for s in ranked]),
    )


def _within(rate: Fraction | None) -> Fraction | None:
    """``rate``, which a reading can hold (at most MAX_DIGITS digits).

    Raises:
        InvalidData: a rate with a longer denominator.
    """
    if rate is not None and not fits_digits(rate):
        raise InvalidData.field("groups", f"mean scores of {_RATE}", rate)
    return rate


def _spreads(groups: Sequence[tuple[K, Scorecard]]) -> tuple[ItemSpread[K], ...]:
    """Every item rated in two or more of ``groups``, widest spread first:
    the rows sorted on exact integer keys of the pass counts."""
    per_item: dict[str, list[tuple[K, int, int]]] = {}
    for key, card in groups:
        for item_id, (passed, rated) in pass_counts(card.item_counts).items():
            if rated:
                rows = per_item.get(item_id)
                if rows is None:
                    rows = per_item[item_id] = []
                rows.append((key, passed, rated))
    made: dict[tuple[int, int], Fraction] = {}  # one Fraction per pass count
    spreads = []
    for item_id, rows in per_item.items():
        if len(rows) < 2:
            continue
        rates = exact_keys([(passed, rated) for _, passed, rated in rows])
        keyed = sorted(
            (rate, sort_key(key), index)
            for index, ((key, _, _), rate) in enumerate(zip(rows, rates, strict=True))
        )
        found = []
        for _, _, index in keyed:
            key, passed, rated = rows[index]
            share = made.get((passed, rated))
            if share is None:
                share = made[passed, rated] = Fraction(passed, rated)
                _within(share)
            found.append((key, share))
        spreads.append(
            _build_item_spread(item_id, found[-1][1] - found[0][1], tuple(found))
        )
    widths = _spread_keys(spreads)
    return tuple(
        spreads[i] for i in sorted(range(len(spreads)), key=widths.__getitem__)
    )


_build_standing: Callable[..., Standing[Any]] = builder(Standing)
_build_item_spread: Callable[..., ItemSpread[Any]] = builder(ItemSpread)
_build_consistency: Callable[..., Consistency[Any]] = builder(Consistency)

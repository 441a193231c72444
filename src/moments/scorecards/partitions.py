"""Scorecards built per partition and merged: the other half of
:func:`~moments.scorecards.scorecards_by` on Dask, Spark or any pool of
workers. Public through :mod:`moments.scorecards`.

One scorecard per partition merges with :meth:`Scorecard.merge` and
:meth:`Scorecard.merge_all`; one ``{key: Scorecard}`` per partition (what
``scorecards_by`` returns for the partition's audits) merges, key by key,
with :func:`merge_groups`. Scorecards are exact, so the merged result is
the one a single pass over every audit gives, whatever the partitioning.

Its own module because it needs both the card and the group order, and
:mod:`~moments.scorecards.merge` sits below them (the card imports it).
"""

from __future__ import annotations

import reprlib
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

from moments._arguments import iterate, kind, wrong_item
from moments.errors import InvalidData
from moments.scorecards.card import Scorecard
from moments.scorecards.tally import sort_key

__all__ = ["merge_groups"]

K = TypeVar("K", bound=Hashable)

#: Group keys are shown in errors, shortened (a key is a staff id, a
#: location, a day: never personal data, but it may be long).
_KEYS = reprlib.Repr()
_KEYS.maxstring = _KEYS.maxother = 40


def merge_groups(groups: Iterable[Mapping[K, Scorecard]]) -> dict[K, Scorecard]:
    """Merge per-partition groups of scorecards, key by key.

    Each item is one partition's ``{key: Scorecard}``, as
    :func:`~moments.scorecards.scorecards_by` returns it for that
    partition's audits; the result is what ``scorecards_by`` returns for
    all the partitions' audits at once. A key found in one partition only
    keeps its scorecard as it is.

    Args:
        groups: any iterable of mappings from group keys to scorecards
            (streamed once). For a reduction that merges two at a time
            (Spark's ``treeReduce``) pass a pair: ``merge_groups((a, b))``.

    Returns:
        ``{key: Scorecard}``, keys in ``scorecards_by``'s order: ``None``
        first, then enum members in declaration order, then by value.

    Raises:
        InvalidArgument: ``groups`` is not an iterable.
        InvalidData: an item is not a mapping, or one of its values is not
            a Scorecard.

    Example:
        >>> from moments.cli.demo import audit_day, demo_day
        >>> from moments.scorecards import by_location, scorecards_by
        >>> audits = audit_day(demo_day())
        >>> partials = [scorecards_by(audits[:5], by_location),
        ...             scorecards_by(audits[5:], by_location)]
        >>> merged = merge_groups(partials)
        >>> list(merged)
        ['harbour-street', 'market-square']
        >>> merged == scorecards_by(audits, by_location)
        True
    """
    cards: dict[K, list[Scorecard]] = {}
    for index, group in enumerate(iterate("groups", groups, "mappings")):
        if not isinstance(group, Mapping):
            raise wrong_item(
                "groups", index, "a mapping of group keys to Scorecards", group
            )
        for key, card in group.items():
            if type(card) is not Scorecard:
                raise InvalidData(
                    f"$.groups[{index}][{_KEYS.repr(key)}]: "
                    f"expected a Scorecard, got {kind(card)}"
                )
            same = cards.get(key)
            if same is None:
                cards[key] = [card]
            else:
                same.append(card)
    return {
        key: same[0] if len(same) == 1 else Scorecard.merge_all(same)
        for key, same in sorted(cards.items(), key=lambda kv: sort_key(kv[0]))
    }

"""Tests for the fast two-way merge of scorecards (``moments.scorecards.merge``):
it gives exactly what the general ``merge_all`` gives, canonical and valid,
whether or not the scorecards carry their private index."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from moments.scorecards import Scorecard
from moments.scorecards.merge import item_rows, split_items
from moments.strategies import scorecards
from moments.strategies._scorecards import audit_samples


def indexed(card: Scorecard) -> Scorecard:
    """The same scorecard with its index (as from_audits and merge make)."""
    return Scorecard.merge_all([card])


def twin(card: Scorecard) -> Scorecard:
    """The same scorecard through the constructor (validated, no index)."""
    return Scorecard(**attrs.asdict(card, recurse=False))


class TestMerge:
    @given(scorecards(), scorecards())
    def test_merge_gives_what_merge_all_gives(self, a: Scorecard, b: Scorecard) -> None:
        fast, slow = indexed(a).merge(indexed(b)), a.merge(b)

        assert fast == slow == Scorecard.merge_all([a, b])

    @given(scorecards(), scorecards())
    def test_a_merged_scorecard_is_canonical_and_valid(
        self, a: Scorecard, b: Scorecard
    ) -> None:
        for merged in (a.merge(b), indexed(a).merge(indexed(b))):
            assert twin(merged) == merged
            assert merged._index == split_items(merged.item_counts)

    @given(st.lists(audit_samples(), max_size=8), st.lists(audit_samples(), max_size=8))
    def test_merging_with_or_without_an_index_gives_the_same_scorecard(
        self, first: list[Any], second: list[Any]
    ) -> None:
        a, b = Scorecard.from_audits(first), Scorecard.from_audits(second)

        merged = a.merge(b)

        assert a._index is not None
        assert b._index is not None
        for x, y in ((twin(a), twin(b)), (pickle.loads(pickle.dumps(a)), b)):
            assert x._index is None
            assert x.merge(y) == merged
            assert y.merge(x) == b.merge(a)

    @given(st.lists(audit_samples(), max_size=8))
    def test_the_index_leaves_eq_repr_and_pickle_alone(self, audits: list[Any]) -> None:
        card = Scorecard.from_audits(audits)
        plain = twin(card)

        assert card == plain
        assert repr(card) == repr(plain)
        assert hash(card) == hash(plain)
        assert pickle.dumps(card) == pickle.dumps(plain)
        assert copy.copy(card)._index is None

    @given(scorecards())
    def test_index_and_item_rows_round_trip(self, card: Scorecard) -> None:
        index = split_items(card.item_counts)

        assert item_rows(index) == card.item_counts
        assert all(n > 0 for counts in index for n in counts.values())

    @given(scorecards(), scorecards())
    def test_merging_leaves_both_scorecards_and_their_indexes_unchanged(
        self, a: Scorecard, b: Scorecard
    ) -> None:
        a, b = indexed(a), indexed(b)
        merged = a.merge(b)
        before = (copy.deepcopy(a._index), copy.deepcopy(b._index))

        merged.merge(a).merge(b)

        assert (a._index, b._index) == before
        assert merged == a.merge(b)

"""Tests for merging scorecards (``Scorecard.merge``, ``merge_all``, ``add``):
merging the cards of two sets of audits and feedback gives the card of
both, however each card was made, and merging is a monoid with ``EMPTY``
as identity. ``merge_groups`` does the same, key by key, for the
per-partition groups ``scorecards_by`` makes. (The same pipelines on real
Dask and Spark clusters: ``test_clusters.py``.)

A card fresh from ``from_audits`` or from a merge carries a private index
that makes the next merge fast; a card that was built by the constructor,
copied, unpickled or loaded from its JSON document has none and merges the
general way. Every law below is checked for cards made each way
(:data:`WAYS`), so both paths must give the same, exact answer.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable, Iterable
from datetime import timedelta
from itertools import pairwise

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _support import make_audit
from moments import Channel, Feedback, InvalidArgument, InvalidData
from moments.checklists import Audit
from moments.checklists import Outcome as O
from moments.scorecards import (
    Scorecard,
    by_channel,
    by_day,
    by_location,
    by_party_kind,
    by_staff,
    scorecards_by,
)
from moments.scorecards.partitions import merge_groups
from moments.serialization import from_dict, to_dict
from moments.strategies import scorecards
from moments.timeliness import GreetingOutcome as G
from scorecards._cards import audit_lists, failing, feedback_lists, passing, result


def _built(card: Scorecard) -> Scorecard:
    return Scorecard(**{f.name: getattr(card, f.name) for f in attrs.fields(Scorecard)})


#: The ways a user gets hold of a card, from a card fresh from
#: ``from_audits``: the first two keep the fast index, the others drop it.
WAYS: dict[str, Callable[[Scorecard], Scorecard]] = {
    "fresh from from_audits": lambda card: card,
    "fresh from a merge": lambda card: card.merge(Scorecard.from_audits([])),
    "built by the constructor": _built,
    "copied": copy.copy,
    "unpickled": lambda card: pickle.loads(pickle.dumps(card)),
    "loaded from its document": lambda card: from_dict(Scorecard, to_dict(card)),
}
ways = st.sampled_from(sorted(WAYS))


def made(way: str, audits: list[Audit], answers: Iterable[Feedback] = ()) -> Scorecard:
    """The card of ``audits`` and ``answers``, got hold of ``way``."""
    return WAYS[way](Scorecard.from_audits(audits, answers))


class TestMergeGivesTheCardOfEverything:
    @given(audit_lists, feedback_lists, audit_lists, feedback_lists, ways, ways)
    def test_merging_two_cards_gives_the_card_of_all_their_audits_and_feedback(
        self,
        audits_a: list[Audit],
        answers_a: list[Feedback],
        audits_b: list[Audit],
        answers_b: list[Feedback],
        way_a: str,
        way_b: str,
    ) -> None:
        a, b = made(way_a, audits_a, answers_a), made(way_b, audits_b, answers_b)

        merged = a.merge(b)

        assert merged == Scorecard.from_audits(
            audits_a + audits_b, answers_a + answers_b
        )

    @given(audit_lists, audit_lists, audit_lists, ways, ways, ways)
    def test_a_merged_card_merges_on_like_the_card_of_everything(
        self,
        audits_a: list[Audit],
        audits_b: list[Audit],
        audits_c: list[Audit],
        way_a: str,
        way_b: str,
        way_c: str,
    ) -> None:
        a, b = made(way_a, audits_a), made(way_b, audits_b)
        c = made(way_c, audits_c)
        whole = Scorecard.from_audits(audits_a + audits_b + audits_c)

        merged = a.merge(b)

        assert merged.merge(c) == c.merge(merged) == whole

    @given(audit_lists, audit_lists, audit_lists)
    def test_merging_never_changes_either_card(
        self, audits_a: list[Audit], audits_b: list[Audit], audits_c: list[Audit]
    ) -> None:
        a, b, c = (Scorecard.from_audits(x) for x in (audits_a, audits_b, audits_c))

        a.merge(b).merge(a).merge(b)
        b.merge(a)

        assert a == Scorecard.from_audits(audits_a)
        assert a.merge(c) == Scorecard.from_audits(audits_a + audits_c)
        assert b.merge(c) == Scorecard.from_audits(audits_b + audits_c)

    @given(st.lists(st.tuples(audit_lists, ways), max_size=4))
    def test_merge_all_gives_the_card_of_every_audit(
        self, parts: list[tuple[list[Audit], str]]
    ) -> None:
        cards = [made(way, audits) for audits, way in parts]

        merged = Scorecard.merge_all(cards)

        assert merged == Scorecard.from_audits(a for audits, _ in parts for a in audits)

    @given(audit_lists, feedback_lists, ways)
    def test_adding_to_a_card_gives_the_card_of_everything(
        self, audits: list[Audit], answers: list[Feedback], way: str
    ) -> None:
        card = made(way, audits[:-1])

        if audits:
            card = card.add(audits[-1])
        for answer_ in answers:
            card = card.add_feedback(answer_)

        assert card == Scorecard.from_audits(audits, answers)


class TestMonoidLaws:
    @given(scorecards(), ways)
    def test_empty_is_the_identity(self, card: Scorecard, way: str) -> None:
        card = WAYS[way](card)

        assert Scorecard.EMPTY.merge(card) == card
        assert card.merge(Scorecard.EMPTY) == card

    @given(
        scorecards(max_audits=5),
        scorecards(max_audits=5),
        scorecards(max_audits=5),
        ways,
        ways,
        ways,
    )
    def test_merge_is_associative(
        self,
        a: Scorecard,
        b: Scorecard,
        c: Scorecard,
        way_a: str,
        way_b: str,
        way_c: str,
    ) -> None:
        a, b, c = WAYS[way_a](a), WAYS[way_b](b), WAYS[way_c](c)

        assert a.merge(b).merge(c) == a.merge(b.merge(c))

    @given(scorecards(), scorecards(), ways, ways)
    def test_merge_is_commutative(
        self, a: Scorecard, b: Scorecard, way_a: str, way_b: str
    ) -> None:
        a, b = WAYS[way_a](a), WAYS[way_b](b)

        assert a.merge(b) == b.merge(a)

    @given(audit_lists, feedback_lists, st.data())
    def test_splitting_anywhere_and_merging_equals_the_whole(
        self, audits: list[Audit], answers: list[Feedback], data: st.DataObject
    ) -> None:
        cut = data.draw(st.integers(0, len(audits)))
        cut_fb = data.draw(st.integers(0, len(answers)))

        parts = Scorecard.from_audits(audits[:cut], answers[:cut_fb]).merge(
            Scorecard.from_audits(audits[cut:], answers[cut_fb:])
        )

        assert parts == Scorecard.from_audits(audits, answers)

    @given(audit_lists, feedback_lists)
    def test_adding_one_at_a_time_equals_the_whole(
        self, audits: list[Audit], answers: list[Feedback]
    ) -> None:
        card = Scorecard.EMPTY
        for audit in audits:
            card = card.add(audit)
        for answer_ in answers:
            card = card.add_feedback(answer_)

        assert card == Scorecard.from_audits(audits, answers)

    @given(st.lists(scorecards(max_audits=4), max_size=5))
    def test_merge_all_equals_merging_in_turn(self, cards: list[Scorecard]) -> None:
        folded = Scorecard.EMPTY
        for card in cards:
            folded = folded.merge(card)

        assert Scorecard.merge_all(cards) == folded


#: The group keys of ``scorecards_by``: strings and None, enum members, days.
KEYS = {
    "staff": by_staff,
    "location": by_location,
    "channel": by_channel,
    "party kind": by_party_kind,
    "day in Tokyo": by_day("Asia/Tokyo"),
}
keys = st.sampled_from(sorted(KEYS))


def cut(items: list[Audit], data: st.DataObject) -> list[list[Audit]]:
    """``items`` cut into consecutive parts (some empty) where drawn."""
    cuts = sorted(data.draw(st.lists(st.integers(0, len(items)), max_size=4)))
    bounds = [0, *cuts, len(items)]
    return [items[a:b] for a, b in pairwise(bounds)]


class TestMergeGroups:
    @given(audit_lists, keys, ways, st.data())
    def test_merged_partition_groups_are_the_groups_of_every_audit(
        self, audits: list[Audit], key: str, way: str, data: st.DataObject
    ) -> None:
        parts = cut(audits, data)
        partials = [
            {k: WAYS[way](card) for k, card in scorecards_by(part, KEYS[key]).items()}
            for part in parts
        ]

        merged = merge_groups(partials)

        whole = scorecards_by(audits, KEYS[key])
        assert merged == whole
        assert list(merged) == list(whole)

    @given(audit_lists, keys, st.data())
    def test_merging_two_at_a_time_gives_the_same_groups(
        self, audits: list[Audit], key: str, data: st.DataObject
    ) -> None:
        partials = [scorecards_by(part, KEYS[key]) for part in cut(audits, data)]

        folded: dict[object, Scorecard] = {}
        for groups in partials:
            folded = merge_groups((folded, groups))

        assert folded == merge_groups(partials) == scorecards_by(audits, KEYS[key])

    @given(audit_lists, audit_lists, keys)
    def test_the_order_of_the_partitions_does_not_matter(
        self, audits_a: list[Audit], audits_b: list[Audit], key: str
    ) -> None:
        a, b = scorecards_by(audits_a, KEYS[key]), scorecards_by(audits_b, KEYS[key])

        assert list(merge_groups((a, b)).items()) == list(merge_groups((b, a)).items())

    def test_keys_of_mixed_kinds_come_none_first_then_members_then_values(
        self,
    ) -> None:
        card = Scorecard.from_audits([passing()])

        merged = merge_groups(
            [
                {"b": card, Channel.EMAIL: card},
                {None: card, Channel.PHONE: card, "a": card},
            ]
        )

        assert list(merged) == [None, Channel.PHONE, Channel.EMAIL, "a", "b"]

    def test_a_key_in_one_partition_only_keeps_its_card(self) -> None:
        card = Scorecard.from_audits([passing(), failing()])

        merged = merge_groups([{"north": card}, {}, {"south": Scorecard.EMPTY}])

        assert merged["north"] is card
        assert merged["south"] is Scorecard.EMPTY

    def test_no_partitions_merge_to_no_groups(self) -> None:
        assert merge_groups([]) == {}
        assert merge_groups(iter([{}, {}])) == {}

    def test_the_partitions_are_streamed_once(self) -> None:
        card = Scorecard.from_audits([passing()])

        merged = merge_groups({"l": card} for _ in range(3))

        assert merged == {"l": Scorecard.merge_all([card] * 3)}

    def test_a_non_iterable_is_refused_as_an_argument(self) -> None:
        with pytest.raises(InvalidArgument, match=r"^\$\.groups: expected an iter"):
            merge_groups(Scorecard.EMPTY)  # type: ignore[arg-type]

    def test_an_item_that_is_not_a_mapping_is_refused_with_its_index(self) -> None:
        with pytest.raises(
            InvalidData,
            match=r"^\$\.groups\[1\]: expected a mapping of group keys to "
            r"Scorecards, got Scorecard$",
        ):
            merge_groups([{}, Scorecard.EMPTY])  # type: ignore[list-item]

    def test_a_value_that_is_not_a_scorecard_is_refused_with_its_key(self) -> None:
        with pytest.raises(
            InvalidData,
            match=r"^\$\.groups\[0\]\['north'\]: expected a Scorecard, got dict$",
        ):
            merge_groups([{"north": {"audits": 1}}])  # type: ignore[dict-item]

    def test_a_long_key_is_shortened_in_the_error(self) -> None:
        with pytest.raises(InvalidData) as caught:
            merge_groups([{"x" * 500: 1}])  # type: ignore[dict-item]

        assert len(str(caught.value)) < 120
        assert "..." in str(caught.value)


class TestDask:
    @pytest.mark.parametrize("scheduler", ["threads", "processes"])
    def test_per_partition_scorecards_merge_to_the_single_process_one(
        self, scheduler: str
    ) -> None:
        bag = pytest.importorskip("dask.bag")
        audits = [
            passing(staff_id="s-ana", greeting_wait=timedelta(seconds=3)),
            failing(staff_id="s-ben", greeting_outcome=G.LATE),
            make_audit(result("greet", O.FAIL, critical=True)),
            make_audit(result("greet", O.NOT_APPLICABLE)),
        ] * 25

        card = (
            bag.from_sequence(audits, npartitions=4)
            .reduction(Scorecard.from_audits, Scorecard.merge_all)
            .compute(scheduler=scheduler)
        )

        assert card == Scorecard.from_audits(audits)

    def test_a_fold_with_add_and_merge_gives_the_same_scorecard(self) -> None:
        bag = pytest.importorskip("dask.bag")
        audits = [passing(), failing(), passing(greeting_outcome=G.PROMPT)] * 10

        card = (
            bag.from_sequence(audits, npartitions=3)
            .fold(Scorecard.add, Scorecard.merge, initial=Scorecard.EMPTY)
            .compute(scheduler="threads")
        )

        assert card == Scorecard.from_audits(audits)

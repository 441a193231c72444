"""Tests for the private signatures scorecards count audits by
(``moments.checklists.audits.signature`` and ``signed``): an Auditor's audits carry
a key by value, any other audit is keyed by its result objects, and either
way a scorecard counts exactly what the audits say."""

from __future__ import annotations

import copy
import pickle
from datetime import timedelta
from typing import Any
from unittest.mock import patch

import attrs
from hypothesis import given
from hypothesis import strategies as st

from _audits import make_audit
from moments import Expectation, Moment
from moments.checklists import Audit, Auditor, ItemResult
from moments.checklists import Outcome as O
from moments.checklists.audits import EXTRAS, WAIT_EDGES, signature, signed
from moments.scorecards import WAIT_BUCKETS, Scorecard, tally
from moments.standards import gold_standard
from moments.strategies import interactions
from moments.strategies._scorecards import audit_samples
from moments.timeliness import GreetingOutcome as G

GOLD = Auditor(gold_standard())

ids = st.text(alphabet="ab1:,|", min_size=1, max_size=4).filter(str.strip)
item_results = st.builds(
    ItemResult,
    item_id=ids,
    moment=st.sampled_from(Moment),
    outcome=st.sampled_from(O),
    weight=st.integers(0, 12),
    critical=st.just(False),
    bonus=st.booleans(),
    detail=st.sampled_from(["", "x"]),
)
result_tuples = st.lists(item_results, max_size=4, unique_by=lambda r: r.item_id).map(
    tuple
)


def rebuilt(audit: Audit) -> Audit:
    """The same audit through the constructor, with its own result objects."""
    return attrs.evolve(audit, results=tuple(attrs.evolve(r) for r in audit.results))


def counted(results: tuple[ItemResult, ...]) -> tuple[object, ...]:
    """What a scorecard counts of a result tuple: all but the details."""
    return tuple(attrs.evolve(r, detail="") for r in results)


class TestAuditorAudits:
    @given(st.lists(interactions(), max_size=6))
    def test_auditor_audits_and_their_constructor_twins_give_equal_scorecards(
        self, visits: list[Any]
    ) -> None:
        audits = [GOLD.audit(v) for v in visits]
        twins = [rebuilt(a) for a in audits]

        card = Scorecard.from_audits(audits)

        assert Scorecard.from_audits(twins) == card
        assert Scorecard.from_audits(audits + twins) == card.merge(card)

    @given(st.lists(interactions(), max_size=6))
    def test_auditor_audits_count_every_item_as_their_results_say(
        self, visits: list[Any]
    ) -> None:
        audits = [GOLD.audit(v) for v in visits]

        with patch.object(tally, "VECTOR_LIMIT", 1):
            folded = Scorecard.from_audits(audits)

        expected: dict[tuple[str, O], int] = {}
        for a in audits:
            for r in a.results:
                expected[r.item_id, r.outcome] = (
                    expected.get((r.item_id, r.outcome), 0) + 1
                )
        assert {(i, o): n for i, o, n in folded.item_counts} == expected
        assert folded == Scorecard.from_audits(audits)
        assert folded.passed == sum(a.passed for a in audits)

    @given(interactions())
    def test_signature_leaves_eq_repr_and_pickle_of_an_audit_alone(
        self, visit: Any
    ) -> None:
        audit = GOLD.audit(visit)
        twin = attrs.evolve(audit)

        assert audit == twin
        assert repr(audit) == repr(twin)
        assert hash(audit) == hash(twin)
        assert pickle.dumps(audit) == pickle.dumps(twin)
        assert audit.__getstate__() == twin.__getstate__()  # type: ignore[attr-defined]

    @given(interactions())
    def test_an_unpickled_or_copied_audit_is_keyed_again_by_its_own_results(
        self, visit: Any
    ) -> None:
        audit = GOLD.audit(visit)

        for other in (pickle.loads(pickle.dumps(audit)), copy.copy(audit)):
            assert other == audit
            assert other._signature is None
            assert Scorecard.from_audits([other]) == Scorecard.from_audits([audit])


class TestValueKeys:
    @given(result_tuples, result_tuples)
    def test_value_keys_are_equal_exactly_when_the_counted_results_are(
        self, a: tuple[ItemResult, ...], b: tuple[ItemResult, ...]
    ) -> None:
        key_a = signature(signed(make_audit(*a)))[0]
        key_b = signature(signed(make_audit(*b)))[0]

        assert (key_a == key_b) == (counted(a) == counted(b))

    @given(result_tuples.filter(bool), st.data())
    def test_changing_one_counted_field_of_one_result_changes_the_key(
        self, results: tuple[ItemResult, ...], data: st.DataObject
    ) -> None:
        index = data.draw(st.integers(0, len(results) - 1))
        field = data.draw(st.sampled_from(["item_id", "moment", "outcome", "weight"]))
        old = results[index]
        new_value = data.draw(
            {
                "item_id": ids.filter(lambda i: i not in {r.item_id for r in results}),
                "moment": st.sampled_from(Moment).filter(lambda m: m is not old.moment),
                "outcome": st.sampled_from(O).filter(lambda o: o is not old.outcome),
                "weight": st.integers(0, 12).filter(lambda w: w != old.weight),
            }[field]
        )
        changed = list(results)
        changed[index] = attrs.evolve(old, **{field: new_value})

        before = signature(signed(make_audit(*results)))
        after = signature(signed(make_audit(*changed)))

        assert before[0] != after[0]

    def test_a_critical_or_bonus_flag_and_the_pass_mark_are_part_of_the_key(
        self,
    ) -> None:
        plain = ItemResult(
            item_id="a",
            moment=Moment.GREETING,
            outcome=O.FAIL,
            weight=1,
            critical=False,
            bonus=False,
        )
        keys = {
            signature(signed(make_audit(r, pass_mark=m)))[0]
            for r in (
                plain,
                attrs.evolve(plain, critical=True),
                attrs.evolve(plain, bonus=True),
            )
            for m in (0.5, 0.85)
        }

        assert len(keys) == 6

    def test_only_the_details_are_left_out_of_the_key(self) -> None:
        first = ItemResult(
            item_id="a",
            moment=Moment.GREETING,
            outcome=O.PASS,
            weight=1,
            critical=False,
            bonus=False,
            detail="greeted in 2 s",
        )
        second = attrs.evolve(first, detail="greeted in 3 s")

        assert (
            signature(signed(make_audit(first)))[0]
            == signature(signed(make_audit(second)))[0]
        )


class TestIdentityKeys:
    @given(st.lists(audit_samples(), max_size=8))
    def test_constructor_audits_sharing_result_objects_share_a_key(
        self, audits: list[Audit]
    ) -> None:
        for a in audits:
            twin = attrs.evolve(a, interaction_id="twin")

            assert signature(twin)[0] == signature(a)[0]
            assert signature(rebuilt(a))[0] != signature(a)[0] or not a.results

    @given(st.lists(audit_samples(), max_size=8))
    def test_keys_by_identity_and_by_value_count_alike(
        self, audits: list[Audit]
    ) -> None:
        by_value = [signed(rebuilt(a)) for a in audits]

        assert Scorecard.from_audits(by_value) == Scorecard.from_audits(audits)


class TestExtras:
    def test_extras_number_every_greeting_bucket_and_expectation_once(self) -> None:
        assert len(set(EXTRAS)) == len(EXTRAS) == 7 * (len(WAIT_EDGES) + 1) * 4

    @given(
        st.sampled_from([None, *G]),
        st.sampled_from([None, *WAIT_BUCKETS, timedelta(0), timedelta(hours=2)]),
        st.sampled_from([None, *Expectation]),
    )
    def test_extra_names_the_greeting_the_wait_bucket_and_the_expectation(
        self,
        greeting: G | None,
        wait: timedelta | None,
        expectation: Expectation | None,
    ) -> None:
        audit = make_audit(
            greeting_outcome=greeting, greeting_wait=wait, expectation=expectation
        )

        got = EXTRAS[signature(audit)[1]]

        bucket = None
        if wait is not None:
            bucket = sum(1 for edge in WAIT_BUCKETS if edge < wait)
        assert got == (greeting, bucket, expectation)


def bare(value: Any) -> Any:
    """A copy made without ``__init__``, as a fast loader might make it."""
    made = object.__new__(type(value))
    for field in attrs.fields(type(value)):
        object.__setattr__(made, field.name, getattr(value, field.name))
    return made


class TestMadeWithoutInit:
    @given(st.lists(interactions(), min_size=1, max_size=4))
    def test_an_audit_made_without_init_is_counted_like_its_original(
        self, visits: list[Any]
    ) -> None:
        audits = [GOLD.audit(v) for v in visits]
        copies = [
            attrs.evolve(bare(a), results=tuple(map(bare, a.results))) for a in audits
        ]
        copies += [bare(a) for a in audits]

        card = Scorecard.from_audits(copies)

        assert card == Scorecard.from_audits(audits + audits)
        assert [signed(bare(a))._signature for a in audits] == [
            a._signature for a in audits
        ]
        assert [
            signed(attrs.evolve(a, results=tuple(map(bare, a.results))))._signature
            for a in audits
        ] == [a._signature for a in audits]

    @given(st.lists(audit_samples(), max_size=6))
    def test_a_scorecard_made_without_init_merges_like_its_original(
        self, audits: list[Audit]
    ) -> None:
        card = Scorecard.from_audits(audits)

        assert bare(card).merge(card) == card.merge(card) == card.merge(bare(card))

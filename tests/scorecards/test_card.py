"""Tests for moments.scorecards.card: a Scorecard counts audits and
feedback exactly, reads out rates (None with nothing to read), refuses
inconsistent counts, survives pickling and JSON, and shows itself as plain
records and notebook HTML."""

from __future__ import annotations

import pickle
from datetime import timedelta
from fractions import Fraction
from typing import Any
from unittest.mock import patch

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _support import make_audit
from moments import Expectation, Feedback, InvalidData, Moment, WowCard
from moments.checklists import Audit, Auditor, Checklist, ChecklistItem
from moments.checklists import Outcome as O
from moments.checks import Thanked
from moments.scorecards import (
    WAIT_BUCKETS,
    Recognition,
    Scorecard,
    by_staff,
    scorecards_by,
    tally,
)
from moments.strategies import interactions, scorecards
from moments.strategies._scorecards import audit_samples
from moments.timeliness import GreetingOutcome as G
from scorecards._cards import (
    answer,
    audit_lists,
    failing,
    feedback_lists,
    passing,
    result,
)

THANKS_AUDITOR = Auditor(
    Checklist(
        name="goodbye",
        version=1,
        items=(
            ChecklistItem(
                id="thanks", moment=Moment.GOODBYE, text="Thanked", check=Thanked()
            ),
        ),
    )
)


class TestFromAudits:
    def test_counts_audits_passes_critical_failures_and_exact_scores(self) -> None:
        audits = [
            passing(),
            failing(),
            make_audit(result("greet", O.FAIL, critical=True), result("x", O.PASS)),
            make_audit(result("greet", O.NOT_APPLICABLE)),
        ]

        card = Scorecard.from_audits(audits)

        assert (card.audits, card.passed, card.critical_failed) == (4, 1, 1)
        assert card.scored == 3
        assert card.score_sum == Fraction(3, 2)
        assert card.mean_score == Fraction(1, 2)
        assert card.pass_rate == Fraction(1, 4)

    def test_counts_every_item_and_moment_outcome(self) -> None:
        audits = [passing(), failing(), make_audit(result("greet", O.NOT_APPLICABLE))]

        card = Scorecard.from_audits(audits)

        assert card.item_counts == (
            ("greet", O.PASS, 1),
            ("greet", O.FAIL, 1),
            ("greet", O.NOT_APPLICABLE, 1),
            ("thanks", O.PASS, 2),
        )
        assert card.moment_counts == (
            (Moment.GREETING, O.PASS, 1),
            (Moment.GREETING, O.FAIL, 1),
            (Moment.GREETING, O.NOT_APPLICABLE, 1),
            (Moment.GOODBYE, O.PASS, 2),
        )

    def test_not_applicable_never_counts_in_a_pass_rate(self) -> None:
        audits = [passing(), failing(), make_audit(result("greet", O.NOT_APPLICABLE))]

        card = Scorecard.from_audits(audits)

        assert card.item_pass_rates == {"greet": Fraction(1, 2), "thanks": 1}
        assert card.moment_pass_rates == {
            Moment.GREETING: Fraction(1, 2),
            Moment.GOODBYE: 1,
        }

    def test_an_item_that_never_applied_reads_none(self) -> None:
        card = Scorecard.from_audits([make_audit(result("recover", O.NOT_APPLICABLE))])

        assert card.item_pass_rates == {"recover": None}
        assert card.mean_score is None

    def test_missed_items_lead_with_the_most_failed_then_by_id(self) -> None:
        audits = [
            make_audit(result("b", O.FAIL), result("a", O.FAIL), result("c", O.PASS)),
            make_audit(result("b", O.FAIL), result("a", O.PASS)),
            make_audit(result("z", O.FAIL), result("c", O.FAIL)),
        ]

        card = Scorecard.from_audits(audits)

        assert card.missed_items == (("b", 2), ("a", 1), ("c", 1), ("z", 1))

    def test_counts_expectations_and_reads_the_exceeded_rate(self) -> None:
        audits = [
            passing(expectation=Expectation.EXCEEDED),
            passing(expectation=Expectation.MET),
            passing(expectation=Expectation.EXCEEDED),
            passing(),
        ]

        card = Scorecard.from_audits(audits)

        assert card.expectation_counts == (
            (Expectation.MET, 1),
            (Expectation.EXCEEDED, 2),
        )
        assert card.exceeded_rate == Fraction(2, 3)

    def test_streams_any_iterable_once(self) -> None:
        stream = (passing() for _ in range(3))

        card = Scorecard.from_audits(stream)

        assert card.audits == 3


class TestNothingToRead:
    @pytest.mark.parametrize(
        "read_out",
        [
            "pass_rate",
            "mean_score",
            "greeting_service_level",
            "exceeded_rate",
            "nps",
            "csat",
        ],
    )
    def test_an_empty_scorecard_reads_none_never_zero(self, read_out: str) -> None:
        value = getattr(Scorecard.EMPTY, read_out)

        assert value is None

    def test_no_waits_have_no_percentile(self) -> None:
        assert Scorecard.from_audits([passing()]).greeting_wait_percentile(0.9) is None

    def test_empty_tables_are_empty(self) -> None:
        card = Scorecard.EMPTY

        assert card.item_pass_rates == {}
        assert card.moment_pass_rates == {}
        assert card.missed_items == ()
        assert card.recognition == Recognition(cards=0, by_staff=(), by_moment=())


class TestAgreesWithAudits:
    @given(audit_lists)
    def test_passes_and_critical_failures_match_the_audits(
        self, audits: list[Audit]
    ) -> None:
        card = Scorecard.from_audits(audits)

        assert card.passed == sum(a.passed for a in audits)
        assert card.critical_failed == sum(bool(a.critical_failures) for a in audits)

    @given(audit_lists)
    def test_score_sum_is_the_exact_sum_of_audit_scores(
        self, audits: list[Audit]
    ) -> None:
        scores = [a.score for a in audits if a.score is not None]

        card = Scorecard.from_audits(audits)

        assert card.scored == len(scores)
        assert card.score_sum == sum(scores, Fraction(0))

    @given(audit_lists, st.lists(st.sampled_from([0, 0.5, 0.85, 1]), max_size=10))
    def test_audits_sharing_result_objects_are_scored_each_by_its_pass_mark(
        self, audits: list[Audit], marks: list[float]
    ) -> None:
        shared = [
            attrs.evolve(a, pass_mark=m) for a, m in zip(audits, marks, strict=False)
        ]
        everything = audits + shared

        card = Scorecard.from_audits(everything)

        assert card.passed == sum(a.passed for a in everything)
        assert card.score_sum == sum(
            (a.score for a in everything if a.score is not None), Fraction(0)
        )

    @given(audit_lists)
    def test_folding_result_vectors_early_changes_nothing(
        self, audits: list[Audit]
    ) -> None:
        whole = Scorecard.from_audits(audits)

        with patch.object(tally, "VECTOR_LIMIT", 1):
            folded = Scorecard.from_audits(audits)

        assert folded == whole

    @given(st.lists(interactions(), max_size=4))
    def test_audits_from_an_auditor_are_counted_like_hand_built_ones(
        self, visits: list[Any]
    ) -> None:
        audits = [THANKS_AUDITOR.audit(v) for v in visits]

        card = Scorecard.from_audits(audits)

        assert card.passed == sum(a.passed for a in audits)
        assert sum(n for _, _, n in card.item_counts) == len(audits)


class TestRoundTrip:
    @given(scorecards())
    def test_survives_pickle(self, card: Scorecard) -> None:
        assert pickle.loads(pickle.dumps(card)) == card

    @given(scorecards())
    def test_survives_a_json_round_trip(self, card: Scorecard) -> None:
        serialization = pytest.importorskip("moments.serialization")

        text = serialization.dumps(card)

        assert serialization.loads(Scorecard, text) == card

    @given(scorecards())
    def test_equal_scorecards_hash_alike(self, card: Scorecard) -> None:
        twin = pickle.loads(pickle.dumps(card))

        assert hash(twin) == hash(card)

    @given(scorecards())
    def test_evolve_with_the_same_fields_rebuilds_an_equal_scorecard(
        self, card: Scorecard
    ) -> None:
        assert attrs.evolve(card) == card


def rebuilt(card: Scorecard) -> Scorecard:
    """The card the validating constructor builds from ``card``'s fields."""
    return Scorecard(**{f.name: getattr(card, f.name) for f in attrs.fields(Scorecard)})


class TestTrustedConstruction:
    """A card made from a tally or a merge skips the validators (its counts
    are canonical by construction); the constructor, which runs them, must
    accept the same field values and build an equal card."""

    @given(audit_lists, feedback_lists, audit_lists, feedback_lists)
    def test_every_card_the_library_makes_equals_its_validated_rebuild(
        self,
        audits: list[Audit],
        answers: list[Feedback],
        more: list[Audit],
        more_answers: list[Feedback],
    ) -> None:
        a = Scorecard.from_audits(audits, answers)
        b = Scorecard.from_audits(more, more_answers)
        made = [
            a,
            a.merge(b),
            a.merge(b).merge(a),
            Scorecard.merge_all([a, b]),
            pickle.loads(pickle.dumps(a)).merge(b),
            *(a.add(audit) for audit in more[:2]),
            *(a.add_feedback(answer_) for answer_ in more_answers[:2]),
            *scorecards_by(audits + more, by_staff, feedback=answers).values(),
        ]

        for card in made:
            assert rebuilt(card) == card

    @given(audit_lists, feedback_lists)
    def test_a_card_and_its_validated_rebuild_look_alike_everywhere(
        self, audits: list[Audit], answers: list[Feedback]
    ) -> None:
        card = Scorecard.from_audits(audits, answers)

        twin = rebuilt(card)

        assert repr(card) == repr(twin)
        assert hash(card) == hash(twin)
        assert pickle.dumps(card) == pickle.dumps(twin)
        assert card.to_records() == twin.to_records()


class TestGreetings:
    def test_service_level_is_within_target_over_eligible(self) -> None:
        outcomes = [G.PROMPT, G.ON_TIME, G.LATE, G.NOT_GREETED, G.PROMPT]
        audits = [passing(greeting_outcome=g) for g in outcomes]

        card = Scorecard.from_audits(audits)

        assert card.greeting_service_level == Fraction(3, 5)

    def test_left_before_target_and_unknown_are_not_eligible(self) -> None:
        outcomes = [G.PROMPT, G.LATE, G.LEFT_BEFORE_TARGET, G.UNKNOWN, G.UNKNOWN]
        audits = [passing(greeting_outcome=g) for g in outcomes]

        card = Scorecard.from_audits(audits)

        assert card.greeting_service_level == Fraction(1, 2)

    def test_only_ineligible_greetings_read_none(self) -> None:
        audits = [passing(greeting_outcome=G.UNKNOWN)]

        assert Scorecard.from_audits(audits).greeting_service_level is None

    def test_a_wait_of_exactly_ten_seconds_falls_in_the_bucket_up_to_ten(self) -> None:
        ten = WAIT_BUCKETS.index(timedelta(seconds=10))

        card = Scorecard.from_audits([passing(greeting_wait=timedelta(seconds=10))])

        assert card.wait_counts[ten] == 1
        assert card.greeting_wait_percentile(1) == (
            timedelta(seconds=8),
            timedelta(seconds=10),
        )

    def test_a_microsecond_over_a_bucket_edge_falls_in_the_next(self) -> None:
        wait = timedelta(seconds=10, microseconds=1)

        card = Scorecard.from_audits([passing(greeting_wait=wait)])

        assert card.greeting_wait_percentile(0.5) == (
            timedelta(seconds=10),
            timedelta(seconds=15),
        )

    def test_a_zero_wait_falls_in_the_first_bucket(self) -> None:
        card = Scorecard.from_audits([passing(greeting_wait=timedelta(0))])

        assert card.wait_counts[0] == 1
        assert card.greeting_wait_percentile(0) == (timedelta(0), timedelta(seconds=1))

    def test_waits_over_an_hour_have_an_open_bucket(self) -> None:
        card = Scorecard.from_audits([passing(greeting_wait=timedelta(hours=3))])

        assert card.wait_counts[-1] == 1
        assert card.greeting_wait_percentile(0.9) == (timedelta(hours=1), None)

    def test_percentiles_use_the_nearest_rank(self) -> None:
        waits = [1, 2, 3, 4, 5, 6, 8, 10, 15, 20]
        audits = [passing(greeting_wait=timedelta(seconds=s)) for s in waits]

        card = Scorecard.from_audits(audits)

        assert card.greeting_wait_percentile(0.5) == (
            timedelta(seconds=4),
            timedelta(seconds=5),
        )
        assert card.greeting_wait_percentile(0.9) == (
            timedelta(seconds=10),
            timedelta(seconds=15),
        )

    @given(st.lists(st.integers(0, 7200 * 10**6), min_size=1), st.fractions(0, 1))
    def test_the_percentile_bucket_holds_the_nearest_rank_wait(
        self, micros: list[int], q: Fraction
    ) -> None:
        waits = sorted(timedelta(microseconds=us) for us in micros)
        audits = [passing(greeting_wait=w) for w in waits]
        rank = max(1, -((-q * len(waits)) // 1))

        reading = Scorecard.from_audits(audits).greeting_wait_percentile(q)

        assert reading is not None
        low, high = reading
        wait = waits[int(rank) - 1]
        assert low < wait or low == wait == timedelta(0)
        assert high is None or wait <= high

    @pytest.mark.parametrize("q", [-0.1, 1.5, float("nan"), "0.5", True, None])
    def test_a_quantile_outside_zero_to_one_is_invalid_data(self, q: Any) -> None:
        card = Scorecard.from_audits([passing(greeting_wait=timedelta(seconds=3))])

        with pytest.raises(InvalidData, match=r"\$\.q: expected a number from 0"):
            card.greeting_wait_percentile(q)


class TestValidation:
    @pytest.mark.parametrize(
        ("fields", "path"),
        [
            ({"audits": -1}, "audits"),
            ({"audits": True}, "audits"),
            ({"score_sum": 0.5, "audits": 1, "scored": 1}, "score_sum"),
            ({"item_counts": (("a", O.PASS, 0),)}, r"item_counts\[0\]"),
            (
                {"item_counts": (("b", O.PASS, 1), ("a", O.PASS, 1))},
                r"item_counts\[1\]",
            ),
            (
                {"item_counts": (("a", O.FAIL, 1), ("a", O.PASS, 1))},
                r"item_counts\[1\]",
            ),
            ({"wait_counts": (1,)}, "wait_counts"),
            ({"passed": 2, "audits": 1, "scored": 2}, "passed"),
            ({"audits": 1, "scored": 1, "score_sum": Fraction(2)}, "score_sum"),
            ({"wow_cards": 1}, "wow_by_staff"),
        ],
    )
    def test_inconsistent_fields_are_invalid_data(
        self, fields: dict[str, Any], path: str
    ) -> None:
        with pytest.raises(InvalidData, match=rf"\$\.{path}: expected"):
            Scorecard(**fields)

    @given(
        st.dictionaries(
            st.sampled_from([f.name for f in attrs.fields(Scorecard)]),
            st.one_of(
                st.none(),
                st.booleans(),
                st.integers(-2, 3),
                st.fractions(-1, 3),
                st.text(max_size=2),
                st.lists(st.integers(-1, 3), max_size=20).map(tuple),
                st.lists(
                    st.tuples(
                        st.sampled_from(["a", "b", " "]),
                        st.sampled_from(O),
                        st.integers(-1, 2),
                    ),
                    max_size=3,
                ).map(tuple),
                st.lists(
                    st.tuples(st.sampled_from(Moment), st.integers(-1, 2)), max_size=3
                ).map(tuple),
            ),
        )
    )
    def test_arbitrary_fields_fail_only_with_invalid_data(
        self, fields: dict[str, Any]
    ) -> None:
        try:
            card = Scorecard(**fields)
        except InvalidData:
            return

        assert Scorecard.merge_all([card]) == card

    def test_every_inconsistency_is_reported_at_once(self) -> None:
        with pytest.raises(InvalidData) as caught:
            Scorecard(audits=0, wait_counts=(1,) + (0,) * 18, wow_cards=2)

        assert len(caught.value.errors) == 2

    @given(st.lists(st.one_of(st.integers(), st.text(), st.none(), audit_samples())))
    def test_anything_but_audits_fails_only_with_invalid_data(
        self, items: list[Any]
    ) -> None:
        strays = [x for x in items if type(x) is not Audit]

        if strays:
            with pytest.raises(
                InvalidData, match=r"\$\.audits\[\d+\]: expected an Audit"
            ):
                Scorecard.from_audits(items)
        else:
            assert Scorecard.from_audits(items).audits == len(items)

    @pytest.mark.parametrize(
        "call",
        [
            lambda: Scorecard.EMPTY.merge(None),  # type: ignore[arg-type]
            lambda: Scorecard.EMPTY.add("audit"),  # type: ignore[arg-type]
            lambda: Scorecard.EMPTY.add_feedback(3),  # type: ignore[arg-type]
            lambda: Scorecard.merge_all([Scorecard.EMPTY, {}]),  # type: ignore[list-item]
            lambda: Scorecard.from_audits([], ["nps 9"]),  # type: ignore[list-item]
            lambda: scorecards_by(["x"], by_staff),  # type: ignore[list-item]
            lambda: scorecards_by([], by_staff, feedback=[1]),  # type: ignore[list-item]
        ],
    )
    def test_wrong_types_are_invalid_data(self, call: Any) -> None:
        with pytest.raises(InvalidData):
            call()


_PLAIN = (str, int, float, bool, type(None))


class TestViews:
    @given(scorecards())
    def test_records_hold_only_plain_values(self, card: Scorecard) -> None:
        tables = card.to_records()

        cells = [v for rows in tables.values() for row in rows for v in row.values()]
        assert all(isinstance(v, _PLAIN) for v in cells)
        assert tables["summary"][0]["audits"] == card.audits

    def test_records_show_items_with_every_outcome(self) -> None:
        card = Scorecard.from_audits([passing(), failing()])

        items = card.to_records()["items"]

        assert items[0] == {
            "item_id": "greet",
            "pass": 1,
            "fail": 1,
            "not_applicable": 0,
            "pass_rate": 0.5,
        }

    def test_html_escapes_names_from_data(self) -> None:
        card = Scorecard.from_audits(
            [make_audit(result("<script>", O.FAIL))],
            [answer(wow=WowCard(staff_id="<b>ana</b>", story="x"))],
        )

        html = card._repr_html_()

        assert "<script>" not in html
        assert "&lt;script&gt;" in html


class TestStrategies:
    @given(st.from_type(Scorecard))
    def test_scorecards_are_registered(self, card: Scorecard) -> None:
        assert card == Scorecard.merge_all([card])


class TestScoreSumLimits:
    def test_a_score_sum_past_max_digits_is_refused_when_counted(self) -> None:
        # Two audits scoring (w - 1) / w for two coprime w of 2,101
        # digits: their sum's denominator has about 4,200 digits, past
        # MAX_DIGITS, which the constructor and loads refuse.
        def audit(weight: int, n: int) -> Audit:
            return make_audit(
                result("a", O.PASS, weight=weight - 1),
                result("b", O.FAIL),
                interaction_id=f"i-{n}",
            )

        big = 10**2100
        a, b = audit(big + 1, 1), audit(big + 3, 2)

        with pytest.raises(InvalidData, match=r"\$\.score_sum"):
            Scorecard.from_audits([a, b])
        with pytest.raises(InvalidData, match=r"\$\.score_sum"):
            Scorecard.from_audits([a]).merge(Scorecard.from_audits([b]))

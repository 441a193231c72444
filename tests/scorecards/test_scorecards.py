"""Tests for moments.scorecards: exact, mergeable scorecards, grouping,
consistency across groups, NPS, CSAT and recognition."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any
from unittest.mock import patch

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _audits import make_audit
from moments import (
    Channel,
    Expectation,
    Feedback,
    InvalidData,
    Moment,
    PartyKind,
    WowCard,
)
from moments.checklists import Audit, Auditor, Checklist, ChecklistItem, ItemResult
from moments.checklists import Outcome as O
from moments.checks import Thanked
from moments.scorecards import (
    WAIT_BUCKETS,
    Consistency,
    ItemSpread,
    Recognition,
    Scorecard,
    Standing,
    by_channel,
    by_day,
    by_location,
    by_party_kind,
    by_staff,
    consistency,
    csat,
    nps,
    recognition,
    scorecards_by,
    tally,
)
from moments.strategies import consistencies, feedback, interactions, scorecards
from moments.strategies._scorecards import audit_samples
from moments.timeliness import GreetingOutcome as G

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
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
audit_lists = st.lists(audit_samples(), max_size=10)
feedback_lists = st.lists(
    feedback(
        interaction_id=st.sampled_from([f"i-{n}" for n in range(8)]),
        at=st.just(T0),
    ),
    max_size=5,
)


def result(
    item_id: str,
    outcome: O,
    *,
    moment: Moment = Moment.GREETING,
    weight: int = 1,
    critical: bool = False,
    bonus: bool = False,
) -> ItemResult:
    return ItemResult(
        item_id=item_id,
        moment=moment,
        outcome=outcome,
        weight=weight,
        critical=critical,
        bonus=bonus,
    )


def passing(**fields: Any) -> Audit:
    return make_audit(
        result("greet", O.PASS),
        result("thanks", O.PASS, moment=Moment.GOODBYE),
        **fields,
    )


def failing(**fields: Any) -> Audit:
    return make_audit(
        result("greet", O.FAIL),
        result("thanks", O.PASS, moment=Moment.GOODBYE),
        **fields,
    )


def answer(
    *, nps_: int | None = None, csat_: int | None = None, wow: WowCard | None = None
) -> Feedback:
    return Feedback(interaction_id="i-1", at=T0, nps=nps_, csat=csat_, wow=wow)


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


class TestMonoidLaws:
    @given(scorecards())
    def test_empty_is_the_identity(self, card: Scorecard) -> None:
        assert Scorecard.EMPTY.merge(card) == card
        assert card.merge(Scorecard.EMPTY) == card

    @given(scorecards(max_audits=5), scorecards(max_audits=5), scorecards(max_audits=5))
    def test_merge_is_associative(
        self, a: Scorecard, b: Scorecard, c: Scorecard
    ) -> None:
        assert a.merge(b).merge(c) == a.merge(b.merge(c))

    @given(scorecards(), scorecards())
    def test_merge_is_commutative(self, a: Scorecard, b: Scorecard) -> None:
        assert a.merge(b) == b.merge(a)

    @given(scorecards(), scorecards())
    def test_a_merged_scorecard_passes_validation(
        self, a: Scorecard, b: Scorecard
    ) -> None:
        merged = a.merge(b)

        assert attrs.evolve(merged) == merged

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


class TestNpsAndCsat:
    def test_nps_is_promoters_minus_detractors_in_points(self) -> None:
        answers = [answer(nps_=n) for n in (10, 10, 9, 8, 3)]

        assert nps(answers) == 40

    def test_passives_count_only_in_the_total(self) -> None:
        answers = [answer(nps_=n) for n in (10, 9, 8, 7, 6, 0)]

        assert nps(answers) == 0

    def test_nps_can_be_a_fraction_of_a_point(self) -> None:
        answers = [answer(nps_=n) for n in (10, 7, 7)]

        assert nps(answers) == Fraction(100, 3)

    def test_all_detractors_is_minus_one_hundred(self) -> None:
        assert nps([answer(nps_=6), answer(nps_=0)]) == -100

    def test_csat_is_good_answers_over_all_answers(self) -> None:
        answers = [answer(csat_=c) for c in (5, 4, 3, 2)] + [answer()]

        assert csat(answers) == Fraction(1, 2)
        assert csat(answers, good_min=3) == Fraction(3, 4)
        assert csat(answers, good_min=5) == Fraction(1, 4)

    def test_no_answers_read_none(self) -> None:
        silent = [answer(), answer(csat_=4)]

        assert nps(silent) is None
        assert csat([answer(nps_=9)]) is None
        assert nps([]) is None

    @pytest.mark.parametrize("good_min", [0, 6, 4.0, True, "4"])
    def test_good_min_outside_one_to_five_is_invalid_data(self, good_min: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.good_min: expected an integer"):
            csat([answer(csat_=5)], good_min=good_min)

    def test_the_scorecard_reads_the_same_numbers(self) -> None:
        answers = [answer(nps_=10, csat_=5), answer(nps_=3, csat_=2), answer(nps_=9)]

        card = Scorecard.from_audits([], feedback=answers)

        assert (card.nps, card.csat) == (nps(answers), csat(answers))


class TestRecognition:
    def test_counts_wow_cards_per_staff_member_and_moment(self) -> None:
        cards = [
            WowCard(staff_id="s-ben", story="Remembered me", moment=Moment.GREETING),
            WowCard(staff_id="s-ana", story="Found my size", moment=Moment.DELIVERY),
            WowCard(staff_id="s-ana", story="Called back"),
            WowCard(staff_id="s-cy", story="Kind", moment=Moment.GREETING),
        ]

        reading = recognition([answer(wow=c) for c in cards] + [answer(nps_=10)])

        assert reading.cards == 4
        assert reading.by_staff == (("s-ana", 2), ("s-ben", 1), ("s-cy", 1))
        assert reading.by_moment == ((Moment.GREETING, 2), (Moment.DELIVERY, 1))

    @given(audit_lists, feedback_lists)
    def test_recognition_never_changes_a_score(
        self, audits: list[Audit], answers: list[Feedback]
    ) -> None:
        plain = Scorecard.from_audits(audits)

        with_cards = Scorecard.from_audits(audits, answers)

        reads = ("pass_rate", "mean_score", "item_pass_rates", "moment_pass_rates")
        assert all(getattr(plain, r) == getattr(with_cards, r) for r in reads)
        assert (
            attrs.evolve(
                with_cards,
                nps_counts=plain.nps_counts,
                csat_counts=plain.csat_counts,
                wow_by_staff=(),
                wow_by_moment=(),
                wow_cards=0,
            )
            == plain
        )


def _three_locations() -> list[Audit]:
    """North and south greet every time; east drops the greeting."""
    audits = []
    for location in ("l-north", "l-south", "l-east"):
        for n in range(6):
            greeted = location != "l-east"
            audits.append(
                make_audit(
                    result("greet", O.PASS if greeted else O.FAIL),
                    result("probe", O.PASS if n % 2 else O.FAIL),
                    result("thanks", O.PASS, moment=Moment.GOODBYE),
                    interaction_id=f"{location}-{n}",
                    location_id=location,
                    pass_mark=0.6,
                )
            )
    return audits


class TestConsistency:
    def test_the_location_that_drops_the_greeting_is_found(self) -> None:
        groups = scorecards_by(_three_locations(), by_location)

        reading = consistency(groups, min_audits=5, threshold=0.1)

        assert reading.weakest == "l-east"
        assert reading.below_pooled == ("l-east",)
        assert reading.pooled_mean_score == Fraction(13, 18)
        assert [s.key for s in reading.ranked] == ["l-north", "l-south", "l-east"]
        assert reading.strongest == "l-north"
        assert reading.score_spread == Fraction(1, 3)
        assert reading.pass_rate_spread == Fraction(1, 2)

    def test_the_greeting_is_the_item_that_varies_most(self) -> None:
        groups = scorecards_by(_three_locations(), by_location)

        reading = consistency(groups)

        greet = reading.inconsistent_items[0]
        one, zero = Fraction(1), Fraction(0)
        assert (greet.item_id, greet.spread, greet.lowest) == ("greet", one, "l-east")
        assert greet.rates == (("l-east", zero), ("l-north", one), ("l-south", one))
        assert [s.item_id for s in reading.inconsistent_items] == ["greet"]
        assert {s.item_id for s in reading.item_spreads} == {"greet", "probe", "thanks"}

    def test_too_small_groups_are_reported_not_ranked(self) -> None:
        audits = [*_three_locations(), passing(location_id="l-pop-up")]
        groups = scorecards_by(audits, by_location)

        reading = consistency(groups, min_audits=5)

        assert [s.key for s in reading.too_small] == ["l-pop-up"]
        assert "l-pop-up" not in [s.key for s in reading.ranked]

    def test_a_gap_of_exactly_the_threshold_is_not_below(self) -> None:
        high = Scorecard.from_audits([passing()] * 5)  # mean 1
        low = Scorecard.from_audits(
            [
                make_audit(
                    *(result(f"r{k}", O.PASS) for k in range(4)), result("r4", O.FAIL)
                )
            ]
            * 5
        )  # mean 4/5, pooled 9/10

        reading = consistency({"a": high, "b": low}, threshold=0.1)

        assert reading.below_pooled == ()
        assert consistency({"a": high, "b": low}, threshold=0.09).below_pooled == ("b",)

    def test_fewer_than_two_ranked_groups_read_none(self) -> None:
        reading = consistency({"only": Scorecard.from_audits([passing()] * 5)})

        assert reading.strongest is None
        assert reading.weakest is None
        assert reading.score_spread is None
        assert reading.pass_rate_spread is None
        assert reading.item_spreads == ()

    def test_no_groups_read_none(self) -> None:
        reading: Consistency[str] = consistency({})

        assert reading.pooled_mean_score is None
        assert reading.ranked == reading.too_small == ()

    @pytest.mark.parametrize(
        ("kwargs", "path"),
        [
            ({"min_audits": 0}, "min_audits"),
            ({"min_audits": 2.0}, "min_audits"),
            ({"threshold": 1.5}, "threshold"),
            ({"threshold": -0.1}, "threshold"),
            ({"threshold": "0.1"}, "threshold"),
        ],
    )
    def test_bad_arguments_are_invalid_data(
        self, kwargs: dict[str, Any], path: str
    ) -> None:
        with pytest.raises(InvalidData, match=rf"\$\.{path}: expected"):
            consistency({}, **kwargs)

    def test_groups_must_be_a_mapping_of_scorecards(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.groups\['a'\]: expected"):
            consistency({"a": 1})  # type: ignore[dict-item]
        with pytest.raises(InvalidData, match=r"\$\.groups: expected a mapping"):
            consistency([Scorecard.EMPTY])  # type: ignore[arg-type]

    @given(consistencies())
    def test_ranked_groups_run_from_strongest_to_weakest(
        self, reading: Consistency[str]
    ) -> None:
        means = [s.mean_score for s in reading.ranked if s.mean_score is not None]

        assert means == sorted(means, reverse=True)
        assert all(s.audits >= reading.min_audits for s in reading.ranked)
        assert all(s.audits < reading.min_audits for s in reading.too_small)


class TestScorecardsBy:
    def test_groups_by_staff_with_unrecorded_staff_first(self) -> None:
        audits = [passing(staff_id="s-ben"), failing(), passing(staff_id="s-ana")]

        groups = scorecards_by(audits, by_staff)

        assert list(groups) == [None, "s-ana", "s-ben"]
        assert groups[None].passed == 0

    def test_enum_keys_follow_declaration_order(self) -> None:
        audits = [
            passing(channel=Channel.EMAIL),
            passing(channel=Channel.IN_PERSON, party_kind=PartyKind.CUSTOMER),
        ]

        assert list(scorecards_by(audits, by_channel)) == [
            Channel.IN_PERSON,
            Channel.EMAIL,
        ]
        assert list(scorecards_by(audits, by_party_kind)) == list(PartyKind)

    def test_feedback_goes_to_the_group_of_its_interaction(self) -> None:
        audits = [
            passing(interaction_id="i-1", location_id="l-north"),
            passing(interaction_id="i-2", location_id="l-south"),
        ]
        card = WowCard(staff_id="s-ana", story="Lovely")
        answers = [
            Feedback(interaction_id="i-2", at=T0, nps=10, wow=card),
            Feedback(interaction_id="i-9", at=T0, nps=0),
        ]

        groups = scorecards_by(audits, by_location, feedback=answers)

        assert groups["l-north"].nps is None
        assert groups["l-south"].nps == 100
        assert groups["l-south"].wow_by_staff == (("s-ana", 1),)

    def test_by_day_uses_the_local_calendar_day(self) -> None:
        late = datetime(2026, 6, 1, 23, 30, tzinfo=UTC)  # 08:30 on 2 June in Tokyo
        audits = [passing(as_of=late), passing(as_of=T0)]

        groups = scorecards_by(audits, by_day("Asia/Tokyo"))

        assert [d.isoformat() for d in groups] == ["2026-06-01", "2026-06-02"]

    def test_the_day_key_survives_pickle_for_dask_workers(self) -> None:
        key = by_day("Europe/London")

        again = pickle.loads(pickle.dumps(key))

        assert again(passing(as_of=T0)) == key(passing(as_of=T0))

    def test_an_as_of_whose_local_date_is_out_of_range_is_refused(self) -> None:
        late = datetime(9999, 12, 31, 23, 30, tzinfo=UTC)  # the year 10000 in Tokyo

        with pytest.raises(InvalidData, match=r"\$\.as_of: .*Asia/Tokyo"):
            scorecards_by([passing(as_of=late)], by_day("Asia/Tokyo"))

    @pytest.mark.parametrize("zone", ["Mars/Olympus", "", 3])
    def test_by_day_refuses_an_unknown_zone(self, zone: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.zone: expected"):
            by_day(zone)

    @given(audit_lists)
    def test_the_groups_merge_back_to_the_whole(self, audits: list[Audit]) -> None:
        groups = scorecards_by(audits, by_staff)

        assert Scorecard.merge_all(groups.values()) == Scorecard.from_audits(audits)


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

    def test_consistency_html_and_records(self) -> None:
        reading = consistency(scorecards_by(_three_locations(), by_location))

        html = reading._repr_html_()
        records = reading.to_records()

        assert "l-east" in html
        assert "below pooled" in html
        assert records["groups"][-1] == {
            "group": "l-east",
            "audits": 6,
            "mean_score": 0.5,
            "pass_rate": 0.5,
            "rank": 3,
            "below_pooled": True,
        }
        assert {"item_id", "spread", "group", "pass_rate"} == set(records["items"][0])

    def test_consistency_records_turn_enum_keys_into_values(self) -> None:
        audits = [passing(channel=Channel.PHONE)] * 5 + [failing()] * 5
        reading = consistency(scorecards_by(audits, by_channel))

        groups = reading.to_records()["groups"]

        assert [g["group"] for g in groups] == ["phone", "in_person"]


class TestStrategies:
    @given(st.from_type(Scorecard))
    def test_scorecards_are_registered(self, card: Scorecard) -> None:
        assert card == Scorecard.merge_all([card])

    @given(st.from_type(Recognition))
    def test_recognitions_are_registered(self, reading: Recognition) -> None:
        assert sum(n for _, n in reading.by_staff) == reading.cards

    @given(st.from_type(Consistency))
    def test_consistencies_are_registered(self, reading: Consistency[Any]) -> None:
        assert isinstance(reading, Consistency)

    @given(st.from_type(ItemSpread))
    def test_item_spreads_run_from_lowest_to_highest(
        self, spread: ItemSpread[Any]
    ) -> None:
        rates = [rate for _, rate in spread.rates]

        assert rates == sorted(rates)
        assert spread.spread == rates[-1] - rates[0]

    @given(st.from_type(Standing))
    def test_standings_read_nothing_without_audits(
        self, standing: Standing[Any]
    ) -> None:
        assert (standing.pass_rate is None) == (standing.audits == 0)
        assert standing.mean_score is None or 0 <= standing.mean_score <= 1

"""Tests for moments.scorecards.feedback: NPS and CSAT by their usual
definitions (None with no answer), and recognition, which counts wow cards
per staff member and moment and never changes a score."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from moments import (
    Feedback,
    InvalidArgument,
    InvalidData,
    Moment,
    WowCard,
    dumps,
    loads,
)
from moments.checklists import Audit
from moments.scorecards import Recognition, Scorecard, csat, nps, recognition
from scorecards._cards import answer, audit_lists, feedback_lists


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


class TestRecognitionIsValid:
    """Issue 14, defect 2: a Recognition holds only what wow cards give."""

    def test_recognition_counts_are_mappings_of_counts(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.by_staff: expected a tuple"):
            Recognition(cards=1, by_staff="x", by_moment=())  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "row",
        [("", 1), ("s-ana", 0), ("s-ana", True), (5, 1), ("s-ana",), ["s-ana", 1]],
        ids=["blank id", "no cards", "bool", "int id", "short", "list"],
    )
    def test_a_staff_row_is_an_id_and_a_positive_count(self, row: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.by_staff\[0\]: expected a \("):
            Recognition(cards=1, by_staff=(row,), by_moment=())

    def test_staff_rows_come_most_cards_first_then_by_id(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.by_staff\[1\]: expected rows in"):
            Recognition(cards=3, by_staff=(("s-ben", 1), ("s-ana", 2)), by_moment=())

    def test_a_staff_member_has_one_row(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.by_staff\[1\]: expected rows in"):
            Recognition(cards=2, by_staff=(("s-ana", 1), ("s-ana", 1)), by_moment=())

    def test_the_staff_rows_add_up_to_the_cards(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.by_staff: expected 3 cards"):
            Recognition(cards=3, by_staff=(("s-ana", 2),), by_moment=())

    def test_moment_rows_come_in_moment_order_and_at_most_one_per_card(
        self,
    ) -> None:
        late_first = ((Moment.DELIVERY, 1), (Moment.GREETING, 1))
        too_many = ((Moment.GREETING, 2),)

        with pytest.raises(InvalidData, match=r"\$\.by_moment\[1\]: expected rows"):
            Recognition(cards=2, by_staff=(("s-ana", 2),), by_moment=late_first)
        with pytest.raises(InvalidData, match=r"\$\.by_moment: expected at most 1"):
            Recognition(cards=1, by_staff=(("s-ana", 1),), by_moment=too_many)

    def test_a_moment_row_names_a_moment(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.by_moment\[0\]: expected a"):
            Recognition(cards=1, by_staff=(("s-ana", 1),), by_moment=(("greeting", 1),))

    def test_of_refuses_rows_that_are_not_an_iterable(self) -> None:
        with pytest.raises(InvalidArgument, match="by_staff"):
            Recognition.of(1, 5, ())  # type: ignore[arg-type]

    def test_of_lets_the_validator_name_a_row_it_cannot_sort(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.by_staff\[\d\]"):
            Recognition.of(2, [("s-ana", 1), (5,)], ())

    @given(feedback_lists)
    def test_the_recognition_of_any_feedback_is_valid_and_round_trips(
        self, answers: list[Feedback]
    ) -> None:
        reading = recognition(answers)

        attrs.validate(reading)
        assert loads(Recognition, dumps(reading)) == reading
        assert Scorecard.from_audits([], answers).recognition == reading


class TestStrategies:
    @given(st.from_type(Recognition))
    def test_recognitions_are_registered(self, reading: Recognition) -> None:
        assert sum(n for _, n in reading.by_staff) == reading.cards

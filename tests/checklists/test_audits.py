"""Item results and audits (``moments.checklists.audits``): the models and
the arithmetic of a score, by golden cases."""

from __future__ import annotations

import pickle
import typing
from datetime import timedelta
from fractions import Fraction

import attrs
import pytest
from hypothesis import HealthCheck, settings

from _reference import RATED, observed, rubric
from _support import FAIL, NA, PASS, visit
from moments import (
    InvalidData,
    Moment,
)
from moments import checks as k
from moments.checklists import (
    Audit,
    Auditor,
    Calibration,
    Checklist,
    ChecklistItem,
    ItemResult,
)

heavy = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestItemResultAndAudit:
    def test_a_result_cannot_be_bonus_and_critical(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.bonus"):
            ItemResult(
                item_id="a",
                moment=Moment.GREETING,
                outcome=PASS,
                weight=1,
                critical=True,
                bonus=True,
            )

    def test_a_result_detail_is_a_plain_str(self) -> None:
        # Issue 14, defect 7: a str subclass survived to_dict, not from_dict.
        class Text(str):
            __slots__ = ()

        one = Auditor(rubric()).audit(visit()).results[0]

        with pytest.raises(InvalidData, match=r"\$\.detail: expected a str"):
            attrs.evolve(one, detail=Text("greeted"))

    def test_an_audit_greeting_wait_is_never_negative(self) -> None:
        one = Auditor(rubric()).audit(visit())

        with pytest.raises(InvalidData, match=r"\$\.greeting_wait: expected a"):
            attrs.evolve(one, greeting_wait=timedelta(seconds=-1))

    def test_audit_results_must_have_unique_ids(self) -> None:
        x = visit()
        one = Auditor(rubric()).audit(x)

        with pytest.raises(InvalidData, match=r"\$\.results\[1\]\.item_id"):
            attrs.evolve(one, results=(one.results[0], one.results[0]))

    def test_audits_pickle_and_compare_by_stored_fields(self) -> None:
        a = Auditor(rubric()).audit(visit(), ratings=RATED, reviewer="r-ana")
        a.score

        copy = pickle.loads(pickle.dumps(a))

        assert copy == a
        assert hash(copy) == hash(a)
        assert copy.score == Fraction(3, 5)

    @pytest.mark.parametrize(
        "cls",
        [
            Audit,
            Calibration,
            Checklist,
            ChecklistItem,
            ItemResult,
            *k.CHECK_KINDS.values(),
        ],
    )
    def test_annotations_resolve_for_serialization(self, cls: type) -> None:
        hints = typing.get_type_hints(cls)

        assert set(hints) >= {a.name for a in attrs.fields(cls)}

    def test_result_finds_an_item_by_id(self) -> None:
        a = Auditor(rubric()).audit(visit(), ratings=RATED)

        assert a.result("b").outcome is FAIL
        with pytest.raises(KeyError):
            a.result("z")

    def test_html_shows_the_score_and_escapes_details(self) -> None:
        a = Auditor(rubric()).audit(visit(id="<i>"), ratings=RATED)

        html = a._repr_html_()

        assert "60.0%" in html
        assert "&lt;i&gt;" in html


# -- scoring: golden cases -------------------------------------------------


class TestGoldenScores:
    def test_35_point_rubric_with_21_earned_scores_60_percent(self) -> None:
        a = Auditor(rubric()).audit(visit(), ratings=RATED)

        assert (a.earned, a.possible) == (21, 35)
        assert a.score == Fraction(3, 5)
        assert not a.passed

    def test_marking_a_5_point_section_na_gives_16_of_30(self) -> None:
        ratings = {**RATED, "d": NA}

        a = Auditor(rubric()).audit(visit(), ratings=ratings)

        assert a.score == Fraction(16, 30)
        assert round(float(a.score) * 100, 1) == 53.3

    def test_a_critical_failure_scores_zero_and_keeps_the_raw_score(self) -> None:
        checklist = rubric(b={"critical": True})

        a = Auditor(checklist).audit(visit(), ratings=RATED)

        assert a.score == 0
        assert a.raw_score == Fraction(3, 5)
        assert a.critical_failures == ("b",)
        assert a.by_moment == {Moment.GREETING: Fraction(3, 5)}
        assert not a.passed

    def test_everything_not_applicable_scores_none(self) -> None:
        a = Auditor(rubric()).audit(visit())

        assert a.score is None
        assert a.raw_score is None
        assert not a.passed
        assert a.by_moment == {Moment.GREETING: None}
        assert Auditor(rubric()).score(visit()) is None

    def test_bonus_items_only_add_and_the_score_caps_at_one(self) -> None:
        checklist = Checklist(
            name="c",
            version=1,
            items=(observed("a", 4), observed("b", 1), observed("x", 2, bonus=True)),
        )
        auditor = Auditor(checklist)

        with_bonus = auditor.audit(visit(), ratings={"a": PASS, "b": FAIL, "x": PASS})
        capped = auditor.audit(visit(), ratings={"a": PASS, "b": PASS, "x": PASS})
        missed = auditor.audit(visit(), ratings={"a": PASS, "b": FAIL, "x": FAIL})

        assert with_bonus.score == 1
        assert (with_bonus.bonus_earned, with_bonus.possible) == (2, 5)
        assert capped.score == 1
        assert missed.score == Fraction(4, 5)

    def test_a_score_exactly_at_the_pass_mark_passes(self) -> None:
        items = tuple(observed(f"i{n}", 1) for n in range(20))
        checklist = Checklist(name="c", version=1, items=items, pass_mark=0.85)
        everyone = {f"i{n}": PASS for n in range(20)}
        fails = {**everyone, "i0": FAIL, "i1": FAIL, "i2": FAIL}
        one_more = {**fails, "i3": FAIL}

        at_mark = Auditor(checklist).audit(visit(), ratings=fails)
        below = Auditor(checklist).audit(visit(), ratings=one_more)

        assert at_mark.score == Fraction(17, 20)
        assert at_mark.passed
        assert not below.passed

    def test_the_score_is_item_weighted_not_the_mean_of_moments(self) -> None:
        checklist = Checklist(
            name="c",
            version=1,
            items=(
                observed("a", 3, moment=Moment.GREETING),
                observed("b", 1, moment=Moment.GOODBYE),
            ),
        )

        a = Auditor(checklist).audit(visit(), ratings={"a": PASS, "b": FAIL})

        assert a.score == Fraction(3, 4)
        assert a.by_moment == {Moment.GREETING: 1, Moment.GOODBYE: 0}

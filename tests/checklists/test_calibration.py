"""Calibration of reviewers (``moments.checklists.calibration``)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, settings

from _reference import RATED, rubric
from _support import FAIL, NA, PASS, visit
from moments import (
    InvalidData,
)
from moments._limits import MAX_DIGITS
from moments.checklists import (
    Audit,
    Auditor,
    Outcome,
    calibrate,
)

heavy = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestCalibrate:
    def panel(self, *ratings: dict[str, Outcome]) -> list[Audit]:
        auditor = Auditor(rubric())
        return [
            auditor.audit(visit(), ratings=r, reviewer=f"r-{n}")
            for n, r in enumerate(ratings)
        ]

    def test_consensus_is_the_majority_and_agreement_its_share(self) -> None:
        other = {**RATED, "b": PASS}

        c = calibrate(self.panel(RATED, RATED, other))

        assert c.consensus.result("b").outcome is FAIL
        assert c.consensus.score == Fraction(3, 5)
        assert c.consensus.reviewer is None
        assert c.agreement["b"] == Fraction(2, 3)
        assert c.agreement["a"] == 1
        assert c.disputed == ("b",)
        assert c.reviewers == ("r-0", "r-1", "r-2")

    def test_exactly_ten_points_from_the_consensus_is_within(self) -> None:
        # f (2 points) of 20 applicable: 18/20 vs 20/20 is 10 points.
        base = {"a": PASS, "b": PASS, "f": PASS, "c": NA, "d": NA, "e": NA}
        off_by_ten = {**base, "f": FAIL}
        further = {**base, "b": FAIL}

        within = calibrate(self.panel(base, base, off_by_ten))
        beyond = calibrate(self.panel(base, base, further))

        assert within.within_ten_points == 1
        assert beyond.within_ten_points == Fraction(2, 3)

    def test_a_tie_takes_the_stricter_outcome(self) -> None:
        c = calibrate(self.panel(RATED, {**RATED, "a": FAIL}))

        assert c.consensus.result("a").outcome is FAIL
        assert c.agreement["a"] == Fraction(1, 2)

    def test_audits_of_different_interactions_are_rejected(self) -> None:
        a = Auditor(rubric()).audit(visit(id="i-1"))
        b = Auditor(rubric()).audit(visit(id="i-2"))

        with pytest.raises(InvalidData, match=r"\$\.audits\[1\]\.interaction_id"):
            calibrate([a, b])

    def test_no_audits_is_invalid(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.audits"):
            calibrate([])

    def test_something_that_is_not_an_audit_is_invalid(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.audits\[0\]"):
            calibrate(["audit"])  # type: ignore[list-item]


class TestCalibrationModel:
    def test_overall_agreement_is_the_mean_item_agreement(self) -> None:
        auditor = Auditor(rubric())
        panel = [
            auditor.audit(visit(), ratings=RATED),
            auditor.audit(visit(), ratings={**RATED, "a": FAIL}),
        ]

        c = calibrate(panel)

        assert c.overall_agreement == Fraction(11, 12)

    def test_audits_against_another_checklist_are_rejected(self) -> None:
        a = Auditor(rubric()).audit(visit())
        other = attrs.evolve(rubric(), version=2)
        b = Auditor(other).audit(visit())

        with pytest.raises(InvalidData, match=r"\$\.audits\[1\]: .*rubric@1"):
            calibrate([a, b])

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("agreement", {"a": 2}),
            ("agreement", "a"),
            ("within_ten_points", Fraction(3, 2)),
            ("reviewers", ("",)),
        ],
    )
    def test_invalid_calibrations_name_the_field(self, field: str, value: Any) -> None:
        c = calibrate([Auditor(rubric()).audit(visit())])

        with pytest.raises(InvalidData, match=rf"\$\.{field}"):
            attrs.evolve(c, **{field: value})

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("agreement", {"a": Fraction(1, 10**MAX_DIGITS)}),
            ("within_ten_points", Fraction(1, 10**MAX_DIGITS)),
        ],
        ids=["agreement", "within_ten_points"],
    )
    def test_a_share_has_at_most_max_digits_in_its_denominator(
        self, field: str, value: Any
    ) -> None:
        # Issue 14, defect 7: what is built must load (the same limits).
        c = calibrate([Auditor(rubric()).audit(visit())])

        with pytest.raises(InvalidData, match="4000 digits"):
            attrs.evolve(c, **{field: value})

    def test_an_agreement_key_is_an_item_id(self) -> None:
        c = calibrate([Auditor(rubric()).audit(visit())])

        with pytest.raises(InvalidData, match=r"\$\.agreement: expected item ids"):
            attrs.evolve(c, agreement={"": Fraction(1)})

    def test_a_calibration_has_one_share_per_consensus_item(self) -> None:
        c = calibrate([Auditor(rubric()).audit(visit())])

        with pytest.raises(InvalidData, match=r"\$\.agreement: expected one share"):
            attrs.evolve(c, agreement={"elsewhere": Fraction(1)})

    def test_shares_are_counted_over_the_panel(self) -> None:
        c = calibrate([Auditor(rubric()).audit(visit(), reviewer=r) for r in "ab"])

        with pytest.raises(InvalidData, match=r"\$\.within_ten_points: expected a"):
            attrs.evolve(c, within_ten_points=Fraction(1, 3))

    def test_the_consensus_has_no_reviewer(self) -> None:
        c = calibrate([Auditor(rubric()).audit(visit())])

        with pytest.raises(InvalidData, match=r"\$\.consensus\.reviewer"):
            attrs.evolve(c, consensus=attrs.evolve(c.consensus, reviewer="r-ana"))

    def test_a_calibration_has_a_panel(self) -> None:
        c = calibrate([Auditor(rubric()).audit(visit())])

        with pytest.raises(InvalidData, match=r"\$\.reviewers: expected at least"):
            attrs.evolve(c, reviewers=())

"""Tests for moments.scorecards.consistency: "same service everywhere?"
across groups of scorecards, with the weakest and strongest groups, the
items whose pass rate varies most, and the reading's records and HTML."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _support import make_audit
from moments import Channel, InvalidData, Moment
from moments.checklists import Audit
from moments.checklists import Outcome as O
from moments.errors import InvalidArgument
from moments.scorecards import (
    Consistency,
    ItemSpread,
    Scorecard,
    Standing,
    by_channel,
    by_location,
    consistency,
    scorecards_by,
)
from moments.strategies import consistencies
from scorecards._cards import failing, passing, result


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
        with pytest.raises(InvalidArgument, match=r"\$\.groups: expected a mapping"):
            consistency([Scorecard.EMPTY])  # type: ignore[arg-type]

    @given(consistencies())
    def test_ranked_groups_run_from_strongest_to_weakest(
        self, reading: Consistency[str]
    ) -> None:
        means = [s.mean_score for s in reading.ranked if s.mean_score is not None]

        assert means == sorted(means, reverse=True)
        assert all(s.audits >= reading.min_audits for s in reading.ranked)
        assert all(s.audits < reading.min_audits for s in reading.too_small)


class TestViews:
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

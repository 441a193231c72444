"""Tests for moments.scorecards.consistency: "same service everywhere?"
across groups of scorecards, with the weakest and strongest groups, the
items whose pass rate varies most, and the reading's records and HTML."""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import moments
from _support import assert_only_field_errors, field_names, make_audit
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
from moments.scorecards.consistency import exact_keys
from moments.scorecards.tally import sort_key
from moments.strategies import consistencies, scorecards
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


# -- every field of a reading is validated (issue 14, defect 2) -------------

#: Values no field of a reading may hold, or only some may.
WRONG = (
    None,
    "x",
    "",
    True,
    0,
    1,
    -1,
    1.5,
    float("nan"),
    Fraction(-3),
    Fraction(3, 2),
    Fraction(1, 10**4001),
    (),
    ("x",),
    (("x", Fraction(1)),),
    [],
    {},
    [1],
    object(),
)


def _standing(**fields: Any) -> Standing[str]:
    values: dict[str, Any] = {
        "key": "l-north",
        "audits": 4,
        "mean_score": Fraction(3, 4),
        "pass_rate": Fraction(1, 2),
    }
    values.update(fields)
    return Standing(**values)


def _spread(**fields: Any) -> ItemSpread[str]:
    values: dict[str, Any] = {
        "item_id": "greet",
        "spread": Fraction(1, 2),
        "rates": (("l-east", Fraction(1, 2)), ("l-north", Fraction(1))),
    }
    values.update(fields)
    return ItemSpread(**values)


def _reading() -> Consistency[str]:
    return consistency(scorecards_by(_three_locations(), by_location), min_audits=5)


class TestStandingFields:
    @pytest.mark.parametrize(
        "rate", [Fraction(-3), Fraction(3, 2), 0.5, Fraction(1, 10**4001), "1/2"]
    )
    @pytest.mark.parametrize("field", ["mean_score", "pass_rate"])
    def test_a_standings_rates_are_fractions_from_0_to_1(
        self, field: str, rate: Any
    ) -> None:
        with pytest.raises(
            InvalidData, match=rf"\$\.{field}: expected a Fraction from 0 to 1"
        ):
            _standing(**{field: rate})

    def test_a_negative_pass_rate_is_refused_at_load_too(self) -> None:
        document = moments.dumps(_standing()).replace('"1/2"', '"-3"')

        with pytest.raises(InvalidData, match=r"\$\.pass_rate"):
            moments.loads(Standing[str], document)

    @pytest.mark.parametrize("field", ["mean_score", "pass_rate"])
    def test_a_standing_without_audits_has_no_rates(self, field: str) -> None:
        with pytest.raises(InvalidData, match=rf"\$\.{field}: expected None with no"):
            _standing(
                audits=0, **{"mean_score": None, "pass_rate": None, field: Fraction(1)}
            )

    def test_a_pass_rate_is_a_count_of_the_audits_over_audits(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.pass_rate: expected a count"):
            _standing(audits=4, pass_rate=Fraction(1, 3))

    def test_a_group_key_is_hashable_and_may_be_none(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.key: expected a hashable"):
            _standing(key=["l-north"])

        assert _standing(key=None).key is None


class TestItemSpreadFields:
    @pytest.mark.parametrize(
        "rates",
        ["x", (), (("l-east", Fraction(1, 2)),), [("a", Fraction(0)), ("b", 1)]],
    )
    def test_an_item_spread_has_two_or_more_rows(self, rates: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.rates: expected a tuple of two"):
            _spread(rates=rates)

    @pytest.mark.parametrize(
        "row",
        [
            "x",
            ("l-south",),
            (["l-south"], Fraction(1)),
            ("l-south", 1.0),
            ("l-south", Fraction(5, 4)),
            ("l-south", Fraction(-1, 4)),
        ],
    )
    def test_each_row_is_a_group_and_a_rate(self, row: Any) -> None:
        rates = (("l-east", Fraction(1, 2)), row)

        with pytest.raises(InvalidData, match=r"\$\.rates\[1\]: expected a \(hash"):
            _spread(rates=rates)

    @pytest.mark.parametrize(
        "rates",
        [
            (("l-north", Fraction(1)), ("l-east", Fraction(1, 2))),
            (("l-north", Fraction(1, 2)), ("l-east", Fraction(1, 2))),
            (("l-east", Fraction(1, 2)), ("l-east", Fraction(1, 2))),
            ((("l", 1), Fraction(1, 2)), (("l", "x"), Fraction(1, 2))),
        ],
    )
    def test_rows_run_lowest_rate_first_then_by_group_each_once(
        self, rates: Any
    ) -> None:
        with pytest.raises(InvalidData, match=r"\$\.rates\[1\]: expected rows low"):
            _spread(spread=Fraction(0), rates=rates)

    def test_the_spread_is_the_highest_minus_the_lowest_rate(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.rates: expected rows whose"):
            _spread(spread=Fraction(1, 4))

    @pytest.mark.parametrize("spread", [1.0, Fraction(-1, 2), Fraction(2), None])
    def test_the_spread_is_a_fraction_from_0_to_1(self, spread: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.spread: expected a Fraction"):
            _spread(spread=spread)

    def test_an_item_spread_with_a_string_for_rates_cannot_be_built(self) -> None:
        # Defect 2 of issue 14: it built, then dumps raised AttributeError.
        with pytest.raises(InvalidData, match=r"\$\.spread"):
            ItemSpread(item_id="g", spread=1.0, rates="x")  # type: ignore[arg-type]
        with pytest.raises(InvalidData, match=r"\$\.rates"):
            _spread(rates="x")


class TestConsistencyFields:
    @pytest.mark.parametrize(
        "field", ["threshold", "pooled_mean_score", "pooled_pass_rate"]
    )
    @pytest.mark.parametrize("rate", [Fraction(-1, 10), Fraction(11, 10), 0.1])
    def test_a_readings_rates_are_fractions_from_0_to_1(
        self, field: str, rate: Any
    ) -> None:
        with pytest.raises(InvalidData, match=rf"\$\.{field}: expected"):
            attrs.evolve(_reading(), **{field: rate})

    def test_ranked_groups_have_at_least_min_audits(self) -> None:
        reading = _reading()

        with pytest.raises(InvalidData, match=r"\$\.ranked\[0\]: expected a Standing"):
            attrs.evolve(reading, min_audits=7)

    def test_ranked_groups_run_strongest_first(self) -> None:
        reading = _reading()

        with pytest.raises(InvalidData, match=r"\$\.ranked\[1\]: .*in order"):
            attrs.evolve(reading, ranked=reading.ranked[::-1], below_pooled=())

    def test_too_small_groups_have_fewer_audits_and_are_not_ranked(self) -> None:
        reading = _reading()

        with pytest.raises(InvalidData, match=r"\$\.too_small\[0\]: expected"):
            attrs.evolve(reading, too_small=reading.ranked[:1])

    def test_below_pooled_is_what_the_pooled_mean_and_threshold_imply(self) -> None:
        reading = _reading()

        with pytest.raises(InvalidData, match=r"\$\.below_pooled: expected the ran"):
            attrs.evolve(reading, below_pooled=())
        with pytest.raises(InvalidData, match=r"\$\.below_pooled: expected the ran"):
            attrs.evolve(reading, threshold=Fraction(1))

    def test_item_spreads_run_widest_first_and_read_ranked_groups(self) -> None:
        reading = _reading()
        spreads = reading.item_spreads
        stranger = _spread(rates=(("l-east", Fraction(1, 2)), ("l-x", Fraction(1))))

        with pytest.raises(InvalidData, match=r"\$\.item_spreads\[1\]: .*in order"):
            attrs.evolve(reading, item_spreads=spreads[::-1])
        with pytest.raises(InvalidData, match=r"\$\.item_spreads\[0\]: expected"):
            attrs.evolve(reading, item_spreads=(stranger,))


class TestEveryFieldOfAReading:
    @given(consistencies())
    def test_a_wrong_value_in_any_field_is_invalid_data_or_round_trips(
        self, reading: Consistency[str]
    ) -> None:
        _assert_refused_or_round_trips(reading)

    @given(st.from_type(Standing))
    def test_a_wrong_value_in_a_standing_is_invalid_data_or_round_trips(
        self, standing: Standing[str]
    ) -> None:
        _assert_refused_or_round_trips(standing)

    @given(st.from_type(ItemSpread))
    def test_a_wrong_value_in_an_item_spread_is_invalid_data_or_round_trips(
        self, spread: ItemSpread[str]
    ) -> None:
        _assert_refused_or_round_trips(spread)

    @given(consistencies())
    def test_what_consistency_computes_passes_its_own_rules(
        self, reading: Consistency[str]
    ) -> None:
        attrs.validate(reading)
        for standing in (*reading.ranked, *reading.too_small):
            attrs.validate(standing)
        for spread in reading.item_spreads:
            attrs.validate(spread)


def _assert_refused_or_round_trips(valid: Any) -> None:
    """A wrong value in any field is refused with InvalidData naming a
    field, or (a value some field may hold) the object still writes and
    reads back (as a reading of str keys). A replaced key is only hashable:
    which keys JSON can hold is the serializer's business, not the
    reading's. Every field is tried with every wrong value."""
    cls = type(valid)
    for field in field_names(cls):
        for wrong in WRONG:
            try:
                built = attrs.evolve(valid, **{field: wrong})
            except InvalidData as err:
                assert_only_field_errors(err, cls)
            else:
                if field != "key":
                    assert moments.loads(cls[str], moments.dumps(built)) == built


# -- the fast reading is the plain definition (issue 15) ---------------------

_GROUPS = st.dictionaries(
    st.sampled_from(("l-north", "l-south", "l-east", "l-west", "l-up", None)),
    scorecards(max_audits=6, max_feedback=0),
    max_size=6,
)


def _plain_consistency(
    groups: dict[Any, Scorecard], min_audits: int, share: Fraction
) -> dict[str, Any]:
    """The reading, written plainly with Fractions and their comparisons."""
    keys = sorted(groups, key=sort_key)
    pooled = Scorecard.merge_all(groups[k] for k in keys)
    rows = [(k, groups[k]) for k in keys if groups[k].audits >= min_audits]
    rows.sort(
        key=lambda kc: (
            kc[1].mean_score is None,
            -(kc[1].mean_score or 0),
            -(kc[1].pass_rate or 0),
            sort_key(kc[0]),
        )
    )
    mean = pooled.mean_score
    below = [
        (c.mean_score, sort_key(k), k)
        for k, c in rows
        if mean is not None and c.mean_score is not None and mean - c.mean_score > share
    ]
    below.sort(key=lambda row: row[:2])
    per_item: dict[str, list[tuple[Any, Fraction]]] = {}
    for k, c in rows:
        for item_id, rate in c.item_pass_rates.items():
            if rate is not None:
                per_item.setdefault(item_id, []).append((k, rate))
    spreads = []
    for item_id, rates in per_item.items():
        if len(rates) > 1:
            rates.sort(key=lambda kr: (kr[1], sort_key(kr[0])))
            spreads.append((item_id, rates[-1][1] - rates[0][1], tuple(rates)))
    spreads.sort(key=lambda s: (-s[1], s[0]))
    return {
        "ranked": [k for k, _ in rows],
        "below_pooled": [k for _, _, k in below],
        "item_spreads": spreads,
        "pooled": (mean, pooled.pass_rate),
    }


class TestTheReadingIsThePlainDefinition:
    @given(_GROUPS, st.integers(1, 4), st.sampled_from((0, 0.05, 0.1, 0.25)))
    def test_consistency_sorts_and_reads_as_the_plain_definition(
        self, groups: dict[Any, Scorecard], min_audits: int, threshold: float
    ) -> None:
        share = Fraction(repr(threshold)) if threshold else Fraction(0)

        reading = consistency(groups, min_audits=min_audits, threshold=threshold)

        plain = _plain_consistency(groups, min_audits, share)
        assert [s.key for s in reading.ranked] == plain["ranked"]
        assert list(reading.below_pooled) == plain["below_pooled"]
        assert [(s.item_id, s.spread, s.rates) for s in reading.item_spreads] == (
            plain["item_spreads"]
        )
        assert (reading.pooled_mean_score, reading.pooled_pass_rate) == plain["pooled"]

    @given(consistencies())
    def test_fast_built_readings_equal_the_validated_constructors(
        self, reading: Consistency[str]
    ) -> None:
        def rebuilt(value: Any) -> Any:
            return type(value)(**attrs.asdict(value, recurse=False))

        again = rebuilt(reading)

        assert again == reading
        assert [rebuilt(s) for s in reading.ranked] == list(reading.ranked)
        assert [rebuilt(s) for s in reading.too_small] == list(reading.too_small)
        assert [rebuilt(s) for s in reading.item_spreads] == list(reading.item_spreads)

    @given(
        st.lists(
            st.tuples(st.integers(-(10**30), 10**30), st.integers(1, 10**12)),
            max_size=30,
        )
    )
    def test_exact_keys_order_ratios_as_their_values(
        self, pairs: list[tuple[int, int]]
    ) -> None:
        keys = exact_keys(pairs)

        values = [Fraction(n, d) for n, d in pairs]
        for (a, ka), (b, kb) in itertools.product(
            zip(values, keys, strict=True), repeat=2
        ):
            assert (a < b) == (ka < kb)  # type: ignore[operator]
            assert (a == b) == (ka == kb)

    def test_groups_rank_with_fewer_fraction_comparisons_than_groups(self) -> None:
        card = Scorecard.from_audits(_three_locations())
        groups = {f"g-{n}": attrs.evolve(card, passed=n % 18) for n in range(2_000)}
        calls = 0
        original = Fraction.__eq__

        def counted(self: Fraction, other: object) -> bool:
            nonlocal calls
            calls += 1
            return original(self, other)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Fraction, "__eq__", counted)
            consistency(groups, min_audits=5)

        assert calls < len(groups)

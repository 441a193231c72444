"""Tests for wrong-shaped arguments (moments._arguments and its users).

A public function given an argument of the wrong type raises
:class:`~moments.errors.InvalidArgument` (a ``TypeError``) naming the
argument, what it expected and the *type* of what arrived; a right type
with a wrong value raises :class:`~moments.InvalidData` (a ``ValueError``);
an item of the wrong type inside an iterable is an ``InvalidData`` naming
its index. The fuzz family at the end calls every public function of the
front door with arguments drawn from a pool of wrong shapes: only `moments`
errors come out (and a caller's own error, raised by their iterator, goes
through untouched).
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import moments
from _support import T0, make_audit, only_moments_errors, visit
from moments import (
    DEFAULT_FOLLOW_UP_PLAN,
    Client,
    Feedback,
    HasName,
    InvalidData,
    MomentsError,
    Money,
    by_staff,
    calibrate,
    consistency,
    csat,
    decide_promotion,
    evaluate_rule,
    gold_standard,
    nps,
    overdue,
    recognition,
    review_relationship,
    rfm_scores,
    scorecards_by,
    service_level,
    summarize_purchases,
    summarize_purchases_by,
)
from moments._arguments import integer, iterate, kind, mapping
from moments.errors import InvalidArgument
from moments.reporting import format_table, to_columns, to_records
from moments.scorecards import Scorecard

ADA = Client(id="c-1", name="Ada", since=T0 - timedelta(days=30))
EMAIL = "ada@example.com"


def refused(
    call: Callable[[], object], path: str, expected: str, got: str
) -> InvalidArgument:
    """``call()`` raises InvalidArgument ``$.path: expected ..., got ...``."""
    with pytest.raises(InvalidArgument) as caught:
        call()
    assert str(caught.value) == f"$.{path}: expected {expected}, got {got}"
    return caught.value


class TestTheError:
    def test_invalid_argument_is_a_moments_error_and_a_type_error(self) -> None:
        err = InvalidArgument("$.audits: expected an iterable of Audit, got int")

        assert isinstance(err, MomentsError)
        assert isinstance(err, TypeError)
        assert not isinstance(err, ValueError)

    def test_invalid_argument_is_exported_by_moments_errors(self) -> None:
        assert "InvalidArgument" in moments.errors.__all__

    def test_what_arrived_is_named_by_its_type_never_its_value(self) -> None:
        err = refused(
            lambda: nps(EMAIL),  # type: ignore[arg-type]
            "feedback",
            "an iterable of Feedback",
            "str",
        )

        assert EMAIL not in str(err)

    def test_a_wrong_item_is_named_by_its_type_never_its_value(self) -> None:
        with pytest.raises(InvalidData) as caught:
            Scorecard.from_audits([make_audit(), EMAIL])  # type: ignore[list-item]

        assert caught.value.errors == ("$.audits[1]: expected an Audit, got str",)


class TestTheHelpers:
    def test_kind_names_none_and_types(self) -> None:
        assert (kind(None), kind(3), kind("x"), kind(ADA)) == (
            "None",
            "int",
            "str",
            "Client",
        )

    @pytest.mark.parametrize("text", ["abc", b"abc", bytearray(b"abc")])
    def test_iterate_refuses_text_and_bytes(self, text: Any) -> None:
        with pytest.raises(InvalidArgument, match=r"^\$\.x: expected an iterable"):
            iterate("x", text, "Audit")

    def test_iterate_gives_an_iterator_over_any_iterable(self) -> None:
        assert list(iterate("x", range(3), "int")) == [0, 1, 2]
        assert list(iterate("x", {"a": 1}, "str")) == ["a"]

    def test_mapping_refuses_a_list(self) -> None:
        refused(lambda: mapping("m", [], "x"), "m", "a mapping of x", "list")

    def test_integer_refuses_a_bool_as_a_wrong_type(self) -> None:
        refused(lambda: integer("n", True, 0, 9), "n", "an integer from 0 to 9", "bool")

    def test_integer_refuses_a_value_out_of_range_as_invalid_data(self) -> None:
        with pytest.raises(
            InvalidData, match=r"^\$\.n: expected an integer >= 1, got 0"
        ):
            integer("n", 0, 1)

    @given(st.integers(-10, 10))
    def test_integer_takes_exactly_the_integers_in_range(self, n: int) -> None:
        try:
            got = integer("n", n, -3, 3)
        except InvalidData:
            assert not -3 <= n <= 3
        else:
            assert got == n
            assert -3 <= n <= 3


class TestEveryFunctionNamesItsArgument:
    def test_from_audits_refuses_a_number_naming_the_argument(self) -> None:
        refused(
            lambda: Scorecard.from_audits(5),  # type: ignore[arg-type]
            "audits",
            "an iterable of Audit",
            "int",
        )

    def test_from_audits_refuses_a_number_for_feedback(self) -> None:
        refused(
            lambda: Scorecard.from_audits([], 5),  # type: ignore[arg-type]
            "feedback",
            "an iterable of Feedback",
            "int",
        )

    def test_from_audits_reports_a_wrong_item_by_its_index(self) -> None:
        audits = [make_audit(), make_audit(), make_audit(), 7]

        with pytest.raises(InvalidData) as caught:
            Scorecard.from_audits(audits)  # type: ignore[arg-type]

        assert caught.value.errors == ("$.audits[3]: expected an Audit, got int",)

    def test_merge_all_refuses_a_number_naming_the_argument(self) -> None:
        refused(
            lambda: Scorecard.merge_all(5),  # type: ignore[arg-type]
            "cards",
            "an iterable of Scorecard",
            "int",
        )

    def test_merge_all_reports_a_wrong_item_by_its_index(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.cards\[1\]: .* got None$"):
            Scorecard.merge_all([Scorecard.EMPTY, None])  # type: ignore[list-item]

    def test_summarize_purchases_refuses_a_number_naming_the_argument(self) -> None:
        refused(
            lambda: summarize_purchases(5, as_of=T0),  # type: ignore[arg-type]
            "purchases",
            "an iterable of Purchase",
            "int",
        )

    def test_summarize_purchases_by_refuses_a_number_naming_the_argument(
        self,
    ) -> None:
        refused(
            lambda: summarize_purchases_by(5, as_of=T0),  # type: ignore[arg-type]
            "transactions",
            "an iterable of (key, Purchase) pairs",
            "int",
        )

    def test_summarize_purchases_by_reports_a_wrong_pair_by_its_index(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.transactions\[0\]: .* got int"):
            summarize_purchases_by([3], as_of=T0)  # type: ignore[arg-type]

    def test_rfm_scores_refuses_a_list_naming_the_argument(self) -> None:
        refused(
            lambda: rfm_scores([]),  # type: ignore[arg-type]
            "summaries",
            "a mapping of key to PurchaseSummary",
            "list",
        )

    def test_nps_refuses_a_number_naming_the_argument(self) -> None:
        refused(
            lambda: nps(5),  # type: ignore[arg-type]
            "feedback",
            "an iterable of Feedback",
            "int",
        )

    def test_csat_refuses_a_number_naming_the_argument(self) -> None:
        refused(
            lambda: csat(5),  # type: ignore[arg-type]
            "feedback",
            "an iterable of Feedback",
            "int",
        )

    def test_recognition_refuses_a_number_naming_the_argument(self) -> None:
        refused(
            lambda: recognition(None),  # type: ignore[arg-type]
            "feedback",
            "an iterable of Feedback",
            "None",
        )

    def test_recognition_reports_a_wrong_item_by_its_index(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.feedback\[0\]: .* got dict"):
            recognition([{}])  # type: ignore[list-item]

    def test_calibrate_refuses_a_number_naming_the_argument(self) -> None:
        refused(
            lambda: calibrate(5),  # type: ignore[arg-type]
            "audits",
            "an iterable of Audit",
            "int",
        )

    def test_service_level_refuses_a_number_naming_the_argument(self) -> None:
        refused(
            lambda: service_level(5),  # type: ignore[arg-type]
            "verdicts",
            "an iterable of GreetingVerdict",
            "int",
        )

    def test_overdue_refuses_a_number_naming_the_argument(self) -> None:
        refused(
            lambda: overdue(5, as_of=T0),  # type: ignore[arg-type]
            "follow_ups",
            "an iterable of FollowUp",
            "int",
        )

    def test_decide_promotion_refuses_a_number_for_interactions(self) -> None:
        refused(
            lambda: decide_promotion(ADA, 5, as_of=T0),  # type: ignore[arg-type]
            "interactions",
            "an iterable of Interaction",
            "int",
        )

    def test_decide_promotion_refuses_a_number_for_feedback(self) -> None:
        refused(
            lambda: decide_promotion(ADA, [], as_of=T0, feedback=5),  # type: ignore[arg-type]
            "feedback",
            "an iterable of Feedback",
            "int",
        )

    def test_evaluate_rule_refuses_a_number_for_interactions(self) -> None:
        refused(
            lambda: evaluate_rule(HasName(), ADA, 5, as_of=T0),  # type: ignore[arg-type]
            "interactions",
            "an iterable of Interaction",
            "int",
        )

    def test_review_relationship_refuses_a_number_naming_the_argument(self) -> None:
        refused(
            lambda: review_relationship(ADA, 5, as_of=T0),  # type: ignore[arg-type]
            "interactions",
            "an iterable of Interaction",
            "int",
        )

    def test_scorecards_by_refuses_a_number_naming_the_argument(self) -> None:
        refused(
            lambda: scorecards_by(5, by_staff),  # type: ignore[arg-type]
            "audits",
            "an iterable of Audit",
            "int",
        )

    def test_scorecards_by_refuses_a_key_that_is_not_a_function(self) -> None:
        refused(
            lambda: scorecards_by([], "staff_id"),  # type: ignore[arg-type]
            "key",
            "a function of an Audit",
            "str",
        )

    def test_scorecards_by_refuses_a_number_for_feedback(self) -> None:
        refused(
            lambda: scorecards_by([], by_staff, feedback=5),  # type: ignore[arg-type]
            "feedback",
            "an iterable of Feedback",
            "int",
        )

    def test_consistency_refuses_a_list_naming_the_argument(self) -> None:
        refused(
            lambda: consistency([]),  # type: ignore[arg-type]
            "groups",
            "a mapping of group to Scorecard",
            "list",
        )

    def test_to_records_refuses_a_number_naming_the_argument(self) -> None:
        refused(
            lambda: to_records(5),  # type: ignore[arg-type]
            "items",
            "an iterable of audits, scorecards, purchase summaries, interactions, "
            "customers, clients or purchases",
            "int",
        )

    def test_to_records_reports_a_wrong_item_by_its_index(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.items\[1\]: .* got int"):
            to_records([Scorecard.EMPTY, 5])

    def test_to_columns_refuses_a_number_naming_the_argument(self) -> None:
        with pytest.raises(InvalidArgument, match=r"^\$\.items: "):
            to_columns(5)  # type: ignore[arg-type]

    def test_money_total_refuses_a_number_naming_the_argument(self) -> None:
        refused(
            lambda: Money.total(5, "EUR"),  # type: ignore[arg-type]
            "amounts",
            "an iterable of Money",
            "int",
        )

    def test_money_total_reports_an_amount_that_is_not_money_by_its_index(
        self,
    ) -> None:
        euro = Money(amount=Decimal(1), currency="EUR")

        with pytest.raises(InvalidData, match=r"^\$\.amounts\[1\]: .* got Decimal$"):
            Money.total([euro, Decimal(1)], "EUR")  # type: ignore[list-item]

    def test_format_table_refuses_a_string_for_records(self) -> None:
        refused(
            lambda: format_table("x"),  # type: ignore[arg-type]
            "records",
            "a sequence of mappings",
            "str",
        )

    def test_format_table_reports_a_record_that_is_not_a_mapping(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.records\[1\]: .* got int"):
            format_table([{}, 5])  # type: ignore[list-item]

    def test_format_table_refuses_negative_digits_as_invalid_data(self) -> None:
        with pytest.raises(InvalidData) as caught:
            format_table([], digits=-1)

        assert caught.value.errors == (
            "$.digits: expected an integer from 0 to 20, got -1",
        )

    def test_format_table_refuses_a_bool_for_digits(self) -> None:
        refused(
            lambda: format_table([], digits=True),
            "digits",
            "an integer from 0 to 20",
            "bool",
        )

    def test_format_table_refuses_a_number_for_columns(self) -> None:
        refused(
            lambda: format_table([], 5),  # type: ignore[arg-type]
            "columns",
            "an iterable of column names",
            "int",
        )

    def test_format_table_reports_a_column_name_that_is_not_a_string(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.percent\[0\]: .* got int"):
            format_table([{"a": 0.5}], percent=[1])  # type: ignore[list-item]

    def test_format_table_refuses_a_title_that_is_not_a_string(self) -> None:
        refused(
            lambda: format_table([], title=5),  # type: ignore[arg-type]
            "title",
            "a string or None",
            "int",
        )

    def test_format_table_still_renders_twenty_digits(self) -> None:
        table = format_table([{"x": 0.5}], digits=20)

        assert table.splitlines()[-1] == "0.50000000000000000000"


# -- the fuzz family: every public function, wrong-shaped arguments ----------


class Boom(Exception):
    """The caller's own error, raised by their iterator: it goes through."""


def _raising(items: list[object]) -> Iterator[object]:
    yield from items
    raise Boom


def _audit() -> object:
    return make_audit()


#: A valid value per parameter name, for the arguments not drawn wrong (so
#: the wrong one is reached past the others' checks).
_VALID: dict[str, Callable[[], object]] = {
    "anchor": lambda: T0,
    "as_of": lambda: T0,
    "at": lambda: T0,
    "audit": _audit,
    "audits": lambda: [make_audit()],
    "checklist": gold_standard,
    "client": lambda: ADA,
    "cls": lambda: Scorecard,
    "data": lambda: {"$schema": "moments/1"},
    "decision": lambda: decide_promotion(ADA, [], as_of=T0),
    "feedback": lambda: [Feedback(interaction_id="i-1", at=T0, nps=9)],
    "follow_ups": list,
    "groups": lambda: {"a": Scorecard.EMPTY},
    "interaction": visit,
    "interactions": lambda: [visit(party_id="c-1")],
    "items": lambda: [Scorecard.EMPTY],
    "key": lambda: by_staff,
    "obj": lambda: Scorecard.EMPTY,
    "party": lambda: ADA,
    "plan": lambda: DEFAULT_FOLLOW_UP_PLAN,
    "purchases": list,
    "records": lambda: [{"a": 1}],
    "rule": HasName,
    "summaries": dict,
    "text": lambda: "{}",
    "transactions": list,
    "verdicts": list,
    "zone": lambda: "UTC",
    "amounts": lambda: [Money(amount=Decimal(1), currency="EUR")],
    "currency": lambda: "EUR",
    "cards": lambda: [Scorecard.EMPTY],
}

_wrong_items = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=5),
    st.builds(object),
    st.just(ADA),
    st.just(Scorecard.EMPTY),
    st.just(T0),
)
#: Wrong shapes of argument.
wrong = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.decimals(allow_nan=True),
    st.text(max_size=10),
    st.binary(max_size=10),
    st.dictionaries(st.text(max_size=3), _wrong_items, max_size=3),
    st.lists(_wrong_items, max_size=3),
    st.lists(st.lists(_wrong_items, max_size=2), max_size=2),
    st.tuples(_wrong_items, _wrong_items),
    st.builds(object),
    st.just(ADA),
    st.just(datetime(2026, 1, 1)),  # naive
    st.just(Scorecard.EMPTY),
    st.just(by_staff),
    st.lists(_wrong_items, max_size=3).map(_raising),
)


def _public_functions() -> list[tuple[str, Callable[..., object]]]:
    """The front door's functions, and the public functions outside it
    that the issue names (reporting, Scorecard and Money constructors)."""
    found = [
        (name, getattr(moments, name))
        for name in moments.__all__
        if inspect.isfunction(getattr(moments, name))
    ]
    found += [
        ("reporting.to_records", to_records),
        ("reporting.to_columns", to_columns),
        ("reporting.format_table", format_table),
        ("Scorecard.from_audits", Scorecard.from_audits),
        ("Scorecard.merge_all", Scorecard.merge_all),
        ("Money.total", Money.total),
    ]
    return found


PUBLIC = _public_functions()


@st.composite
def wrong_calls(
    draw: st.DrawFn, function: Callable[..., object]
) -> tuple[list[object], dict[str, object]]:
    """Arguments for ``function``: each wrong-shaped or valid (absent if
    optional), at least one of them wrong when there is any."""
    params = [
        p
        for p in inspect.signature(function).parameters.values()
        if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    if params:
        bad = draw(st.sets(st.sampled_from([p.name for p in params]), min_size=1))
    args: list[object] = []
    kwargs: dict[str, object] = {}
    for p in params:
        if p.name in bad:
            value = draw(wrong)
        elif p.default is not p.empty:
            continue
        elif p.name in _VALID:
            value = _VALID[p.name]()
        else:
            value = draw(wrong)
        if p.kind is p.KEYWORD_ONLY:
            kwargs[p.name] = value
        elif p.kind is p.POSITIONAL_ONLY or not kwargs:
            args.append(value)
        else:
            kwargs[p.name] = value
    return args, kwargs


@pytest.mark.parametrize(
    "function",
    [pytest.param(f, id=name) for name, f in PUBLIC],
)
@settings(max_examples=60)
@given(data=st.data())
def test_every_public_function_with_wrong_shaped_arguments_raises_only_moments_errors(
    function: Callable[..., object], data: st.DataObject
) -> None:
    args, kwargs = data.draw(wrong_calls(function))

    # Boom: the caller's own iterator failed, and their error goes through.
    with only_moments_errors(), contextlib.suppress(Boom):
        function(*args, **kwargs)


def test_the_fuzz_family_covers_every_function_of_the_front_door() -> None:
    names = {name for name, _ in PUBLIC}

    assert {"calibrate", "decide_promotion", "nps", "Money.total"} <= names
    assert len(names) >= 30


def test_a_callers_own_error_from_their_iterator_goes_through_untouched() -> None:
    with pytest.raises(Boom):
        Scorecard.from_audits(_raising([make_audit()]))  # type: ignore[arg-type]


def test_a_wrong_argument_is_refused_before_time_is_spent_on_the_others() -> None:
    # The check is on the container, once: a generator of a million audits
    # is not read when another argument is wrong.
    read = []

    def stream() -> Iterator[object]:
        for _ in range(1_000_000):
            read.append(1)
            yield make_audit()

    with pytest.raises(InvalidArgument):
        scorecards_by(stream(), "staff")  # type: ignore[arg-type]

    assert read == []


def test_a_right_argument_still_gives_the_same_answer() -> None:
    audits = [make_audit(staff_id="s-1"), make_audit(staff_id="s-2")]

    assert Scorecard.from_audits(iter(audits)) == Scorecard.from_audits(audits)
    assert scorecards_by(iter(audits), by_staff) == scorecards_by(audits, by_staff)
    assert format_table([{"x": 0.5}], digits=0).splitlines()[-1] == "0"
    assert summarize_purchases((), as_of=datetime(2026, 1, 1, tzinfo=UTC)) is None
    assert rfm_scores({}) == {}

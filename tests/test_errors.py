"""Tests for moments.errors: the error family, its messages and pickling."""

from __future__ import annotations

import pickle
from datetime import datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moments import _validate
from moments.errors import (
    CurrencyMismatch,
    InvalidData,
    MomentsError,
    NaiveDatetimeError,
    NotEligible,
)
from moments.interactions import Greeting
from moments.serialization import loads

ALL_ERRORS = (InvalidData, NaiveDatetimeError, CurrencyMismatch, NotEligible)


def _instance(cls: type[MomentsError]) -> MomentsError:
    if cls is NotEligible:
        return NotEligible("not yet", missing=["ask for an email"])
    if issubclass(cls, InvalidData):
        return cls(["$.a: expected x, got 1", "$.b: expected y, got 2"])
    return cls("cannot add GBP and EUR")


class TestHierarchy:
    @pytest.mark.parametrize("cls", ALL_ERRORS)
    def test_every_error_is_a_moments_error_and_a_value_error(
        self, cls: type[MomentsError]
    ) -> None:
        err = _instance(cls)

        caught_as_value_error = isinstance(err, ValueError)

        assert isinstance(err, MomentsError)
        assert caught_as_value_error

    def test_naive_datetime_error_is_invalid_data(self) -> None:
        assert issubclass(NaiveDatetimeError, InvalidData)

    def test_moments_error_is_an_exception(self) -> None:
        assert issubclass(MomentsError, Exception)


class TestInvalidDataLines:
    def test_a_single_string_is_one_problem(self) -> None:
        err = InvalidData("$.id: expected a non-empty string, got ''")

        lines = err.errors

        assert lines == ("$.id: expected a non-empty string, got ''",)
        assert str(err) == lines[0]

    def test_an_empty_list_of_problems_still_says_the_data_is_invalid(self) -> None:
        err = InvalidData([])

        assert err.errors == ("$: invalid data",)

    def test_several_problems_are_listed_one_per_line(self) -> None:
        err = InvalidData(["$.a: expected x, got 1", "$.b: expected y, got 2"])

        message = str(err)

        assert message.splitlines() == [
            "2 problems:",
            "  $.a: expected x, got 1",
            "  $.b: expected y, got 2",
        ]

    def test_field_error_names_the_field_expectation_and_received_repr(self) -> None:
        err = InvalidData.field("name", "a non-empty string", 5)

        assert err.errors == ("$.name: expected a non-empty string, got 5",)

    def test_field_error_appends_the_fix_when_known(self) -> None:
        err = InvalidData.field("amount", "a Decimal", 1.5, "write Decimal('1.5')")

        assert err.errors == (
            "$.amount: expected a Decimal, got 1.5; write Decimal('1.5')",
        )

    def test_field_error_on_a_subclass_builds_the_subclass(self) -> None:
        err = NaiveDatetimeError.field("at", "an aware datetime", None)

        assert type(err) is NaiveDatetimeError

    def test_rebased_moves_lines_under_a_parent_path(self) -> None:
        err = InvalidData(["$.at: expected an aware datetime, got 1", "$: bad"])

        lines = err.rebased("$.greeting")

        assert lines == (
            "$.greeting.at: expected an aware datetime, got 1",
            "$.greeting: bad",
        )

    def test_rebased_keeps_a_line_without_a_root_as_a_message(self) -> None:
        err = InvalidData("something odd")

        assert err.rebased("$.x") == ("$.x: something odd",)


class TestNotEligible:
    def test_not_eligible_carries_the_missing_steps_as_a_tuple(self) -> None:
        err = NotEligible("not a client yet", missing=["ask for an email"])

        assert err.missing == ("ask for an email",)
        assert str(err) == "not a client yet"

    def test_not_eligible_missing_defaults_to_empty(self) -> None:
        assert NotEligible("no").missing == ()


class TestPickling:
    @pytest.mark.parametrize("cls", ALL_ERRORS)
    def test_errors_pickle_with_type_message_and_details(
        self, cls: type[MomentsError]
    ) -> None:
        err = _instance(cls)

        back = pickle.loads(pickle.dumps(err))

        assert type(back) is cls
        assert str(back) == str(err)
        if isinstance(err, InvalidData):
            assert isinstance(back, InvalidData)
            assert back.errors == err.errors
        if isinstance(err, NotEligible):
            assert isinstance(back, NotEligible)
            assert back.missing == err.missing

    @given(st.lists(st.text(min_size=1).map(lambda s: "$." + s), min_size=1))
    def test_invalid_data_round_trips_through_pickle(self, lines: list[str]) -> None:
        err = InvalidData(lines)

        back = pickle.loads(pickle.dumps(err))

        assert back.errors == tuple(lines)
        assert str(back) == str(err)


class _Attribute:
    name = "count"


class TestValidatorMessages:
    @pytest.mark.parametrize(
        ("low", "high", "bad", "expected"),
        [
            (None, None, "1", "an integer"),
            (0, None, -1, "an integer >= 0"),
            (None, 5, 6, "an integer <= 5"),
            (1, 5, 0, "an integer from 1 to 5"),
        ],
    )
    def test_strict_int_says_which_integers_it_expects(
        self, low: int | None, high: int | None, bad: object, expected: str
    ) -> None:
        check = _validate.strict_int(low, high)

        with pytest.raises(InvalidData) as info:
            check(None, _Attribute(), bad)

        assert info.value.errors == (f"$.count: expected {expected}, got {bad!r}",)

    @pytest.mark.parametrize("good", [0, 5])
    def test_strict_int_bounds_are_inclusive(self, good: int) -> None:
        _validate.strict_int(0, 5)(None, _Attribute(), good)

    def test_a_list_becomes_a_tuple_and_other_values_are_left_alone(self) -> None:
        assert _validate.as_tuple([1, 2]) == (1, 2)
        assert _validate.as_tuple("ab") == "ab"


class TestValuesTooLongToShow:
    def test_an_integer_too_long_to_print_is_shown_by_its_size(self) -> None:
        huge = 10**5000  # over sys.get_int_max_str_digits() digits

        err = InvalidData.field("count", "an integer up to 10", huge)

        assert err.errors == (
            "$.count: expected an integer up to 10, got an integer of 5001 digits",
        )

    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            (10**99, "1" + "0" * 99),
            (10**100, "an integer of 101 digits"),
            (-(10**300) + 1, "a negative integer of 300 digits"),
            (Fraction(1, 3 * 10**200), "a Fraction of 1 digit over 201 digits"),
        ],
    )
    def test_a_long_number_is_shown_by_its_digits(
        self, value: object, shown: str
    ) -> None:
        err = InvalidData.field("count", "a small number", value)

        assert err.errors == (f"$.count: expected a small number, got {shown}",)

    @given(st.integers(min_value=-(10**700), max_value=10**700))
    def test_the_digits_shown_are_the_digits_printed(self, value: int) -> None:
        err = InvalidData.field("count", "x", value)

        text = err.errors[0].removeprefix("$.count: expected x, got ")

        if len(str(abs(value))) <= 100:
            assert text == repr(value)
        else:
            assert text.endswith(f" integer of {len(str(abs(value)))} digits")


class TestNaiveDatetimeAdvice:
    def test_construction_tells_a_python_caller_how_to_attach_a_zone(self) -> None:
        with pytest.raises(NaiveDatetimeError) as caught:
            Greeting(at=datetime(2026, 7, 1, 9, 0, 3))

        assert caught.value.errors == (
            "$.at: expected a timezone-aware datetime, got "
            "datetime.datetime(2026, 7, 1, 9, 0, 3); attach a zone, e.g. "
            'datetime(..., tzinfo=ZoneInfo("Europe/London"))',
        )

    def test_a_json_document_is_told_to_add_the_offset_to_the_text(self) -> None:
        with pytest.raises(NaiveDatetimeError) as caught:
            loads(Greeting, '{"$schema": "moments/2", "at": "2026-07-01T09:00:03"}')

        assert "tzinfo=ZoneInfo" not in str(caught.value)
        assert "UTC offset" in str(caught.value)

"""Tests for moments.money: exact amounts, one currency at a time."""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from moments.errors import CurrencyMismatch, InvalidData
from moments.money import Money
from moments.strategies import money

EUR = Money(amount=Decimal("3.40"), currency="EUR")
GBP = Money(amount=Decimal("3.40"), currency="GBP")

ARITHMETIC_AND_ORDER = [
    operator.add,
    operator.sub,
    operator.lt,
    operator.le,
    operator.gt,
    operator.ge,
]


class TestNoFloats:
    @pytest.mark.parametrize("amount", [3.4, 0.0, float("nan"), float("inf")])
    def test_money_never_accepts_a_float(self, amount: float) -> None:
        with pytest.raises(InvalidData) as info:
            Money(amount=amount, currency="EUR")

        assert info.value.errors[0].startswith("$.amount: ")
        assert "Decimal(" in info.value.errors[0]

    @pytest.mark.parametrize(
        "amount", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")]
    )
    def test_money_rejects_non_finite_decimals(self, amount: Decimal) -> None:
        with pytest.raises(InvalidData, match=r"\$\.amount"):
            Money(amount=amount, currency="EUR")

    @pytest.mark.parametrize("amount", ["3.40", True, None])
    def test_money_does_not_coerce_strings_or_bools(self, amount: object) -> None:
        with pytest.raises(InvalidData, match=r"\$\.amount"):
            Money(amount=amount, currency="EUR")

    def test_an_int_amount_is_exact_and_becomes_a_decimal(self) -> None:
        m = Money(amount=12, currency="EUR")

        assert type(m.amount) is Decimal
        assert m.amount == Decimal(12)


class TestCurrencyCode:
    @pytest.mark.parametrize("currency", ["eur", "EURO", "EU", "", 978, None])
    def test_currency_must_be_three_capital_letters(self, currency: object) -> None:
        with pytest.raises(InvalidData, match=r"\$\.currency"):
            Money(amount=Decimal(1), currency=currency)  # type: ignore[arg-type]


class TestOneCurrency:
    @pytest.mark.parametrize("op", ARITHMETIC_AND_ORDER)
    def test_money_never_adds_subtracts_or_compares_across_currencies(
        self, op: Callable[[Money, Money], object]
    ) -> None:
        with pytest.raises(CurrencyMismatch) as info:
            op(EUR, GBP)

        assert "GBP" in str(info.value)
        assert "EUR" in str(info.value)

    @pytest.mark.parametrize("op", ARITHMETIC_AND_ORDER)
    def test_money_with_a_plain_number_is_a_type_error(
        self, op: Callable[[object, object], object]
    ) -> None:
        with pytest.raises(TypeError):
            op(EUR, Decimal(1))

    def test_equal_amounts_in_different_currencies_are_not_equal(self) -> None:
        assert EUR != GBP

    def test_adding_and_subtracting_one_currency(self) -> None:
        cake = Money(amount=Decimal("4.10"), currency="EUR")

        total = EUR + cake
        change = cake - EUR

        assert total == Money(amount=Decimal("7.50"), currency="EUR")
        assert change == Money(amount=Decimal("0.70"), currency="EUR")

    def test_negation_keeps_the_currency(self) -> None:
        assert Money(amount=Decimal("-3.40"), currency="EUR") == -EUR

    def test_ordering_within_one_currency(self) -> None:
        less, more = EUR, Money(amount=Decimal("5"), currency="EUR")

        assert less < more
        assert less <= more
        assert more > less
        assert more >= less
        assert not more < less
        assert not more <= less
        assert less <= less


class TestSum:
    def test_builtin_sum_works_from_its_integer_zero(self) -> None:
        assert sum([EUR, EUR]) == Money(amount=Decimal("6.80"), currency="EUR")

    def test_adding_a_non_zero_int_is_a_type_error(self) -> None:
        with pytest.raises(TypeError):
            1 + EUR

    def test_total_of_nothing_is_zero_in_that_currency(self) -> None:
        assert Money.total([], "GBP") == Money(amount=Decimal(0), currency="GBP")

    def test_total_across_currencies_raises(self) -> None:
        with pytest.raises(CurrencyMismatch):
            Money.total([EUR, GBP], "EUR")

    def test_total_in_another_currency_raises(self) -> None:
        with pytest.raises(CurrencyMismatch):
            Money.total([EUR], "GBP")

    @given(st.lists(money(currency="EUR"), max_size=8))
    def test_total_equals_the_exact_sum_of_amounts(self, amounts: list[Money]) -> None:
        total = Money.total(amounts, "EUR")

        assert total.amount == sum((m.amount for m in amounts), Decimal(0))
        assert total.currency == "EUR"


class TestLaws:
    @given(money(), money(), money())
    def test_addition_is_associative_and_commutative(
        self, a: Money, b: Money, c: Money
    ) -> None:
        assert (a + b) + c == a + (b + c)
        assert a + b == b + a

    @given(money())
    def test_zero_is_the_identity(self, a: Money) -> None:
        assert a + Money.zero("EUR") == a
        assert a - a == Money.zero("EUR")

    @given(money(), money())
    def test_order_agrees_with_amounts(self, a: Money, b: Money) -> None:
        assert (a < b) == (a.amount < b.amount)

    @given(money(currency=st.sampled_from(["EUR", "GBP", "JPY"])))
    def test_money_is_frozen_hashable_and_revalidates(self, m: Money) -> None:
        attrs.validate(m)

        assert attrs.evolve(m) == m
        assert hash(attrs.evolve(m)) == hash(m)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            m.amount = Decimal(0)  # type: ignore[misc]


class TestText:
    def test_str_is_amount_then_currency(self) -> None:
        assert str(EUR) == "3.40 EUR"

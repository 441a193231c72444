"""Money: an exact decimal amount in one ISO 4217 currency."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from moments import _validate as v
from moments._arguments import iterate, wrong_item
from moments.errors import CurrencyMismatch, InvalidData

__all__ = ["Money"]


def _to_decimal(value: Any) -> Any:
    # An int is exact, so it is taken as it is; a float is not, so it is
    # left for the validator to reject rather than silently rounded.
    if type(value) is int:
        return Decimal(value)
    return value


def _amount_error(instance: Any, attribute: Any, value: Any) -> Exception:
    fix = (
        f"floats are inexact: write Decimal({str(value)!r})"
        if isinstance(value, float)
        else "use a finite decimal.Decimal, e.g. Decimal('12.50')"
    )
    return InvalidData.field("amount", "a finite Decimal", value, fix)


def _currency_error(instance: Any, attribute: Any, value: Any) -> Exception:
    return InvalidData.field(
        "currency", "a three-letter ISO 4217 code such as 'EUR'", value
    )


_check_amount = v.declare(
    v.Check(exact=Decimal, test="not {value}.is_finite()", error=_amount_error),
    "Money.amount",
)
_check_currency = v.declare(
    v.Check(
        exact=str,
        test="not {CODE}({value})",
        names={"CODE": re.compile(r"[A-Z]{3}").fullmatch},
        error=_currency_error,
    ),
    "Money.currency",
)


@attrs.frozen(kw_only=True, order=False)
class Money:
    """An exact amount of one currency.

    Money never takes a float and never mixes currencies: adding euros to
    pounds raises :class:`~moments.errors.CurrencyMismatch`.

    Example:
        >>> from decimal import Decimal
        >>> coffee = Money(amount=Decimal("3.40"), currency="EUR")
        >>> cake = Money(amount=Decimal("4.10"), currency="EUR")
        >>> str(coffee + cake)
        '7.50 EUR'
        >>> sum([coffee, cake]) == coffee + cake
        True
    """

    amount: Decimal = attrs.field(converter=_to_decimal, validator=_check_amount)
    currency: str = attrs.field(validator=_check_currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """No money in ``currency``."""
        return cls(amount=Decimal(0), currency=currency)

    @classmethod
    def total(cls, amounts: Iterable[Money], currency: str) -> Money:
        """The sum of ``amounts``, which are all in ``currency``.

        Unlike the builtin ``sum``, an empty iterable gives a zero of the
        right currency.

        Raises:
            InvalidArgument: ``amounts`` is not an iterable.
            InvalidData: an item is not a Money, or ``currency`` is not a
                currency code.
            CurrencyMismatch: an amount in another currency.
        """
        result = cls.zero(currency)
        for index, amount in enumerate(iterate("amounts", amounts, "Money")):
            if not isinstance(amount, Money):
                raise wrong_item("amounts", index, "a Money", amount)
            result = result + amount
        return result

    def _same(self, other: Money, op: str) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(
                f"cannot {op} {other.currency} and {self.currency}: expected "
                f"amounts in one currency, got {self!r} and {other!r}; "
                "convert first"
            )

    def __add__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "add")
        return Money(amount=self.amount + other.amount, currency=self.currency)

    def __radd__(self, other: object) -> Money:
        # Lets the builtin sum() start from its integer 0.
        if type(other) is int and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "subtract")
        return Money(amount=self.amount - other.amount, currency=self.currency)

    def __neg__(self) -> Money:
        return Money(amount=-self.amount, currency=self.currency)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "compare")
        return self.amount < other.amount

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "compare")
        return self.amount <= other.amount

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "compare")
        return self.amount > other.amount

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "compare")
        return self.amount >= other.amount

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

"""Money: an exact decimal amount in one ISO 4217 currency.

An amount is a :class:`~decimal.Decimal` (or an ``int``, taken exactly)
within documented bounds: at most :data:`MAX_WHOLE_DIGITS` digits before
the point and :data:`MAX_FRACTION_DIGITS` after it. Within them every sum
of a realistic number of amounts is exact, so Money's arithmetic never
rounds: it runs in its own decimal context (:data:`EXACT_PRECISION`
digits, inexact results trapped), whatever the caller's context says, and
a result beyond the bounds raises :class:`~moments.errors.InvalidData`
naming the operation and the bound. The currency is one of the active
ISO 4217 codes (:data:`CURRENCIES`).

The loaders of :mod:`moments.serialization` run the same declared checks,
so a document can hold only what the constructor accepts.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import attrs

from moments import _html
from moments import _validate as v
from moments._arguments import iterate, wrong_item
from moments._trusted import builder
from moments.errors import CurrencyMismatch, InvalidData

__all__ = [
    "CURRENCIES",
    "EXACT_PRECISION",
    "MAX_FRACTION_DIGITS",
    "MAX_SIGNIFICANT_DIGITS",
    "MAX_WHOLE_DIGITS",
    "Money",
]

MAX_WHOLE_DIGITS = 28
"""Digits an amount may have before the decimal point: ``abs(amount) <
10**28``, i.e. ``amount.adjusted() < 28``. The largest amount of any
active currency (a world's GDP in the most inflated one is about 10**20)
fits with room to spare, and so does every amount Python's default decimal
context (28 digits) can make."""

MAX_FRACTION_DIGITS = 12
"""Digits an amount may have after the decimal point: its exponent is at
least ``-12`` (``amount.as_tuple().exponent >= -12``), so ``Decimal("0.50")``
and ``Decimal("1E-12")`` are amounts and ``Decimal("1E-13")`` is not. ISO
4217 minor units go up to 4 places (CLF, UYW); the rest leaves room for
unit prices and pro-rated shares. Round first, e.g. with
``amount.quantize(Decimal("0.01"))``."""

MAX_SIGNIFICANT_DIGITS = MAX_WHOLE_DIGITS + MAX_FRACTION_DIGITS
"""Significant digits an amount can have (40): what the two bounds above
allow together. It is a consequence, not a third rule."""

EXACT_PRECISION = MAX_SIGNIFICANT_DIGITS + 20
"""Decimal digits of precision Money's arithmetic runs at (60). Amounts
are multiples of ``10**-12`` below ``10**28``, so a sum of fewer than
10**20 of them has at most 60 digits and is exact: no realistic sum can
round. The inexact signal is trapped all the same, and reported as an
amount beyond the bounds (a partial sum would have reached 10**48)."""

# ISO 4217 List One ("current currency & funds"), the file its maintenance
# agency (SIX) published on 2026-01-01 and still served in August 2026,
# after amendment 180: its 178 distinct alphabetic codes, less XXX. Since
# 2023 the list has withdrawn HRK (2023-01), SLL (2023-12), ZWL (2024-09),
# ANG (2025-03) and BGN (2026-01, Bulgaria's move to the euro), and added
# ZWG, XCG and XAD. Update it with each amendment (tests/test_money.py
# pins the count); no runtime dependency holds it.
CURRENCIES: frozenset[str] = frozenset(
    """
    AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV
    BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP
    CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF
    GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR
    KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT
    MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN
    PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE
    SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX
    USD USN UYI UYU UYW UZS VED VES VND VUV WST XAD XAF XAG XAU XBA XBB XBC
    XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA YER ZAR ZMW ZWG
    """.split()  # noqa: SIM905 (a table of 177 codes reads best as text)
)
"""The currency codes Money accepts: the active ISO 4217 codes (List One,
as published on 2026-01-01), national currencies, funds (``CHE``, ``USN``
...), precious metals (``XAU``) and units of account (``XDR``) alike.

``XTS``, the code ISO 4217 reserves for testing, is kept: test data in it
can never be mistaken for real money. ``XXX`` ("no currency") is left
out: Money is always an amount of one currency, and two amounts in XXX
could be added although nothing says they are in the same one. Withdrawn
codes (``HRK``, ``BGN`` ...) are refused: convert historic amounts into
the currency that replaced them before building or loading them.
"""

# Withdrawn recently enough that data may still hold them: the error
# names what replaced them.
_WITHDRAWN = {
    "ANG": ("2025-03", "XCG"),
    "BGN": ("2026-01", "EUR"),
    "CUC": ("2021-06", ""),
    "HRK": ("2023-01", "EUR"),
    "SLL": ("2023-12", "SLE"),
    "ZWL": ("2024-09", "ZWG"),
}

_EXACT = decimal.Context(
    prec=EXACT_PRECISION,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[
        decimal.Clamped,
        decimal.DivisionByZero,
        decimal.Inexact,
        decimal.InvalidOperation,
        decimal.Overflow,
        decimal.Underflow,
    ],
)
# Context methods take the context as an argument: no switch of the
# caller's thread-local context, and nothing of it leaks in.
_add = _EXACT.add
_subtract = _EXACT.subtract
_minus = _EXACT.minus
_text = _EXACT.to_sci_string

_SHOWN_DIGITS = 50
_SHOWN_TEXT = 20


def _to_decimal(value: Any) -> Any:
    # An int is exact, so it is taken as it is; a float is not, so it is
    # left for the validator to reject rather than silently rounded.
    if type(value) is int:
        return Decimal(value)
    return value


def _shown_amount(value: Decimal) -> str:
    """``repr(value)``, or its size when it has too many digits to print."""
    digits = len(value.as_tuple().digits)
    if digits <= _SHOWN_DIGITS:
        return f"Decimal({_text(value)!r})"
    return f"a Decimal of {digits} digits, {value.adjusted() + 1} before the point"


def _bound(value: Decimal) -> tuple[str, str]:
    """The bound a finite Decimal passes, and the fix, as words."""
    if value.adjusted() >= MAX_WHOLE_DIGITS:
        return (
            f"at most {MAX_WHOLE_DIGITS} digits before the point "
            "(moments.money.MAX_WHOLE_DIGITS)",
            f"amounts are below 10**{MAX_WHOLE_DIGITS}",
        )
    return (
        f"at most {MAX_FRACTION_DIGITS} digits after the point "
        "(moments.money.MAX_FRACTION_DIGITS)",
        "round it first, e.g. amount.quantize(Decimal('0.01'))",
    )


def _amount_error(instance: Any, attribute: Any, value: Any) -> Exception:
    if type(value) is Decimal and value.is_finite():
        bound, fix = _bound(value)
        return InvalidData(
            f"$.amount: expected a Decimal with {bound}, "
            f"got {_shown_amount(value)}; {fix}"
        )
    fix = (
        f"floats are inexact: write Decimal({str(value)!r})"
        if isinstance(value, float)
        else "use a finite decimal.Decimal, e.g. Decimal('12.50')"
    )
    return InvalidData.field("amount", "a finite Decimal", value, fix)


def _well_shaped(value: str) -> bool:
    return len(value) == 3 and value.isascii() and value.isalpha() and value.isupper()


def _currency_error(instance: Any, attribute: Any, value: Any) -> Exception:
    expected = "an ISO 4217 currency code such as 'EUR'"
    if isinstance(value, str) and len(value) > _SHOWN_TEXT:
        got = f"a {type(value).__name__} of {len(value)} characters"
        return InvalidData(f"$.currency: expected {expected}, got {got}")
    if type(value) is str and _well_shaped(value):
        line = (
            f"$.currency: expected {expected}, got {value!r}, "
            "which is not an active ISO 4217 code"
        )
        if value == "XXX":
            line += "; XXX means 'no currency', and Money is always in one"
        elif value in _WITHDRAWN:
            month, now = _WITHDRAWN[value]
            line += f"; it was withdrawn in {month}"
            line += f": convert the amount to {now}" if now else ""
        return InvalidData(line)
    fix = None
    if isinstance(value, str) and str(value).upper() in CURRENCIES:
        code = str(value).upper()
        fix = (
            f"pass a plain str, {code!r}"
            if type(value) is not str
            else f"write it in capitals: {code!r}"
        )
    return InvalidData.field("currency", expected, value, fix)


# Every amount within the bounds passes this test, written once for the
# constructor and the loaders. A Decimal has at most len(str(amount))
# digits, so its exponent is at least adjusted() - len(str(amount)) + 1:
# the chained comparison settles an ordinary amount (at least -12, and
# fewer than 28 digits before the point) with one call of each, and only
# one with many digits after the point pays for as_tuple().
_check_amount = v.declare(
    v.Check(
        exact=Decimal,
        test=(
            "not {value}.is_finite()"
            f" or not len(str({{value}})) - {MAX_FRACTION_DIGITS + 2}"
            f" < {{value}}.adjusted() < {MAX_WHOLE_DIGITS}"
            f" and ({{value}}.adjusted() >= {MAX_WHOLE_DIGITS}"
            f" or {{value}}.as_tuple().exponent < {-MAX_FRACTION_DIGITS})"
        ),
        error=_amount_error,
    ),
    "Money.amount",
)
_check_currency = v.declare(
    v.Check(
        exact=str,
        test="{value} not in {CODES}",
        names={"CODES": CURRENCIES},
        error=_currency_error,
    ),
    "Money.currency",
)


def _beyond(amount: Decimal, operation: str) -> InvalidData:
    """The error for ``amount``, the exact result of ``operation``,
    beyond the bounds."""
    bound, _ = _bound(amount)
    return InvalidData(
        f"$.amount: expected a Decimal with {bound}, got {_shown_amount(amount)} "
        f"as the result of {operation}; Money's arithmetic is exact and "
        "never rounds"
    )


def _too_long(operation: str) -> InvalidData:
    """The error for a result of more than :data:`EXACT_PRECISION` digits
    (beyond the bounds whatever else it is)."""
    return InvalidData(
        f"$.amount: expected a Decimal with at most {MAX_WHOLE_DIGITS} digits "
        f"before the point (moments.money.MAX_WHOLE_DIGITS), got a result of "
        f"more than {EXACT_PRECISION} digits from {operation}; Money's "
        "arithmetic is exact and never rounds"
    )


@attrs.frozen(kw_only=True, order=False)
class Money:
    """An exact amount of one currency.

    Money never takes a float and never mixes currencies: adding euros to
    pounds raises :class:`~moments.errors.CurrencyMismatch`. Its amount
    stays within :data:`MAX_WHOLE_DIGITS` digits before the point and
    :data:`MAX_FRACTION_DIGITS` after it, and its arithmetic is exact
    whatever the caller's decimal context.

    Example:
        >>> from decimal import Decimal
        >>> coffee = Money(amount=Decimal("3.40"), currency="EUR")
        >>> cake = Money(amount=Decimal("4.10"), currency="EUR")
        >>> str(coffee + cake)
        '7.50 EUR'
        >>> sum([coffee, cake]) == coffee + cake
        True
        >>> Money(amount=Decimal("0.0001"), currency="EUR") + cake
        Money(amount=Decimal('4.1001'), currency='EUR')

    Raises:
        InvalidData: the amount is not an int or a finite Decimal within
            the bounds, or the currency is not in :data:`CURRENCIES`.
    """

    amount: Decimal = attrs.field(converter=_to_decimal, validator=_check_amount)
    currency: str = attrs.field(validator=_check_currency)

    def _repr_html_(self) -> str:
        """The amount and currency as an HTML table, for notebooks."""
        return _html.record(self)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """No money in ``currency``."""
        return cls(amount=Decimal(0), currency=currency)

    @classmethod
    def total(cls, amounts: Iterable[Money], currency: str) -> Money:
        """The exact sum of ``amounts``, which are all in ``currency``.

        Unlike the builtin ``sum``, an empty iterable gives a zero of the
        right currency, and only the total must be within the bounds (a
        running sum may pass them on its way).

        Raises:
            InvalidArgument: ``amounts`` is not an iterable.
            InvalidData: an item is not a Money, ``currency`` is not a
                currency code, or the sum is beyond the bounds.
            CurrencyMismatch: an amount in another currency.
        """
        total = cls.zero(currency).amount
        count = 0
        for count, amount in enumerate(iterate("amounts", amounts, "Money"), 1):
            if not isinstance(amount, Money):
                raise wrong_item("amounts", count - 1, "a Money", amount)
            if amount.currency != currency:
                raise CurrencyMismatch(
                    f"cannot total {currency} and {amount.currency}: expected "
                    f"amounts in {currency}, got {amount!r} at "
                    f"amounts[{count - 1}]; convert first"
                )
            try:
                total = _add(total, amount.amount)
            except decimal.DecimalException:
                raise _too_long(f"Money.total of {count} amounts") from None
        if total.adjusted() >= MAX_WHOLE_DIGITS:
            raise _beyond(total, f"Money.total of {count} amounts in {currency}")
        return _build(total, currency)

    def _mismatch(self, other: Money, verb: str, sign: str) -> CurrencyMismatch:
        return CurrencyMismatch(
            f"cannot {verb} {self.currency} and {other.currency} "
            f"({self} {sign} {other}): expected amounts in one currency, "
            f"got {self!r} and {other!r}; convert first"
        )

    def _result(
        self,
        other: Money,
        apply: Callable[[Decimal, Decimal], Decimal],
        verb: str,
        sign: str,
    ) -> Money:
        if other.currency != self.currency:
            raise self._mismatch(other, verb, sign)
        try:
            amount = apply(self.amount, other.amount)
        except decimal.DecimalException:
            raise _too_long(f"{self} {sign} {other}") from None
        if amount.adjusted() >= MAX_WHOLE_DIGITS:
            raise _beyond(amount, f"{self} {sign} {other}")
        # Exact, so its exponent is one of the operands': within bounds.
        return _build(amount, self.currency)

    def __add__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return self._result(other, _add, "add", "+")

    def __radd__(self, other: object) -> Money:
        # Lets the builtin sum() start from its integer 0.
        if type(other) is int and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return self._result(other, _subtract, "subtract", "-")

    def __neg__(self) -> Money:
        # Exact (the amount has fewer digits than the context), and -0 is 0.
        return _build(_minus(self.amount), self.currency)

    # Comparing two finite Decimals is exact and reads no context.
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        if other.currency != self.currency:
            raise self._mismatch(other, "compare", "<")
        return self.amount < other.amount

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        if other.currency != self.currency:
            raise self._mismatch(other, "compare", "<=")
        return self.amount <= other.amount

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        if other.currency != self.currency:
            raise self._mismatch(other, "compare", ">")
        return self.amount > other.amount

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        if other.currency != self.currency:
            raise self._mismatch(other, "compare", ">=")
        return self.amount >= other.amount

    def __str__(self) -> str:
        return f"{_text(self.amount)} {self.currency}"


_build: Callable[[Decimal, str], Money] = builder(Money)

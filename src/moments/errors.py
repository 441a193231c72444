"""The errors `moments` raises.

Every error is a :class:`MomentsError` and also the standard-library type a
caller would reach for first (``ValueError`` for bad data), so both
``except MomentsError`` and ``except ValueError`` work.

Messages say what was expected, what arrived (as ``repr``; a long number by
its digits; for a personal field only its kind, see :mod:`moments._personal`)
and, when there is one, how to fix it. :class:`InvalidData` carries every
problem it found as a ``"$.path: ..."`` line in :attr:`InvalidData.errors`.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

__all__ = [
    "CurrencyMismatch",
    "InvalidArgument",
    "InvalidData",
    "MomentsError",
    "NaiveDatetimeError",
    "NeverOpen",
    "NotEligible",
]


class MomentsError(Exception):
    """Base class of every error raised by `moments`."""


class InvalidData(MomentsError, ValueError):
    """Data that cannot make a valid `moments` object.

    Args:
        errors: one ``"$.path: what was expected, what arrived"`` line per
            problem. A single string is one problem.

    Example:
        >>> err = InvalidData(["$.id: expected a non-empty string, got ''"])
        >>> err.errors
        ("$.id: expected a non-empty string, got ''",)
    """

    errors: tuple[str, ...]

    def __init__(self, errors: str | Iterable[str]) -> None:
        lines = (errors,) if isinstance(errors, str) else tuple(errors)
        if not lines:
            lines = ("$: invalid data",)
        self.errors = lines
        super().__init__("; ".join(lines) if len(lines) < 2 else _bulleted(lines))

    @classmethod
    def field(
        cls, name: str, expected: str, got: object, fix: str | None = None
    ) -> InvalidData:
        """Build the error for one field: ``$.name: expected ..., got ...``.

        ``got`` is shown by its ``repr``: for a personal field, pass
        :func:`moments._personal.arrived` of it, whose ``repr`` is its
        kind."""
        return cls(_line(name, expected, got, fix))

    def __reduce__(self) -> tuple[type[InvalidData], tuple[tuple[str, ...]]]:
        return (type(self), (self.errors,))

    def rebased(self, prefix: str) -> tuple[str, ...]:
        """The error lines with their ``$`` root replaced by ``prefix``.

        Used where an object is built inside a larger document, so that
        ``$.at`` of a nested greeting becomes ``$.greeting.at``.
        """
        return tuple(
            prefix + line[1:] if line.startswith("$") else f"{prefix}: {line}"
            for line in self.errors
        )


class InvalidArgument(MomentsError, TypeError):
    """An argument of the wrong type for a `moments` function: a number
    where an iterable of audits goes, a string where a mapping goes.

    The message names the argument, what was expected and the *type* of
    what arrived (never its value, which may be personal).

    Example:
        >>> from moments.scorecards import Scorecard
        >>> Scorecard.from_audits(5)
        Traceback (most recent call last):
        ...
        moments.errors.InvalidArgument: $.audits: expected an iterable of Audit, got int
    """


class NaiveDatetimeError(InvalidData):
    """A datetime without a time zone where an aware one is required."""


class NeverOpen(InvalidData):
    """A calendar search found no opening hours for about two years
    (:data:`moments.calendars.SEARCH_DAYS` days): the calendar is never
    open, so a deadline or the next opening cannot be found."""


class CurrencyMismatch(MomentsError, ValueError):
    """Arithmetic or comparison across two currencies."""


class NotEligible(MomentsError, ValueError):
    """A promotion was asked for that the decision does not allow.

    Attributes:
        missing: the actions that would make the party eligible.
    """

    missing: tuple[str, ...]

    def __init__(self, message: str, missing: Iterable[str] = ()) -> None:
        self.missing = tuple(missing)
        super().__init__(message)

    def __reduce__(
        self,
    ) -> tuple[type[NotEligible], tuple[str, tuple[str, ...]]]:
        return (type(self), (str(self), self.missing))


def _line(name: str, expected: str, got: object, fix: str | None) -> str:
    text = f"$.{name}: expected {expected}, got {_shown(got)}"
    return f"{text}; {fix}" if fix else text


_LONG = 10**100
"""The least integer of more than 100 digits, shown by its size: a
message that quotes four thousand digits teaches nothing (and Python
refuses to print more than ``sys.get_int_max_str_digits()``)."""


def _shown(value: object) -> str:
    """``repr(value)``, except for a long integer (or a fraction of long
    integers), shown by its number of digits."""
    if isinstance(value, int) and not -_LONG < value < _LONG:
        sign = "a negative" if value < 0 else "an"
        return f"{sign} integer of {_digits(value)} digits"
    if isinstance(value, Fraction) and not (
        -_LONG < value.numerator < _LONG and value.denominator < _LONG
    ):
        top, bottom = _digits(value.numerator), _digits(value.denominator)
        sign = "a negative" if value < 0 else "a"
        return (
            f"{sign} {type(value).__name__} of {top} digit{'s' * (top != 1)}"
            f" over {bottom} digit{'s' * (bottom != 1)}"
        )
    return repr(value)


def _digits(n: int) -> int:
    """How many decimal digits ``n`` has (without printing it)."""
    n = abs(n)
    # 2**(b-1) <= n < 2**b: at least floor((b-1) * log10(2)) + 1 digits;
    # start lower, for the float's rounding.
    count = max(1, int((n.bit_length() - 1) * 0.30102999566398120) - 1)
    while 10**count <= n:
        count += 1
    return count


def _bulleted(lines: tuple[str, ...]) -> str:
    return f"{len(lines)} problems:\n" + "\n".join(f"  {line}" for line in lines)

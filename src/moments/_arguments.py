"""Checking the arguments of public functions: one rule, written once.

A wrong *type* of argument (a number where an iterable of audits goes)
is an :class:`~moments.errors.InvalidArgument` (a ``TypeError``); a right
type with a wrong value (``digits=-1``) is an
:class:`~moments.errors.InvalidData` (a ``ValueError``). An item of the
wrong type inside an iterable is reported with its index, as the
``InvalidData`` each function already documents for it:
``$.audits[3]: expected an Audit, got int``.

Messages name what arrived by its type only, never its value, which may be
personal. Hot paths stay fast: :func:`iterate` checks the container once,
and the caller checks each item's type in the loop that already touches it,
building the error with :func:`wrong_item` only when one is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar

from moments.errors import InvalidArgument, InvalidData

__all__ = [
    "integer",
    "iterate",
    "kind",
    "mapping",
    "wrong_item",
    "wrong_type",
]

T = TypeVar("T")

#: Iterable, but never meant as a stream of records: refused up front
#: rather than read one character at a time.
_TEXT = (str, bytes, bytearray, memoryview)


def kind(value: object) -> str:
    """What arrived, by type only: ``"None"``, ``"int"``, ``"str"``..."""
    return "None" if value is None else type(value).__qualname__


def wrong_type(name: str, expected: str, got: object) -> InvalidArgument:
    """The error for argument ``name`` of the wrong type."""
    return InvalidArgument(f"$.{name}: expected {expected}, got {kind(got)}")


def wrong_item(name: str, index: object, expected: str, got: object) -> InvalidData:
    """The error for item ``index`` of argument ``name`` (``$.name[3]``)."""
    return InvalidData(f"$.{name}[{index}]: expected {expected}, got {kind(got)}")


def iterate(name: str, value: Iterable[T], items: str) -> Iterator[T]:
    """An iterator over argument ``name``, an iterable of ``items``.

    Raises:
        InvalidArgument: ``value`` is not iterable, or is text or bytes.
    """
    if not isinstance(value, _TEXT):
        try:
            return iter(value)
        except TypeError:
            pass
    raise wrong_type(name, f"an iterable of {items}", value)


def mapping(name: str, value: Any, values: str) -> Mapping[Any, Any]:
    """Argument ``name``, a mapping of ``values``.

    Raises:
        InvalidArgument: ``value`` is not a Mapping.
    """
    if not isinstance(value, Mapping):
        raise wrong_type(name, f"a mapping of {values}", value)
    return value


def integer(name: str, value: object, low: int, high: int | None = None) -> int:
    """Argument ``name``, an integer (not a bool) from ``low`` to ``high``.

    Raises:
        InvalidArgument: not an integer.
        InvalidData: out of range.
    """
    expected = (
        f"an integer >= {low}" if high is None else f"an integer from {low} to {high}"
    )
    if type(value) is not int:
        raise wrong_type(name, expected, value)
    if value < low or (high is not None and value > high):
        raise InvalidData(f"$.{name}: expected {expected}, got {value}")
    return value

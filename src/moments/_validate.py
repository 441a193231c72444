"""attrs validators and converters shared by the models.

Each validator raises :class:`~moments.errors.InvalidData` naming the field,
what was expected and what arrived. None of them coerces: ``5`` is not a
string and ``True`` is not an integer.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from moments.errors import InvalidData

__all__ = [
    "as_frozenset",
    "as_tuple",
    "enum_of",
    "frozenset_of",
    "instance_of",
    "non_empty_str",
    "optional",
    "strict_bool",
    "strict_int",
    "tuple_of",
]

T = TypeVar("T")
Validator = Callable[[Any, Any, Any], None]


def _fail(attribute: Any, expected: str, value: object) -> InvalidData:
    return InvalidData.field(attribute.name, expected, value)


def non_empty_str(instance: Any, attribute: Any, value: Any) -> None:
    """The field is a ``str`` with at least one non-blank character."""
    if type(value) is not str or not value.strip():
        raise _fail(attribute, "a non-empty string", value)


def strict_bool(instance: Any, attribute: Any, value: Any) -> None:
    """The field is exactly ``True`` or ``False``."""
    if type(value) is not bool:
        raise _fail(attribute, "True or False", value)


def strict_int(low: int | None = None, high: int | None = None) -> Validator:
    """The field is an ``int`` (not a ``bool``) within ``[low, high]``."""
    if low is not None and high is not None:
        expected = f"an integer from {low} to {high}"
    elif low is not None:
        expected = f"an integer >= {low}"
    elif high is not None:
        expected = f"an integer <= {high}"
    else:
        expected = "an integer"

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if (
            type(value) is not int
            or (low is not None and value < low)
            or (high is not None and value > high)
        ):
            raise _fail(attribute, expected, value)

    return check


def instance_of(cls: type | tuple[type, ...], expected: str) -> Validator:
    """The field is an instance of ``cls`` (``expected`` describes it)."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, cls):
            raise _fail(attribute, expected, value)

    return check


def enum_of(cls: type[enum.Enum]) -> Validator:
    """The field is a member of the enum ``cls`` (not its value)."""
    names = ", ".join(f"{cls.__name__}.{m.name}" for m in cls)
    expected = f"one of {names}"

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if type(value) is not cls:
            raise _fail(attribute, expected, value)

    return check


def optional(validator: Validator) -> Validator:
    """``None`` or whatever ``validator`` accepts."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return check


def _members(
    attribute: Any,
    value: Iterable[object],
    accept: Callable[[object], bool],
    expected: str,
) -> None:
    for index, item in enumerate(value):
        if not accept(item):
            raise InvalidData(
                f"$.{attribute.name}[{index}]: expected {expected}, got {item!r}"
            )


def tuple_of(accept: Callable[[object], bool], expected: str) -> Validator:
    """A tuple whose every item passes ``accept``."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if type(value) is not tuple:
            raise _fail(attribute, f"a tuple of {expected}", value)
        _members(attribute, value, accept, expected)

    return check


def frozenset_of(accept: Callable[[object], bool], expected: str) -> Validator:
    """A frozenset whose every item passes ``accept``."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if type(value) is not frozenset:
            raise _fail(attribute, f"a frozenset of {expected}", value)
        for item in value:
            if not accept(item):
                raise InvalidData(
                    f"$.{attribute.name}: expected only {expected}, got {item!r}"
                )

    return check


def is_str(value: object) -> bool:
    """A non-empty ``str``."""
    return type(value) is str and bool(value.strip())


def as_tuple(value: Any) -> Any:
    """Converter: a list or tuple becomes a tuple; anything else is left
    for the validator to reject (a string is not a sequence of items)."""
    if type(value) is list:
        return tuple(value)
    return value


def as_frozenset(value: Any) -> Any:
    """Converter: a set, frozenset, list or tuple becomes a frozenset;
    anything else is left for the validator to reject."""
    if type(value) in (set, list, tuple):
        try:
            return frozenset(value)
        except TypeError:  # unhashable items: the validator names them
            return value
    return value

"""What a load error shows of the value that arrived (private).

An error about a JSON document speaks of the document: it shows the JSON
value that arrived (``'2026-07-01T09:00:00+01:00'``), not the Python
value a validator saw (``datetime.datetime(2026, 7, 1, 9, 0, ...)``), and
it says how to fix the *text* (add the UTC offset), not how to build a
datetime. For a personal field (:mod:`moments._personal`) or anything
inside one it shows the kind of value (``a str of 15 characters``),
never the value.

The models' validators write their lines as ``"$.path: expected ...,
got <repr>[; fix]"``; :func:`as_json` rewrites one such line, and
:func:`masked` the lines about a personal field. Both run only on the
path that explains a failure.
"""

from __future__ import annotations

import contextlib
import enum
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from moments import _time
from moments._personal import kind_of
from moments.serialization.scalars import (
    NAIVE_FIX,
    dump_datetime,
    dump_timedelta,
    show,
)

__all__ = ["Fields", "as_json", "masked", "personal_kind"]

_MISSING: Any = object()
_SEGMENT = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]")
_PYTHON_FIX = _time._FIX  # the construction side's fix, replaced on load


class Fields:
    """The decoded fields of a record that was not built, read as
    attributes (so that a path ``.a.b`` is followed as on an object)."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def values(self) -> list[Any]:
        return list(self._values.values())

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None


def _at(root: Any, suffix: str, *, python: bool) -> Any:
    """The value at ``suffix`` (``.a[0].b``) below ``root``: attributes of
    objects (``python``) or keys of JSON objects; :data:`_MISSING` when
    the path cannot be followed."""
    node = root
    position = 0
    while position < len(suffix):
        found = _SEGMENT.match(suffix, position)
        if found is None:
            return _MISSING
        position = found.end()
        name, index = found.groups()
        try:
            if name is None:
                node = node[int(index)]
            elif python:
                node = getattr(node, name)
            elif type(node) is dict:
                node = node[name]
            else:
                return _MISSING
        except Exception:
            return _MISSING
    return node


def _split(line: str) -> tuple[str, str, str] | None:
    """``(where, expected, got)`` of ``"where: expected ..., got ..."``."""
    where, cut, rest = line.partition(": expected ")
    if not cut:
        return None
    expected, cut, got = rest.partition(", got ")
    if not cut:
        return None
    return where, expected, got


def _renderings(value: Any) -> list[str]:
    """How a validator may have written ``value`` after ``got``."""
    found = []
    with contextlib.suppress(Exception):  # an integer too long to print
        found.append(repr(value))
    found.append(show(value))
    return found


def _json_of(value: Any) -> Any:
    """The JSON form of a scalar a validator may quote (a datetime, a
    duration, a number), or :data:`_MISSING` for anything else."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return dump_datetime(value)
    if isinstance(value, timedelta):
        return dump_timedelta(value)
    if isinstance(value, date | time | Decimal):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    return _MISSING


def _quoted_fields(text: str, python: Any, depth: int = 3) -> str:
    """``text`` with the Python ``repr`` of each scalar field of the record
    ``python`` and of the records it holds (one the text quotes, as ``at
    most the target ...`` does) written as its JSON value."""
    if depth == 0 or "(" not in text:
        return text
    if isinstance(python, Fields):
        values = python.values()
    else:
        attributes = getattr(type(python), "__attrs_attrs__", ())
        values = [getattr(python, a.name, None) for a in attributes]
    for value in values:
        shown = _json_of(value)
        if shown is _MISSING:
            if hasattr(type(value), "__attrs_attrs__"):
                text = _quoted_fields(text, value, depth - 1)
            continue
        with contextlib.suppress(Exception):
            text = text.replace(repr(value), show(shown))
    return text


def as_json(line: str, base: str, python: Any, document: Any) -> str:
    """``line`` (about the value at ``base`` + a path) showing the JSON
    value that arrived instead of the Python value's ``repr``, and the
    fix for a JSON text instead of one for Python code. ``python`` and
    ``document`` are the object (or :class:`Fields`) and the JSON value
    at ``base``."""
    line = line.replace(_PYTHON_FIX, NAIVE_FIX)
    parts = _split(line)
    if parts is None or not parts[0].startswith(base):
        return line
    where, expected, got = parts
    expected = _quoted_fields(expected, python)
    line = f"{where}: expected {expected}, got {got}"
    suffix = where[len(base) :]
    raw = _at(document, suffix, python=False)
    value = _at(python, suffix, python=True)
    if value is _MISSING:
        return line
    if raw is _MISSING:  # not in the document: its default, as JSON
        raw = _json_of(value)
        if raw is _MISSING:
            return line
    for text in _renderings(value):
        if got.startswith(text):
            return f"{where}: expected {expected}, got {show(raw)}{got[len(text) :]}"
    return line


def _secrets(value: Any, found: set[str], room: list[int]) -> None:
    """The texts of ``value`` that must not appear in an error: its
    strings (keys too) and numbers, at most a few hundred."""
    if room[0] <= 0:
        return
    room[0] -= 1
    kind = type(value)
    if isinstance(value, str):
        if value:
            found.add(str.__str__(value))
    elif isinstance(value, bytes | bytearray):
        if value:
            found.add(repr(bytes(value))[2:-1])
    elif kind is int or kind is float:
        if kind is float or value.bit_length() < 400:
            found.add(repr(value))
    elif kind is dict:
        for key, item in value.items():
            _secrets(key, found, room)
            _secrets(item, found, room)
    elif kind in (list, tuple, frozenset, set):
        for item in value:
            _secrets(item, found, room)
    elif hasattr(value, "__attrs_attrs__"):
        for attribute in value.__attrs_attrs__:
            _secrets(getattr(value, attribute.name, None), found, room)


def personal_kind(value: Any) -> str:
    """How an error shows a personal value: its kind (``kind_of``)."""
    return kind_of(value)


def masked(line: str, base: str, document: Any, python: Any = None) -> str:
    """``line``, about the personal value at ``base`` (``document`` is its
    JSON value, ``python`` the Python value if one was built), with what
    arrived shown by its kind: the ``got`` part is replaced unless it
    holds none of the value's texts, and the path keeps only field names
    and indices (an unknown key inside a personal record is not shown)."""
    secrets: set[str] = set()
    _secrets(document, secrets, [400])
    _secrets(python, secrets, [400])
    parts = _split(line)
    if parts is None:
        return f"{base}: expected a valid value, got {personal_kind(document)}"
    where, expected, got = parts
    suffix = where[len(base) :] if where.startswith(base) else None
    raw = _MISSING if suffix is None else _at(document, suffix, python=False)
    if suffix is None or raw is _MISSING:
        where, raw = base, document
    if expected.startswith("only the keys "):
        where, got = base, "an unknown key"
    elif any(secret in got for secret in secrets) or "'" in got or '"' in got:
        got = personal_kind(raw)
    if any(secret in expected for secret in secrets):
        expected = "a valid value"
    return f"{where}: expected {expected}, got {got}"

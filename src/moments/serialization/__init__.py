"""Lossless, canonical JSON for every `moments` model.

:func:`to_dict` and :func:`dumps` write a model as JSON-compatible data;
:func:`from_dict` and :func:`loads` read it back, strictly. The round trip
is exact: ``from_dict(type(x), to_dict(x)) == x``.

The JSON forms (canonical: the same object always gives the same bytes,
in any process):

* datetimes: ISO 8601 with the UTC offset, ``"2026-06-01T09:00:00+01:00"``.
  A datetime whose ``tzinfo`` is a ``zoneinfo.ZoneInfo`` keeps its zone as
  an RFC 9557 suffix, ``"2026-06-01T09:00:00+01:00[Europe/London]"``, so
  it comes back in the same zone and calendar arithmetic keeps working.
  On reading, the offset must be the one that zone has at that wall time
  (it also picks ``fold``); fixed offsets share one ``tzinfo`` per offset.
  A datetime without an offset is rejected.
* dates ``"2026-06-01"``; times of day ``"HH:MM[:SS[.ffffff]]"``.
* durations (``timedelta``) as ISO 8601 durations in hours, minutes and
  seconds only, never days: ``"PT10S"``, ``"PT1H30M"``, ``"PT0.000001S"``,
  ``"-PT5S"``; exact to the microsecond.
* ``relativedelta``: an object of its non-zero fields, e.g.
  ``{"months": 1, "day": 31}``, with ``"weekday": "FR(-1)"`` if set.
* ``Decimal`` and money amounts as strings (``{"amount": "12.50",
  "currency": "EUR"}``); floats are refused where a decimal belongs.
* ``Fraction`` as ``"numerator/denominator"``, e.g. ``"17/20"``.
* enums by value; frozensets as lists sorted by value (strings) or by
  their canonical JSON text; tuples as lists; mappings as objects with
  sorted keys; check and rule kinds as objects with a ``"kind"`` key.

Schema version: every top-level document starts with ``"$schema":
"moments/2"``. Reading a newer version is refused (upgrade `moments`);
an older version is upgraded step by step by the functions registered in
``_UPGRADES`` (version ``n`` to ``n + 1``) before it is read, so documents
written by an older `moments` still load. Version 2 renamed the keys that
follow renamed fields: in a ``PromotionDecision``, ``current``, ``target``
and ``policy`` became ``from_stage``, ``to_stage`` and ``policy_label``;
in a ``StageTransition`` (a ``Client``'s ``transitions``), ``policy``
became ``policy_label``.

Limits and forms (the same limits hold at construction, so whatever can
be built is written and read back; they live in :mod:`moments._limits`):

* :func:`loads` refuses texts over :data:`MAX_TEXT` characters, and both
  readers refuse data nested deeper than :data:`MAX_DEPTH` levels;
* an integer, and each of a fraction's numerator and denominator, has at
  most :data:`MAX_DIGITS` digits (a longer JSON number is refused at its
  path, not by the JSON parser);
* digits are ASCII digits (``"٣.٤٠"`` and ``"PT٥S"`` are refused);
  datetimes are read only in the form :func:`dumps` writes (extended
  ISO 8601 date and time with seconds, ``T``, at most 6 digits of a
  second, an offset ``Z``, ``+HH:MM`` or ``+HH:MM:SS``): basic and week
  dates, a space separator, hour-only or fractional offsets are refused,
  and so are more than 6 digits of a second (never truncated);
* every string (object keys too) is text UTF-8 can write: one holding a
  lone surrogate (``"\\ud800"``) is refused, and :func:`dumps` refuses
  to write one.

Errors: any problem raises :class:`~moments.errors.InvalidData` whose
``errors`` list *every* problem as ``"$.path.to.field: expected ..., got
..."``, including those the models' own validators find. Nothing else
escapes.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.preconf.json import make_converter

from moments import _limits
from moments._arguments import wrong_type
from moments._personal import kind_of
from moments.errors import InvalidArgument, InvalidData, NaiveDatetimeError
from moments.parties import Client, StageTransition
from moments.promotion import PromotionDecision
from moments.serialization.codec import BAD, Codec, codec_for
from moments.serialization.scalars import (
    LONE_SURROGATE,
    NAIVE,
    SURROGATE_TEXT,
    LongNumber,
    lone_surrogate_at,
    show,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_TEXT",
    "SCHEMA",
    "SCHEMA_VERSION",
    "dumps",
    "from_dict",
    "loads",
    "to_dict",
]

T = TypeVar("T")

SCHEMA_VERSION = 2
"""The version of the JSON forms that this `moments` writes."""

SCHEMA = f"moments/{SCHEMA_VERSION}"
"""The ``"$schema"`` value of every top-level document."""

MAX_TEXT = _limits.MAX_TEXT
"""The longest text :func:`loads` reads, in characters (or bytes)
(:data:`moments._limits.MAX_TEXT`)."""

MAX_DEPTH = _limits.MAX_DEPTH
"""The deepest nesting of objects and lists that is read
(:data:`moments._limits.MAX_DEPTH`)."""

MAX_DIGITS = _limits.MAX_DIGITS
"""The most digits of an integer, and of each part of a fraction, that
is read (:data:`moments._limits.MAX_DIGITS`)."""

_SCHEMA_KEY = "$schema"
_VERSION = re.compile(r"moments/([1-9][0-9]{0,8})")


def _renamed(doc: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """``doc`` with its keys renamed by ``names`` (a key whose new name is
    already there is kept, for the reader to report)."""
    return {
        (names[k] if k in names and names[k] not in doc else k): value
        for k, value in doc.items()
    }


_DECISION_2 = {"current": "from_stage", "target": "to_stage", "policy": "policy_label"}
_TRANSITION_2 = {"policy": "policy_label"}


def _to_version_2(cls: type, body: dict[str, Any]) -> dict[str, Any]:
    """The stage pair and the policy label named as the fields are. A
    version-1 document holds them only at its top (a ``PromotionDecision``
    or a ``StageTransition``) and in a ``Client``'s ``transitions``."""
    if cls is PromotionDecision:
        return _renamed(body, _DECISION_2)
    if cls is StageTransition:
        return _renamed(body, _TRANSITION_2)
    steps = body.get("transitions")
    if cls is Client and type(steps) is list:
        renamed = [_renamed(t, _TRANSITION_2) if type(t) is dict else t for t in steps]
        return {**body, "transitions": renamed}
    return body


_UPGRADES: dict[int, Callable[[type, dict[str, Any]], dict[str, Any]]] = {
    1: _to_version_2,
}
"""Version ``n`` -> a function turning a version-``n`` document of a class
(without its ``"$schema"`` key) into a version ``n + 1`` one."""


def _structure_hook(cls: type) -> Callable[[Any, type], Any]:
    # The generated top-level loader takes (data, cls) itself.
    load: Callable[[Any, type], Any] = _codec(cls).load_top  # type: ignore[assignment]
    return load


def _unstructure_hook(cls: type) -> Callable[[Any], Any]:
    dump: Any = _codec(cls).dump_top
    return lambda obj: dump(obj, SCHEMA)


def _make_converter() -> cattrs.Converter:
    # The preconf JSON converter coerces ("5" -> 5); every model type gets
    # strict hooks built from its attrs fields and type hints instead
    # (moments.serialization.codec). The hooks handle whole top-level
    # documents, "$schema" included.
    converter = make_converter(detailed_validation=False, forbid_extra_keys=True)
    converter.register_structure_hook_factory(_is_model, _structure_hook)
    converter.register_unstructure_hook_factory(_is_model, _unstructure_hook)
    return converter


def _is_model(cls: Any) -> bool:
    origin = typing.get_origin(cls) or cls
    return (
        isinstance(origin, type)
        and attrs.has(origin)
        and origin.__module__.startswith("moments.")
    )


_CODECS: dict[type, Codec] = {}


def _codec(cls: type) -> Codec:
    found = _CODECS.get(cls)
    if found is None:
        if not _is_model(cls):
            raise _not_a_model(cls)
        found = _CODECS[cls] = codec_for(cls)
    return found


_CONVERTER = _make_converter()
# The converter's hooks, looked up once per class.
_STRUCTURE: dict[type, Callable[[Any, type], Any]] = {}
_UNSTRUCTURE: dict[type, Callable[[Any], Any]] = {}
# The hooks of the classes whose data cannot nest (no depth check needed):
# from_dict tries them first, with no other look-up.
_FLAT: dict[type, Callable[[Any, type], Any]] = {}


def _not_a_model(cls: object) -> InvalidArgument:
    # A class is named (no personal data in a class); any other value only
    # by its type.
    if isinstance(cls, type):
        return InvalidArgument(
            f"$.cls: expected a moments model class, got the class {cls.__qualname__}"
        )
    return wrong_type("cls", "a moments model class", cls)


def _hook(cls: object) -> Callable[[Any, type], Any]:
    """The structure hook of ``cls`` (cached), or InvalidArgument."""
    try:
        hook = _STRUCTURE.get(cls)  # type: ignore[call-overload]
    except TypeError:  # unhashable: not a class
        raise _not_a_model(cls) from None
    return hook if hook is not None else _structure(cls)  # type: ignore[arg-type]


def _structure(cls: type) -> Callable[[Any, type], Any]:
    codec = _codec(cls)
    hook = _STRUCTURE[cls] = _CONVERTER.get_structure_hook(cls)
    if not codec.nests:
        _FLAT[cls] = hook
    return hook


def _unstructure(cls: type) -> Callable[[Any], Any]:
    _codec(cls)
    hook = _UNSTRUCTURE[cls] = _CONVERTER.get_unstructure_hook(cls)
    return hook


def to_dict(obj: object) -> dict[str, Any]:
    """The canonical JSON-compatible form of a model, with ``"$schema"``.

    Args:
        obj: any `moments` model (an attrs class of the package).

    Returns:
        A new dict of JSON values (str, int, float, bool, None, lists and
        dicts), ready for ``json.dumps``.

    Raises:
        InvalidArgument: ``obj`` is not a `moments` model (a TypeError).

    Example:
        >>> from decimal import Decimal
        >>> from moments import Money
        >>> to_dict(Money(amount=Decimal("3.40"), currency="EUR"))
        {'$schema': 'moments/2', 'amount': '3.40', 'currency': 'EUR'}
    """
    cls = type(obj)
    hook = _UNSTRUCTURE.get(cls)
    if hook is None:
        if not _is_model(cls):
            raise wrong_type("obj", "a moments model", obj)
        hook = _unstructure(cls)
    return hook(obj)  # type: ignore[no-any-return]


def from_dict(cls: type[T], data: object) -> T:
    """Read a model of type ``cls`` from :func:`to_dict` output.

    Strict: unknown keys, missing required keys, wrong JSON types (``5``
    for a string, ``"5"`` for a number, ``true`` for ``1``), naive
    datetimes and floats for decimals are all refused.

    Generic models (``Standing``, ``ItemSpread``, ``Consistency``) read
    their group keys as plain JSON strings or numbers; name the key type
    to get enum keys back, e.g. ``from_dict(Consistency[Channel], data)``.

    Args:
        cls: the model class to build.
        data: a JSON-compatible value, with ``"$schema"`` at the top.

    Returns:
        The model, equal to the one that was written.

    Raises:
        InvalidData: the data does not make a valid ``cls``; ``errors``
            lists every problem as ``"$.path: expected ..., got ..."``.
        InvalidArgument: ``cls`` is not a `moments` model class (a TypeError).

    Example:
        >>> from moments import Money
        >>> from_dict(Money, {"$schema": "moments/2", "amount": "3.40",
        ...                   "currency": "EUR"})
        Money(amount=Decimal('3.40'), currency='EUR')
        >>> from_dict(Money, {"$schema": "moments/2", "amount": 3.4,
        ...                   "currency": "EUR"})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        moments.errors.InvalidData: $.amount: expected a decimal number ...
    """
    try:
        hook = _FLAT.get(cls)
    except TypeError:  # unhashable: not a class (explained by _hook below)
        hook = None
    # _current(data), inlined: this is the path of every document.
    if (
        hook is not None
        and type(data) is dict
        and type(version := data.get(_SCHEMA_KEY)) is str
        and version == SCHEMA
    ):
        try:
            return hook(data, cls)  # type: ignore[no-any-return]
        except Exception:  # RecursionError included: explain below
            pass
        # Explained outside the handler, so that the error does not chain
        # the fast path's exception (which may hold a value).
        return _explain(_CODECS[cls], cls, data)  # type: ignore[no-any-return]
    return _from_dict(cls, data)


def _from_dict(cls: type[T], data: object) -> T:
    hook = _hook(cls)
    codec = _CODECS[cls]
    if codec.nests and _depth_over(data):
        raise InvalidData(_too_deep())
    if _current(data):
        try:
            return hook(data, cls)  # type: ignore[no-any-return]
        except RecursionError:
            pass
        except Exception:
            pass
    return _explain(codec, cls, data)  # type: ignore[no-any-return]


def _current(data: object) -> bool:
    """Whether ``data`` is a document of the current schema version (a
    plain ``type`` test first: a stranger's ``__eq__`` may raise)."""
    if type(data) is not dict:
        return False
    version = data.get(_SCHEMA_KEY)
    return type(version) is str and version == SCHEMA


def dumps(obj: object) -> str:
    """The canonical JSON text of a model: compact, UTF-8, byte-stable.

    Raises:
        InvalidArgument: ``obj`` is not a `moments` model (a TypeError).
        InvalidData: ``obj`` holds a string that UTF-8 cannot write (a lone
            surrogate, which the constructors refuse), naming its path.

    Example:
        >>> from decimal import Decimal
        >>> from moments import Money
        >>> dumps(Money(amount=Decimal("3.40"), currency="EUR"))
        '{"$schema":"moments/2","amount":"3.40","currency":"EUR"}'
    """
    data = to_dict(obj)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    if not text.isascii() and LONE_SURROGATE(text):
        raise InvalidData(_unwritable(data, "$"))
    return text


def _unwritable(data: Any, path: str) -> list[str]:
    """Where ``data`` (from :func:`to_dict`) holds a string that UTF-8
    cannot write: one line per string, by its place, never its text."""
    found: list[str] = []
    if type(data) is str:
        at = lone_surrogate_at(data)
        if at is not None:
            found.append(
                f"{path}: expected {SURROGATE_TEXT}, got a str of {len(data)} "
                f"characters with a lone surrogate at index {at}"
            )
    elif type(data) is dict:
        for key, value in data.items():
            if lone_surrogate_at(key) is not None:
                found.append(f"{path}: expected keys without lone surrogates, got one")
                continue
            where = f"{path}.{key}" if key.isidentifier() else f"{path}[{key!r}]"
            found += _unwritable(value, where)
    elif type(data) is list:
        for index, value in enumerate(data):
            found += _unwritable(value, f"{path}[{index}]")
    return found


def loads(cls: type[T], text: str | bytes | bytearray) -> T:
    """Read a model of type ``cls`` from JSON text written by :func:`dumps`.

    Raises:
        InvalidData: the text is not JSON, is longer than :data:`MAX_TEXT`,
            or does not make a valid ``cls`` (see :func:`from_dict`).
        InvalidArgument: ``cls`` is not a `moments` model class.
    """
    _hook(cls)
    if not isinstance(text, str | bytes | bytearray):
        raise InvalidData(f"$: expected JSON text (str or bytes), got {show(text)}")
    if len(text) > MAX_TEXT:
        raise InvalidData(
            f"$: expected a JSON text of at most {MAX_TEXT} characters, got {len(text)}"
        )
    data = _parsed(text)
    # No walk over the data here: from_dict checks the depth of data that
    # can nest before loading it, and of any other only when it fails.
    return from_dict(cls, data)


def _parsed(text: str | bytes | bytearray) -> Any:
    """The JSON value of ``text``, or InvalidData (raised outside any
    handler: no chained exception repeats the text)."""
    long_number = False
    try:
        return _parse(text)
    except RecursionError:
        problem = _too_deep()
    except (ValueError, TypeError) as exc:  # JSONDecodeError, bad UTF-8
        problem = f"$: expected JSON text, got an error: {_parse_error(exc)}"
        long_number = not isinstance(exc, json.JSONDecodeError | UnicodeError)
    if long_number:  # an integer Python would not read: read as a marker
        try:
            return _parse(text, _LONG_DECODER)
        except Exception:  # pragma: no cover - the first parse said why
            pass
    raise InvalidData(problem)


def _parse_error(exc: Exception) -> str:
    """What went wrong, without the text (a decoding error would quote the
    bytes it could not read)."""
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    if isinstance(exc, UnicodeDecodeError):
        return f"{exc.encoding} cannot decode the bytes at {exc.start}"
    return type(exc).__name__


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


_DECODER = json.JSONDecoder(parse_constant=_no_constant)


def _parse_long(digits: str) -> int | LongNumber:
    """An integer of the JSON text, or, for one of more than
    :data:`MAX_DIGITS` digits, a marker that every integer field refuses
    at its path (Python would not read it: over 4,300 digits)."""
    size = len(digits) - (digits[:1] == "-")
    return LongNumber(size) if size > MAX_DIGITS else int(digits)


_LONG_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_int=_parse_long)


def _parse(text: str | bytes | bytearray, decoder: json.JSONDecoder = _DECODER) -> Any:
    """``json.loads(text, parse_constant=...)`` with one decoder made once
    (``json.loads`` builds a new one for every call with an argument)."""
    if not isinstance(text, str):
        text = text.decode(json.detect_encoding(text), "surrogatepass")
    elif text.startswith("\ufeff"):
        raise json.JSONDecodeError(
            "Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0
        )
    return decoder.decode(text)


def _too_deep() -> str:
    return f"$: expected data nested at most {MAX_DEPTH} levels deep, got deeper"


def _depth_over(data: object) -> bool:
    """Whether containers nest deeper than :data:`MAX_DEPTH` (recursion
    at most that deep: it stops there)."""
    kind = type(data)
    return (kind is dict or kind is list) and _deeper(data, MAX_DEPTH - 1)


def _deeper(container: Any, room: int) -> bool:
    """Whether ``container`` holds containers nested more than ``room``
    levels below it."""
    for child in container.values() if type(container) is dict else container:
        kind = type(child)
        if (kind is dict or kind is list) and (room == 0 or _deeper(child, room - 1)):
            return True
    return False


def _explain(codec: Codec, cls: type, data: object) -> Any:
    """The slow path: find and report every problem, or (when the data is
    fine after an upgrade) return the object."""
    bounded = codec.depth < MAX_DEPTH  # a loaded value is never too deep
    if type(data) is not dict or not bounded:
        if _depth_over(data):
            raise InvalidData(_too_deep())
        if type(data) is not dict:
            got = kind_of(data) if _all_personal(codec) else show(data)
            raise InvalidData(f"$: expected an object ({cls.__name__}), got {got}")
    try:
        body = _upgraded(codec.plan.cls, data)  # the class, not C[X]
    except InvalidData:
        if bounded and _depth_over(data):
            raise InvalidData(_too_deep()) from None
        raise
    errors: list[str] = []
    try:
        result = codec.explain(body, "$", errors)
    except RecursionError:
        raise InvalidData(_too_deep()) from None
    if result is BAD or errors:
        if bounded and _suspects_too_deep(codec, body, errors):
            raise InvalidData(_too_deep())
        naive = all(_NAIVE_LINE in line for line in errors)
        raise (NaiveDatetimeError if naive and errors else InvalidData)(errors)
    return result


def _all_personal(codec: Codec) -> bool:
    """Whether every field of the codec's class is personal (a Contact):
    a document of it is personal data, shown only by its kind."""
    fields = codec.plan.fields
    return bool(fields) and all(f.personal for f in fields)


_NAIVE_LINE = f"expected {NAIVE},"
_FIELD = re.compile(r"\$\.([A-Za-z_][A-Za-z0-9_]*)(?=[.\[:])")


def _suspects_too_deep(codec: Codec, body: dict[str, Any], errors: list[str]) -> bool:
    """Whether ``body`` nests deeper than :data:`MAX_DEPTH`, walking only
    the values that can: every value that loaded is as shallow as its type
    (``codec.depth``), so only an unknown key's value, or a field's that
    has a problem, may be deep."""
    allowed = codec.plan.allowed
    suspects = [value for key, value in body.items() if key not in allowed]
    for line in errors:
        found = _FIELD.match(line)
        if found is None:  # about the whole document
            return _depth_over(body)
        value = body.get(found[1])
        if type(value) is dict or type(value) is list:
            suspects.append(value)
    return any(
        (type(v) is dict or type(v) is list) and _deeper(v, MAX_DEPTH - 2)
        for v in suspects
    )


def _upgraded(cls: type, data: dict[Any, Any]) -> dict[str, Any]:
    """``data`` (a document of ``cls``) without ``"$schema"``, upgraded to
    the current version."""
    schema = data.get(_SCHEMA_KEY)
    if type(schema) is str and schema == SCHEMA:  # the usual case
        body = dict(data)
        del body[_SCHEMA_KEY]
        return body
    match = _VERSION.fullmatch(schema) if type(schema) is str else None
    if match is None:
        got = "nothing" if _SCHEMA_KEY not in data else show(schema)
        raise InvalidData(
            f"$.$schema: expected {SCHEMA!r}, got {got}; documents from "
            "moments.serialization.to_dict() carry it"
        )
    version = int(match[1])
    if version > SCHEMA_VERSION:
        raise InvalidData(
            f"$.$schema: expected {SCHEMA!r} or older, got {schema!r}; "
            "upgrade moments to read it"
        )
    body = dict(data)
    del body[_SCHEMA_KEY]
    while version < SCHEMA_VERSION:
        body = _UPGRADES[version](cls, body)
        version += 1
    return body

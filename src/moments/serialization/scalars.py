"""Strict JSON forms of the scalar types (private to serialization).

Each scalar has a ``load`` that returns the Python value or raises
:class:`Bad` (what was expected, and the fix when there is one), and a
``dump`` that gives the canonical JSON value. Nothing is coerced: ``5`` is
not a string, ``"5"`` is not an integer, ``true`` is not ``1``.

The scalars that documents hold most (strings, booleans, ``null``,
datetimes) also have an ``emit``: it writes the same decoding as inline
statements for the generated loaders. For strings, booleans and ``null``
the ``load`` is compiled from that ``emit``; for datetimes the inline form
is the fast path of :func:`load_datetime` (a plain offset, shared per
offset) and hands anything else to it.
"""

from __future__ import annotations

import math
import re
import reprlib
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta, weekday

from moments._limits import MAX_DIGITS
from moments._time import aware, fixed_zone, optional_aware
from moments.serialization.source import Emit, Writer

__all__ = [
    "NAIVE",
    "SCALARS",
    "SUFFIXES",
    "Bad",
    "Scalar",
    "compiled_load",
    "dump_datetime",
    "emit_datetime",
    "load_datetime",
    "show",
]


class Bad(Exception):
    """A value that does not fit: ``expected`` says what would."""

    def __init__(self, expected: str, fix: str | None = None) -> None:
        super().__init__(expected)
        self.expected = expected
        self.fix = fix


_repr = reprlib.Repr()
_repr.maxlevel = 2
_repr.maxstring = 80
_repr.maxother = 80
_repr.maxlist = _repr.maxtuple = _repr.maxdict = _repr.maxset = 4
_repr.maxlong = 40


def show(value: object) -> str:
    """A short ``repr`` that never recurses deeply, runs long or fails:
    JSON's ``null``, ``true`` and ``false``, and an integer of more than
    40 digits by its number of digits."""
    if value is None or type(value) is bool:
        return "null" if value is None else ("true" if value else "false")
    if type(value) is int and value.bit_length() > _SHORT_BITS:
        return f"an integer of {_digits(value)} digits"
    try:
        return _repr.repr(value)
    except ValueError:  # pragma: no cover - an int subclass too long to print
        return "a value too large to show"


_SHORT_BITS = 132  # 40 digits


def _digits(n: int) -> int:
    """How many decimal digits ``n`` has, without printing it."""
    n = abs(n)
    count = max(1, int((n.bit_length() - 1) * 0.30102999566398120))
    while 10**count <= n:
        count += 1
    return count


NAIVE_FIX = (
    "add the UTC offset to the text, e.g. '2026-07-01T09:00:03+01:00' "
    "or '2026-07-01T09:00:03Z'"
)
_NAIVE_FIX = NAIVE_FIX
_FORM_FIX = (
    "write it as dumps does: 'YYYY-MM-DDTHH:MM:SS[.ffffff]' and the UTC "
    "offset ('+01:00' or 'Z'), with ASCII digits"
)
NAIVE = "a timezone-aware datetime"
DATETIME = "an ISO 8601 datetime string with a UTC offset"
_TZ_NAME = re.compile(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*")
_ZONES: dict[str, ZoneInfo] = {}
_fromiso = datetime.fromisoformat
_combine = datetime.combine


def zone(key: str) -> ZoneInfo:
    """The shared ZoneInfo for an IANA ``key``; raises :class:`Bad`."""
    found = _ZONES.get(key)
    if found is not None:
        return found
    if type(key) is not str or not _TZ_NAME.fullmatch(key):
        raise Bad("an IANA time zone key such as 'Europe/London'")
    try:
        found = ZoneInfo(key)
    except Exception as exc:  # ZoneInfoNotFoundError is a KeyError
        raise Bad("an IANA time zone key such as 'Europe/London'") from exc
    if len(_ZONES) < 2048:
        _ZONES[key] = found
    return found


_STAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
    r"(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?"
)
"""The canonical ISO 8601 stamp (the extended format, ``T``, seconds, an
offset ``Z``, ``+HH:MM`` or ``+HH:MM:SS``); group 1 is the fraction of a
second, group 2 the offset. ASCII digits only."""
_MICROSECONDS = (
    "an ISO 8601 datetime string with at most 6 digits after the seconds' "
    "point (microseconds)"
)


def _canonical(value: str) -> None:
    """Refuse a stamp that is not in the canonical form (:data:`_STAMP`):
    ``fromisoformat`` also reads basic and week dates, any separator,
    hour-only offsets and truncates long fractions, and none of that is
    what :func:`dump_datetime` writes."""
    found = _STAMP.fullmatch(value)
    if found is None:  # the form's fix only for what looks like a stamp
        raise Bad(DATETIME, _FORM_FIX if value[:4].isdigit() else None)
    if found[1] is not None and len(found[1]) > 6:
        raise Bad(_MICROSECONDS)
    if found[2] is None:
        raise Bad(NAIVE, _NAIVE_FIX)


def load_datetime(value: object) -> datetime:
    """Parse ``2026-06-01T09:00:00+01:00`` or, keeping the zone,
    ``2026-06-01T09:00:00+01:00[Europe/London]`` (RFC 9557).

    Only the canonical form is read (:data:`_STAMP`). Fixed offsets share
    one ``tzinfo`` per offset. With a zone key the offset must be the
    zone's offset at that wall time; it picks ``fold``.
    """
    if type(value) is not str:
        raise Bad(DATETIME)
    if value[-1:] == "]":
        return _load_zoned(value)
    _canonical(value)
    try:
        parsed = _fromiso(value)
    except ValueError:
        raise Bad(DATETIME) from None
    found = parsed.tzinfo
    if found is UTC:
        return parsed
    # The shared tzinfo, found by the offset text at the end (cheaper than
    # hashing the parsed tzinfo); it must equal the offset that was parsed.
    shared = SUFFIXES.get(value[-6:])
    if shared is None or found != shared:
        shared = _share(found, value[-6:])
    return _combine(parsed, parsed.time(), shared)


def _plain_form(value: str, *, offset: bool = True) -> str:
    """An expression true only for a stamp that is in the canonical form (or that
    ``fromisoformat`` then refuses): the extended date and time with seconds
    (``-`` at 7, ``T`` at 10, ``:`` at 16), a point (not a comma) followed by a
    digit, or the offset, at 19, at most 6 digits of a second (shorter than 33)
    and, with ``offset``, an extended ``+HH:MM`` offset at the end (``:`` at -3;
    the emitted loaders test that instead by finding the offset's text among the
    :data:`SUFFIXES`). Index tests only (no regex, no slice: one-character
    strings are cached), so that the common stamp costs a few comparisons; any
    other text (``Z``, an offset with seconds, a naive stamp) goes through
    :func:`load_datetime`, which says what is wrong. A value too short, or not a
    ``str``, raises (the loaders then explain it)."""
    test = (
        f"len({value}) < 33 and {value}[10] == 'T' and {value}[16] == ':' "
        f"and {value}[7] == '-' and {value}[19] in '+-.' "
        f"and ({value}[19] != '.' or {value}[20] in '0123456789')"
    )
    return f"{test} and {value}[-3] == ':'" if offset else test


def emit_datetime(w: Writer, value: str, fail: str, *, first: bool = False) -> None:
    """The inline form of :func:`load_datetime`: a canonical stamp whose
    offset's text was seen before (:data:`SUFFIXES`) is combined with that
    offset's shared ``tzinfo`` here, and so is a stamp with a zone key
    seen before and the offset that zone has then (fold 0); anything else
    goes through :func:`load_datetime`. The ``first`` datetime of a
    document (one that every document has) says whether to look for a
    zone key first; if not, a stamp is parsed as a plain one first, and
    one with a key goes through :func:`load_datetime`. A value that is
    not a ``str`` fails the form's tests (it raises)."""
    keyed = w.state("zone_keys", "False")
    stamp = w.scratch("stamp")
    if first:
        w.line(f'{keyed} = {value}[-1] == "]"')  # IndexError for "": refused
    with w.block(f"if {keyed}:"):
        _emit_zoned(w, value, stamp)
    with w.block("else:"):
        _emit_plain(w, value, stamp)
    w.line(f"{value} = {stamp}")


def _emit_plain(w: Writer, value: str, stamp: str) -> None:
    """``stamp`` from ``value``, parsed as a plain stamp."""
    fromiso = w.glob(_fromiso, "fromisoformat")
    suffixes = w.glob(SUFFIXES, "SUFFIXES")
    utc = w.glob(UTC, "UTC")
    tz = w.scratch("tz")
    form = _plain_form(value, offset=False)
    with w.block(f"if {form} and ({tz} := {suffixes}.get({value}[-6:])) is not None:"):
        w.line(f"{stamp} = {fromiso}({value})")
        with w.block(f"if {tz} is not {utc}:"):
            combine = w.glob(_combine, "combine")
            w.line(f"{stamp} = {combine}({stamp}, {stamp}.time(), {tz})")
    with w.block("else:"):  # a zone key after all, another form, or refused
        w.line(f"{stamp} = {w.glob(load_datetime, 'load_datetime')}({value})")


def _emit_zoned(w: Writer, value: str, stamp: str) -> None:
    """``stamp`` from ``value``, which may end with a zone key (the keys
    seen so far all end with ``]``, so a hit means it does)."""
    head, bracket, key, zone_, offset = (
        w.scratch(n) for n in ("head", "bracket", "zone_key", "zone", "offset")
    )
    w.line(f'{head}, {bracket}, {key} = {value}.partition("[")')
    w.line(f"{zone_} = {w.glob(_ZONE_KEYS, 'ZONE_KEYS')}.get({key})")
    load_zoned = w.glob(_load_zoned, "load_zoned")
    fromiso = w.glob(_fromiso, "fromisoformat")
    with w.block(f"if {zone_} is not None and {_plain_form(head)}:"):
        w.line(f"{stamp} = {fromiso}({head})")
        w.line(f"{offset} = {stamp}.tzinfo.utcoffset(None)")  # naive: refused
        combine = w.glob(_combine, "combine")
        w.line(f"{stamp} = {combine}({stamp}, {stamp}.time(), {zone_})")
        with w.block(f"if {zone_}.utcoffset({stamp}) != {offset}:"):
            w.line(f"{stamp} = {load_zoned}({value})")
    with w.block(f"elif {bracket}:"):
        w.line(f"{stamp} = {w.glob(load_datetime, 'load_datetime')}({value})")
    with w.block("else:"):  # no zone key
        _emit_plain(w, value, stamp)


SUFFIXES: dict[str, timezone] = {"+00:00": UTC}
"""``"+01:00"`` -> the shared ``tzinfo`` of that offset, for the offsets
seen so far (at most 4096: bounded, and only ever a cache)."""


def _share(found: object, suffix: str) -> timezone:
    """The shared tzinfo for a parsed offset (``None``: naive); remembers
    it under ``suffix`` if that is the offset's own ``+HH:MM`` text."""
    if not isinstance(found, timezone):
        raise Bad(NAIVE, _NAIVE_FIX)
    offset = found.utcoffset(None)
    shared = fixed_zone(offset)
    if len(SUFFIXES) < 4096 and suffix == _offset_text(offset):
        SUFFIXES[suffix] = shared
    return shared


def _offset_text(offset: timedelta) -> str | None:
    """``+HH:MM`` for a whole-minute offset, else ``None``."""
    minutes, rest = divmod(offset, timedelta(minutes=1))
    if rest:
        return None
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


_ZONE_KEYS: dict[str, ZoneInfo] = {}
"""``"Europe/London]"`` (what follows ``[``) -> its ZoneInfo, for the keys
seen so far (at most 2048)."""


def _load_zoned(value: str) -> datetime:
    head, cut, key = value.partition("[")
    tz = _ZONE_KEYS.get(key)
    if tz is None:
        if not cut or key[-1:] != "]":
            raise Bad(DATETIME)
        tz = zone(key[:-1])
        if len(_ZONE_KEYS) < 2048:
            _ZONE_KEYS[key] = tz
    _canonical(head)
    try:
        parsed = _fromiso(head)
    except ValueError:
        raise Bad(DATETIME) from None
    written = parsed.tzinfo
    if written is None:
        raise Bad(NAIVE, _NAIVE_FIX)
    offset = written.utcoffset(None)
    wall = parsed.time()
    result = _combine(parsed, wall, tz)
    if tz.utcoffset(result) == offset:
        return result
    result = _combine(parsed, wall.replace(fold=1), tz)
    if tz.utcoffset(result) == offset:
        return result
    raise Bad(f"an offset that {tz.key} has at that local time")


def dump_datetime(value: datetime) -> str:
    """ISO 8601 with the offset, and ``[key]`` for a keyed ZoneInfo."""
    tz = value.tzinfo
    if type(tz) is ZoneInfo and tz.key is not None:
        return f"{value.isoformat()}[{tz.key}]"
    return value.isoformat()


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").fullmatch
_TIME = re.compile(r"[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?").fullmatch


def _load_date(value: object) -> date:
    if type(value) is str and _DATE(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Bad("an ISO 8601 date string such as '2026-06-01'")


def _load_time(value: object) -> time:
    if type(value) is str and _TIME(value):
        try:
            return time.fromisoformat(value)
        except ValueError:
            pass
    raise Bad("a time of day string 'HH:MM[:SS[.ffffff]]'")


_DURATION = re.compile(
    r"(-)?PT(?=\d)(?:(\d{1,12})H)?(?:(\d{1,12})M)?(?:(\d{1,15})(?:\.(\d{1,6}))?S)?",
    re.ASCII,
)
DURATION = "an ISO 8601 duration in hours, minutes and seconds such as 'PT1H30M'"


def _load_timedelta(value: object) -> timedelta:
    match = _DURATION.fullmatch(value) if type(value) is str else None
    if match is None:
        raise Bad(DURATION)
    sign, hours, minutes, seconds, fraction = match.groups()
    try:
        result = timedelta(
            hours=int(hours or 0),
            minutes=int(minutes or 0),
            seconds=int(seconds or 0),
            microseconds=int((fraction or "0").ljust(6, "0")),
        )
    except OverflowError:
        raise Bad(DURATION + " within +-999999999 days") from None
    return -result if sign else result


def dump_timedelta(value: timedelta) -> str:
    """``PT1H30M``, ``PT0.5S``, ``-PT10S``: hours, minutes, seconds only,
    so there is never a calendar day in it."""
    micros = (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
    sign = "-" if micros < 0 else ""
    seconds, micro = divmod(abs(micros), 1_000_000)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours}H" if hours else ""
    text += f"{minutes}M" if minutes else ""
    if micro:
        text += f"{seconds}.{micro:06d}".rstrip("0") + "S"
    elif seconds or not text:
        text += f"{seconds}S"
    return f"{sign}PT{text}"


_DECIMAL = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d{1,9})?", re.ASCII)
_DECIMAL_MATCH = _DECIMAL.fullmatch
_DECIMAL_TEXT = "a decimal number written as a string, e.g. '12.50'"


def _emit_decimal(w: Writer, value: str, fail: str) -> None:
    # ASCII digits with at most one point match _DECIMAL: the regex only
    # runs for the others (signs, exponents, malformed text). isdecimal()
    # alone would take any script's digits ("٣.٤٠").
    text = w.glob(_DECIMAL_MATCH, "decimal_text")
    with w.block(
        f"if type({value}) is not str or len({value}) > 100 or not "
        f'{value}.isascii() or not ({value}.replace(".", "", 1).isdecimal() '
        f"or {text}({value})):"
    ):
        w.line(f"raise {fail}({value})")
    w.line(f"{value} = {w.glob(Decimal, 'Decimal')}({value})")


def _decimal_fix(value: object) -> str | None:
    if type(value) in (int, float):
        return "write the amount as a string to keep it exact"
    return None


_FRACTION = re.compile(rf"(-?[0-9]{{1,{MAX_DIGITS}}})/([0-9]{{1,{MAX_DIGITS}}})")
_FRACTION_TEXT = (
    "a fraction string 'numerator/denominator' such as '17/20', each of at "
    f"most {MAX_DIGITS} ASCII digits (moments._limits.MAX_DIGITS)"
)


def _load_fraction(value: object) -> Fraction:
    match = _FRACTION.fullmatch(value) if type(value) is str else None
    if match is None or int(match[2]) == 0:
        raise Bad(_FRACTION_TEXT)
    return Fraction(int(match[1]), int(match[2]))


def _dump_fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def _emit_str(w: Writer, value: str, fail: str) -> None:
    # A lone surrogate ("\ud800") cannot be written as UTF-8: refused in
    # every string (isascii() first: it is the common case, and cheap).
    lone = w.glob(LONE_SURROGATE, "lone_surrogate")
    with w.block(
        f"if type({value}) is not str or (not {value}.isascii() and {lone}({value})):"
    ):
        w.line(f"raise {fail}({value})")


LONE_SURROGATE = re.compile("[\ud800-\udfff]").search
"""Finds a surrogate code point in a ``str`` (always a lone one there: a
pair is one code point), which UTF-8 cannot write."""
SURROGATE_TEXT = (
    "a string without lone surrogates such as '\\ud800' (UTF-8 cannot write them)"
)


def lone_surrogate_at(value: str) -> int | None:
    """Where the first lone surrogate of ``value`` is, or ``None``."""
    if value.isascii():
        return None
    found = LONE_SURROGATE(value)
    return None if found is None else found.start()


def _load_str(value: object) -> str:
    if type(value) is not str:
        raise Bad("a string")
    if lone_surrogate_at(value) is not None:
        raise Bad(SURROGATE_TEXT)
    return value


class LongNumber:
    """An integer of a JSON text with more than ``MAX_DIGITS`` digits,
    which Python may not even read: every integer field refuses it, at
    its path (``loads`` reads such a text again with these markers)."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"an integer of {self.digits} digits"


_INT_BOUND = 10**MAX_DIGITS
INT_TEXT = f"an integer of at most {MAX_DIGITS} digits (moments._limits.MAX_DIGITS)"


def _load_int(value: object) -> int:
    if type(value) is int and -_INT_BOUND < value < _INT_BOUND:
        return value
    too_long = type(value) is int or type(value) is LongNumber
    raise Bad(INT_TEXT if too_long else "an integer")


def _emit_bool(w: Writer, value: str, fail: str) -> None:
    # Identity, not equality: 1 == True.
    with w.block(f"if {value} is not True and {value} is not False:"):
        w.line(f"raise {fail}({value})")


def _load_float(value: object) -> float:
    if type(value) is float and math.isfinite(value):
        return value
    if type(value) is int and abs(value) <= 2**53:
        return float(value)
    raise Bad("a finite number")


def _emit_none(w: Writer, value: str, fail: str) -> None:
    with w.block(f"if {value} is not None:"):
        w.line(f"raise {fail}({value})")


def compiled_load(
    emit: Emit,
    expected: str,
    what: str,
    fix: Callable[[object], str | None] | None = None,
) -> Callable[[object], Any]:
    """A ``load`` function written by ``emit`` that raises :class:`Bad`
    with ``expected`` (and ``fix(value)``, the fix for that value)."""
    w = Writer("load(value)")
    emit(w, "value", w.glob(_refusal(expected, fix), "refused"))
    w.line("return value")
    return w.compile("load", "scalar loader", what)


def _refusal(
    expected: str, fix: Callable[[object], str | None] | None
) -> Callable[[object], Bad]:
    """``refused(value)``: the :class:`Bad` for ``value``."""

    def refused(value: object) -> Bad:
        return Bad(expected, None if fix is None else fix(value))

    return refused


def _load_zone(value: object) -> ZoneInfo:
    if type(value) is not str:
        raise Bad("an IANA time zone key such as 'Europe/London'")
    return zone(value)


def _dump_zone(value: ZoneInfo) -> str:
    return str(value.key)


_RELATIVE = (
    "years",
    "months",
    "days",
    "leapdays",
    "hours",
    "minutes",
    "seconds",
    "microseconds",
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "microsecond",
)
_WEEKDAY = re.compile(r"(MO|TU|WE|TH|FR|SA|SU)(?:\(([+-][0-9]{1,3})\))?")
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
RELATIVEDELTA = (
    "an object of relativedelta fields (years, months, days, hours, minutes, "
    "seconds, microseconds, leapdays, year, month, day, hour, minute, second, "
    "microsecond: integers; weekday: 'MO' to 'SU', e.g. 'FR(-1)')"
)


def _load_relativedelta(value: object) -> relativedelta:
    if type(value) is not dict:
        raise Bad(RELATIVEDELTA)
    args: dict[str, Any] = {}
    for key, item in value.items():
        if key == "weekday":
            match = _WEEKDAY.fullmatch(item) if type(item) is str else None
            if match is None:
                raise Bad(RELATIVEDELTA)
            n = int(match[2]) if match[2] else None
            args[key] = weekday(_DAYS.index(match[1]), n or None)
        elif key in _RELATIVE and type(item) is int and abs(item) < 10**9:
            args[key] = item
        else:
            raise Bad(RELATIVEDELTA)
    try:
        return relativedelta(**args)
    except (ValueError, OverflowError):
        raise Bad(RELATIVEDELTA) from None


def _dump_relativedelta(value: relativedelta) -> dict[str, object]:
    out: dict[str, object] = {}
    for name in _RELATIVE:
        item = getattr(value, name)
        if item:
            out[name] = int(item)
    if value.weekday is not None:
        out["weekday"] = repr(value.weekday)
    return out


class Scalar:
    """How one scalar type loads and dumps, and what it expects.

    ``emit`` (or ``None``) writes the same load inline (``pure``: it only
    checks the type, the value stays as it is); ``ensures`` are the model
    validators that every loaded value passes (a loaded datetime is
    aware), so generated loaders need not run them.
    """

    __slots__ = ("depth", "dump", "emit", "ensures", "expected", "load", "pure")

    def __init__(
        self,
        load: Callable[[object], Any],
        dump: Callable[[Any], object] | None,
        expected: str,
        *,
        emit: Emit | None = None,
        ensures: frozenset[Callable[..., Any]] = frozenset(),
        pure: bool = False,
    ) -> None:
        self.load = load
        self.dump = dump  # None: the value is already its JSON form
        self.expected = expected
        self.emit = emit
        self.ensures = ensures
        self.pure = pure
        self.depth = 1 if load is _load_relativedelta else 0  # its JSON: an object


def _inline(emit: Emit, expected: str, what: str) -> Scalar:
    load = compiled_load(emit, expected, what)
    return Scalar(load, None, expected, emit=emit, pure=True)


SCALARS: dict[object, Scalar] = {
    str: Scalar(_load_str, None, "a string", emit=_emit_str, pure=True),
    int: Scalar(_load_int, None, "an integer"),
    bool: _inline(_emit_bool, "true or false", "bool"),
    float: Scalar(_load_float, None, "a finite number"),
    type(None): _inline(_emit_none, "null", "None"),
    Decimal: Scalar(
        compiled_load(_emit_decimal, _DECIMAL_TEXT, "Decimal", _decimal_fix),
        str,
        _DECIMAL_TEXT,
        emit=_emit_decimal,
    ),
    Fraction: Scalar(_load_fraction, _dump_fraction, "a fraction string 'n/d'"),
    datetime: Scalar(
        load_datetime,
        dump_datetime,
        DATETIME,
        emit=emit_datetime,
        ensures=frozenset({aware, optional_aware}),
    ),
    date: Scalar(_load_date, date.isoformat, "an ISO 8601 date string"),
    time: Scalar(_load_time, time.isoformat, "a time of day 'HH:MM[:SS]'"),
    timedelta: Scalar(_load_timedelta, dump_timedelta, DURATION),
    relativedelta: Scalar(_load_relativedelta, _dump_relativedelta, RELATIVEDELTA),
    ZoneInfo: Scalar(_load_zone, _dump_zone, "an IANA time zone key"),
}

"""Strict JSON forms of the scalar types (private to serialization).

Each scalar has a ``load`` that returns the Python value or raises
:class:`Bad` (what was expected, and the fix when there is one), and a
``dump`` that gives the canonical JSON value. Nothing is coerced: ``5`` is
not a string, ``"5"`` is not an integer, ``true`` is not ``1``.
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

from moments._time import fixed_zone

__all__ = [
    "NAIVE",
    "SCALARS",
    "SUFFIXES",
    "Bad",
    "Scalar",
    "dump_datetime",
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
    """A short ``repr`` that never recurses deeply, runs long or fails."""
    if value is None or type(value) is bool:
        return "null" if value is None else ("true" if value else "false")
    try:
        return _repr.repr(value)
    except ValueError:  # an int over sys.get_int_max_str_digits() digits
        return (
            "an integer too large to show"
            if type(value) is int
            else "a value too large to show"
        )


_NAIVE_FIX = "add the UTC offset, e.g. '2026-06-01T09:00:00+01:00'"
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


def load_datetime(value: object) -> datetime:
    """Parse ``2026-06-01T09:00:00+01:00`` or, keeping the zone,
    ``2026-06-01T09:00:00+01:00[Europe/London]`` (RFC 9557).

    Fixed offsets share one ``tzinfo`` per offset. With a zone key the
    offset must be the zone's offset at that wall time; it picks ``fold``.
    """
    if type(value) is not str:
        raise Bad(DATETIME)
    try:
        parsed = _fromiso(value)
    except ValueError:
        if value[-1:] == "]":
            return _load_zoned(value)
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


SUFFIXES: dict[str, timezone] = {}
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


def _load_zoned(value: str) -> datetime:
    cut = value.find("[")
    if cut < 0:
        raise Bad(DATETIME)
    tz = zone(value[cut + 1 : -1])
    try:
        parsed = _fromiso(value[:cut])
    except ValueError:
        raise Bad(DATETIME) from None
    offset = parsed.utcoffset()
    if offset is None:
        raise Bad(NAIVE, _NAIVE_FIX)
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


def _load_date(value: object) -> date:
    if type(value) is str:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Bad("an ISO 8601 date string such as '2026-06-01'")


def _load_time(value: object) -> time:
    if type(value) is str:
        try:
            return time.fromisoformat(value)
        except ValueError:
            pass
    raise Bad("a time of day string 'HH:MM[:SS[.ffffff]]'")


_DURATION = re.compile(
    r"(-)?PT(?=\d)(?:(\d{1,12})H)?(?:(\d{1,12})M)?(?:(\d{1,15})(?:\.(\d{1,6}))?S)?"
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


_DECIMAL = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d{1,9})?")
_DECIMAL_TEXT = "a decimal number written as a string, e.g. '12.50'"


def _load_decimal(value: object) -> Decimal:
    if type(value) is str and len(value) <= 100 and _DECIMAL.fullmatch(value):
        return Decimal(value)
    fix = "write the amount as a string to keep it exact"
    raise Bad(_DECIMAL_TEXT, fix if type(value) in (int, float) else None)


_FRACTION = re.compile(r"(-?\d{1,400})/(\d{1,400})")


def _load_fraction(value: object) -> Fraction:
    match = _FRACTION.fullmatch(value) if type(value) is str else None
    if match is None or int(match[2]) == 0:
        raise Bad("a fraction string 'numerator/denominator' such as '17/20'")
    return Fraction(int(match[1]), int(match[2]))


def _dump_fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def _load_str(value: object) -> str:
    if type(value) is str:
        return value
    raise Bad("a string")


def _load_int(value: object) -> int:
    # JSON text cannot carry more digits than Python prints (4300 by default).
    if type(value) is int and value.bit_length() <= _INT_BITS:
        return value
    raise Bad("an integer" if type(value) is not int else "an integer under 10**4000")


_INT_BITS = 13_000  # about 10**3913


def _load_bool(value: object) -> bool:
    if type(value) is bool:
        return value
    raise Bad("true or false")


def _load_float(value: object) -> float:
    if type(value) is float and math.isfinite(value):
        return value
    if type(value) is int and abs(value) <= 2**53:
        return float(value)
    raise Bad("a finite number")


def _load_none(value: object) -> None:
    if value is None:
        return
    raise Bad("null")


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
_WEEKDAY = re.compile(r"(MO|TU|WE|TH|FR|SA|SU)(?:\(([+-]\d{1,3})\))?")
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
    """How one scalar type loads and dumps, and what it expects."""

    __slots__ = ("dump", "expected", "load")

    def __init__(
        self,
        load: Callable[[object], Any],
        dump: Callable[[Any], object] | None,
        expected: str,
    ) -> None:
        self.load = load
        self.dump = dump  # None: the value is already its JSON form
        self.expected = expected


SCALARS: dict[object, Scalar] = {
    str: Scalar(_load_str, None, "a string"),
    int: Scalar(_load_int, None, "an integer"),
    bool: Scalar(_load_bool, None, "true or false"),
    float: Scalar(_load_float, None, "a finite number"),
    type(None): Scalar(_load_none, None, "null"),
    Decimal: Scalar(_load_decimal, str, _DECIMAL_TEXT),
    Fraction: Scalar(_load_fraction, _dump_fraction, "a fraction string 'n/d'"),
    datetime: Scalar(load_datetime, dump_datetime, DATETIME),
    date: Scalar(_load_date, date.isoformat, "an ISO 8601 date string"),
    time: Scalar(_load_time, time.isoformat, "a time of day 'HH:MM[:SS]'"),
    timedelta: Scalar(_load_timedelta, dump_timedelta, DURATION),
    relativedelta: Scalar(_load_relativedelta, _dump_relativedelta, RELATIVEDELTA),
    ZoneInfo: Scalar(_load_zone, _dump_zone, "an IANA time zone key"),
}

"""Aware-datetime checks and absolute (UTC) time arithmetic.

Python compares and subtracts two datetimes that share one ``tzinfo``
object by their wall clocks, so ``01:30 EDT`` and ``01:30 EST`` on the
autumn clock change look equal. Everything in `moments` that measures time
goes through :func:`utc` and :func:`elapsed`, which work on absolute time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from moments.errors import InvalidData, NaiveDatetimeError

__all__ = [
    "UTC",
    "aware",
    "before",
    "check_zone",
    "elapsed",
    "first_out_of_range",
    "fits",
    "fixed_zone",
    "is_aware",
    "load_zone",
    "optional_aware",
    "out_of_range",
    "require_aware",
    "utc",
    "utc_of",
    "zone_name",
]

_FIX = 'attach a zone, e.g. datetime(..., tzinfo=ZoneInfo("Europe/London"))'


def is_aware(value: datetime) -> bool:
    """Whether ``value`` knows its offset from UTC."""
    tz = value.tzinfo
    return tz is not None and tz.utcoffset(value) is not None


def require_aware(name: str, value: object) -> datetime:
    """Return ``value`` if it is an aware datetime, else raise.

    Raises:
        NaiveDatetimeError: ``value`` is a datetime without a zone.
        InvalidData: ``value`` is not a datetime at all.
    """
    if isinstance(value, datetime):
        tz = value.tzinfo
        offset = None if tz is None else tz.utcoffset(value)
        if offset is not None:
            if offset.microseconds:
                # JSON writes offsets to the second (+HH:MM:SS): a finer
                # one could be built but not loaded back.
                raise InvalidData.field(
                    name,
                    "a timezone-aware datetime whose UTC offset is a whole "
                    "number of seconds",
                    value,
                )
            return value
        raise NaiveDatetimeError.field(name, "a timezone-aware datetime", value, _FIX)
    raise InvalidData.field(name, "a timezone-aware datetime", value)


def aware(instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: the field holds an aware datetime."""
    require_aware(attribute.name, value)


def optional_aware(instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: the field holds ``None`` or an aware datetime."""
    if value is not None:
        require_aware(attribute.name, value)


def utc(value: datetime) -> datetime:
    """The same instant in UTC.

    Raises:
        OverflowError: that instant's date in UTC is outside years 1-9999
            (``datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))``);
            :func:`utc_of` turns it into :class:`InvalidData`.
    """
    return value.astimezone(UTC)


def utc_of(name: str, value: object) -> datetime:
    """``value``, an aware datetime, as the same instant in UTC.

    Raises:
        NaiveDatetimeError: ``value`` is a datetime without a zone.
        InvalidData: ``value`` is not a datetime, or its date in UTC is
            outside years 1-9999, naming the field ``name``.
    """
    aware_value = require_aware(name, value)
    try:
        return aware_value.astimezone(UTC)
    except OverflowError:
        raise out_of_range(name, value) from None


def out_of_range(name: str, value: object, zone: str = "UTC") -> InvalidData:
    """The error for a time whose date in UTC or in ``zone`` (an IANA key)
    is outside years 1 to 9999, where Python's dates end."""
    where = "UTC" if zone == "UTC" else f"UTC and in {zone}"
    return InvalidData.field(
        name, f"a time whose date in {where} is within years 1-9999", value
    )


def fits(value: datetime, tz: tzinfo) -> bool:
    """Whether ``value``'s date in UTC and in ``tz`` is within years 1-9999
    (``astimezone`` goes through UTC)."""
    try:
        value.astimezone(tz)
    except OverflowError:
        return False
    return True


def first_out_of_range(zone: str, *named: tuple[str, datetime | None]) -> InvalidData:
    """The error for the first ``(name, instant)`` pair whose date in UTC
    or in ``zone`` (an IANA key) is outside years 1-9999; the last pair if
    none is (a walk from them ran past the year 9999)."""
    tz = load_zone(zone)
    for name, value in named:
        if value is not None and not fits(value, tz):
            return out_of_range(name, value, zone)
    name, value = named[-1]
    return out_of_range(name, value, zone)


def zone_name(tz: tzinfo | None) -> str:
    """The IANA key of a ``ZoneInfo``, else ``str(tz)`` (for messages)."""
    key = getattr(tz, "key", None)
    return key if isinstance(key, str) else str(tz)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Absolute time from ``start`` to ``end`` (negative if ``end`` is first).

    Example:
        >>> from zoneinfo import ZoneInfo
        >>> ny = ZoneInfo("America/New_York")
        >>> a = datetime(2026, 11, 1, 1, 59, 58, tzinfo=ny)
        >>> b = datetime(2026, 11, 1, 1, 0, 3, fold=1, tzinfo=ny)
        >>> elapsed(a, b)
        datetime.timedelta(seconds=5)
    """
    so = start.utcoffset()
    eo = end.utcoffset()
    if so is None or eo is None:
        bad, name = (start, "start") if so is None else (end, "end")
        raise NaiveDatetimeError.field(name, "a timezone-aware datetime", bad, _FIX)
    if end.tzinfo is start.tzinfo:
        # One tzinfo object: Python subtracts wall clocks, so correct by the
        # offsets (cheaper than converting both to UTC).
        return (end - start) - (eo - so)
    # Different tzinfo objects: Python already subtracts in UTC.
    return end - start


def before(a: datetime, b: datetime) -> bool:
    """Whether instant ``a`` is strictly earlier than instant ``b``."""
    return elapsed(a, b) > _ZERO


def load_zone(key: object, name: str = "zone") -> ZoneInfo:
    """The :class:`~zoneinfo.ZoneInfo` for an IANA key such as
    ``"Europe/London"`` (``zoneinfo`` keeps one object per key).

    Raises:
        InvalidData: ``key`` is not a string, or not a zone this machine
            knows (unknown, malformed, too long, a directory...), naming
            the field ``name``.
    """
    if type(key) is str and key.strip():
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass  # not found, not a normalized key, too long, a folder
    raise InvalidData.field(
        name,
        "an IANA time zone key",
        key,
        'use a key such as "Europe/London" or "America/New_York"',
    )


def check_zone(instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: an IANA time zone key this machine knows."""
    load_zone(value, attribute.name)


@lru_cache(maxsize=256)
def fixed_zone(offset: timedelta) -> timezone:
    """One shared :class:`~datetime.timezone` object per UTC offset.

    Parsers use it so that a million timestamps at ``+01:00`` share one
    ``tzinfo`` instead of holding a million equal copies.
    """
    if offset == _ZERO:
        return UTC
    return timezone(offset)


_ZERO = timedelta(0)

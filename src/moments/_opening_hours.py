"""Opening hours: converting and validating a calendar's weekly hours and
zone (private; used by :mod:`moments.calendars`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time, timedelta
from typing import Any

from moments._frozenmap import FrozenMap
from moments.errors import InvalidData

__all__ = [
    "check_hours",
    "freeze_hours",
    "is_plain_date",
    "span",
]

_DAY = timedelta(days=1)
_MIDNIGHT = time(0)


def _is_interval(item: object) -> bool:
    return (
        type(item) is tuple
        and len(item) == 2
        and all(type(t) is time and t.tzinfo is None for t in item)
    )


def freeze_hours(value: Any) -> Any:
    """Converter: a mapping becomes a :class:`FrozenMap` of tuples, each
    day's intervals sorted, days without intervals dropped. Anything
    malformed is left for the validator to reject."""
    if isinstance(value, FrozenMap) or not isinstance(value, Mapping):
        return value
    days: dict[Any, Any] = {}
    for day, intervals in value.items():
        if type(intervals) is list:
            intervals = tuple(intervals)
        if type(intervals) is tuple:
            intervals = tuple(tuple(i) if type(i) is list else i for i in intervals)
            if not intervals and type(day) is int and 0 <= day <= 6:
                continue
            if all(_is_interval(i) for i in intervals):
                intervals = tuple(sorted(intervals))
        days[day] = intervals
    if all(type(day) is int for day in days):
        days = dict(sorted(days.items()))
    return FrozenMap(days)


def span(interval: tuple[time, time]) -> tuple[timedelta, timedelta]:
    """An interval as offsets from local midnight; a close of ``time(0)``
    means midnight at the end of the day."""
    opens, closes = interval
    start = timedelta(
        hours=opens.hour,
        minutes=opens.minute,
        seconds=opens.second,
        microseconds=opens.microsecond,
    )
    if closes == _MIDNIGHT:
        return start, _DAY
    end = timedelta(
        hours=closes.hour,
        minutes=closes.minute,
        seconds=closes.second,
        microseconds=closes.microsecond,
    )
    return start, end


def check_hours(instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: weekday keys 0-6, each a tuple of naive
    ``(open, close)`` pairs, none inverted, none overlapping; every problem
    reported at once."""
    if not isinstance(value, FrozenMap):
        raise InvalidData.field(
            "hours", "a mapping of weekday (0-6) to (open, close) intervals", value
        )
    problems: list[str] = []
    for day, intervals in value.items():
        path = f"$.hours[{day!r}]"
        if type(day) is not int or not 0 <= day <= 6:
            problems.append(
                f"$.hours: expected weekday keys 0 (Monday) to 6 (Sunday), got {day!r}"
            )
            continue
        if type(intervals) is not tuple or not all(_is_interval(i) for i in intervals):
            problems.append(
                f"{path}: expected a tuple of (open, close) pairs of naive "
                f"datetime.time, got {intervals!r}"
            )
            continue
        previous: tuple[time, time] | None = None
        for interval in intervals:
            start, end = span(interval)
            if start >= end:
                problems.append(
                    f"{path}: expected open before close, got {_show(interval)} "
                    f"(inverted or empty); split an overnight shift across two "
                    f"days, and write a close at midnight as time(0)"
                )
            elif previous is not None and span(previous)[1] > start:
                problems.append(
                    f"{path}: expected intervals that do not overlap, got "
                    f"{_show(previous)} and {_show(interval)}"
                )
            previous = interval
    if problems:
        raise InvalidData(problems)


def _show(interval: tuple[time, time]) -> str:
    opens, closes = interval
    close = "24:00" if closes == _MIDNIGHT else closes.isoformat()
    return f"{opens.isoformat()}-{close}"


def is_plain_date(item: object) -> bool:
    """A ``date`` that is not a ``datetime``."""
    return type(item) is date

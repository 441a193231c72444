"""Business calendars: when a business is open, and how much open time
passes between two instants.

A :class:`BusinessCalendar` is a weekly timetable of opening hours in one
IANA time zone, minus a set of holiday dates. Open time is *absolute* time
during which the local wall clock is inside the opening hours, so a
working day that spans the autumn clock change lasts an hour longer than
its wall-clock length and the spring one an hour shorter.

:data:`ALWAYS_OPEN` is the 24/7 calendar: with it, business time is plain
absolute time.

Open time and deadlines cost work in proportion to the clock changes and
holidays in the span, not to its days: the zone's clock changes are read
once per process from tzdata (each checked against the zone's offset), the
stretches between them are counted by whole weeks, and holidays are found
by bisection.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import accumulate
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from moments import _validate as v
from moments._frozenmap import FrozenMap
from moments._time import (
    check_zone,
    first_out_of_range,
    fits,
    load_zone,
    out_of_range,
    require_aware,
)
from moments._time import elapsed as _absolute
from moments._zones import changes_of
from moments.errors import InvalidData, NeverOpen

__all__ = ["ALWAYS_OPEN", "BusinessCalendar", "NeverOpen", "OpeningHours"]

OpeningHours = Mapping[int, tuple[tuple[time, time], ...]]
"""Weekday (0 = Monday ... 6 = Sunday) to that day's ``(open, close)``
intervals."""

_ZERO = timedelta(0)
_DAY = timedelta(days=1)
_US = timedelta(microseconds=1)
_MIDNIGHT = time(0)
#: How many consecutive days without opening hours `add` and `next_open`
#: search before giving up (a little over two years).
SEARCH_DAYS = 750


def _is_interval(item: object) -> bool:
    return (
        type(item) is tuple
        and len(item) == 2
        and all(type(t) is time and t.tzinfo is None for t in item)
    )


def _freeze_hours(value: Any) -> Any:
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


def _span(interval: tuple[time, time]) -> tuple[timedelta, timedelta]:
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


def _check_hours(instance: Any, attribute: Any, value: Any) -> None:
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
            start, end = _span(interval)
            if start >= end:
                problems.append(
                    f"{path}: expected open before close, got {_show(interval)} "
                    f"(inverted or empty); split an overnight shift across two "
                    f"days, and write a close at midnight as time(0)"
                )
            elif previous is not None and _span(previous)[1] > start:
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


def _long_closures(
    holidays: tuple[date, ...], daily: tuple[timedelta, ...]
) -> tuple[tuple[date, date], ...]:
    """The runs of consecutive closed dates (holidays and days without
    hours) longer than :data:`SEARCH_DAYS`, first and last date of each.
    A run without holidays is at most six days long when the calendar is
    open at all, so every long run is made of holidays."""

    def closed(day: date) -> bool:
        return daily[day.weekday()] == _ZERO or day in holiday_set

    if all(d == _ZERO for d in daily):
        return ()  # never open at all: `_deadline` says so first
    holiday_set = frozenset(holidays)
    runs: list[tuple[date, date]] = []
    first: date | None = None
    last: date | None = None
    for holiday in holidays:
        if (
            last is not None
            and (holiday - last).days <= 7
            and all(closed(last + k * _DAY) for k in range(1, (holiday - last).days))
        ):
            last = holiday
            continue
        if first is not None and last is not None:
            runs.append(_widened(first, last, closed))
        first = last = holiday
    if first is not None and last is not None:
        runs.append(_widened(first, last, closed))
    return tuple(r for r in runs if (r[1] - r[0]).days + 1 > SEARCH_DAYS)


def _widened(first: date, last: date, closed: Any) -> tuple[date, date]:
    """A run of closed dates grown over the closed days either side."""
    try:
        while closed(first - _DAY):
            first -= _DAY
    except OverflowError:
        pass
    try:
        while closed(last + _DAY):
            last += _DAY
    except OverflowError:
        pass
    return first, last


def _is_plain_date(item: object) -> bool:
    """A ``date`` that is not a ``datetime``."""
    return type(item) is date


@attrs.frozen(kw_only=True)
class BusinessCalendar:
    """Weekly opening hours in one time zone, minus holidays.

    Args:
        zone: an IANA time zone key, e.g. ``"Europe/London"``.
        hours: weekday (0 = Monday ... 6 = Sunday) to a tuple of
            ``(open, close)`` naive :class:`~datetime.time` pairs, local wall
            clock. Several intervals a day are allowed (a lunch break); they
            must not overlap. An interval is open at ``open`` and closed at
            ``close``; a ``close`` of ``time(0)`` means midnight at the *end*
            of the day, so ``(time(0), time(0))`` is the whole day. An
            overnight shift is two intervals on two days. Days missing from
            the mapping are closed. Exposed read-only.
        holidays: local dates on which the business is closed all day.

    Raises:
        InvalidData: an unknown zone, a weekday outside 0-6, an inverted
            or overlapping interval, or a holiday that is not a ``date``.

    Example:
        >>> from datetime import date, datetime, time, timedelta
        >>> from zoneinfo import ZoneInfo
        >>> cal = BusinessCalendar.weekdays("Europe/London", open=time(9),
        ...                                 close=time(17))
        >>> friday_4pm = datetime(2026, 6, 5, 16, tzinfo=ZoneInfo("Europe/London"))
        >>> cal.add(friday_4pm, timedelta(hours=2)).isoformat()
        '2026-06-08T10:00:00+01:00'
        >>> cal.elapsed(friday_4pm, cal.add(friday_4pm, timedelta(hours=2)))
        datetime.timedelta(seconds=7200)
    """

    zone: str = attrs.field(validator=check_zone)
    hours: OpeningHours = attrs.field(converter=_freeze_hours, validator=_check_hours)
    holidays: frozenset[date] = attrs.field(
        default=frozenset(),
        converter=v.as_frozenset,
        validator=v.frozenset_of(
            _is_plain_date, "datetime.date values (not datetimes)"
        ),
    )
    _tz: ZoneInfo = attrs.field(init=False, repr=False, eq=False)
    _days: tuple[tuple[tuple[timedelta, timedelta], ...], ...] = attrs.field(
        init=False, repr=False, eq=False
    )
    _always: bool = attrs.field(init=False, repr=False, eq=False)
    _daily: tuple[timedelta, ...] = attrs.field(init=False, repr=False, eq=False)
    _weekly: timedelta = attrs.field(init=False, repr=False, eq=False)
    _holiday_list: tuple[date, ...] = attrs.field(init=False, repr=False, eq=False)
    _holiday_open: tuple[timedelta, ...] = attrs.field(init=False, repr=False, eq=False)
    _closures: tuple[tuple[date, date], ...] = attrs.field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        days = tuple(
            tuple(_span(i) for i in self.hours.get(day, ())) for day in range(7)
        )
        object.__setattr__(self, "_tz", load_zone(self.zone))
        object.__setattr__(self, "_days", days)
        daily = tuple(sum((e - s for s, e in day), _ZERO) for day in days)
        object.__setattr__(self, "_daily", daily)
        object.__setattr__(self, "_weekly", sum(daily, _ZERO))
        ordered = tuple(sorted(self.holidays))
        object.__setattr__(self, "_holiday_list", ordered)
        # _holiday_open[k]: the usual open time of the first k holidays.
        object.__setattr__(
            self,
            "_holiday_open",
            tuple(accumulate((daily[h.weekday()] for h in ordered), initial=_ZERO)),
        )
        object.__setattr__(self, "_closures", _long_closures(ordered, daily))
        object.__setattr__(
            self,
            "_always",
            not self.holidays and all(d == ((_ZERO, _DAY),) for d in days),
        )

    @classmethod
    def weekdays(
        cls,
        zone: str,
        *,
        open: time = time(9),
        close: time = time(17),
        holidays: frozenset[date] = frozenset(),
    ) -> BusinessCalendar:
        """Monday to Friday, ``open`` to ``close`` local time.

        Args:
            zone: an IANA time zone key.
            open: opening time (default 09:00).
            close: closing time (default 17:00; ``time(0)`` is midnight).
            holidays: local dates closed all day.

        Returns:
            The calendar.

        Raises:
            InvalidData: as :class:`BusinessCalendar` does.
        """
        return cls(
            zone=zone,
            hours=dict.fromkeys(range(5), ((open, close),)),
            holidays=holidays,
        )

    @property
    def always_open(self) -> bool:
        """Whether every instant is open (24/7, no holidays)."""
        return self._always

    # -- queries ---------------------------------------------------------

    def is_open(self, at: datetime) -> bool:
        """Whether the business is open at the instant ``at``.

        Raises:
            NaiveDatetimeError: ``at`` has no time zone.
            InvalidData: ``at``'s date in UTC or in the zone is out of range.
        """
        require_aware("at", at)
        if self._always:
            return True
        try:
            u = _naive_utc(at)
            wall = u + self._offset(u)
        except OverflowError:
            raise out_of_range("at", at, self.zone) from None
        day = wall.date()
        if day in self.holidays:
            return False
        since_midnight = wall - datetime.combine(day, _MIDNIGHT)
        return any(s <= since_midnight < e for s, e in self._days[day.weekday()])

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Open time between two instants (negative if ``end`` is first).

        Raises:
            NaiveDatetimeError: either instant has no time zone.
            InvalidData: an instant whose date in UTC or in the zone is
                outside years 1-9999 (ALWAYS_OPEN takes any aware instant).
        """
        require_aware("start", start)
        require_aware("end", end)
        try:
            return self._open_time(start, end)
        except OverflowError:
            raise first_out_of_range(
                self.zone, ("start", start), ("end", end)
            ) from None

    def _open_time(self, start: datetime, end: datetime) -> timedelta:
        """:meth:`elapsed` unchecked, raising ``OverflowError`` for a date
        out of range (callers name their own fields)."""
        if self._always:
            return _absolute(start, end)
        a, b = _naive_utc(start), _naive_utc(end)
        if b < a:
            return -self._open_between(b, a)
        return self._open_between(a, b)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The instant at which ``duration`` of open time has passed since
        ``start`` (a deadline), in ``start``'s time zone.

        The result is the earliest such instant, so
        ``cal.elapsed(start, cal.add(start, d)) == d``; a zero duration
        returns ``start`` itself.

        Raises:
            NaiveDatetimeError: ``start`` has no time zone.
            InvalidData: ``duration`` is negative or not a timedelta, the
                result is past the year 9999, or ``start`` is out of range.
            NeverOpen: no opening hours within about two years (the
                calendar is never open); a subclass of InvalidData.
        """
        require_aware("start", start)
        if type(duration) is not timedelta or duration < _ZERO:
            raise InvalidData.field("duration", "a non-negative timedelta", duration)
        try:
            a = _naive_utc(start)
            if self._always or duration == _ZERO:
                return _back(a + duration, start.tzinfo)
            return _back(self._deadline(a, duration), start.tzinfo)
        except OverflowError:
            if not fits(start, self._tz):
                raise out_of_range("start", start, self.zone) from None
            raise InvalidData.field(
                "duration", "a deadline before the year 10000", duration
            ) from None

    def next_open(self, at: datetime) -> datetime:
        """``at`` if the business is open then, else the next opening
        instant, in ``at``'s time zone.

        Raises:
            NaiveDatetimeError: ``at`` has no time zone.
            NeverOpen: no opening hours within about two years.
        """
        if self.is_open(at):
            return at
        try:
            opening, _ = next(self._pieces(_naive_utc(at)))
            return _back(opening, at.tzinfo)
        except OverflowError:
            raise InvalidData.field(
                "at", "a time with an opening before the year 10000", at
            ) from None

    # -- the walk ----------------------------------------------------------

    def _offset(self, u: datetime) -> timedelta:
        """The zone's UTC offset at the naive-UTC instant ``u``."""
        tz = self._tz
        offset = tz.fromutc(u.replace(tzinfo=tz)).utcoffset()
        assert offset is not None
        return offset

    def _open_between(self, a: datetime, b: datetime) -> timedelta:
        """Open time in ``[a, b)`` (naive UTC, ``a <= b``).

        Within a stretch of one UTC offset wall time and absolute time run
        together, so each stretch between two clock changes is counted on
        the wall clock (:meth:`_wall_open`, whole weeks by arithmetic):
        the work grows with the clock changes in the span, not its days.
        """
        changes = changes_of(self._tz)
        offset = changes.offset(a)
        changes.offset(b)  # b's wall clock must be in range too
        total = _ZERO
        start = a
        for change, after in changes.after(a):
            if change >= b:
                break
            total += self._wall_open(start + offset, change + offset)
            start, offset = change, after
        return total + self._wall_open(start + offset, b + offset)

    def _deadline(self, a: datetime, duration: timedelta) -> datetime:
        """The naive-UTC instant at which ``duration`` (positive) of open
        time has passed since ``a``: stretch by stretch between clock
        changes, then day by bisection inside the last one
        (``OverflowError`` past the year 9999)."""
        changes = changes_of(self._tz)
        offset = changes.offset(a)
        first_day = (a + offset).date()
        if self._weekly == _ZERO:
            self._never_open(a, first_day + (SEARCH_DAYS + 1) * _DAY)
        left = duration
        u = a
        ahead = changes.after(a)
        while True:
            step = next(ahead, None)
            wall_a = u + offset
            if step is not None:
                wall_b = step[0] + offset
            elif offset < _ZERO:  # the last stretch: to the end of the range
                wall_b = datetime.max + offset
            else:
                wall_b = datetime.max
            span = self._wall_open(wall_a, wall_b)
            if span >= left:
                wall = self._wall_deadline(wall_a, wall_b, left)
                self._check_closures(a, first_day, wall.date())
                return wall - offset
            if step is None:
                raise OverflowError("past the year 9999")
            left -= span
            u, offset = step

    def _check_closures(self, a: datetime, first: date, last: date) -> None:
        """:class:`NeverOpen` where the walk from ``first`` to the deadline
        date ``last`` meets more than :data:`SEARCH_DAYS` closed dates in a
        row (counted from ``first`` or from the last open date)."""
        for run_first, run_last in self._closures:
            if run_last < first or run_first >= last:
                continue
            since = first if run_first <= first else run_first - _DAY
            gives_up = since + (SEARCH_DAYS + 1) * _DAY
            if gives_up <= run_last and gives_up < last:
                self._never_open(a, gives_up)

    def _never_open(self, a: datetime, gives_up: date) -> None:
        raise NeverOpen(
            f"$.hours: expected opening hours within {SEARCH_DAYS} "
            f"days of {_back(a, UTC).isoformat()}, found none; the "
            "calendar is never open (check hours and holidays)"
        )

    def _wall_deadline(
        self, wall_a: datetime, wall_b: datetime, left: timedelta
    ) -> datetime:
        """The earliest wall time ``w`` in ``(wall_a, wall_b]`` with
        ``left`` of open time in ``[wall_a, w)`` (there is one): the date by
        bisection over :meth:`_wall_open`, then its intervals in order."""
        first = wall_a.date()

        def open_through(k: int) -> timedelta:  # up to the end of date first + k
            try:
                end = min(datetime.combine(first + (k + 1) * _DAY, _MIDNIGHT), wall_b)
            except OverflowError:
                end = wall_b
            return self._wall_open(wall_a, end)

        lo, hi = 0, (wall_b.date() - first).days
        while lo < hi:
            mid = (lo + hi) // 2
            if open_through(mid) >= left:
                hi = mid
            else:
                lo = mid + 1
        day = first + lo * _DAY
        midnight = datetime.combine(day, _MIDNIGHT)
        left -= self._wall_open(wall_a, max(midnight, wall_a))
        intervals = () if day in self.holidays else self._days[day.weekday()]
        for s, e in intervals:
            lo_at = max(midnight + s, wall_a)
            try:
                hi_at = min(midnight + e, wall_b)
            except OverflowError:  # closes at midnight on 31/12/9999
                hi_at = wall_b
            if lo_at < hi_at:
                if hi_at - lo_at >= left:
                    return lo_at + left
                left -= hi_at - lo_at
        raise AssertionError(
            "unreachable"
        )  # pragma: no cover - bisection found the date

    def _wall_open(self, wall_a: datetime, wall_b: datetime) -> timedelta:
        """Open time between two naive wall-clock times of one offset:
        whole weeks by arithmetic, holidays by bisection."""
        if wall_b <= wall_a:
            return _ZERO
        first, last = wall_a.date(), wall_b.date()
        if (last - first).days <= 8:
            return self._wall_days(wall_a, wall_b)
        full = first + _DAY  # whole dates from here up to `last` (excluded)
        total = self._wall_days(wall_a, datetime.combine(full, _MIDNIGHT))
        total += self._wall_days(datetime.combine(last, _MIDNIGHT), wall_b)
        weeks, extra = divmod((last - full).days, 7)
        total += weeks * self._weekly
        weekday = full.weekday()
        for k in range(extra):
            total += self._daily[(weekday + k) % 7]
        holidays = self._holiday_list
        i, j = bisect_left(holidays, full), bisect_left(holidays, last)
        return total - (self._holiday_open[j] - self._holiday_open[i])

    def _wall_days(self, wall_a: datetime, wall_b: datetime) -> timedelta:
        """Open time between two naive wall-clock times, date by date."""
        total = _ZERO
        day = wall_a.date()
        while True:
            midnight = datetime.combine(day, _MIDNIGHT)
            if midnight >= wall_b:
                return total
            if day not in self.holidays:
                for s, e in self._days[day.weekday()]:
                    lo = max(midnight + s, wall_a)
                    try:
                        hi = min(midnight + e, wall_b)
                    except OverflowError:  # closes at midnight on 31/12/9999
                        hi = wall_b
                    if lo < hi:
                        total += hi - lo
            try:
                day += _DAY
            except OverflowError:  # 31 December 9999 was the last date
                return total

    def _segments(self, a: datetime) -> Iterator[tuple[datetime, datetime, timedelta]]:
        """Split the time from ``a`` (naive UTC) on into stretches of at
        most a day with one UTC offset each, for ever."""
        changes = changes_of(self._tz)
        u, offset = a, changes.offset(a)
        for change, after in changes.after(a):
            while u + _DAY <= change:
                yield u, u + _DAY, offset
                u += _DAY
            if u < change:
                yield u, change, offset
            u, offset = change, after
        while True:
            yield u, u + _DAY, offset
            u += _DAY

    def _pieces(self, a: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The open stretches from ``a`` (naive UTC) on, as naive-UTC pairs
        in order.

        Within a stretch of one offset the wall clock is UTC plus that
        offset, so the open instants are the opening intervals of the
        local dates shifted back by it. The walk stops with
        :class:`NeverOpen` after :data:`SEARCH_DAYS` days without any
        opening hours.
        """
        days, holidays = self._days, self.holidays
        last_open: date | None = None
        for seg_a, seg_b, offset in self._segments(a):
            wall_a, wall_b = seg_a + offset, seg_b + offset
            day = wall_a.date()
            if last_open is None:
                last_open = day
            while True:
                midnight = datetime.combine(day, _MIDNIGHT)
                if midnight >= wall_b:
                    break
                intervals = () if day in holidays else days[day.weekday()]
                if intervals:
                    last_open = day
                elif (day - last_open).days > SEARCH_DAYS:
                    raise NeverOpen(
                        f"$.hours: expected opening hours within {SEARCH_DAYS} "
                        f"days of {_back(a, UTC).isoformat()}, found none; the "
                        "calendar is never open (check hours and holidays)"
                    )
                for s, e in intervals:
                    lo = max(midnight + s, wall_a)
                    hi = min(midnight + e, wall_b)
                    if lo < hi:
                        yield lo - offset, hi - offset
                day += _DAY


def _naive_utc(value: datetime) -> datetime:
    offset = value.utcoffset()
    assert offset is not None  # callers checked awareness
    return value.replace(tzinfo=None) - offset


def _back(u: datetime, tz: tzinfo | None) -> datetime:
    return u.replace(tzinfo=UTC).astimezone(tz)


ALWAYS_OPEN = BusinessCalendar(
    zone="UTC", hours=dict.fromkeys(range(7), ((_MIDNIGHT, _MIDNIGHT),))
)
"""Open every instant of every day: business time is absolute time."""

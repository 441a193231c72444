"""One zone's UTC offset changes, read once per process from tzdata.

:class:`moments.calendars.BusinessCalendar` counts open time, and
:mod:`moments.frames` finds local days, by walking these changes: the cost
grows with the clock changes in a span, not with its days, and both read
the same table, so the two paths agree on every local date.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = ["EPOCH", "ClockChanges", "changes_of"]

_DAY = timedelta(days=1)
_US = timedelta(microseconds=1)

# The clock-change table is kept in naive UTC, as tzdata stores it; it is
# private to moments and never meets a caller's datetime unconverted.
EPOCH = datetime(1970, 1, 1)  # naive UTC on purpose (see above)
# Instants within a day of the ends of the datetime range have a wall
# clock out of range in some zone; the clock changes are looked for inside.
_FIRST = datetime.min + _DAY
_LAST = datetime.max - _DAY


class ClockChanges:
    """The instants (naive UTC) at which one zone's UTC offset changes, in
    order, each with the offset from then on; found once per zone and
    process, lazily, and kept.

    They are read from the zone's tzdata (the pure-Python
    :mod:`zoneinfo` reads the same file as the C one: its explicit
    transitions, then the yearly rule of its footer), each checked against
    the public offset function at the instant and just before it. Where
    that is not available or a check fails, the offset is probed once a
    day and each change found by bisection, as the calendar always did.
    """

    def __init__(self, tz: ZoneInfo) -> None:
        self._tz = tz
        self._lock = threading.Lock()
        self._instants: list[datetime] = []
        self._offsets: list[timedelta] = []
        self._source: Iterator[tuple[datetime, timedelta]] = self._from_tzdata()
        self._exhausted = False
        #: How many times the zone's offset was probed (a work count).
        self.probes = 0

    def offset(self, u: datetime) -> timedelta:
        """The UTC offset at the naive-UTC instant ``u`` (``OverflowError``
        if its wall clock is out of range)."""
        self.probes += 1
        tz = self._tz
        offset = tz.fromutc(u.replace(tzinfo=tz)).utcoffset()
        assert offset is not None
        return offset

    def after(self, u: datetime) -> Iterator[tuple[datetime, timedelta]]:
        """The changes strictly after ``u``, in order, for ever (until the
        end of the datetime range)."""
        index = bisect_right(self._instants, u)
        while True:
            while index < len(self._instants):
                if self._instants[index] > u:
                    yield self._instants[index], self._offsets[index]
                index += 1
            if not self._pull():
                return

    def _pull(self) -> bool:
        """Find one more change; ``False`` when there are no more."""
        with self._lock:
            if self._exhausted:
                return False
            for instant, offset in self._source:
                if self._instants and instant <= self._instants[-1]:
                    continue  # another thread got here first
                self._instants.append(instant)
                self._offsets.append(offset)
                return True
            self._exhausted = True
            return False

    def _checked(self, instant: datetime, offset: timedelta) -> bool:
        if not _FIRST < instant < _LAST:
            return True  # the edges of time: nothing to compare with
        return self.offset(instant) == offset and self.offset(instant - _US) != offset

    def _from_tzdata(self) -> Iterator[tuple[datetime, timedelta]]:
        try:
            from zoneinfo import _zoneinfo  # type: ignore[attr-defined]

            data = _zoneinfo.ZoneInfo.no_cache(self._tz.key)
            stamps: list[int] = list(data._trans_utc)
            infos = list(data._ttinfos)
            before = data._tti_before
            after = data._tz_after
            previous = before.utcoff if before is not None else None
            rule = after if isinstance(after, _zoneinfo._TZStr) else None
        except Exception:  # any other Python (no pure-Python reader): probe
            yield from self._probed(_FIRST)
            return
        last = _FIRST
        for stamp, info in zip(stamps, infos, strict=True):
            instant = EPOCH + timedelta(seconds=stamp)
            if info.utcoff == previous or not _FIRST < instant < _LAST:
                previous = info.utcoff
                continue
            if not self._checked(instant, info.utcoff):
                yield from self._probed(last)
                return
            previous, last = info.utcoff, instant
            yield instant, info.utcoff
        if rule is None or rule.std.utcoff == rule.dst.utcoff:
            return
        year = last.year
        while year <= 9999:
            start, end = rule.transitions(year)
            moves = sorted(
                (
                    (
                        EPOCH + timedelta(seconds=start) - rule.std.utcoff,
                        rule.dst.utcoff,
                    ),
                    (
                        EPOCH + timedelta(seconds=end) - rule.dst.utcoff,
                        rule.std.utcoff,
                    ),
                )
            )
            for instant, offset in moves:
                if instant <= last or offset == previous or not instant < _LAST:
                    continue
                if not self._checked(instant, offset):
                    yield from self._probed(last)
                    return
                previous, last = offset, instant
                yield instant, offset
            year += 1

    def _probed(self, u: datetime) -> Iterator[tuple[datetime, timedelta]]:
        """Changes after ``u`` found by probing once a day."""
        offset = self.offset(u)
        while u < _LAST:
            nxt = min(u + _DAY, _LAST)
            if self.offset(nxt) == offset:
                u = nxt
                continue
            lo, hi = 0, (nxt - u) // _US
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if self.offset(u + mid * _US) == offset:
                    lo = mid
                else:
                    hi = mid
            u = u + hi * _US
            offset = self.offset(u)
            yield u, offset


_KNOWN: dict[str, ClockChanges] = {}


def changes_of(tz: ZoneInfo) -> ClockChanges:
    """The clock changes of ``tz``, found once per zone and process (a
    lock-guarded memo, shared by every calendar and frame in that zone)."""
    changes = _KNOWN.get(tz.key)
    if changes is None:
        changes = _KNOWN.setdefault(tz.key, ClockChanges(tz))
    return changes

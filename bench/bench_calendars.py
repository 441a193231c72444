"""Benchmark: open time over long spans against a per-day walk.

``BusinessCalendar.elapsed`` and ``add`` count open time stretch by stretch
between clock changes, so their cost grows with the clock changes in the
span, not with its days. They are compared, in the same run, with the way
the calendar worked before: the UTC offset probed once a day, each change
found by bisection, every stretch then counted by whole weeks (as tight as
that approach gets). The per-day walk is timed on a shorter stretch of the
same span and scaled to the whole span (its cost is linear in days). The
row reports ``calendar time / scaled per-day time``; the target is at most
0.1. Every timed run starts cold: the zone's clock changes are read again.

Run ``python bench/bench_calendars.py`` or with ``--quick`` as CI does.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from moments import BusinessCalendar, _zones

TARGET = 0.1
_DAY = timedelta(days=1)
_US = timedelta(microseconds=1)


def _per_day_elapsed(cal: BusinessCalendar, a: datetime, b: datetime) -> timedelta:
    """Open time in ``[a, b)`` (aware, ``a <= b``), probing the offset once
    a day."""
    tz = ZoneInfo(cal.zone)
    fromutc = tz.fromutc

    def offset_at(u: datetime) -> timedelta:
        offset = fromutc(u.replace(tzinfo=tz)).utcoffset()
        assert offset is not None
        return offset

    u = start = a.astimezone(UTC).replace(tzinfo=None)
    end = b.astimezone(UTC).replace(tzinfo=None)
    offset = offset_at(u)
    total = timedelta(0)
    while u < end:
        nxt = min(u + _DAY, end)
        if offset_at(nxt) == offset:
            u = nxt
            continue
        lo, hi = 0, (nxt - u) // _US
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if offset_at(u + mid * _US) == offset:
                lo = mid
            else:
                hi = mid
        change = u + hi * _US
        total += cal._wall_open(start + offset, change + offset)
        start = u = change
        offset = offset_at(change)
    return total + cal._wall_open(start + offset, end + offset)


def _cold(fn: Callable[[], object]) -> float:
    """Wall time of one call with the clock changes of every zone
    forgotten first."""
    _zones._KNOWN.clear()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _best(fns: list[Callable[[], object]]) -> float:
    return min(_cold(fn) for fn in fns)


def run(quick: bool = False) -> list[dict[str, object]]:
    """One row for a ten-thousand-year ``elapsed``, one for a thousand-year
    ``add``; each against the per-day walk of the same calendar."""
    sample_years = 20 if quick else 100
    zone = "Europe/London"
    holidays = frozenset(
        date(y, m, d) for y in range(2, 9999) for m, d in ((1, 1), (12, 25))
    )
    cal = BusinessCalendar.weekdays(
        zone, open=clock(9), close=clock(17), holidays=holidays
    )
    rows: list[dict[str, object]] = []

    # Distinct spans: each repeat starts a few hours later.
    spans = [
        (
            datetime(2, 1, 1, tzinfo=UTC) + k * timedelta(hours=7),
            datetime(9998, 1, 1, tzinfo=UTC),
        )
        for k in range(3)
    ]
    for a, _ in spans[:1]:  # same answer on a checkable stretch first
        short = a.replace(year=1990), a.replace(year=2030)
        assert cal.elapsed(*short) == _per_day_elapsed(cal, *short)
    mine = _best([lambda a=a, b=b: cal.elapsed(a, b) for a, b in spans])
    samples = [
        (a.replace(year=1990), a.replace(year=1990 + sample_years)) for a, _ in spans
    ]
    sampled = _best([lambda s=s: _per_day_elapsed(cal, *s) for s in samples])
    years = 9998 - 2
    ref = sampled * years / sample_years
    rows.append(
        {
            "benchmark": (
                f"BusinessCalendar.elapsed, years 2-9998 ({zone}, weekdays, holidays)"
            ),
            "ratio": round(mine / ref, 4),
            "target": f"<= {TARGET}",
            "ok": mine / ref <= TARGET,
            "detail": (
                f"elapsed {mine:.3f}s (cold: tzdata read) vs per-day walk "
                f"{sampled:.3f}s over {sample_years} years, scaled to {years} "
                f"years: {ref:.2f}s; best of {len(spans)} distinct spans"
            ),
        }
    )

    always = BusinessCalendar(
        zone=zone,
        hours=dict.fromkeys(range(7), ((clock(0), clock(0)),)),
        holidays=frozenset({date(2030, 1, 1)}),
    )
    starts = [
        datetime(2000, 1, 1, tzinfo=UTC) + k * timedelta(minutes=13) for k in range(3)
    ]
    duration = timedelta(days=999_999)
    deadline = always.add(starts[0], duration)
    assert always.elapsed(starts[0], deadline) == duration
    mine = _best([lambda s=s: always.add(s, duration) for s in starts])
    # The per-day walk finds a deadline by walking up to it: time the walk
    # over a sample of the span and scale it.
    sampled = _best(
        [
            lambda s=s: _per_day_elapsed(always, s, s.replace(year=2000 + sample_years))
            for s in starts
        ]
    )
    ref = sampled * (duration.days / 365.2425) / sample_years
    rows.append(
        {
            "benchmark": (
                f"BusinessCalendar.add of 999,999 days ({zone}, 24/7 but a holiday)"
            ),
            "ratio": round(mine / ref, 4),
            "target": f"<= {TARGET}",
            "ok": mine / ref <= TARGET,
            "detail": (
                f"add {mine:.3f}s (cold) vs per-day walk {sampled:.3f}s over "
                f"{sample_years} years, scaled to the {duration.days:,} days: "
                f"{ref:.2f}s; best of {len(starts)} distinct starts"
            ),
        }
    )
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv[1:]):
        print(row)

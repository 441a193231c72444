"""Tests for moments.calendars: opening hours, open time, deadlines."""

from __future__ import annotations

import itertools
import pickle
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone
from itertools import pairwise, takewhile
from zoneinfo import ZoneInfo, available_timezones

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from _support import EARLY, LATE
from moments import (
    ALWAYS_OPEN,
    BusinessCalendar,
    InvalidData,
    NeverOpen,
    _zones,
)
from moments._time import elapsed as absolute
from moments._zones import _FIRST as _FIRST_UTC
from moments._zones import ClockChanges
from moments.errors import NaiveDatetimeError
from moments.strategies import aware_datetimes, business_calendars

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
NINE_TO_FIVE = BusinessCalendar.weekdays("Europe/London")
# 2026: London changes on Sun 29 March and Sun 25 October; New York on
# Sun 8 March and Sun 1 November.
SUNDAY_SMALL_HOURS = BusinessCalendar(
    zone="Europe/London", hours={6: ((time(0), time(4)),)}
)
MINUTE = timedelta(minutes=1)


def at(*args: int, tz: ZoneInfo | timezone = LONDON, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=tz, fold=fold)  # type: ignore[misc]


class TestConstruction:
    def test_unknown_zone_is_rejected_naming_the_zone(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.zone: .*'Mars/Olympus'"):
            BusinessCalendar(zone="Mars/Olympus", hours={})

    def test_weekday_outside_zero_to_six_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"weekday keys 0 \(Monday\) to 6"):
            BusinessCalendar(zone="UTC", hours={7: ((time(9), time(17)),)})

    def test_inverted_interval_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.hours\[0\]: expected open before"):
            BusinessCalendar(zone="UTC", hours={0: ((time(17), time(9)),)})

    def test_empty_interval_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match="inverted or empty"):
            BusinessCalendar(zone="UTC", hours={0: ((time(9), time(9)),)})

    def test_overlapping_intervals_are_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"do not overlap.*09:00:00-12:00:00"):
            BusinessCalendar(
                zone="UTC", hours={2: ((time(11), time(13)), (time(9), time(12)))}
            )

    def test_touching_intervals_are_allowed(self) -> None:
        cal = BusinessCalendar(
            zone="UTC", hours={0: ((time(9), time(12)), (time(12), time(17)))}
        )

        assert cal.elapsed(at(2026, 6, 1, tz=UTC), at(2026, 6, 2, tz=UTC)) == (
            timedelta(hours=8)
        )

    def test_every_problem_is_reported_at_once(self) -> None:
        with pytest.raises(InvalidData) as caught:
            BusinessCalendar(
                zone="UTC",
                hours={0: ((time(17), time(9)),), 9: (), 3: "9-5"},  # type: ignore[dict-item]
            )

        assert len(caught.value.errors) == 3

    def test_aware_times_are_rejected(self) -> None:
        with pytest.raises(InvalidData, match="naive"):
            BusinessCalendar(
                zone="UTC", hours={0: ((time(9, tzinfo=UTC), time(17, tzinfo=UTC)),)}
            )

    def test_holiday_datetimes_are_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.holidays"):
            BusinessCalendar(
                zone="UTC", hours={}, holidays=frozenset({datetime(2026, 12, 25)})
            )

    def test_hours_must_be_a_mapping(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.hours: expected a mapping"):
            BusinessCalendar(zone="UTC", hours=[(time(9), time(17))])  # type: ignore[arg-type]

    def test_midnight_close_means_end_of_day(self) -> None:
        cal = BusinessCalendar(zone="UTC", hours={0: ((time(22), time(0)),)})

        assert cal.elapsed(at(2026, 6, 1, tz=UTC), at(2026, 6, 3, tz=UTC)) == (
            timedelta(hours=2)
        )
        assert cal.is_open(at(2026, 6, 1, 23, 59, 59, tz=UTC))
        assert not cal.is_open(at(2026, 6, 2, 0, 0, tz=UTC))


class TestReadOnlyHours:
    def test_hours_cannot_be_changed(self) -> None:
        with pytest.raises(TypeError):
            NINE_TO_FIVE.hours[5] = ((time(9), time(12)),)  # type: ignore[index]

    def test_lists_become_tuples(self) -> None:
        cal = BusinessCalendar(zone="UTC", hours={0: [[time(9), time(17)]]})  # type: ignore[dict-item]

        assert cal.hours[0] == ((time(9), time(17)),)

    def test_interval_order_does_not_matter(self) -> None:
        a = BusinessCalendar(
            zone="UTC", hours={0: ((time(13), time(17)), (time(9), time(12)))}
        )
        b = BusinessCalendar(
            zone="UTC", hours={0: ((time(9), time(12)), (time(13), time(17)))}
        )

        assert a == b
        assert hash(a) == hash(b)

    def test_closed_days_can_be_left_out_or_empty(self) -> None:
        a = BusinessCalendar(zone="UTC", hours={0: ((time(9), time(17)),), 6: ()})
        b = BusinessCalendar(zone="UTC", hours={0: ((time(9), time(17)),)})

        assert a == b

    def test_evolve_keeps_the_calendar_valid(self) -> None:
        cal = attrs.evolve(NINE_TO_FIVE, zone="America/New_York")

        assert cal.is_open(at(2026, 6, 1, 9, 30, tz=NEW_YORK))
        assert not cal.is_open(at(2026, 6, 1, 9, 30, tz=LONDON))


class TestIsOpen:
    def test_open_at_opening_time_and_closed_at_closing_time(self) -> None:
        assert NINE_TO_FIVE.is_open(at(2026, 6, 1, 9))
        assert not NINE_TO_FIVE.is_open(at(2026, 6, 1, 17))

    def test_closed_at_the_weekend(self) -> None:
        assert not NINE_TO_FIVE.is_open(at(2026, 6, 6, 12))

    def test_closed_on_holidays(self) -> None:
        cal = attrs.evolve(NINE_TO_FIVE, holidays=frozenset({date(2026, 6, 1)}))

        assert not cal.is_open(at(2026, 6, 1, 12))
        assert cal.is_open(at(2026, 6, 2, 12))

    def test_open_means_local_wall_clock(self) -> None:
        assert NINE_TO_FIVE.is_open(at(2026, 6, 1, 8, 30, tz=UTC))  # 09:30 BST

    def test_always_open_is_open_at_every_instant(self) -> None:
        assert ALWAYS_OPEN.is_open(at(2026, 3, 29, 1, 30))
        assert ALWAYS_OPEN.always_open

    def test_naive_datetimes_are_rejected(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"\$\.at"):
            NINE_TO_FIVE.is_open(datetime(2026, 6, 1, 12))


class TestElapsed:
    def test_business_hours_over_a_weekend(self) -> None:
        friday_4pm, monday_10am = at(2026, 6, 5, 16), at(2026, 6, 8, 10)

        assert NINE_TO_FIVE.elapsed(friday_4pm, monday_10am) == timedelta(hours=2)

    def test_autumn_clock_change_makes_the_day_an_hour_longer(self) -> None:
        cal = SUNDAY_SMALL_HOURS

        result = cal.elapsed(at(2026, 10, 24), at(2026, 10, 26))

        assert result == timedelta(hours=5)

    def test_spring_clock_change_makes_the_day_an_hour_shorter(self) -> None:
        cal = SUNDAY_SMALL_HOURS

        result = cal.elapsed(at(2026, 3, 28), at(2026, 3, 30))

        assert result == timedelta(hours=3)

    def test_elapsed_backwards_is_negative(self) -> None:
        a, b = at(2026, 6, 5, 16), at(2026, 6, 8, 10)

        assert NINE_TO_FIVE.elapsed(b, a) == -timedelta(hours=2)

    def test_always_open_counts_absolute_time_across_the_fold(self) -> None:
        a = at(2026, 11, 1, 1, 59, 58, tz=NEW_YORK)
        b = at(2026, 11, 1, 1, 0, 3, tz=NEW_YORK, fold=1)

        assert ALWAYS_OPEN.elapsed(a, b) == timedelta(seconds=5)

    def test_result_does_not_depend_on_the_zones_of_the_arguments(self) -> None:
        a, b = at(2026, 6, 5, 16), at(2026, 6, 8, 10)

        assert NINE_TO_FIVE.elapsed(a.astimezone(NEW_YORK), b.astimezone(UTC)) == (
            NINE_TO_FIVE.elapsed(a, b)
        )


class TestAdd:
    def test_deadline_skips_the_weekend(self) -> None:
        friday_4pm = at(2026, 6, 5, 16)

        assert NINE_TO_FIVE.add(friday_4pm, timedelta(hours=2)) == at(2026, 6, 8, 10)

    def test_deadline_is_in_the_start_zone(self) -> None:
        start = at(2026, 6, 5, 15, tz=UTC)

        deadline = NINE_TO_FIVE.add(start, timedelta(hours=2))

        assert deadline.tzinfo is UTC
        assert deadline == at(2026, 6, 8, 9, tz=UTC)

    def test_deadline_is_the_earliest_instant(self) -> None:
        friday_4pm = at(2026, 6, 5, 16)

        assert NINE_TO_FIVE.add(friday_4pm, timedelta(hours=1)) == at(2026, 6, 5, 17)

    def test_zero_duration_is_the_start_even_when_closed(self) -> None:
        saturday = at(2026, 6, 6, 12)

        assert NINE_TO_FIVE.add(saturday, timedelta(0)) == saturday

    def test_negative_duration_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.duration: expected a non-neg"):
            NINE_TO_FIVE.add(at(2026, 6, 1), timedelta(seconds=-1))

    def test_add_on_a_calendar_that_is_never_open_raises(self) -> None:
        closed = BusinessCalendar(zone="Europe/London", hours={})

        with pytest.raises(NeverOpen, match="never open"):
            closed.add(at(2026, 6, 1), timedelta(minutes=1))

    def test_add_gives_up_after_two_years_of_holidays(self) -> None:
        start = date(2026, 1, 1)
        holidays = frozenset(start + timedelta(days=k) for k in range(800))
        cal = attrs.evolve(NINE_TO_FIVE, holidays=holidays)

        with pytest.raises(NeverOpen):
            cal.add(at(2026, 1, 1), timedelta(minutes=1))

    def test_never_open_is_invalid_data(self) -> None:
        assert issubclass(NeverOpen, InvalidData)

    def test_a_deadline_past_the_year_9999_is_invalid(self) -> None:
        with pytest.raises(InvalidData, match="before the year 10000"):
            ALWAYS_OPEN.add(at(9999, 12, 1, tz=UTC), timedelta(days=60))


class TestValueBehaviour:
    def test_a_calendar_survives_pickling(self) -> None:
        cal = attrs.evolve(NINE_TO_FIVE, holidays=frozenset({date(2026, 12, 25)}))

        restored = pickle.loads(pickle.dumps(cal))

        assert restored == cal
        assert not restored.is_open(at(2026, 12, 25, 12))

    def test_hours_read_like_a_dict(self) -> None:
        hours = NINE_TO_FIVE.hours

        assert len(hours) == 5
        assert list(hours) == [0, 1, 2, 3, 4]
        assert repr(hours).startswith("{0: ((datetime.time(9, 0)")


class TestNextOpen:
    def test_open_now_is_now(self) -> None:
        monday_noon = at(2026, 6, 1, 12)

        assert NINE_TO_FIVE.next_open(monday_noon) == monday_noon

    def test_closed_now_is_the_next_opening(self) -> None:
        saturday = at(2026, 6, 6, 12)

        assert NINE_TO_FIVE.next_open(saturday) == at(2026, 6, 8, 9)

    def test_never_open_raises(self) -> None:
        closed = BusinessCalendar(zone="UTC", hours={})

        with pytest.raises(NeverOpen):
            closed.next_open(at(2026, 6, 1))

    def test_an_opening_past_the_year_9999_is_invalid(self) -> None:
        mondays = BusinessCalendar(zone="UTC", hours={0: ((time(9), time(10)),)})

        with pytest.raises(InvalidData, match="before the year 10000"):
            mondays.next_open(at(9999, 12, 28, 12, tz=UTC))


# -- properties ------------------------------------------------------------

DST_ZONES = st.sampled_from(["Europe/London", "America/New_York"])
# Windows around both clock changes of both zones in 2026, and one without.
BASES = st.sampled_from(
    [
        datetime(2026, 3, 5, tzinfo=UTC),
        datetime(2026, 3, 26, tzinfo=UTC),
        datetime(2026, 6, 10, tzinfo=UTC),
        datetime(2026, 10, 22, tzinfo=UTC),
        datetime(2026, 10, 29, tzinfo=UTC),
    ]
)
HOLIDAYS = st.frozensets(st.dates(date(2026, 3, 1), date(2026, 11, 15)), max_size=10)


@st.composite
def minute_windows(draw: st.DrawFn) -> tuple[datetime, datetime]:
    start = draw(BASES) + draw(st.integers(0, 6 * 1440)) * MINUTE
    return start, start + draw(st.integers(0, 4 * 1440)) * MINUTE


def open_minutes(cal: BusinessCalendar, a: datetime, b: datetime) -> timedelta:
    """The oracle: count the minutes whose local wall clock is open."""
    tz = ZoneInfo(cal.zone)
    count, t = 0, a
    while t < b:
        local = t.astimezone(tz)
        day, clock = local.date(), local.time()
        if day not in cal.holidays and any(
            opens <= clock and (closes == time(0) or clock < closes)
            for opens, closes in cal.hours.get(day.weekday(), ())
        ):
            count += 1
        t += MINUTE
    return count * MINUTE


def nearby() -> st.SearchStrategy[timedelta]:
    """Offsets within 60 days either way (the walk is day by day)."""
    span = 60 * 86400 * 10**6
    return st.integers(-span, span).map(lambda us: timedelta(microseconds=us))


def shift(moment: datetime, by: timedelta) -> datetime:
    """``moment`` moved by absolute time, in its own zone."""
    return (moment.astimezone(UTC) + by).astimezone(moment.tzinfo)


class TestOpenTimeLaws:
    @given(business_calendars(zone=DST_ZONES, holidays=HOLIDAYS), minute_windows())
    def test_elapsed_matches_counting_open_minutes(
        self, cal: BusinessCalendar, window: tuple[datetime, datetime]
    ) -> None:
        a, b = window

        result = cal.elapsed(a.astimezone(ZoneInfo(cal.zone)), b)

        assert result == open_minutes(cal, a, b)

    @given(
        business_calendars(),
        aware_datetimes(),
        st.integers(0, 3 * 86400 * 10**6).map(lambda us: timedelta(microseconds=us)),
    )
    def test_add_and_elapsed_are_inverse(
        self, cal: BusinessCalendar, start: datetime, duration: timedelta
    ) -> None:
        deadline = cal.add(start, duration)

        assert cal.elapsed(start, deadline) == duration
        if duration:
            assert cal.elapsed(start, deadline - timedelta(microseconds=1)) < duration

    @given(business_calendars(), aware_datetimes(), nearby(), nearby())
    def test_elapsed_is_additive_and_antisymmetric(
        self, cal: BusinessCalendar, a: datetime, to_b: timedelta, to_c: timedelta
    ) -> None:
        b, c = shift(a, to_b), shift(a, to_c)

        ab, bc, ac = cal.elapsed(a, b), cal.elapsed(b, c), cal.elapsed(a, c)

        assert ab + bc == ac
        assert cal.elapsed(b, a) == -ab

    @given(business_calendars(), aware_datetimes(), nearby())
    def test_open_time_never_exceeds_absolute_time(
        self, cal: BusinessCalendar, a: datetime, to_b: timedelta
    ) -> None:
        b = shift(a, abs(to_b))

        assert timedelta(0) <= cal.elapsed(a, b) <= absolute(a, b)

    @given(
        business_calendars(zone=DST_ZONES, holidays=HOLIDAYS),
        BASES,
        st.integers(0, 400 * 86400),
    )
    def test_long_spans_equal_the_sum_of_their_short_chunks(
        self, cal: BusinessCalendar, start: datetime, seconds: int
    ) -> None:
        # Spans over 8 days are counted by whole weeks; chunks of 5 days
        # are counted day by day.
        end = start + timedelta(seconds=seconds)
        cuts = [start]
        while cuts[-1] + timedelta(days=5) < end:
            cuts.append(cuts[-1] + timedelta(days=5))
        cuts.append(end)

        chunks = sum(
            (cal.elapsed(x, y) for x, y in pairwise(cuts)),
            timedelta(0),
        )

        assert cal.elapsed(start, end) == chunks

    @given(aware_datetimes(), aware_datetimes())
    def test_always_open_elapsed_is_absolute_elapsed(
        self, a: datetime, b: datetime
    ) -> None:
        assert ALWAYS_OPEN.elapsed(a, b) == absolute(a, b)

    @given(business_calendars(), aware_datetimes())
    def test_next_open_is_open_and_nothing_opens_before_it(
        self, cal: BusinessCalendar, moment: datetime
    ) -> None:
        opening = cal.next_open(moment)

        assert cal.is_open(opening)
        assert cal.elapsed(moment, opening) == timedelta(0)

    @given(business_calendars(step_minutes=60), aware_datetimes())
    def test_is_open_agrees_with_a_minute_of_elapsed_time(
        self, cal: BusinessCalendar, moment: datetime
    ) -> None:
        start = moment.replace(second=0, microsecond=0)

        opened = cal.elapsed(start, start + MINUTE)

        assert (opened == MINUTE) == cal.is_open(start)


class TestRoundTrip:
    @given(business_calendars(min_open_days=0))
    def test_a_calendar_rebuilt_from_its_fields_is_equal(
        self, cal: BusinessCalendar
    ) -> None:
        rebuilt = BusinessCalendar(
            zone=cal.zone, hours=cal.hours, holidays=cal.holidays
        )

        assert rebuilt == cal
        assert hash(rebuilt) == hash(cal)

    @given(business_calendars(min_open_days=0))
    def test_a_calendar_rebuilt_from_plain_dicts_and_lists_is_equal(
        self, cal: BusinessCalendar
    ) -> None:
        plain = {day: [list(i) for i in spans] for day, spans in cal.hours.items()}

        rebuilt = BusinessCalendar(
            zone=cal.zone,
            hours=plain,  # type: ignore[arg-type]
            holidays=sorted(cal.holidays),  # type: ignore[arg-type]
        )

        assert rebuilt == cal


class TestFuzzing:
    @given(
        zone=st.one_of(st.text(max_size=20), st.sampled_from(["UTC", "Europe/Paris"])),
        hours=st.dictionaries(
            st.integers(-2, 9) | st.text(max_size=2),
            st.lists(
                st.tuples(st.times(), st.times()) | st.text(max_size=3), max_size=3
            ).map(tuple)
            | st.none(),
            max_size=4,
        ),
    )
    def test_bad_calendars_fail_only_with_invalid_data(
        self, zone: str, hours: dict[object, object]
    ) -> None:
        try:
            cal = BusinessCalendar(zone=zone, hours=hours)  # type: ignore[arg-type]
        except InvalidData:
            return

        assert cal.elapsed(at(2026, 1, 1, tz=UTC), at(2026, 1, 8, tz=UTC)) >= (
            timedelta(0)
        )


class TestDateRangeEdges:
    def test_an_instant_whose_local_date_is_out_of_range_is_refused(self) -> None:
        cal = BusinessCalendar.weekdays("Asia/Kolkata")
        before = LATE - timedelta(hours=6)  # 23:00 in Kolkata

        with pytest.raises(InvalidData, match=r"\$\.at: .*in Asia/Kolkata is within"):
            cal.is_open(LATE)
        with pytest.raises(InvalidData, match=r"\$\.at: .*Asia/Kolkata"):
            cal.next_open(LATE)
        with pytest.raises(InvalidData, match=r"\$\.end: .*Asia/Kolkata"):
            cal.elapsed(before, LATE)
        with pytest.raises(InvalidData, match=r"\$\.start: .*Asia/Kolkata"):
            cal.elapsed(LATE, before)
        with pytest.raises(InvalidData, match=r"\$\.start: .*Asia/Kolkata"):
            cal.add(LATE, timedelta(hours=1))

    def test_an_instant_whose_date_in_utc_is_out_of_range_is_refused(self) -> None:
        cal = BusinessCalendar.weekdays("Europe/London")

        with pytest.raises(InvalidData, match=r"\$\.start: .*UTC"):
            cal.elapsed(EARLY, at(2026, 1, 1, tz=UTC))
        with pytest.raises(InvalidData, match=r"\$\.start: .*UTC"):
            ALWAYS_OPEN.add(EARLY, timedelta(hours=1))

    def test_the_always_open_calendar_measures_any_two_aware_instants(self) -> None:
        assert ALWAYS_OPEN.elapsed(EARLY, EARLY + timedelta(hours=1)) == timedelta(
            hours=1
        )

    def test_open_time_is_counted_up_to_the_last_day_of_year_9999(self) -> None:
        # Open around the clock Monday to Friday in New York: from noon UTC
        # on Thursday 30 December 9999 to 23:00 UTC (18:00 local) on Friday.
        cal = BusinessCalendar.weekdays("America/New_York", open=time(0), close=time(0))

        assert cal.elapsed(datetime(9999, 12, 30, 12, tzinfo=UTC), LATE) == (
            timedelta(hours=35, minutes=30)
        )


# -- a plain per-day reference, as the calendar counted before clock changes
# were read from tzdata: probe the offset once a day, bisect each change, and
# walk every local date of each stretch.

_DAY = timedelta(days=1)
_US = timedelta(microseconds=1)


def _ref_offset(tz: ZoneInfo, u: datetime) -> timedelta:
    offset = tz.fromutc(u.replace(tzinfo=tz)).utcoffset()
    assert offset is not None
    return offset


def _ref_stretches(
    tz: ZoneInfo, a: datetime, b: datetime
) -> Iterator[tuple[datetime, datetime, timedelta]]:
    """``[a, b)`` (naive UTC) as stretches of one offset, found day by day."""
    u, offset = a, _ref_offset(tz, a)
    start = a
    while u < b:
        nxt = min(u + _DAY, b)
        if _ref_offset(tz, nxt) == offset:
            u = nxt
            continue
        lo, hi = 0, (nxt - u) // _US
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if _ref_offset(tz, u + mid * _US) == offset:
                lo = mid
            else:
                hi = mid
        change = u + hi * _US
        yield start, change, offset
        start = u = change
        offset = _ref_offset(tz, change)
    yield start, b, offset


def _ref_wall_pieces(
    cal: BusinessCalendar, wall_a: datetime, wall_b: datetime
) -> Iterator[tuple[datetime, datetime]]:
    day = wall_a.date()
    while datetime.combine(day, time(0)) < wall_b:
        midnight = datetime.combine(day, time(0))
        if day not in cal.holidays:
            for opens, closes in cal.hours.get(day.weekday(), ()):
                s = datetime.combine(day, opens)
                e = (
                    midnight + _DAY
                    if closes == time(0)
                    else datetime.combine(day, closes)
                )
                lo, hi = max(s, wall_a), min(e, wall_b)
                if lo < hi:
                    yield lo, hi
        day += _DAY


def reference_elapsed(cal: BusinessCalendar, a: datetime, b: datetime) -> timedelta:
    tz = ZoneInfo(cal.zone)
    ua, ub = (x.astimezone(UTC).replace(tzinfo=None) for x in (a, b))
    lo, hi, sign = (ua, ub, 1) if ua <= ub else (ub, ua, -1)
    total = timedelta(0)
    for s, e, offset in _ref_stretches(tz, lo, hi):
        for p, q in _ref_wall_pieces(cal, s + offset, e + offset):
            total += q - p
    return sign * total


def reference_add(
    cal: BusinessCalendar, start: datetime, duration: timedelta
) -> datetime:
    tz = ZoneInfo(cal.zone)
    u = start.astimezone(UTC).replace(tzinfo=None)
    left = duration
    while True:  # a year at a time, day by day within it
        for s, e, offset in _ref_stretches(tz, u, u + 366 * _DAY):
            for p, q in _ref_wall_pieces(cal, s + offset, e + offset):
                if q - p >= left:
                    return (
                        (p + left - offset).replace(tzinfo=UTC).astimezone(start.tzinfo)
                    )
                left -= q - p
        u += 366 * _DAY


ODD_ZONES = st.sampled_from(
    [
        "Europe/London",
        "America/New_York",
        "Australia/Lord_Howe",  # a half-hour clock change
        "Europe/Dublin",  # negative DST in tzdata
        "Pacific/Apia",  # skipped 30 December 2011
        "Africa/Freetown",  # changes four days apart in 1941
        "Asia/Gaza",  # short Ramadan changes in the explicit data to 2086
        "Asia/Kolkata",
        "UTC",
    ]
)
SPAN_STARTS = st.datetimes(
    min_value=datetime(1, 1, 3), max_value=datetime(9996, 1, 1)
).map(lambda d: d.replace(tzinfo=UTC))
WIDE_HOLIDAYS = st.frozensets(st.dates(date(1, 1, 1), date(9999, 12, 31)), max_size=8)


@st.composite
def spans_with_holidays(
    draw: st.DrawFn,
) -> tuple[BusinessCalendar, datetime, datetime]:
    """A calendar and a span of up to three years, anywhere in years 1-9999,
    with holidays drawn both inside the span and anywhere."""
    start = draw(SPAN_STARTS)
    end = start + timedelta(seconds=draw(st.integers(0, 3 * 366 * 86400)))
    near = draw(
        st.frozensets(
            st.integers(-3, (end - start).days + 3).map(
                lambda k: (start + k * _DAY).date()
            ),
            max_size=20,
        )
    )
    cal = draw(business_calendars(zone=ODD_ZONES))
    cal = attrs.evolve(cal, holidays=cal.holidays | near | draw(WIDE_HOLIDAYS))
    return cal, start, end


class TestFastPathEqualsThePerDayReference:
    @given(spans_with_holidays())
    def test_elapsed_equals_the_per_day_reference(
        self, case: tuple[BusinessCalendar, datetime, datetime]
    ) -> None:
        cal, a, b = case

        assert cal.elapsed(a, b) == reference_elapsed(cal, a, b)
        assert cal.elapsed(b, a) == reference_elapsed(cal, b, a)

    @given(
        spans_with_holidays(),
        st.integers(1, 2 * 366 * 86400 * 10**6).map(
            lambda us: timedelta(microseconds=us)
        ),
    )
    def test_add_equals_the_per_day_reference(
        self, case: tuple[BusinessCalendar, datetime, datetime], duration: timedelta
    ) -> None:
        cal, start, _ = case
        assume(cal.hours)
        assume(start.year < 9990)

        assert cal.add(start, duration) == reference_add(cal, start, duration)

    @given(
        st.sampled_from(sorted(available_timezones())),
        st.integers(1, 9960),
    )
    def test_clock_changes_read_from_tzdata_equal_those_found_by_probing(
        self, zone: str, year: int
    ) -> None:
        tz = ZoneInfo(zone)
        a, b = datetime(year, 1, 2), datetime(year + 30, 1, 1)

        read = list(takewhile(lambda c: c[0] < b, ClockChanges(tz).after(a)))

        probed = [(e, _ref_offset(tz, e)) for _, e, _ in _ref_stretches(tz, a, b)][:-1]
        assert read == probed


EARLIEST = datetime(1, 1, 1)


class TestWorkGrowsWithClockChangesNotDays:
    """Open time over thousands of years walks one stretch per clock change
    (each counted by arithmetic), and probes the offset twice per change
    (to check what tzdata says) plus twice per call."""

    def counted(
        self, monkeypatch: pytest.MonkeyPatch, zone: str
    ) -> tuple[ClockChanges, list[int]]:
        changes = ClockChanges(ZoneInfo(zone))
        monkeypatch.setitem(_zones._KNOWN, zone, changes)
        stretches = [0]
        counted = BusinessCalendar._wall_open

        def wall_open(self: BusinessCalendar, wa: datetime, wb: datetime) -> timedelta:
            stretches[0] += 1
            return counted(self, wa, wb)

        monkeypatch.setattr(BusinessCalendar, "_wall_open", wall_open)
        return changes, stretches

    def test_elapsed_over_ten_thousand_years_walks_one_stretch_per_clock_change(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        holidays = frozenset(date(y, 12, 25) for y in range(2, 9999))
        cal = BusinessCalendar.weekdays("Europe/London", holidays=holidays)
        a, b = datetime(2, 1, 1, tzinfo=UTC), datetime(9998, 12, 1, tzinfo=UTC)
        changes, stretches = self.counted(monkeypatch, "Europe/London")

        cal.elapsed(a, b)

        probes = changes.probes
        ua, ub = a.replace(tzinfo=None), b.replace(tzinfo=None)
        n = sum(1 for c, _ in takewhile(lambda c: c[0] < ub, changes.after(ua)))
        assert 16_000 < n < 17_000  # about two a year since 1916
        assert stretches[0] == n + 1
        # Two per change checked (and the first past b), a and b, and a
        # few tzdata lists with a change that is not (a new abbreviation).
        assert probes <= 2 * (n + 1) + 2 + 8

    def test_a_deadline_over_a_thousand_years_on_walks_its_clock_changes_then_bisects(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        cal = BusinessCalendar.weekdays("Australia/Lord_Howe")
        start = datetime(2000, 1, 1, tzinfo=UTC)
        changes, stretches = self.counted(monkeypatch, "Australia/Lord_Howe")

        deadline = cal.add(start, timedelta(days=99_999))  # some 1,150 years

        probes = changes.probes
        end = deadline.astimezone(UTC).replace(tzinfo=None)
        n = sum(
            1
            for _ in takewhile(
                lambda c: c[0] < end, changes.after(datetime(2000, 1, 1))
            )
        )
        assert 2_000 < n < 2_400  # two a year
        assert stretches[0] <= n + 1 + 2 * 9  # + a bisection over one stretch's days
        # tzdata is read (and each change checked) from its first change on.
        known = sum(1 for _ in takewhile(lambda c: c[0] < end, changes.after(EARLIEST)))
        assert probes <= 2 * (known + 1) + 1 + 8

    def test_a_fixed_offset_zone_over_ten_thousand_years_is_one_stretch(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        cal = BusinessCalendar.weekdays("UTC")
        changes, stretches = self.counted(monkeypatch, "UTC")

        open_time = cal.elapsed(
            datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, tzinfo=UTC)
        )

        assert open_time == reference_weekdays_open(date(1, 1, 1), date(9999, 12, 31))
        assert stretches[0] == 1
        assert changes.probes == 2


def reference_weekdays_open(first: date, last: date) -> timedelta:
    """Eight hours for each Monday-Friday in ``[first, last)``."""
    days = (last - first).days
    weeks, extra = divmod(days, 7)
    count = weeks * 5 + sum(1 for k in range(extra) if (first + k * _DAY).weekday() < 5)
    return count * timedelta(hours=8)


class TestLongClosures:
    def test_a_deadline_past_more_than_search_days_of_holidays_is_never_open(
        self,
    ) -> None:
        start = date(2026, 1, 1)
        holidays = frozenset(start + k * _DAY for k in range(800))
        cal = BusinessCalendar.weekdays("Europe/London", holidays=holidays)

        with pytest.raises(NeverOpen, match="within 750 days"):
            cal.add(datetime(2026, 1, 1, tzinfo=UTC), timedelta(hours=1))

    def test_a_deadline_just_after_search_days_of_holidays_is_found(self) -> None:
        start = date(2026, 1, 1)
        holidays = frozenset(start + k * _DAY for k in range(740))
        cal = BusinessCalendar.weekdays("UTC", holidays=holidays)

        deadline = cal.add(datetime(2026, 1, 1, tzinfo=UTC), timedelta(hours=1))

        assert deadline == reference_add(
            cal, datetime(2026, 1, 1, tzinfo=UTC), timedelta(hours=1)
        )


class TestClockChangesWithoutTzdata:
    """Where the zone's tzdata cannot be read (another Python) or a change
    read from it does not match the public offset, the changes are found by
    probing once a day, and are the same."""

    def test_changes_found_by_probing_equal_those_read_from_tzdata(self) -> None:
        tz = ZoneInfo("Europe/London")
        start = datetime(2025, 1, 1)

        probed = list(itertools.islice(ClockChanges(tz)._probed(start), 4))

        read = list(itertools.islice(ClockChanges(tz).after(start), 4))
        assert probed == read
        assert [u.month for u, _ in probed] == [3, 10, 3, 10]

    def test_a_change_that_fails_its_check_falls_back_to_probing(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        tz = ZoneInfo("Europe/Dublin")
        checks = iter([True] * 3)
        monkeypatch.setattr(
            ClockChanges, "_checked", lambda self, i, o: next(checks, False)
        )
        changes = ClockChanges(tz)

        first = list(itertools.islice(changes.after(datetime(1600, 1, 1)), 6))

        expected = list(itertools.islice(ClockChanges(tz)._probed(_FIRST_UTC), 6))
        assert first == expected

    def test_without_a_tzdata_reader_every_change_is_probed(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import zoneinfo

        tz = ZoneInfo("Asia/Kolkata")
        read = list(itertools.islice(ClockChanges(tz).after(datetime(1900, 1, 1)), 3))
        monkeypatch.delattr(zoneinfo, "_zoneinfo")
        monkeypatch.setitem(sys.modules, "zoneinfo._zoneinfo", None)
        changes = ClockChanges(tz)

        probed = list(itertools.islice(changes.after(datetime(1900, 1, 1)), 3))

        assert probed == read
        assert changes.probes > 365 * 5  # found by probing, day by day

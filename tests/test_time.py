"""Tests for moments._time: aware datetimes and absolute elapsed time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given

from moments import _time
from moments.errors import InvalidData, NaiveDatetimeError
from moments.strategies import aware_datetimes, deltas

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")


class _NoOffset(tzinfo):
    """A tzinfo that does not know its offset: such a datetime is naive."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


class TestRequireAware:
    def test_aware_datetime_is_returned_unchanged(self) -> None:
        at = datetime(2026, 1, 1, 9, tzinfo=LONDON)

        assert _time.require_aware("at", at) is at

    def test_naive_datetime_raises_naive_datetime_error_naming_the_field(
        self,
    ) -> None:
        naive = datetime(2026, 1, 1, 9)

        with pytest.raises(NaiveDatetimeError) as info:
            _time.require_aware("arrived_at", naive)

        assert info.value.errors[0].startswith("$.arrived_at: ")
        assert "ZoneInfo" in str(info.value)

    def test_tzinfo_without_an_offset_counts_as_naive(self) -> None:
        odd = datetime(2026, 1, 1, 9, tzinfo=_NoOffset())

        assert not _time.is_aware(odd)
        with pytest.raises(NaiveDatetimeError):
            _time.require_aware("at", odd)

    @pytest.mark.parametrize("value", ["2026-01-01T09:00Z", 0, None, 1.5])
    def test_a_non_datetime_is_invalid_data_but_not_naive(self, value: object) -> None:
        with pytest.raises(InvalidData) as info:
            _time.require_aware("at", value)

        assert type(info.value) is InvalidData
        assert info.value.errors[0].startswith("$.at: ")

    def test_a_date_is_not_a_datetime(self) -> None:
        with pytest.raises(InvalidData):
            _time.require_aware("at", datetime(2026, 1, 1, tzinfo=UTC).date())


class TestElapsedIsAbsolute:
    def test_five_seconds_across_the_new_york_autumn_fold_is_five_seconds(
        self,
    ) -> None:
        before_fold = datetime(2026, 11, 1, 1, 59, 58, tzinfo=NEW_YORK)
        after_fold = datetime(2026, 11, 1, 1, 0, 3, fold=1, tzinfo=NEW_YORK)

        wait = _time.elapsed(before_fold, after_fold)

        assert wait == timedelta(seconds=5)
        assert after_fold - before_fold != wait  # what wall-clock maths says

    def test_five_seconds_across_the_london_spring_gap_is_five_seconds(
        self,
    ) -> None:
        gmt = datetime(2026, 3, 29, 0, 59, 58, tzinfo=LONDON)
        bst = datetime(2026, 3, 29, 2, 0, 3, tzinfo=LONDON)

        wait = _time.elapsed(gmt, bst)

        assert wait == timedelta(seconds=5)
        assert bst - gmt == timedelta(hours=1, seconds=5)  # wall clock

    def test_elapsed_is_negative_when_end_is_first(self) -> None:
        a = datetime(2026, 1, 1, 9, tzinfo=UTC)

        assert _time.elapsed(a + timedelta(seconds=3), a) == timedelta(seconds=-3)

    def test_different_zones_subtract_in_absolute_time(self) -> None:
        in_utc = datetime(2026, 7, 1, 12, 0, 0, tzinfo=UTC)
        in_new_york = datetime(2026, 7, 1, 8, 0, 5, tzinfo=NEW_YORK)

        assert _time.elapsed(in_utc, in_new_york) == timedelta(seconds=5)

    @pytest.mark.parametrize("which", ["start", "end"])
    def test_elapsed_with_a_naive_end_raises_naming_it(self, which: str) -> None:
        aware = datetime(2026, 1, 1, tzinfo=UTC)
        naive = datetime(2026, 1, 1)
        args = (naive, aware) if which == "start" else (aware, naive)

        with pytest.raises(NaiveDatetimeError) as info:
            _time.elapsed(*args)

        assert info.value.errors[0].startswith(f"$.{which}: ")

    @given(aware_datetimes(), deltas(max_seconds=10**7))
    def test_elapsed_after_adding_a_duration_in_utc_is_that_duration(
        self, start: datetime, d: timedelta
    ) -> None:
        end = (start.astimezone(UTC) + d).astimezone(start.tzinfo)

        assert _time.elapsed(start, end) == d

    @given(aware_datetimes(), aware_datetimes())
    def test_elapsed_agrees_with_utc_subtraction(
        self, a: datetime, b: datetime
    ) -> None:
        assert _time.elapsed(a, b) == _time.utc(b) - _time.utc(a)

    @given(aware_datetimes(), aware_datetimes())
    def test_before_is_strict_absolute_order(self, a: datetime, b: datetime) -> None:
        assert _time.before(a, b) == (_time.utc(a) < _time.utc(b))
        assert not _time.before(a, a)


class TestUtc:
    def test_utc_is_the_same_instant_in_utc(self) -> None:
        at = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK)

        moved = _time.utc(at)

        assert moved == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
        assert moved.tzinfo is UTC


class TestFixedZone:
    def test_one_shared_tzinfo_per_offset(self) -> None:
        first = _time.fixed_zone(timedelta(hours=1))

        again = _time.fixed_zone(timedelta(minutes=60))

        assert first is again
        assert first == timezone(timedelta(hours=1))

    def test_zero_offset_is_utc(self) -> None:
        assert _time.fixed_zone(timedelta(0)) is UTC


class TestValidators:
    def test_aware_validator_names_the_attribute(self) -> None:
        class Attribute:
            name = "first_seen"

        with pytest.raises(NaiveDatetimeError) as info:
            _time.aware(None, Attribute(), datetime(2026, 1, 1))

        assert info.value.errors[0].startswith("$.first_seen: ")

    def test_optional_aware_accepts_none_and_rejects_naive(self) -> None:
        class Attribute:
            name = "ended_at"

        _time.optional_aware(None, Attribute(), None)

        with pytest.raises(NaiveDatetimeError):
            _time.optional_aware(None, Attribute(), datetime(2026, 1, 1))


class TestZones:
    def test_a_known_key_loads_its_zone(self) -> None:
        zone = _time.load_zone("Europe/London")

        assert zone.key == "Europe/London"

    @pytest.mark.parametrize(
        "key",
        [
            "Mars/Olympus_Mons",  # unknown
            "Europe",  # a folder of the zone database, not a zone
            "a" * 300,  # too long for a file name: OSError inside zoneinfo
            "/etc/localtime",  # absolute path
            "Europe/../UTC",  # not normalized
            "UTC\x00",  # embedded null byte
            "",
            "  ",
            5,
            None,
        ],
    )
    def test_anything_but_a_known_key_is_invalid_data_naming_the_field(
        self, key: object
    ) -> None:
        with pytest.raises(InvalidData) as info:
            _time.load_zone(key, "zone")

        assert info.value.errors[0].startswith("$.zone: expected an IANA time zone")


class TestDateRangeEdges:
    def test_a_time_whose_date_in_utc_is_out_of_range_is_refused(self) -> None:
        # Midnight at UTC+5 on 1 January of year 1 is year 0 in UTC.
        early = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))

        with pytest.raises(InvalidData, match=r"\$\.as_of: .*in UTC is within"):
            _time.utc_of("as_of", early)

    def test_a_time_at_the_ends_of_the_range_in_utc_is_kept(self) -> None:
        last = datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=14)))

        assert _time.utc_of("as_of", last) == last


def test_a_utc_offset_finer_than_a_second_is_refused_at_construction() -> None:
    """What can be built must load back, and JSON offsets go to the second."""
    from moments import Greeting

    odd = timezone(timedelta(hours=1, microseconds=500_000))
    with pytest.raises(InvalidData, match=r"\$\.at: .*whole number of seconds"):
        Greeting(at=datetime(2026, 7, 1, 9, tzinfo=odd))
    whole = timezone(timedelta(hours=1, seconds=30))
    assert Greeting(at=datetime(2026, 7, 1, 9, tzinfo=whole)).at.tzinfo is whole

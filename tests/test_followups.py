"""Tests for moments.followups: plans, scheduling from the anchor, overdue."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from dateutil.rrule import _iterinfo, rrulestr
from hypothesis import given
from hypothesis import strategies as st

from _support import EARLY, LATE, T0
from moments import (
    DEFAULT_FOLLOW_UP_PLAN,
    FollowUp,
    FollowUpPlan,
    FollowUpStep,
    InvalidData,
    NaiveDatetimeError,
    overdue,
    schedule_follow_ups,
)
from moments._time import utc
from moments.followups import RULE_HORIZON_YEARS
from moments.serialization import from_dict, to_dict
from moments.strategies import aware_datetimes, follow_up_plans, follow_ups

LONDON = ZoneInfo("Europe/London")


def plan(*offsets: relativedelta | str) -> FollowUpPlan:
    return FollowUpPlan(
        steps=tuple(
            FollowUpStep(kind=f"step-{n}", offset=o) for n, o in enumerate(offsets)
        )
    )


def dues(anchor: datetime, p: FollowUpPlan, zone: str = "Europe/London") -> list[str]:
    return [f.due.isoformat() for f in schedule_follow_ups(anchor, p, zone=zone)]


class TestDefaultPlan:
    def test_default_plan_is_thank_you_check_in_and_satisfaction_call(self) -> None:
        steps = DEFAULT_FOLLOW_UP_PLAN.steps

        assert [(s.kind, s.offset) for s in steps] == [
            ("thank_you", relativedelta(days=1)),
            ("check_in", relativedelta(days=7)),
            ("satisfaction_call", relativedelta(days=30)),
        ]

    def test_follow_ups_are_set_at_the_anchor_and_not_done(self) -> None:
        anchor = datetime(2026, 6, 1, 15, tzinfo=UTC)

        scheduled = schedule_follow_ups(anchor, DEFAULT_FOLLOW_UP_PLAN, zone="UTC")

        assert all(f.set_at == anchor and f.done_at is None for f in scheduled)
        assert [f.kind for f in scheduled] == [
            "thank_you",
            "check_in",
            "satisfaction_call",
        ]


class TestFromTheAnchor:
    def test_month_end_steps_are_computed_from_the_anchor_not_chained(self) -> None:
        anchor = datetime(2026, 1, 31, 10, tzinfo=LONDON)

        result = dues(anchor, plan(relativedelta(months=1), relativedelta(months=2)))

        assert result == ["2026-02-28T10:00:00+00:00", "2026-03-31T10:00:00+01:00"]

    def test_one_month_after_january_31_in_a_leap_year_is_february_29(self) -> None:
        anchor = datetime(2028, 1, 31, 10, tzinfo=LONDON)

        result = dues(anchor, plan(relativedelta(months=1)))

        assert result == ["2028-02-29T10:00:00+00:00"]

    def test_offsets_keep_the_local_time_of_day_across_a_clock_change(self) -> None:
        anchor = datetime(2026, 3, 28, 12, tzinfo=LONDON)

        (follow_up,) = schedule_follow_ups(
            anchor, plan(relativedelta(days=1)), zone="Europe/London"
        )

        assert follow_up.due.isoformat() == "2026-03-29T12:00:00+01:00"
        assert utc(follow_up.due) - utc(anchor) == timedelta(hours=23)

    def test_offsets_use_the_local_time_of_the_given_zone(self) -> None:
        anchor = datetime(2026, 6, 1, 23, 30, tzinfo=UTC)  # already June 2 in Tokyo

        result = dues(anchor, plan(relativedelta(days=1)), zone="Asia/Tokyo")

        assert result == ["2026-06-03T08:30:00+09:00"]

    def test_follow_up_landing_in_the_spring_gap_moves_to_a_real_time(self) -> None:
        anchor = datetime(2026, 3, 28, 1, 30, tzinfo=LONDON)

        result = dues(anchor, plan(relativedelta(days=1)))

        assert result == ["2026-03-29T02:30:00+01:00"]

    def test_follow_up_in_the_autumn_fold_is_the_first_occurrence(self) -> None:
        anchor = datetime(2026, 10, 24, 1, 30, tzinfo=LONDON)

        result = dues(anchor, plan(relativedelta(days=1)))

        assert result == ["2026-10-25T01:30:00+01:00"]


class TestRecurrenceRules:
    def test_rule_step_is_due_at_the_first_occurrence_after_the_anchor(self) -> None:
        wednesday = datetime(2026, 6, 3, 15, tzinfo=LONDON)
        rule = "FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0;BYSECOND=0"

        result = dues(wednesday, plan(rule))

        assert result == ["2026-06-08T10:00:00+01:00"]

    def test_an_occurrence_at_the_anchor_itself_is_skipped(self) -> None:
        anchor = datetime(2026, 6, 1, 9, tzinfo=LONDON)

        result = dues(anchor, plan("FREQ=DAILY;INTERVAL=3"))

        assert result == ["2026-06-04T09:00:00+01:00"]

    def test_rule_without_an_occurrence_after_the_anchor_is_rejected(self) -> None:
        anchor = datetime(2026, 6, 1, 9, tzinfo=LONDON)

        with pytest.raises(InvalidData, match="an occurrence after"):
            schedule_follow_ups(anchor, plan("FREQ=DAILY;COUNT=1"), zone="UTC")

    def test_rule_with_its_own_dtstart_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match="without DTSTART"):
            FollowUpStep(kind="x", offset="DTSTART:20260101T000000\nRRULE:FREQ=DAILY")

    def test_several_rules_in_one_step_are_rejected(self) -> None:
        with pytest.raises(InvalidData, match="one RFC 5545"):
            FollowUpStep(kind="x", offset="RRULE:FREQ=DAILY\nRRULE:FREQ=WEEKLY")

    def test_rule_that_does_not_parse_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.offset: expected one RFC 5545"):
            FollowUpStep(kind="x", offset="FREQ=FORTNIGHTLY")

    def test_rule_until_is_local_wall_clock_time(self) -> None:
        anchor = datetime(2026, 6, 1, 9, tzinfo=LONDON)

        result = dues(anchor, plan("FREQ=DAILY;UNTIL=20300101T000000"))

        assert result == ["2026-06-02T09:00:00+01:00"]

    def test_rule_with_a_utc_until_is_rejected_when_the_step_is_built(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.offset: expected one RFC 5545"):
            FollowUpStep(kind="x", offset="FREQ=DAILY;UNTIL=20300101T000000Z")


class TestInvalidPlans:
    def test_negative_offsets_are_rejected(self) -> None:
        with pytest.raises(InvalidData, match="moves forward"):
            FollowUpStep(kind="x", offset=relativedelta(days=-1))

    def test_zero_offsets_are_rejected(self) -> None:
        with pytest.raises(InvalidData, match="moves forward"):
            FollowUpStep(kind="x", offset=relativedelta())

    def test_offsets_of_other_types_are_rejected(self) -> None:
        with pytest.raises(InvalidData, match="relativedelta or an RRULE"):
            FollowUpStep(kind="x", offset=timedelta(days=1))  # type: ignore[arg-type]

    def test_empty_kind_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.kind"):
            FollowUpStep(kind=" ", offset=relativedelta(days=1))

    def test_steps_must_be_follow_up_steps(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.steps\[0\]"):
            FollowUpPlan(steps=(relativedelta(days=1),))  # type: ignore[arg-type]

    def test_absolute_offset_landing_before_the_anchor_is_rejected(self) -> None:
        anchor = datetime(2026, 6, 15, 9, tzinfo=LONDON)

        with pytest.raises(InvalidData, match=r"steps\[0\].*after the anchor"):
            schedule_follow_ups(anchor, plan(relativedelta(day=1)), zone="UTC")

    def test_unknown_zone_is_rejected(self) -> None:
        anchor = datetime(2026, 6, 15, 9, tzinfo=LONDON)

        with pytest.raises(InvalidData, match=r"\$\.zone: .*'Atlantis/Capital'"):
            schedule_follow_ups(anchor, DEFAULT_FOLLOW_UP_PLAN, zone="Atlantis/Capital")

    def test_naive_anchor_is_rejected(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"\$\.anchor"):
            schedule_follow_ups(
                datetime(2026, 6, 1), DEFAULT_FOLLOW_UP_PLAN, zone="UTC"
            )

    def test_plan_must_be_a_plan(self) -> None:
        anchor = datetime(2026, 6, 15, 9, tzinfo=LONDON)

        with pytest.raises(InvalidData, match=r"\$\.plan"):
            schedule_follow_ups(anchor, DEFAULT_FOLLOW_UP_PLAN.steps, zone="UTC")  # type: ignore[arg-type]


def follow_up(due_days: float, done_days: float | None = None) -> FollowUp:
    return FollowUp(
        kind="check_in",
        set_at=T0,
        due=T0 + timedelta(days=due_days),
        done_at=None if done_days is None else T0 + timedelta(days=done_days),
    )


class TestOverdue:
    def test_a_follow_up_always_has_a_due_time(self) -> None:
        # Issue 14, defect 2: FollowUp(due=None) built, and then overdue,
        # Auditor.audit and dumps raised AttributeError on it.
        document = {**to_dict(follow_up(1)), "due": None}

        with pytest.raises(InvalidData, match=r"\$\.due"):
            FollowUp(kind="check_in", due=None)  # type: ignore[arg-type]
        with pytest.raises(InvalidData, match=r"\$\.due"):
            attrs.evolve(follow_up(1), due=None)
        with pytest.raises(InvalidData, match=r"\$\.due"):
            from_dict(FollowUp, document)

    def test_undone_follow_up_past_its_due_time_is_overdue(self) -> None:
        late = follow_up(1)

        assert overdue([late], as_of=T0 + timedelta(days=2)) == (late,)

    def test_follow_up_exactly_at_its_due_time_is_not_yet_overdue(self) -> None:
        result = overdue([follow_up(1)], as_of=T0 + timedelta(days=1))

        assert result == ()

    def test_done_follow_up_is_not_overdue(self) -> None:
        result = overdue([follow_up(1, done_days=0.5)], as_of=T0 + timedelta(days=9))

        assert result == ()

    def test_follow_up_done_after_as_of_was_still_overdue_then(self) -> None:
        done_late = follow_up(1, done_days=5)

        assert overdue([done_late], as_of=T0 + timedelta(days=3)) == (done_late,)

    def test_order_is_kept(self) -> None:
        items = [follow_up(3), follow_up(1), follow_up(9)]

        assert overdue(items, as_of=T0 + timedelta(days=4)) == (items[0], items[1])

    def test_items_must_be_follow_ups(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.follow_ups\[0\]"):
            overdue([T0], as_of=T0)  # type: ignore[list-item]

    def test_naive_as_of_is_rejected(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"\$\.as_of"):
            overdue([], as_of=datetime(2026, 6, 1))


ZONES = st.sampled_from(["UTC", "Europe/London", "America/New_York", "Asia/Kolkata"])
ANCHORS = aware_datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2039, 1, 1)
)


class TestSchedulingLaws:
    @given(ANCHORS, follow_up_plans(), ZONES)
    def test_every_step_is_due_after_the_anchor_in_the_zone(
        self, anchor: datetime, p: FollowUpPlan, zone: str
    ) -> None:
        scheduled = schedule_follow_ups(anchor, p, zone=zone)

        assert len(scheduled) == len(p.steps)
        for step, f in zip(p.steps, scheduled, strict=True):
            assert f.kind == step.kind
            assert f.set_at == anchor
            assert utc(f.due) > utc(anchor)
            assert f.due.tzinfo == ZoneInfo(zone)

    @given(ANCHORS, follow_up_plans(), ZONES)
    def test_a_plan_schedules_each_step_as_if_alone(
        self, anchor: datetime, p: FollowUpPlan, zone: str
    ) -> None:
        together = schedule_follow_ups(anchor, p, zone=zone)

        alone = [
            schedule_follow_ups(anchor, FollowUpPlan(steps=(s,)), zone=zone)[0]
            for s in p.steps
        ]

        assert list(together) == alone

    @given(ANCHORS, follow_up_plans(), ZONES)
    def test_due_is_the_local_anchor_plus_the_offset_unless_in_a_gap(
        self, anchor: datetime, p: FollowUpPlan, zone: str
    ) -> None:
        tz = ZoneInfo(zone)
        local = utc(anchor).astimezone(tz).replace(tzinfo=None)

        scheduled = schedule_follow_ups(anchor, p, zone=zone)

        for step, f in zip(p.steps, scheduled, strict=True):
            wanted = step.due_after(local)
            wall = f.due.replace(tzinfo=None)
            real = utc(wanted.replace(tzinfo=tz)).astimezone(tz).replace(tzinfo=None)
            if real == wanted:  # the wall time exists
                assert wall == wanted
            else:  # moved forward out of the gap
                assert timedelta(0) < wall - wanted <= timedelta(hours=2)


class TestOverdueLaws:
    @given(st.lists(follow_ups(), max_size=8), aware_datetimes(), st.integers(0, 10**6))
    def test_overdue_is_a_subset_and_a_done_follow_up_never_returns(
        self, items: list[FollowUp], as_of: datetime, later_s: int
    ) -> None:
        now = overdue(items, as_of=as_of)

        later = overdue(items, as_of=as_of + timedelta(seconds=later_s))

        assert all(f in items for f in now)
        for f in now:
            if f not in later:
                assert f.done_at is not None


class TestDateRangeEdges:
    def test_an_anchor_whose_local_date_is_out_of_range_is_refused(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.anchor: .*Asia/Kolkata"):
            schedule_follow_ups(LATE, DEFAULT_FOLLOW_UP_PLAN, zone="Asia/Kolkata")

    def test_a_step_due_after_the_year_9999_is_refused(self) -> None:
        step = FollowUpStep(kind="call", offset=relativedelta(days=1))
        plan = FollowUpPlan(steps=(step,))

        with pytest.raises(InvalidData, match=r"\$\.plan\.steps\[0\]\.offset: "):
            schedule_follow_ups(LATE, plan, zone="UTC")

    def test_an_as_of_whose_date_in_utc_is_out_of_range_is_refused(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.as_of: .*UTC"):
            overdue([], as_of=EARLY)

    def test_a_follow_up_whose_date_in_utc_is_out_of_range_is_refused(self) -> None:
        items = [FollowUp(kind="call", due=T0), FollowUp(kind="call", due=EARLY)]

        with pytest.raises(InvalidData, match=r"\$\.follow_ups\[1\]\.due: .*UTC"):
            overdue(items, as_of=T0)


def _rule_plan_document(rule: str) -> dict[str, object]:
    return {"$schema": "moments/1", "steps": [{"kind": "c", "offset": rule}]}


@contextmanager
def _dateutil_periods() -> Iterator[list[int]]:
    """Count the periods dateutil's rrule walks (one dayset per period)."""
    count = [0]
    originals = {
        name: getattr(_iterinfo, name)
        for name in ("ydayset", "mdayset", "wdayset", "ddayset")
    }

    def counting(original: Any) -> Any:
        def wrapper(*args: Any) -> Any:
            count[0] += 1
            return original(*args)

        return wrapper

    for name, original in originals.items():
        setattr(_iterinfo, name, counting(original))
    try:
        yield count
    finally:
        for name, original in originals.items():
            setattr(_iterinfo, name, original)


# The most periods a daily rule can walk in one bounded search (from the
# anchor moved to within RULE_HORIZON_YEARS + 400 years of the year 9999),
# plus the 400-year yearly pattern check.
_DAILY_SEARCH = 366 * (RULE_HORIZON_YEARS + 401)
_WORK_BOUND = 2 * _DAILY_SEARCH + 401


class TestRuleLimits:
    """A follow-up rule is checked when the step is built or loaded, and a
    schedule never searches without bound."""

    def refusal(self, rule: str) -> str:
        with pytest.raises(InvalidData) as caught:
            from_dict(FollowUpPlan, _rule_plan_document(rule))
        (line,) = caught.value.errors
        assert line.startswith("$.steps[0].offset: expected ")
        assert repr(rule) in line
        return line

    def test_a_rule_with_interval_zero_is_refused(self) -> None:
        line = self.refusal("FREQ=DAILY;INTERVAL=0")

        assert "INTERVAL a whole number of at least 1" in line

    def test_a_rule_whose_parts_never_match_a_date_is_refused_within_bounded_work(
        self,
    ) -> None:
        with _dateutil_periods() as periods:
            line = self.refusal("FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30")

        assert "an occurrence after its start" in line
        assert periods[0] <= _WORK_BOUND

    def test_a_month_day_below_minus_31_is_refused(self) -> None:
        line = self.refusal("FREQ=DAILY;BYMONTHDAY=-32")

        assert "BYMONTHDAY values in 1..31 or -31..-1" in line

    def test_a_week_number_above_53_is_refused(self) -> None:
        line = self.refusal("FREQ=WEEKLY;BYWEEKNO=54")

        assert "BYWEEKNO values in 1..53 or -53..-1" in line

    def test_byeaster_is_refused_as_not_rfc_5545(self) -> None:
        line = self.refusal("FREQ=DAILY;BYEASTER=99999999999")

        assert "BYEASTER is a dateutil extension" in line

    def test_a_weekday_ordinal_outside_53_is_refused(self) -> None:
        line = self.refusal("FREQ=MONTHLY;BYDAY=99999999999999999999MO")

        assert "ordinal in 1..53 or -53..-1" in line

    def test_a_set_position_past_what_a_period_holds_is_refused(self) -> None:
        line = self.refusal("FREQ=DAILY;BYHOUR=9,17;BYSETPOS=3")

        assert "at most 2 occurrences" in line

    def test_a_set_position_on_a_sub_daily_rule_is_refused(self) -> None:
        line = self.refusal("FREQ=SECONDLY;BYSETPOS=-366")

        assert "BYSETPOS only with FREQ=YEARLY, MONTHLY, WEEKLY or DAILY" in line

    def test_a_rule_whose_interval_skips_every_match_is_refused(self) -> None:
        line = self.refusal("FREQ=MONTHLY;INTERVAL=12;BYMONTH=2")

        assert f"within {RULE_HORIZON_YEARS} years" in line

    def test_a_rule_with_both_count_and_until_is_refused(self) -> None:
        line = self.refusal("FREQ=DAILY;COUNT=3;UNTIL=20300101T000000")

        assert "COUNT or UNTIL, not both" in line

    def test_an_until_that_is_not_an_rfc_5545_date_is_refused(self) -> None:
        line = self.refusal("FREQ=DAILY;UNTIL=2030")  # dateutil would guess the day

        assert "UNTIL a date YYYYMMDD or a local time YYYYMMDDTHHMMSS" in line

    def test_a_rule_is_checked_again_when_a_step_is_evolved(self) -> None:
        step = FollowUpStep(kind="c", offset="FREQ=DAILY")

        with pytest.raises(InvalidData, match=r"^\$\.offset: .*INTERVAL"):
            attrs.evolve(step, offset="FREQ=DAILY;INTERVAL=0")

    def test_a_rare_but_real_rule_is_kept(self) -> None:
        anchor = datetime(2026, 1, 1, tzinfo=UTC)

        result = dues(
            anchor, plan("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO"), "UTC"
        )

        assert result == ["2044-02-29T00:00:00+00:00"]

    def test_a_rule_that_misses_only_from_this_anchor_is_refused_in_bounded_work(
        self,
    ) -> None:
        rule = plan("FREQ=MONTHLY;BYMONTH=2")  # the 30th of February, from a 30th
        anchor = datetime(2, 1, 30, tzinfo=UTC)

        with _dateutil_periods() as periods, pytest.raises(InvalidData) as caught:
            schedule_follow_ups(anchor, rule, zone="UTC")

        assert caught.value.errors[0].startswith("$.plan.steps[0].offset: expected ")
        assert "an occurrence after 0002-01-30T00:00:00" in caught.value.errors[0]
        assert periods[0] <= 12 * (RULE_HORIZON_YEARS + 401)

    def test_the_search_from_year_one_finds_the_same_occurrence_as_dateutil(
        self,
    ) -> None:
        anchor = datetime(1, 3, 4, 5, 6)
        rule = "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,SA;BYHOUR=7"
        step = FollowUpStep(kind="c", offset=rule)

        expected = rrulestr(rule, dtstart=anchor).after(anchor, inc=False)

        assert step.due_after(anchor) == expected


_FREQ_NAMES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY")
_NUMBERS = st.one_of(st.integers(-400, 400), st.integers(-(10**20), 10**20), st.just(0))


@st.composite
def rrule_texts(draw: st.DrawFn) -> str:
    """RRULE strings drawn from RFC 5545's grammar, with values in and out
    of range (and now and then a name or a value that is not in it)."""
    parts = [
        "FREQ=" + draw(st.one_of(st.sampled_from(_FREQ_NAMES), st.just("FORTNIGHTLY")))
    ]
    names = draw(
        st.lists(
            st.sampled_from(
                [
                    "INTERVAL",
                    "COUNT",
                    "UNTIL",
                    "WKST",
                    "BYSECOND",
                    "BYMINUTE",
                    "BYHOUR",
                    "BYDAY",
                    "BYMONTHDAY",
                    "BYYEARDAY",
                    "BYWEEKNO",
                    "BYMONTH",
                    "BYSETPOS",
                    "BYEASTER",
                    "BYNOTHING",
                ]
            ),
            max_size=4,
            unique=True,
        )
    )
    for name in names:
        if name == "UNTIL":
            value = draw(st.sampled_from(["20300101T000000", "19990101", "2030"]))
        elif name == "WKST":
            value = draw(st.sampled_from(["MO", "SU", "XX"]))
        elif name == "BYDAY":
            days = draw(
                st.lists(
                    st.tuples(
                        st.one_of(st.none(), _NUMBERS),
                        st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]),
                    ),
                    min_size=1,
                    max_size=3,
                )
            )
            value = ",".join(f"{'' if n is None else n}{d}" for n, d in days)
        elif name in ("INTERVAL", "COUNT"):
            value = str(draw(st.one_of(st.integers(-1, 30), _NUMBERS)))
        else:
            value = ",".join(
                str(n) for n in draw(st.lists(_NUMBERS, min_size=1, max_size=3))
            )
        parts.append(f"{name}={value}")
    return ";".join(parts)


class TestRuleFuzzing:
    @given(
        rrule_texts(),
        st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9998, 1, 1)),
    )
    def test_any_rule_gives_a_schedule_or_invalid_data_in_bounded_work(
        self, rule: str, local: datetime
    ) -> None:
        anchor = local.replace(tzinfo=UTC)

        refused: InvalidData | None = None
        with _dateutil_periods() as periods:
            try:
                p = from_dict(FollowUpPlan, _rule_plan_document(rule))
                (f,) = schedule_follow_ups(anchor, p, zone="UTC")
            except InvalidData as error:
                refused = error

        if refused is None:
            assert utc(f.due) > anchor
        else:
            paths = ("$.steps[0].offset: ", "$.plan.steps[0].offset: ")
            assert all(line.startswith(paths) for line in refused.errors)
        assert periods[0] <= _WORK_BOUND

"""Strategies for the timing half: calendars, greeting standards and
policies, time targets, verdicts and follow-up plans."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

from moments.calendars import ALWAYS_OPEN, BusinessCalendar
from moments.followups import FollowUpPlan, FollowUpStep
from moments.interactions import Channel, PartyKind
from moments.strategies._base import ZONE_KEYS, _builds, interactions, recoveries
from moments.timeliness import (
    GreetingOutcome,
    GreetingPolicy,
    GreetingRule,
    GreetingStandard,
    GreetingVerdict,
    RecoveryReading,
    RecoveryStandard,
    ServiceLevel,
    TimeReading,
    TimeTarget,
    judge_greeting,
)
from moments.timeliness.greeting import GREETED

__all__ = [
    "business_calendars",
    "follow_up_plans",
    "follow_up_steps",
    "greeting_policies",
    "greeting_rules",
    "greeting_standards",
    "greeting_verdicts",
    "opening_hours",
    "recovery_readings",
    "recovery_standards",
    "service_levels",
    "time_readings",
    "time_targets",
]


def _clock(minute: int) -> time:
    """Minutes since midnight as a time; 1440 is midnight at the end of
    the day, written ``time(0)``."""
    return time(0) if minute == 1440 else time(minute // 60, minute % 60)


@st.composite
def _day(draw: st.DrawFn, step: int) -> tuple[tuple[time, time], ...]:
    cuts = draw(
        st.lists(
            st.integers(0, 1440 // step).map(lambda k: k * step),
            unique=True,
            max_size=6,
        )
    )
    cuts.sort()
    if len(cuts) % 2:
        cuts.pop()
    return tuple((_clock(cuts[i]), _clock(cuts[i + 1])) for i in range(0, len(cuts), 2))


def opening_hours(
    *, step_minutes: int = 15, min_open_days: int = 1
) -> st.SearchStrategy[dict[int, tuple[tuple[time, time], ...]]]:
    """Weekly opening hours: up to three intervals a day on a grid of
    ``step_minutes`` (which must divide 1440), at least ``min_open_days``
    days with some opening."""

    def enough(hours: dict[int, tuple[tuple[time, time], ...]]) -> bool:
        return sum(1 for day in hours.values() if day) >= min_open_days

    return st.dictionaries(st.integers(0, 6), _day(step_minutes), max_size=7).filter(
        enough
    )


def business_calendars(
    *, step_minutes: int = 15, min_open_days: int = 1, **pinned: Any
) -> st.SearchStrategy[BusinessCalendar]:
    """Business calendars in DST and non-DST zones, with holidays from
    2024 to 2028; open at least ``min_open_days`` days a week (pass 0 to
    allow calendars that are never open)."""
    fields: dict[str, Any] = {
        "zone": st.sampled_from(ZONE_KEYS),
        "hours": opening_hours(step_minutes=step_minutes, min_open_days=min_open_days),
        "holidays": st.frozensets(
            st.dates(date(2024, 1, 1), date(2028, 12, 31)), max_size=12
        ),
    }
    return _builds(BusinessCalendar, fields, pinned)


def _pair(
    max_seconds: int,
) -> st.SearchStrategy[tuple[timedelta, timedelta]]:
    return st.tuples(
        st.integers(0, max_seconds * 1000), st.integers(0, max_seconds * 1000)
    ).map(
        lambda ab: (
            timedelta(milliseconds=min(ab)),
            timedelta(milliseconds=max(ab)),
        )
    )


_calendars = st.just(ALWAYS_OPEN) | business_calendars()


def greeting_standards(**pinned: Any) -> st.SearchStrategy[GreetingStandard]:
    """Greeting standards (aspiration <= target), mostly 24/7."""

    @st.composite
    def draw(draw: st.DrawFn) -> GreetingStandard:
        aspiration, target = draw(_pair(4 * 3600))
        values: dict[str, Any] = {"aspiration": aspiration, "target": target}
        values["calendar"] = draw(_calendars)
        for name, value in pinned.items():
            values[name] = (
                draw(value) if isinstance(value, st.SearchStrategy) else value
            )
        return GreetingStandard(**values)

    return draw()


def greeting_rules(**pinned: Any) -> st.SearchStrategy[GreetingRule]:
    """Greeting rules covering some (or all) channels and party kinds."""
    fields: dict[str, Any] = {
        "standard": greeting_standards(),
        "channels": st.frozensets(st.sampled_from(Channel)),
        "party_kinds": st.frozensets(st.sampled_from(PartyKind)),
    }
    return _builds(GreetingRule, fields, pinned)


def greeting_policies(**pinned: Any) -> st.SearchStrategy[GreetingPolicy]:
    """Greeting policies with up to five rules and a default."""
    fields: dict[str, Any] = {
        "rules": st.lists(greeting_rules(), max_size=5).map(tuple),
        "default": greeting_standards(),
    }
    return _builds(GreetingPolicy, fields, pinned)


def greeting_verdicts(
    *, standard: Any = None, **pinned: Any
) -> st.SearchStrategy[GreetingVerdict]:
    """Verdicts of :func:`~moments.judge_greeting` on drawn interactions
    (pin interaction fields by keyword) against ``standard`` (drawn when
    not given)."""
    standards = (
        greeting_standards()
        if standard is None
        else standard
        if isinstance(standard, st.SearchStrategy)
        else st.just(standard)
    )
    return st.builds(judge_greeting, interactions(**pinned), standards)


def time_targets(**pinned: Any) -> st.SearchStrategy[TimeTarget]:
    """Time targets up to two days, with or without an aspiration."""

    @st.composite
    def draw(draw: st.DrawFn) -> TimeTarget:
        aspiration, target = draw(_pair(2 * 86400))
        values: dict[str, Any] = {
            "target": target,
            "aspiration": draw(st.sampled_from([None, aspiration])),
            "calendar": draw(_calendars),
        }
        for name, value in pinned.items():
            values[name] = (
                draw(value) if isinstance(value, st.SearchStrategy) else value
            )
        return TimeTarget(**values)

    return draw()


_offsets = st.one_of(
    st.builds(
        relativedelta,
        months=st.integers(0, 12),
        days=st.integers(0, 60),
        hours=st.integers(0, 23),
    ).filter(lambda r: bool(r)),
    st.sampled_from(
        [
            "FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0;BYSECOND=0",
            "FREQ=DAILY;INTERVAL=3",
            "FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=30;BYSECOND=0",
        ]
    ),
)


def follow_up_steps(**pinned: Any) -> st.SearchStrategy[FollowUpStep]:
    """Follow-up steps: forward relativedeltas or recurrence rules."""
    fields: dict[str, Any] = {
        "kind": st.sampled_from(["thank_you", "check_in", "satisfaction_call"]),
        "offset": _offsets,
    }
    return _builds(FollowUpStep, fields, pinned)


def follow_up_plans(**pinned: Any) -> st.SearchStrategy[FollowUpPlan]:
    """Follow-up plans of up to four steps."""
    fields: dict[str, Any] = {
        "steps": st.lists(follow_up_steps(), max_size=4).map(tuple),
    }
    return _builds(FollowUpPlan, fields, pinned)


_T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)


def time_readings() -> st.SearchStrategy[TimeReading]:
    """Readings of 24/7 time targets at some minute around their start."""
    return st.builds(
        lambda target, minute: target.read(_T0, as_of=_T0 + timedelta(minutes=minute)),
        time_targets(calendar=ALWAYS_OPEN),
        st.integers(-10, 5000),
    )


def recovery_standards(**pinned: Any) -> st.SearchStrategy[RecoveryStandard]:
    """Recovery standards: an acknowledge and a resolve target."""
    fields: dict[str, Any] = {
        "acknowledge": time_targets(calendar=ALWAYS_OPEN),
        "resolve": time_targets(calendar=ALWAYS_OPEN),
    }
    return _builds(RecoveryStandard, fields, pinned)


def recovery_readings() -> st.SearchStrategy[RecoveryReading]:
    """Readings of drawn recoveries against drawn standards."""
    return st.builds(
        lambda standard, recovery, minute: standard.read(
            recovery, as_of=recovery.failure_at + timedelta(minutes=minute)
        ),
        recovery_standards(),
        recoveries(),
        st.integers(-10, 5000),
    )


@st.composite
def _service_level(draw: st.DrawFn) -> ServiceLevel:
    counts = draw(st.dictionaries(st.sampled_from(GreetingOutcome), st.integers(0, 50)))
    greeted = sum(counts.get(o, 0) for o in GREETED)
    waits: list[timedelta | None] = [None, None, None]
    if greeted:
        waits = sorted(
            draw(st.lists(_pair(600).map(lambda p: p[1]), min_size=3, max_size=3))
        )  # type: ignore[assignment]
    return ServiceLevel(
        counts=counts,
        exclude_early_leavers=draw(st.booleans()),
        p50=waits[0],
        p90=waits[1],
        p95=waits[2],
    )


def service_levels() -> st.SearchStrategy[ServiceLevel]:
    """Service levels with consistent counts and ordered percentiles."""
    return _service_level()

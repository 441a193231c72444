"""Follow-ups: the promises made after a visit, scheduled from one anchor.

A :class:`FollowUpPlan` lists steps (a thank-you the next day, a check-in
after a week, a satisfaction call after a month). Each step is an offset
from the anchor, either a :class:`~dateutil.relativedelta.relativedelta`
or an RFC 5545 recurrence rule, and is applied in the *local* time of the
person's zone: "one month later" is the same wall-clock time a calendar
month on. Every step is computed from the anchor, never from the step
before, so Jan 31 + 1 month is Feb 28 (or 29) and + 2 months is Mar 31.
A local time that does not exist (inside a spring-forward gap) is moved
forward by the length of the gap; an ambiguous one (inside the autumn
fold) is its first occurrence.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule, rrulestr
from dateutil.tz import resolve_imaginary

from moments import _validate as v
from moments._arguments import iterate, wrong_item
from moments._time import (
    first_out_of_range,
    load_zone,
    out_of_range,
    require_aware,
    utc,
    utc_of,
)
from moments.errors import InvalidData
from moments.interactions import FollowUp

__all__ = [
    "DEFAULT_FOLLOW_UP_PLAN",
    "FollowUpPlan",
    "FollowUpStep",
    "overdue",
    "schedule_follow_ups",
]

_RELATIVE = ("years", "months", "days", "hours", "minutes", "seconds", "microseconds")
_ABSOLUTE = (
    "year",
    "month",
    "day",
    "weekday",
    "hour",
    "minute",
    "second",
    "microsecond",
)
# Rules run on the anchor's local wall clock (a naive tzinfo-free start, as
# RFC 5545 floating time), so a rule is checked against one too.
_PROBE = datetime(2000, 1, 1)


def _parse_rule(text: str, anchor: datetime) -> rrule:
    parsed = rrulestr(text, dtstart=anchor)
    if type(parsed) is not rrule:
        raise ValueError("several rules")
    return parsed


def _check_offset(instance: Any, attribute: Any, value: Any) -> None:
    if type(value) is relativedelta:
        if any(getattr(value, f) < 0 for f in _RELATIVE) or not (
            any(getattr(value, f) for f in _RELATIVE)
            or any(getattr(value, f) is not None for f in _ABSOLUTE)
        ):
            raise InvalidData.field(
                "offset",
                "a relativedelta that moves forward (no negative parts)",
                value,
            )
        return
    if type(value) is str and value.strip():
        if "DTSTART" in value.upper():
            raise InvalidData.field(
                "offset",
                "an RRULE without DTSTART (the anchor is the start)",
                value,
            )
        try:
            _parse_rule(value, _PROBE)
        except (ValueError, TypeError, KeyError, IndexError) as error:
            raise InvalidData.field(
                "offset",
                "one RFC 5545 recurrence rule, e.g. 'FREQ=WEEKLY;BYDAY=MO;"
                "BYHOUR=10;BYMINUTE=0;BYSECOND=0'",
                value,
                f"the parser said: {error}",
            ) from None
        return
    raise InvalidData.field(
        "offset", "a dateutil relativedelta or an RRULE string", value
    )


@attrs.frozen(kw_only=True)
class FollowUpStep:
    """One promised follow-up, timed from the anchor.

    Args:
        kind: what it is, e.g. ``"thank_you"`` (becomes
            :attr:`FollowUp.kind <moments.FollowUp.kind>`).
        offset: a :class:`~dateutil.relativedelta.relativedelta` applied to
            the anchor's local wall-clock time (forward only), or an RFC 5545
            ``RRULE`` string whose first occurrence strictly after the
            anchor (as ``DTSTART``) is the due time, e.g. the next Monday at
            10:00 is ``"FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0;BYSECOND=0"``.

    Raises:
        InvalidData: an empty kind, a negative relativedelta, or a rule that
            does not parse (or carries its own ``DTSTART``).
    """

    kind: str = attrs.field(validator=v.non_empty_str)
    offset: relativedelta | str = attrs.field(validator=_check_offset)

    def due_after(self, local_anchor: datetime) -> datetime:
        """The naive local due time for a naive local anchor.

        Raises:
            InvalidData: a rule with no occurrence after the anchor.
        """
        if isinstance(self.offset, relativedelta):
            return local_anchor + self.offset
        due = _parse_rule(self.offset, local_anchor).after(local_anchor, inc=False)
        if due is None:
            raise InvalidData.field(
                "offset",
                f"a rule with an occurrence after {local_anchor.isoformat()}",
                self.offset,
            )
        return due


def _is_step(item: object) -> bool:
    return type(item) is FollowUpStep


@attrs.frozen(kw_only=True)
class FollowUpPlan:
    """The follow-ups to promise after an interaction.

    Example:
        >>> from datetime import UTC, datetime
        >>> visit_ended = datetime(2026, 1, 31, 15, 0, tzinfo=UTC)
        >>> for f in schedule_follow_ups(visit_ended, DEFAULT_FOLLOW_UP_PLAN,
        ...                              zone="Europe/London"):
        ...     print(f.kind, f.due.isoformat())
        thank_you 2026-02-01T15:00:00+00:00
        check_in 2026-02-07T15:00:00+00:00
        satisfaction_call 2026-03-02T15:00:00+00:00
    """

    steps: tuple[FollowUpStep, ...] = attrs.field(
        converter=v.as_tuple, validator=v.tuple_of(_is_step, "FollowUpStep")
    )


DEFAULT_FOLLOW_UP_PLAN = FollowUpPlan(
    steps=(
        FollowUpStep(kind="thank_you", offset=relativedelta(days=1)),
        FollowUpStep(kind="check_in", offset=relativedelta(days=7)),
        FollowUpStep(kind="satisfaction_call", offset=relativedelta(days=30)),
    )
)
"""A thank-you the next day, a check-in after a week, a satisfaction call
after 30 days, all at the anchor's local time of day."""


def schedule_follow_ups(
    anchor: datetime, plan: FollowUpPlan, *, zone: str
) -> tuple[FollowUp, ...]:
    """The follow-ups of ``plan``, each due at its offset from ``anchor``.

    Every step is applied to the anchor's wall-clock time in ``zone`` (not
    chained from the previous step). A due time in a spring-forward gap is
    moved forward by the gap (:func:`dateutil.tz.resolve_imaginary`); one in
    the autumn fold is its first occurrence. Each follow-up is set at the
    anchor and due in ``zone``.

    Args:
        anchor: when the promise was made (usually the end of the visit).
        plan: the steps.
        zone: the IANA zone whose local time the offsets use (the
            person's, or the shop's).

    Returns:
        One :class:`~moments.FollowUp` per step, in plan order.

    Raises:
        NaiveDatetimeError: ``anchor`` has no time zone.
        InvalidData: an unknown zone, a plan that is not a
            :class:`FollowUpPlan`, a step whose due time is not after the
            anchor, or a date (of the anchor or a due time) in UTC or in
            ``zone`` outside years 1-9999.

    Example:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> plan = FollowUpPlan(steps=(
        ...     FollowUpStep(kind="call", offset=relativedelta(days=1)),))
        >>> anchor = datetime(2026, 3, 28, 1, 30, tzinfo=ZoneInfo("Europe/London"))
        >>> (call,) = schedule_follow_ups(anchor, plan, zone="Europe/London")
        >>> call.due.isoformat()  # 01:30 does not exist on the 29th
        '2026-03-29T02:30:00+01:00'
    """
    require_aware("anchor", anchor)
    if type(plan) is not FollowUpPlan:
        raise InvalidData.field("plan", "a FollowUpPlan", plan)
    tz = load_zone(zone)
    try:
        local = utc(anchor).astimezone(tz).replace(tzinfo=None)
    except OverflowError:
        raise out_of_range("anchor", anchor, zone) from None
    scheduled = []
    for index, step in enumerate(plan.steps):
        try:
            due = resolve_imaginary(step.due_after(local).replace(tzinfo=tz, fold=0))
            early = utc(due) <= utc(anchor)
        except InvalidData:
            raise
        except (OverflowError, ValueError):  # dateutil: "year 10000 is out of range"
            raise InvalidData.field(
                f"plan.steps[{index}].offset",
                f"a due time whose date in UTC and in {zone} is within years 1-9999",
                step.offset,
            ) from None
        if early:
            raise InvalidData(
                f"$.plan.steps[{index}].offset: expected a due time after the "
                f"anchor {anchor.isoformat()}, got {due.isoformat()}"
            )
        scheduled.append(FollowUp(kind=step.kind, due=due, set_at=anchor))
    return tuple(scheduled)


def overdue(follow_ups: Iterable[FollowUp], *, as_of: datetime) -> tuple[FollowUp, ...]:
    """The follow-ups due before ``as_of`` and not done by then.

    A follow-up is overdue strictly after its due time; one done after
    ``as_of`` was still outstanding at ``as_of`` and counts.

    Args:
        follow_ups: the follow-ups to check.
        as_of: the instant to check at.

    Returns:
        The overdue ones, in the order given.

    Raises:
        InvalidArgument: ``follow_ups`` is not an iterable.
        NaiveDatetimeError: ``as_of`` has no time zone.
        InvalidData: an item is not a :class:`~moments.FollowUp`, or
            ``as_of`` or an item's time has its date in UTC outside years
            1-9999.
    """
    now = utc_of("as_of", as_of)
    late = []
    for index, item in enumerate(iterate("follow_ups", follow_ups, "FollowUp")):
        if type(item) is not FollowUp:
            raise wrong_item("follow_ups", index, "a FollowUp", item)
        try:
            done = item.done_at is not None and utc(item.done_at) <= now
            if not done and utc(item.due) < now:
                late.append(item)
        except OverflowError:
            raise first_out_of_range(
                "UTC",
                (f"follow_ups[{index}].done_at", item.done_at),
                (f"follow_ups[{index}].due", item.due),
            ) from None
    return tuple(late)

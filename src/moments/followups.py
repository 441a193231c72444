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

import re
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

#: A rule's first occurrence must fall in a year at most this many after
#: the anchor's (and before the year 10000); a rule that would need longer is
#: refused rather than searched for.
RULE_HORIZON_YEARS = 100
# The Gregorian calendar repeats every 400 years (146,097 days, a whole
# number of weeks), and so does every rule without BYEASTER: a search is
# moved a whole number of cycles towards the year 9999, where dateutil's
# own iteration stops, so that even a rule that never occurs ends after at
# most RULE_HORIZON_YEARS + 400 years of periods.
_CYCLE_YEARS = 400
_LAST_SEARCH_YEAR = 9999 - RULE_HORIZON_YEARS - 1

_FREQS = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY")
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_INT = re.compile(r"[+-]?[0-9]{1,9}", re.ASCII)
_UNTIL = re.compile(r"[0-9]{8}(T[0-9]{6}Z?)?", re.ASCII)
_DAY = re.compile(r"([+-]?[0-9]{1,9})?(MO|TU|WE|TH|FR|SA|SU)", re.ASCII)
#: The BYxxx parts of RFC 5545 (section 3.3.10) with their value ranges:
#: (lowest, highest, whether negative values count from the end).
_RANGES: dict[str, tuple[int, int, bool]] = {
    "BYSECOND": (0, 59, False),
    "BYMINUTE": (0, 59, False),
    "BYHOUR": (0, 23, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (1, 366, True),
}
_DAY_FILTERS = ("BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYDAY")


def _span_text(name: str) -> str:
    low, high, negative = _RANGES[name]
    if negative:
        return f"{name} values in {low}..{high} or -{high}..-{low}"
    return f"{name} values in {low}..{high}"


def _check_rule_text(text: str) -> tuple[str, str] | None:
    """The first grammar or range problem of a one-line RRULE, as
    ``(expected, the part that arrived)``, or ``None``. Only ASCII digits
    and short numbers get as far as ``int``, so nothing here is slow."""
    body = text.strip().upper()
    if body.startswith("RRULE:"):
        body = body[len("RRULE:") :]
    if "\n" in body or "\r" in body or ":" in body:
        return "one RFC 5545 recurrence rule on one line", text
    seen: dict[str, str] = {}
    for part in body.split(";"):
        name, equals, value = part.partition("=")
        if not equals or not value:
            return "NAME=VALUE parts separated by ';'", part
        if name in seen:
            return f"each part at most once ({name} twice)", part
        seen[name] = value
        if name == "FREQ":
            if value not in _FREQS:
                return "FREQ one of " + ", ".join(_FREQS), part
        elif name in ("INTERVAL", "COUNT"):
            if not _INT.fullmatch(value) or int(value) < 1:
                return f"{name} a whole number of at least 1", part
        elif name == "WKST":
            if value not in _WEEKDAYS:
                return "WKST one of " + ", ".join(_WEEKDAYS), part
        elif name == "UNTIL":
            # dateutil parses the date; a UTC UNTIL is refused there.
            if not _UNTIL.fullmatch(value):
                return "UNTIL a date YYYYMMDD or a local time YYYYMMDDTHHMMSS", part
        elif name == "BYDAY":
            for item in value.split(","):
                day = _DAY.fullmatch(item)
                if day is None or (
                    day.group(1) is not None and not 1 <= abs(int(day.group(1))) <= 53
                ):
                    return (
                        "BYDAY weekdays MO..SU, each optionally after an "
                        "ordinal in 1..53 or -53..-1",
                        part,
                    )
        elif name in _RANGES:
            low, high, negative = _RANGES[name]
            for item in value.split(","):
                number = int(item) if _INT.fullmatch(item) else None
                if number is None or not (
                    low <= number <= high or (negative and -high <= number <= -low)
                ):
                    return _span_text(name), part
        elif name == "BYEASTER":
            return "RFC 5545 parts (BYEASTER is a dateutil extension)", part
        else:
            return (
                "RFC 5545 parts: FREQ, INTERVAL, COUNT, UNTIL, WKST, BYSECOND, "
                "BYMINUTE, BYHOUR, BYDAY, BYMONTHDAY, BYYEARDAY, BYWEEKNO, "
                "BYMONTH, BYSETPOS",
                part,
            )
    if "FREQ" not in seen:
        return "a FREQ part", text
    if "BYSETPOS" in seen:
        return _check_setpos(seen)
    if "COUNT" in seen and "UNTIL" in seen:
        return "COUNT or UNTIL, not both", text
    return None


#: The most days one period of a YEARLY ... DAILY rule can hold.
_PERIOD_DAYS = {"YEARLY": 366, "MONTHLY": 31, "WEEKLY": 7, "DAILY": 1}


def _check_setpos(parts: dict[str, str]) -> tuple[str, str] | None:
    """BYSETPOS picks among one period's occurrences, so a position past
    the most a period can hold never matches; sub-daily periods are
    refused (a per-second walk would be unbounded)."""
    part = f"BYSETPOS={parts['BYSETPOS']}"
    if parts["FREQ"] not in _PERIOD_DAYS:
        return "BYSETPOS only with FREQ=YEARLY, MONTHLY, WEEKLY or DAILY", part
    times = 1
    for name in ("BYHOUR", "BYMINUTE", "BYSECOND"):
        if name in parts:
            times *= len(set(parts[name].split(",")))
    most = _PERIOD_DAYS[parts["FREQ"]] * times
    if any(abs(int(p)) > most for p in parts["BYSETPOS"].split(",")):
        return (
            f"BYSETPOS positions within the at most {most} occurrences one "
            f"FREQ={parts['FREQ']} period of this rule holds",
            part,
        )
    return None


def _parse_rule(text: str, anchor: datetime) -> rrule:
    parsed = rrulestr(text, dtstart=anchor)
    if type(parsed) is not rrule:
        raise ValueError("several rules")
    return parsed


def _shifted(moment: datetime, years: int) -> datetime:
    # 400-year shifts keep 29 February a real date.
    return moment.replace(year=moment.year + years)


def _first_after(
    rule: rrule, anchor: datetime, *, until: bool = True
) -> datetime | None:
    """The first occurrence of ``rule`` strictly after the naive local
    ``anchor`` (its start) within :data:`RULE_HORIZON_YEARS`, or ``None``.

    The search runs from the anchor moved a whole number of 400-year cycles
    towards the year 9999 (the same occurrences, shifted), so dateutil's
    walk meets its end of time after a bounded number of periods even for
    a rule that never occurs. ``until=False`` ignores the rule's UNTIL.
    """
    cycles = max(0, (_LAST_SEARCH_YEAR - anchor.year) // _CYCLE_YEARS)
    shift = cycles * _CYCLE_YEARS
    start = _shifted(anchor, shift)
    # dateutil keeps the parsed UNTIL only in a private attribute.
    limit: datetime | None = vars(rule).get("_until")
    if not until or limit is None or limit.year + shift > 9999:
        limit = None
    else:
        limit = _shifted(limit, shift)
    probe = rule.replace(dtstart=start, until=limit)
    due = probe.after(start, inc=False)
    if due is None:
        return None
    due = _shifted(due, -shift)
    if due.year - anchor.year > RULE_HORIZON_YEARS:
        return None
    return due


def _pattern_exists(text: str) -> bool:
    """Whether the date filters of a WEEKLY-or-finer rule (which take no
    date defaults from the start, and ignore BYDAY ordinals) match some
    date. Checked as one YEARLY rule over one whole 400-year cycle, a few
    hundred of dateutil's periods instead of one per day."""
    parts = dict(p.partition("=")[::2] for p in _body(text).split(";"))
    if parts["FREQ"] in ("YEARLY", "MONTHLY"):
        return True
    if not any(name in parts for name in _DAY_FILTERS):
        return True
    skeleton = ["FREQ=YEARLY"]
    for name in ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "WKST"):
        if name in parts:
            skeleton.append(f"{name}={parts[name]}")
    if "BYDAY" in parts:
        days = {_DAY.fullmatch(d).group(2) for d in parts["BYDAY"].split(",")}  # type: ignore[union-attr]
        skeleton.append("BYDAY=" + ",".join(sorted(days)))
    start = datetime(9999 - _CYCLE_YEARS, 1, 1)
    return (
        rrulestr(";".join(skeleton), dtstart=start).after(start, inc=True) is not None
    )


def _body(text: str) -> str:
    body = text.strip().upper()
    return body[len("RRULE:") :] if body.startswith("RRULE:") else body


_RULE_EXAMPLE = "e.g. 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0;BYSECOND=0'"


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
        problem = _check_rule_text(value)
        if problem is not None:
            expected, part = problem
            raise InvalidData.field(
                "offset",
                f"one RFC 5545 recurrence rule with {expected}",
                value,
                f"the part {part!r} is not; {_RULE_EXAMPLE}",
            )
        try:
            rule = _parse_rule(value, _PROBE)
            found = _pattern_exists(value) and (
                _first_after(rule, _PROBE, until=False) is not None
            )
        except (ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
            raise InvalidData.field(
                "offset",
                f"one RFC 5545 recurrence rule, {_RULE_EXAMPLE}",
                value,
                f"the parser said: {error}",
            ) from None
        if not found:
            raise InvalidData.field(
                "offset",
                "a rule with an occurrence after its start within "
                f"{RULE_HORIZON_YEARS} years (its parts never all match a date, "
                "or only the start itself)",
                value,
            )
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
            does not parse (or carries its own ``DTSTART``), has a part
            outside its RFC 5545 range (``INTERVAL`` below 1, ``BYMONTHDAY``
            outside ±1..31, ...), uses ``BYEASTER`` (a dateutil extension),
            a ``BYSETPOS`` on a rule finer than daily or past what one
            period holds, or has no occurrence after its start within
            :data:`RULE_HORIZON_YEARS` years. The check takes bounded work.
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
        due = _first_after(_parse_rule(self.offset, local_anchor), local_anchor)
        if due is None:
            raise InvalidData.field(
                "offset",
                f"a rule with an occurrence after {local_anchor.isoformat()} "
                f"within {RULE_HORIZON_YEARS} years",
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
        except InvalidData as error:
            raise InvalidData(error.rebased(f"$.plan.steps[{index}]")) from None
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

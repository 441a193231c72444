"""Time targets and their readings, and the recovery standard (public
through :mod:`moments.timeliness`)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import attrs

from moments import _validate as v
from moments._time import (
    first_out_of_range,
    optional_aware,
    out_of_range,
    require_aware,
    utc,
)
from moments.calendars import ALWAYS_OPEN, BusinessCalendar, NeverOpen
from moments.errors import InvalidData
from moments.interactions import Recovery

__all__ = [
    "DEFAULT_RECOVERY_STANDARD",
    "Pause",
    "RecoveryReading",
    "RecoveryStandard",
    "TimeReading",
    "TimeTarget",
    "TimerStatus",
]

_ZERO = timedelta(0)

Pause = tuple[datetime, datetime | None]
"""A stretch during which a clock does not run: ``(start, end)``, with
``end=None`` for a pause still going on."""


class TimerStatus(enum.Enum):
    """Where a clock stands."""

    RUNNING = "running"
    """Started, not stopped, within the target so far."""
    PAUSED = "paused"
    """Inside a pause, within the target so far."""
    ACHIEVED = "achieved"
    """Stopped within the target (exactly the target counts)."""
    BREACHED = "breached"
    """More than the target has elapsed, stopped or not."""


def _duration_error(instance: Any, attribute: Any, value: Any) -> Exception:
    return InvalidData.field(attribute.name, "a non-negative timedelta", value)


non_negative_duration = v.declare(
    v.Check(
        exact=timedelta,
        test="{value} < {ZERO}",
        names={"ZERO": _ZERO},
        error=_duration_error,
    ),
    "non_negative_duration",
)
"""attrs validator: a ``timedelta`` >= 0 (a wait, a target, counted time);
``v.optional(non_negative_duration)`` also takes ``None``."""


def _aspiration(instance: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    non_negative_duration(instance, attribute, value)
    target = instance.target
    if type(target) is timedelta and value > target:
        raise InvalidData.field(
            "aspiration",
            f"at most the target {target!r}",
            value,
            "the aspiration is the stricter goal, the target the limit",
        )


_calendar = v.instance_of(BusinessCalendar, "a BusinessCalendar")


def _reading_agrees(instance: Any, attribute: Any, value: Any) -> None:
    """A breached clock has nothing left; an achieved or paused one has no
    breach time (attrs runs this after every field has passed its own
    check)."""
    status = instance.status
    if status is TimerStatus.BREACHED and instance.remaining:
        raise InvalidData.field(
            "remaining", "timedelta(0) for a BREACHED clock", instance.remaining
        )
    if status in (TimerStatus.ACHIEVED, TimerStatus.PAUSED) and (
        instance.breach_at is not None
    ):
        raise InvalidData.field(
            "breach_at", f"None for a {status.name} clock", instance.breach_at
        )


@attrs.frozen(kw_only=True)
class TimeReading:
    """A clock read at one instant.

    Attributes:
        status: running, paused, achieved or breached.
        elapsed: counted time (business time on the target's calendar,
            pauses left out).
        remaining: time left before the target, never negative.
        breach_at: when the target is reached if the clock keeps running
            (``RUNNING``), or was reached (``BREACHED``); ``None`` when
            ``ACHIEVED`` or ``PAUSED`` (it depends on when the pause ends),
            when a known pause without an end comes before the target is
            reached, or when the calendar never opens again.
        aspiration_met: ``elapsed <= aspiration``, or ``None`` without an
            aspiration.
    """

    status: TimerStatus = attrs.field(validator=v.enum_of(TimerStatus))
    elapsed: timedelta = attrs.field(validator=non_negative_duration)
    remaining: timedelta = attrs.field(validator=non_negative_duration)
    breach_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    aspiration_met: bool | None = attrs.field(
        default=None, validator=v.all_of(v.optional(v.strict_bool), _reading_agrees)
    )


@attrs.frozen(kw_only=True)
class TimeTarget:
    """A deadline measured as elapsed time on a calendar.

    Args:
        target: the limit; reaching it exactly is still achieved.
        aspiration: an optional stricter goal, at most ``target``.
        calendar: when the clock runs (default 24/7).

    Raises:
        InvalidData: a negative duration or an aspiration above the target.

    Example:
        >>> from datetime import UTC, datetime, timedelta
        >>> t0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
        >>> reading = TimeTarget(target=timedelta(minutes=15)).read(
        ...     t0, stop=t0 + timedelta(minutes=15), as_of=t0 + timedelta(hours=1))
        >>> reading.status, reading.remaining
        (<TimerStatus.ACHIEVED: 'achieved'>, datetime.timedelta(0))
    """

    target: timedelta = attrs.field(validator=non_negative_duration)
    aspiration: timedelta | None = attrs.field(default=None, validator=_aspiration)
    calendar: BusinessCalendar = attrs.field(default=ALWAYS_OPEN, validator=_calendar)

    def read(
        self,
        start: datetime,
        *,
        stop: datetime | None = None,
        pauses: Iterable[Pause] = (),
        as_of: datetime,
    ) -> TimeReading:
        """Read the clock that started at ``start`` as of ``as_of``.

        Counted time is elapsed time on the calendar from ``start`` to
        ``stop`` (or to ``as_of`` while not stopped), minus the pauses. A
        ``stop`` after ``as_of`` is not known yet: the clock still runs. A
        clock that stops and later restarts (a case reopened, a ticket
        waiting on the customer) is one clock with a pause from the stop
        to the restart, and ``stop`` is the last stop. Pauses may overlap
        (they are merged) and are clipped to the running time. When
        ``as_of`` is before ``start`` the clock has not started: elapsed is
        zero and the status ``RUNNING``.

        Args:
            start: when the clock started.
            stop: when it stopped, if it has.
            pauses: ``(start, end)`` pairs; ``end=None`` is a pause still
                going on.
            as_of: when the clock is read.

        Returns:
            The :class:`TimeReading`.

        Raises:
            NaiveDatetimeError: a datetime without a time zone.
            InvalidData: ``stop`` before ``start``, a pause that ends before
                it begins, a malformed pause, or a time whose date in UTC or
                in the calendar's zone is outside years 1-9999.
        """
        require_aware("start", start)
        require_aware("as_of", as_of)
        if stop is not None:
            require_aware("stop", stop)
            try:
                backwards = utc(stop) < utc(start)
            except OverflowError:
                raise first_out_of_range(
                    self.calendar.zone, ("start", start), ("stop", stop)
                ) from None
            if backwards:
                raise InvalidData.field(
                    "stop", f"a time at or after start {start.isoformat()}", stop
                )
        merged = _merge(pauses)
        try:
            return self._read(start, stop, merged, as_of)
        except OverflowError:
            raise first_out_of_range(
                self.calendar.zone,
                ("start", start),
                ("stop", stop),
                ("as_of", as_of),
                *(("pauses", t) for pause in merged for t in pause),
            ) from None

    def _read(
        self,
        start: datetime,
        stop: datetime | None,
        merged: list[Pause],
        as_of: datetime,
    ) -> TimeReading:
        """:meth:`read` on checked arguments and merged pauses.

        Raises:
            OverflowError: a time out of range in UTC or in the zone.
        """
        target = self.target
        if utc(as_of) <= utc(start):
            return self._reading(TimerStatus.RUNNING, _ZERO, start, merged)
        stopped = stop is not None and utc(stop) <= utc(as_of)
        end = stop if stopped and stop is not None else as_of
        runs = _active(start, end, merged)
        counted = sum((self.calendar._open_time(a, b) for a, b in runs), _ZERO)
        if counted > target:
            return self._reading(TimerStatus.BREACHED, counted, start, merged)
        if stopped:
            return self._reading(TimerStatus.ACHIEVED, counted, start, merged)
        u = utc(as_of)
        paused = any(utc(p) <= u and (q is None or u < utc(q)) for p, q in merged)
        status = TimerStatus.PAUSED if paused else TimerStatus.RUNNING
        return self._reading(status, counted, start, merged)

    def _reading(
        self,
        status: TimerStatus,
        counted: timedelta,
        start: datetime,
        pauses: list[Pause],
    ) -> TimeReading:
        breach_at = None
        if status in (TimerStatus.RUNNING, TimerStatus.BREACHED):
            breach_at = self._deadline(start, pauses)
        return TimeReading(
            status=status,
            elapsed=counted,
            remaining=max(self.target - counted, _ZERO),
            breach_at=breach_at,
            aspiration_met=None
            if self.aspiration is None
            else counted <= self.aspiration,
        )

    def _deadline(self, start: datetime, pauses: list[Pause]) -> datetime | None:
        """When counted time reaches the target, running from ``start``
        through the known pauses; ``None`` if a pause never ends first."""
        left, cursor, calendar = self.target, start, self.calendar
        try:
            for p, q in pauses:
                if q is not None and utc(q) <= utc(cursor):
                    continue  # over before the clock got here
                if utc(p) > utc(cursor):
                    span = calendar._open_time(cursor, p)
                    if span >= left:
                        return calendar.add(cursor, left)
                    left -= span
                if q is None:
                    return None
                cursor = q
            return calendar.add(cursor, left)
        except NeverOpen:
            return None  # the clock never runs again: no deadline


def _merge(pauses: Iterable[Pause]) -> list[Pause]:
    """Validate pauses, sort them and merge the overlapping ones."""
    given: object = pauses  # callers may pass anything; check it
    if not isinstance(given, Iterable) or isinstance(given, str | bytes):
        raise InvalidData.field("pauses", "an iterable of (start, end) pairs", pauses)
    checked: list[Pause] = []
    for index, pause in enumerate(pauses):
        name = f"pauses[{index}]"
        if type(pause) is not tuple or len(pause) != 2:
            raise InvalidData.field(name, "a (start, end or None) pair", pause)
        p, q = pause
        require_aware(f"{name}[0]", p)
        if q is not None:
            require_aware(f"{name}[1]", q)
        for k, t in enumerate(pause):
            try:
                if t is not None:
                    utc(t)  # sorted and merged in UTC below
            except OverflowError:
                raise out_of_range(f"{name}[{k}]", t) from None
        if q is not None and utc(q) < utc(p):
            raise InvalidData.field(
                f"{name}[1]", f"a time at or after {p.isoformat()}", q
            )
        checked.append((p, q))
    checked.sort(key=lambda pq: utc(pq[0]))
    merged: list[Pause] = []
    for p, q in checked:
        if merged:
            last_p, last_q = merged[-1]
            if last_q is None:
                break  # an open pause swallows everything after it
            if utc(p) <= utc(last_q):
                merged[-1] = (
                    last_p,
                    q if q is None or utc(q) > utc(last_q) else last_q,
                )
                continue
        merged.append((p, q))
    return merged


def _active(
    start: datetime, end: datetime, pauses: list[Pause]
) -> list[tuple[datetime, datetime]]:
    """``[start, end)`` minus the (sorted, merged) pauses."""
    runs: list[tuple[datetime, datetime]] = []
    cursor = start
    for p, q in pauses:
        if utc(p) >= utc(end):
            break
        if utc(p) > utc(cursor):
            runs.append((cursor, p))
        if q is None:
            return runs
        if utc(q) > utc(cursor):
            cursor = q
    if utc(cursor) < utc(end):
        runs.append((cursor, end))
    return runs


@attrs.frozen(kw_only=True)
class RecoveryReading:
    """Both clocks of a recovery, read at one instant."""

    acknowledge: TimeReading = attrs.field(
        validator=v.instance_of(TimeReading, "a TimeReading")
    )
    resolve: TimeReading = attrs.field(
        validator=v.instance_of(TimeReading, "a TimeReading")
    )


@attrs.frozen(kw_only=True)
class RecoveryStandard:
    """How fast something that went wrong must be put right: acknowledged
    within ``acknowledge``, resolved within ``resolve``, both from the
    failure.

    Example:
        >>> from datetime import UTC, datetime, timedelta
        >>> from moments import Recovery
        >>> t0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
        >>> r = Recovery(failure_at=t0, acknowledged_at=t0 + timedelta(minutes=20))
        >>> reading = DEFAULT_RECOVERY_STANDARD.read(r, as_of=t0 + timedelta(hours=1))
        >>> reading.acknowledge.status, reading.resolve.status
        (<TimerStatus.BREACHED: 'breached'>, <TimerStatus.RUNNING: 'running'>)
    """

    acknowledge: TimeTarget = attrs.field(
        factory=lambda: TimeTarget(target=timedelta(minutes=15)),
        validator=v.instance_of(TimeTarget, "a TimeTarget"),
    )
    resolve: TimeTarget = attrs.field(
        factory=lambda: TimeTarget(target=timedelta(hours=24)),
        validator=v.instance_of(TimeTarget, "a TimeTarget"),
    )

    def read(self, recovery: Recovery, *, as_of: datetime) -> RecoveryReading:
        """Read both clocks of ``recovery`` as of ``as_of``.

        Args:
            recovery: the recovery record; its failure starts both clocks.
            as_of: when the clocks are read.

        Returns:
            The acknowledge and resolve readings.

        Raises:
            InvalidData: ``recovery`` is not a :class:`~moments.Recovery`,
                or a time whose date in UTC or in a calendar's zone is
                outside years 1-9999.
            NaiveDatetimeError: ``as_of`` has no time zone.
        """
        if type(recovery) is not Recovery:
            raise InvalidData.field("recovery", "a Recovery", recovery)
        readings = []
        for target, stop, name in (
            (self.acknowledge, recovery.acknowledged_at, "acknowledged_at"),
            (self.resolve, recovery.resolved_at, "resolved_at"),
        ):
            try:
                readings.append(
                    target.read(recovery.failure_at, stop=stop, as_of=as_of)
                )
            except InvalidData as err:  # only a time out of range: rename it
                raise type(err)(
                    line.replace("$.start:", "$.recovery.failure_at:", 1).replace(
                        "$.stop:", f"$.recovery.{name}:", 1
                    )
                    for line in err.errors
                ) from None
        return RecoveryReading(acknowledge=readings[0], resolve=readings[1])


DEFAULT_RECOVERY_STANDARD = RecoveryStandard()
"""Acknowledge within 15 minutes, resolve within 24 hours, around the
clock."""

"""Service level: greeting verdicts summarised (public through
:mod:`moments.timeliness`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

import attrs

from moments import _validate as v
from moments._arguments import iterate, wrong_item
from moments._frozenmap import FrozenMap
from moments._limits import MAX_DIGITS
from moments.errors import InvalidData
from moments.timeliness.greeting import (
    GREETED,
    WITHIN,
    GreetingOutcome,
    GreetingVerdict,
)
from moments.timeliness.timers import non_negative_duration

__all__ = ["ServiceLevel", "service_level"]


def _percentile(ordered: list[timedelta], percent: int) -> timedelta | None:
    """Nearest rank: the smallest wait with at least ``percent`` % of the
    waits at or below it."""
    if not ordered:
        return None
    rank = -(-percent * len(ordered) // 100)
    return ordered[max(rank, 1) - 1]


def _counts(value: Any) -> Any:
    if isinstance(value, Mapping) and not isinstance(value, FrozenMap):
        return FrozenMap(value)
    return value


def _check_counts(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, FrozenMap) or any(
        type(k) is not GreetingOutcome
        or type(n) is not int
        or n < 0
        or not v.fits_digits(n)
        for k, n in value.items()
    ):
        raise InvalidData.field(
            "counts",
            f"a mapping of GreetingOutcome to counts >= 0 of at most {MAX_DIGITS} "
            "digits",
            value,
        )


_opt_wait = v.optional(non_negative_duration)


def _percentiles_agree(instance: Any, attribute: Any, value: Any) -> None:
    """The percentiles are all given or all ``None`` (counts alone), none
    when nobody was greeted, and in order (attrs runs this after every field
    has passed its own check)."""
    waits = {"p50": instance.p50, "p90": instance.p90, "p95": value}
    if all(wait is None for wait in waits.values()):
        return
    if not sum(instance.counts.get(o, 0) for o in GREETED):
        name, wait = next((n, w) for n, w in waits.items() if w is not None)
        raise InvalidData.field(name, "None when nobody was greeted", wait)
    for name, wait in waits.items():
        if wait is None:
            raise InvalidData.field(name, "a wait, as the other percentiles", wait)
    if not instance.p50 <= instance.p90 <= value:
        raise InvalidData(
            f"$.p90: expected p50 <= p90 <= p95, got {instance.p50!r}, "
            f"{instance.p90!r}, {value!r}"
        )


@attrs.frozen(kw_only=True)
class ServiceLevel:
    """A summary of greeting verdicts.

    Attributes:
        counts: verdicts per outcome (every outcome present, read-only).
        exclude_early_leavers: whether ``LEFT_BEFORE_TARGET`` was left out
            of the eligible verdicts.
        p50, p90, p95: nearest-rank percentiles of the waits of the people
            who were greeted (``PROMPT``, ``ON_TIME``, ``LATE``); ``None``
            when nobody was (or, built from counts alone, not known).

    Raises:
        InvalidData: a count that is not an integer >= 0, a negative
            percentile, some percentiles without the others, percentiles
            with nobody greeted, or percentiles out of order.
    """

    counts: Mapping[GreetingOutcome, int] = attrs.field(
        converter=_counts, validator=_check_counts
    )
    exclude_early_leavers: bool = attrs.field(default=True, validator=v.strict_bool)
    p50: timedelta | None = attrs.field(default=None, validator=_opt_wait)
    p90: timedelta | None = attrs.field(default=None, validator=_opt_wait)
    p95: timedelta | None = attrs.field(
        default=None, validator=v.all_of(_opt_wait, _percentiles_agree)
    )

    @property
    def total(self) -> int:
        """All verdicts counted."""
        return sum(self.counts.values())

    @property
    def eligible(self) -> int:
        """Verdicts that count towards the share: all but ``UNKNOWN`` and,
        when excluded, ``LEFT_BEFORE_TARGET``."""
        out = self.counts.get(GreetingOutcome.UNKNOWN, 0)
        if self.exclude_early_leavers:
            out += self.counts.get(GreetingOutcome.LEFT_BEFORE_TARGET, 0)
        return self.total - out

    @property
    def within_target(self) -> int:
        """Verdicts greeted within the target (``PROMPT`` or ``ON_TIME``)."""
        return sum(self.counts.get(o, 0) for o in WITHIN)

    @property
    def share(self) -> float | None:
        """``within_target / eligible``, or ``None`` when nothing is
        eligible."""
        eligible = self.eligible
        return self.within_target / eligible if eligible else None


def service_level(
    verdicts: Iterable[GreetingVerdict], *, exclude_early_leavers: bool = True
) -> ServiceLevel:
    """Summarise greeting verdicts: the share greeted within target, the
    counts per outcome and the wait percentiles.

    ``UNKNOWN`` verdicts are never eligible. People who left before the
    target are left out by default (they were not failed); with
    ``exclude_early_leavers=False`` they count as not served in time.

    Args:
        verdicts: the verdicts, e.g. from :func:`judge_greeting`.
        exclude_early_leavers: leave ``LEFT_BEFORE_TARGET`` out.

    Returns:
        The :class:`ServiceLevel`; its ``share`` is ``None`` when nothing is
        eligible.

    Raises:
        InvalidArgument: ``verdicts`` is not an iterable.
        InvalidData: an item is not a :class:`GreetingVerdict`.

    Example:
        >>> from datetime import timedelta
        >>> from moments import GreetingStandard
        >>> s = GreetingStandard()
        >>> level = service_level([
        ...     GreetingVerdict(outcome=GreetingOutcome.PROMPT,
        ...                     wait=timedelta(seconds=3), standard=s),
        ...     GreetingVerdict(outcome=GreetingOutcome.LATE,
        ...                     wait=timedelta(seconds=12), standard=s),
        ... ])
        >>> level.share, level.p50
        (0.5, datetime.timedelta(seconds=3))
    """
    if type(exclude_early_leavers) is not bool:
        raise InvalidData.field(
            "exclude_early_leavers", "True or False", exclude_early_leavers
        )
    counts = dict.fromkeys(GreetingOutcome, 0)
    waits: list[timedelta] = []
    for index, verdict in enumerate(iterate("verdicts", verdicts, "GreetingVerdict")):
        if type(verdict) is not GreetingVerdict:
            raise wrong_item("verdicts", index, "a GreetingVerdict", verdict)
        counts[verdict.outcome] += 1
        if verdict.outcome in GREETED and verdict.wait is not None:
            waits.append(verdict.wait)
    waits.sort()
    return ServiceLevel(
        counts=counts,
        exclude_early_leavers=exclude_early_leavers,
        p50=_percentile(waits, 50),
        p90=_percentile(waits, 90),
        p95=_percentile(waits, 95),
    )

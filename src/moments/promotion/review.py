"""Relationship health: is a client still coming, at risk, or lapsed?

Private: re-exported by :mod:`moments.promotion`.
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Iterable
from datetime import datetime
from itertools import pairwise
from typing import Any

import attrs

from moments import _validate as v
from moments._arguments import iterate, wrong_item
from moments._ordered import OrderedEnum, ranked
from moments._time import before, load_zone, out_of_range, utc, utc_of
from moments.errors import InvalidData
from moments.interactions import Interaction
from moments.parties import Client

__all__ = ["RelationshipReview", "RelationshipStatus", "review_relationship"]

#: Fallback thresholds (days) for clients with fewer than 3 visit days.
NEW_AT_RISK = 90
NEW_LAPSED = 180
#: Multiples of the client's usual gap, and the floors (days) below which a
#: short usual gap does not raise the alarm.
AT_RISK_GAPS = 2
LAPSED_GAPS = 4
MIN_AT_RISK = 14
MIN_LAPSED = 30


@ranked
class RelationshipStatus(OrderedEnum):
    """How a relationship is doing: ``ACTIVE < AT_RISK < LAPSED``."""

    ACTIVE = "active"
    AT_RISK = "at_risk"
    LAPSED = "lapsed"


_NEXT = {
    RelationshipStatus.ACTIVE: "keep in touch: follow up as usual after each visit",
    RelationshipStatus.AT_RISK: (
        "follow up now: call or write to check in and invite them back"
    ),
    RelationshipStatus.LAPSED: (
        "recovery call: ask what changed and whether something went wrong"
    ),
}


def _gap_error(instance: Any, attribute: Any, value: Any) -> Exception:
    return InvalidData.field(attribute.name, "a finite float >= 0 or None", value)


# ``not value <= MOST`` also refuses NaN, which compares false with anything.
_check_gap = v.declare(
    v.Check(
        exact=float,
        nullable=True,
        test="{value} < 0 or not {value} <= {MOST}",
        names={"MOST": sys.float_info.max},
        error=_gap_error,
    ),
    "usual_gap_days",
)
"""``None``, or a finite float >= 0: ``dumps`` writes only finite
numbers (JSON has no infinity or NaN)."""


@attrs.frozen(kw_only=True)
class RelationshipReview:
    """A client's relationship health as of one instant.

    ``days_since_last_visit`` is ``None`` when the client has no visit yet
    (then the review counts from ``since``); ``usual_gap_days`` is ``None``
    with fewer than 3 visit days. ``reason`` explains the status in words and
    ``next_step`` suggests what to do.
    """

    status: RelationshipStatus = attrs.field(validator=v.enum_of(RelationshipStatus))
    days_since_last_visit: int | None = attrs.field(
        validator=v.optional(v.strict_int(0))
    )
    usual_gap_days: float | None = attrs.field(validator=_check_gap)
    visit_days: int = attrs.field(validator=v.strict_int(0))
    reason: str = attrs.field(validator=v.non_empty_str)
    next_step: str = attrs.field(validator=v.non_empty_str)


def _days(n: float) -> str:
    text = f"{n:g}"
    return f"{text} day" if n == 1 else f"{text} days"


def review_relationship(
    client: Client,
    interactions: Iterable[Interaction],
    *,
    as_of: datetime,
    zone: str = "UTC",
) -> RelationshipReview:
    """Review a client's relationship health as of ``as_of``.

    Visit days are the distinct local dates (in ``zone``) of the client's
    interactions (``party_id == client.id``) up to ``as_of``. The client's
    *usual gap* is the median gap in days between consecutive visit days.

    * With 3 or more visit days: ``AT_RISK`` once the days since the last
      visit exceed twice the usual gap (and at least 14 days), ``LAPSED`` once
      they exceed four times it (and at least 30 days).
    * With fewer (a new client): ``AT_RISK`` after 90 days, ``LAPSED`` after
      180 days; with no visit at all the days are counted from ``since``.

    Internal clients follow the same rules. The review never changes the
    client: a lapsed client is flagged, not demoted.

    Example:
        >>> from datetime import datetime, UTC
        >>> ada = Client(id="c-1", name="Ada", since=datetime(2026, 1, 1, tzinfo=UTC))
        >>> may = datetime(2026, 5, 1, tzinfo=UTC)
        >>> review = review_relationship(ada, [], as_of=may)
        >>> review.status, review.days_since_last_visit
        (<RelationshipStatus.AT_RISK: 'at_risk'>, None)

    Raises:
        InvalidArgument: ``interactions`` is not an iterable.
        InvalidData: ``client`` is not a Client, a bad zone or item, or a
            time (``as_of``, ``client.since``, a visit's arrival up to
            ``as_of``) whose date in UTC or in ``zone`` is outside years
            1-9999.
        NaiveDatetimeError: ``as_of`` has no time zone.
    """
    if not isinstance(client, Client):
        raise InvalidData.field("client", "a Client", client)
    now = utc_of("as_of", as_of)
    tz = load_zone(zone)
    days = set()
    for index, item in enumerate(iterate("interactions", interactions, "Interaction")):
        if type(item) is not Interaction:
            raise wrong_item("interactions", index, "an Interaction", item)
        if item.party_id != client.id:
            continue
        try:
            if utc(item.arrived_at) <= now:
                days.add(item.arrived_at.astimezone(tz).date())
        except OverflowError:
            # In the year 10000 in UTC is after as_of: not a visit yet.
            if not before(now, item.arrived_at):
                name = f"interactions[{index}].arrived_at"
                raise out_of_range(name, item.arrived_at, zone) from None
    try:
        today = now.astimezone(tz).date()
    except OverflowError:
        raise out_of_range("as_of", as_of, zone) from None
    visits = sorted(days)
    gap: float | None = None
    if visits:
        quiet = (today - visits[-1]).days
        since_text = f"{_days(quiet)} since the last visit"
    else:
        try:
            became = client.since.astimezone(tz).date()
        except OverflowError:
            raise out_of_range("client.since", client.since, zone) from None
        quiet = max((today - became).days, 0)
        since_text = f"no visit yet, {_days(quiet)} since becoming a client"
    if len(visits) >= 3:
        gap = float(
            statistics.median(
                b.toordinal() - a.toordinal() for a, b in pairwise(visits)
            )
        )
        risk = max(AT_RISK_GAPS * gap, MIN_AT_RISK)
        lapse = max(LAPSED_GAPS * gap, MIN_LAPSED)
        basis = f"their usual gap is {_days(gap)}"
    else:
        risk, lapse = NEW_AT_RISK, NEW_LAPSED
        basis = "a new client (fewer than 3 visit days)"
    if quiet > lapse:
        status = RelationshipStatus.LAPSED
        limit = f"more than {_days(lapse)}"
    elif quiet > risk:
        status = RelationshipStatus.AT_RISK
        limit = f"more than {_days(risk)}"
    else:
        status = RelationshipStatus.ACTIVE
        limit = f"within {_days(risk)}"
    return RelationshipReview(
        status=status,
        days_since_last_visit=quiet if visits else None,
        usual_gap_days=gap,
        visit_days=len(visits),
        reason=f"{since_text}, {limit}; {basis}",
        next_step=_NEXT[status],
    )

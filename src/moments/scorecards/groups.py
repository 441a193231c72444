"""Grouping audits into scorecards: by staff, location, channel, party
kind, day or any key. Public through :mod:`moments.scorecards`."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import date, tzinfo
from typing import TypeVar

import attrs

from moments._arguments import iterate, wrong_item, wrong_type
from moments._time import load_zone, out_of_range, zone_name
from moments.checklists.audits import Audit
from moments.errors import InvalidData
from moments.interactions import Channel, Feedback, PartyKind
from moments.scorecards.card import Scorecard
from moments.scorecards.tally import Tally, sort_key

__all__ = [
    "by_channel",
    "by_day",
    "by_location",
    "by_party_kind",
    "by_staff",
    "scorecards_by",
]

K = TypeVar("K", bound=Hashable)


def scorecards_by(
    audits: Iterable[Audit],
    key: Callable[[Audit], K],
    *,
    feedback: Iterable[Feedback] = (),
) -> dict[K, Scorecard]:
    """One scorecard per group of audits, in a stable key order.

    Args:
        audits: any iterable of audits (streamed once).
        key: the group of an audit, e.g. :func:`by_staff`,
            :func:`by_location`, :func:`by_channel`, :func:`by_party_kind`,
            ``by_day("Europe/London")`` or any function.
        feedback: goes to the group(s) of the audits of its
            ``interaction_id``; feedback on an interaction with no audit
            belongs to no group and is left out.

    Returns:
        ``{key: Scorecard}``, keys ordered ``None`` first, then enum
        members in declaration order, then by value.

    Raises:
        InvalidArgument: ``audits`` or ``feedback`` is not an iterable, or
            ``key`` is not callable.
        InvalidData: an item is not an Audit or a Feedback.
    """
    stream = iterate("audits", audits, "Audit")
    if not callable(key):
        raise wrong_type("key", "a function of an Audit", key)
    feedback = tuple(iterate("feedback", feedback, "Feedback"))
    tallies: dict[K, Tally] = {}
    owners: dict[str, list[K]] = {}
    for index, audit in enumerate(stream):
        if type(audit) is not Audit:
            raise wrong_item("audits", index, "an Audit", audit)
        group = key(audit)
        tally = tallies.get(group)
        if tally is None:
            tally = tallies[group] = Tally()
        tally.add_audits((audit,))
        if feedback:
            groups = owners.setdefault(audit.interaction_id, [])
            if group not in groups:
                groups.append(group)
    for index, fb in enumerate(feedback):
        if type(fb) is not Feedback:
            raise wrong_item("feedback", index, "a Feedback", fb)
        for group in owners.get(fb.interaction_id, ()):
            tallies[group].add_feedback((fb,))
    return {
        group: Scorecard._of(tallies[group]) for group in sorted(tallies, key=sort_key)
    }


# The group keys run once per audit: reading the field and turning a
# failed read into the error costs nothing when the read succeeds (a type
# check up front would cost every audit).


def by_staff(audit: Audit) -> str | None:
    """Group key: the staff member audited (``None`` if not recorded).

    Raises:
        InvalidArgument: ``audit`` is not an Audit.
    """
    try:
        return audit.staff_id
    except AttributeError:
        raise wrong_type("audit", "an Audit", audit) from None


def by_location(audit: Audit) -> str | None:
    """Group key: the location (``None`` if not recorded).

    Raises:
        InvalidArgument: ``audit`` is not an Audit.
    """
    try:
        return audit.location_id
    except AttributeError:
        raise wrong_type("audit", "an Audit", audit) from None


def by_channel(audit: Audit) -> Channel:
    """Group key: the channel.

    Raises:
        InvalidArgument: ``audit`` is not an Audit.
    """
    try:
        return audit.channel
    except AttributeError:
        raise wrong_type("audit", "an Audit", audit) from None


def by_party_kind(audit: Audit) -> PartyKind:
    """Group key: customer or client.

    Raises:
        InvalidArgument: ``audit`` is not an Audit.
    """
    try:
        return audit.party_kind
    except AttributeError:
        raise wrong_type("audit", "an Audit", audit) from None


@attrs.frozen
class _LocalDay:
    """The group key ``by_day`` makes: picklable, so Dask workers can use
    it."""

    zone: tzinfo

    def __call__(self, audit: Audit) -> date:
        try:
            return audit.as_of.astimezone(self.zone).date()
        except OverflowError:
            raise out_of_range("as_of", audit.as_of, zone_name(self.zone)) from None


def by_day(zone: tzinfo | str) -> Callable[[Audit], date]:
    """Group key maker: the local calendar day of the audit's ``as_of``
    in ``zone`` (an IANA key or a tzinfo).

    Raises:
        InvalidData: ``zone`` is not a tzinfo or a known IANA key; the key
            raises it for an audit whose ``as_of`` has its date in UTC or in
            ``zone`` outside years 1-9999.

    Example:
        >>> by_day("Asia/Tokyo")
        _LocalDay(zone=zoneinfo.ZoneInfo(key='Asia/Tokyo'))
    """
    if isinstance(zone, str):
        zone = load_zone(zone)
    elif not isinstance(zone, tzinfo):
        raise InvalidData.field("zone", "a tzinfo or an IANA time zone key", zone)
    return _LocalDay(zone)

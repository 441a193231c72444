"""Service interactions and the evidence of each Moment of Truth.

An :class:`Interaction` is one visit, call, chat or email: when the person
arrived, who served them, and one optional evidence record per moment
(greeting, information collected, the offer, delivery against expectation,
goodbye, follow-up, recovery). Checklists score these records.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Any

import attrs

from moments import _html
from moments import _validate as v
from moments._ordered import OrderedEnum, ranked
from moments._time import aware, elapsed, optional_aware
from moments.parties import Purchase

__all__ = [
    "Channel",
    "Delivery",
    "Expectation",
    "Feedback",
    "FollowUp",
    "Goodbye",
    "Greeting",
    "InfoField",
    "Information",
    "Interaction",
    "Moment",
    "Offer",
    "PartyKind",
    "Recovery",
    "WowCard",
]


class Channel(enum.Enum):
    """Where the interaction happens."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    CHAT = "chat"
    EMAIL = "email"
    ONLINE = "online"


class PartyKind(enum.Enum):
    """Whom we are serving: a customer (transactional) or a client."""

    CUSTOMER = "customer"
    CLIENT = "client"


@ranked
class Moment(OrderedEnum):
    """The Seven Moments of Truth, in the order they happen."""

    GREETING = "greeting"
    COLLECTING_INFORMATION = "collecting_information"
    STORYTELLING = "storytelling"
    DELIVERY = "delivery"
    GOODBYE = "goodbye"
    FOLLOW_UP = "follow_up"
    RECOVERY = "recovery"


@ranked
class Expectation(OrderedEnum):
    """How delivery compared with what the person expected:
    ``BELOW < MET < EXCEEDED``."""

    BELOW = "below"
    MET = "met"
    EXCEEDED = "exceeded"


class InfoField(enum.Enum):
    """Kinds of information staff can collect about the person."""

    NAME = "name"
    EMAIL = "email"
    PHONE = "phone"
    POSTAL_CODE = "postal_code"
    REASON_FOR_VISIT = "reason_for_visit"
    LIKES = "likes"
    DISLIKES = "dislikes"
    PLANS = "plans"
    PERSONAL = "personal"


_opt_str = v.optional(v.non_empty_str)
_fields = v.frozenset_of(v.enum_of(InfoField), "InfoField members")


@attrs.frozen(kw_only=True)
class Greeting:
    """The first moment: when the person was acknowledged, by whom, and
    whether by name."""

    at: datetime = attrs.field(validator=aware)
    used_name: bool = attrs.field(default=False, validator=v.strict_bool)
    by: str | None = attrs.field(default=None, validator=_opt_str)


@attrs.frozen(kw_only=True)
class Information:
    """What was collected, and whether staff probed beyond the first
    answer."""

    collected: frozenset[InfoField] = attrs.field(
        default=frozenset(), converter=v.as_frozenset, validator=_fields
    )
    probed: bool = attrs.field(default=False, validator=v.strict_bool)


@attrs.frozen(kw_only=True)
class Offer:
    """Storytelling: the offer, and what it was built on (about them, not
    about us)."""

    based_on: frozenset[InfoField] = attrs.field(
        default=frozenset(), converter=v.as_frozenset, validator=_fields
    )
    accepted: bool | None = attrs.field(
        default=None, validator=v.optional(v.strict_bool)
    )


@attrs.frozen(kw_only=True)
class Delivery:
    """Delivery against what the person expected."""

    expectation: Expectation = attrs.field(validator=v.enum_of(Expectation))


@attrs.frozen(kw_only=True)
class Goodbye:
    """The goodbye: when, whether they were thanked, whether by name."""

    at: datetime = attrs.field(validator=aware)
    thanked: bool = attrs.field(validator=v.strict_bool)
    used_name: bool = attrs.field(default=False, validator=v.strict_bool)


def _not_before(other: str) -> Any:
    """Validator: an optional aware datetime not earlier than field
    ``other`` of the same record (a bad ``other`` is reported by its own
    validator)."""
    return v.all_of(optional_aware, v.not_before(other))


@attrs.frozen(kw_only=True)
class FollowUp:
    """A promised follow-up (thank-you note, check-in call...): due when,
    set when, done when.

    Done early is fine (``done_at`` before ``due``); done before it was set
    is not.
    """

    kind: str = attrs.field(validator=v.non_empty_str)
    due: datetime = attrs.field(validator=v.all_of(aware, v.not_before("set_at")))
    done_at: datetime | None = attrs.field(
        default=None, validator=_not_before("set_at")
    )
    set_at: datetime | None = attrs.field(default=None, validator=optional_aware)


@attrs.frozen(kw_only=True)
class Recovery:
    """Putting right something that went wrong: when it failed, when it was
    acknowledged and resolved, by whom, with which steps."""

    failure_at: datetime = attrs.field(validator=aware)
    acknowledged_at: datetime | None = attrs.field(
        default=None, validator=_not_before("failure_at")
    )
    resolved_at: datetime | None = attrs.field(
        default=None, validator=_not_before("failure_at")
    )
    owner_id: str | None = attrs.field(default=None, validator=_opt_str)
    steps: frozenset[str] = attrs.field(
        default=frozenset(),
        converter=v.as_frozenset,
        validator=v.frozenset_of(v.is_str, "non-empty strings"),
    )


def _record(cls: type, stamp: str | None = None) -> Any:
    """Validator: ``None`` or a ``cls`` record; with ``stamp``, that
    record's time must not be before the interaction's arrival."""
    kind = v.optional(v.type_is(cls, f"a {cls.__name__} or None"))
    if stamp is None:
        return kind
    return v.all_of(kind, v.not_before("arrived_at", at=stamp))


@attrs.frozen(kw_only=True)
class Interaction:
    """One service interaction and the evidence of its moments.

    Every time is timezone-aware; nothing can happen before ``arrived_at``
    (a greeting, goodbye, recovery or end before it is rejected).

    Example:
        >>> from datetime import datetime, timedelta, UTC
        >>> t0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
        >>> visit = Interaction(
        ...     id="i-1", channel=Channel.IN_PERSON, party_kind=PartyKind.CLIENT,
        ...     arrived_at=t0, greeting=Greeting(at=t0 + timedelta(seconds=4)),
        ... )
        >>> visit.greeting_wait
        datetime.timedelta(seconds=4)
    """

    id: str = attrs.field(validator=v.non_empty_str)
    channel: Channel = attrs.field(validator=v.enum_of(Channel))
    arrived_at: datetime = attrs.field(validator=aware)
    party_kind: PartyKind = attrs.field(validator=v.enum_of(PartyKind))
    party_id: str | None = attrs.field(default=None, validator=_opt_str)
    staff_id: str | None = attrs.field(default=None, validator=_opt_str)
    location_id: str | None = attrs.field(default=None, validator=_opt_str)
    ended_at: datetime | None = attrs.field(
        default=None, validator=_not_before("arrived_at")
    )
    greeting: Greeting | None = attrs.field(
        default=None, validator=_record(Greeting, "at")
    )
    information: Information | None = attrs.field(
        default=None, validator=_record(Information)
    )
    offer: Offer | None = attrs.field(default=None, validator=_record(Offer))
    delivery: Delivery | None = attrs.field(default=None, validator=_record(Delivery))
    goodbye: Goodbye | None = attrs.field(
        default=None, validator=_record(Goodbye, "at")
    )
    follow_up: FollowUp | None = attrs.field(default=None, validator=_record(FollowUp))
    recovery: Recovery | None = attrs.field(
        default=None, validator=_record(Recovery, "failure_at")
    )
    purchase: Purchase | None = attrs.field(default=None, validator=_record(Purchase))

    @property
    def greeting_wait(self) -> timedelta | None:
        """Absolute time from arrival to greeting, or ``None`` if not
        greeted."""
        if self.greeting is None:
            return None
        return elapsed(self.arrived_at, self.greeting.at)

    @property
    def latest(self) -> datetime:
        """The latest moment something was recorded as happening (the
        default ``as_of`` for audits).

        Deadlines are not events: a follow-up's ``due`` time does not count
        (its ``set_at`` and ``done_at`` do), so an audit made right after the
        visit finds a follow-up not yet due rather than already missed.
        """
        stamps = [self.arrived_at]
        for stamp in (
            self.ended_at,
            self.greeting.at if self.greeting else None,
            self.goodbye.at if self.goodbye else None,
        ):
            if stamp is not None:
                stamps.append(stamp)
        if self.follow_up is not None:
            f = self.follow_up
            stamps.extend(s for s in (f.set_at, f.done_at) if s is not None)
        if self.recovery is not None:
            r = self.recovery
            stamps.extend(
                s for s in (r.failure_at, r.acknowledged_at, r.resolved_at) if s
            )
        if self.purchase is not None:
            stamps.append(self.purchase.at)
        return max(stamps, key=lambda s: elapsed(self.arrived_at, s))

    def _repr_html_(self) -> str:
        """The interaction as an HTML table for notebooks, one row per
        field, evidence records flattened (``greeting.at``)."""
        return _html.record(self, f"Interaction {self.id}")


@attrs.frozen(kw_only=True)
class WowCard:
    """Recognition: a person names the staff member who exceeded their
    expectations, and says how. Celebrated, never scored."""

    staff_id: str = attrs.field(validator=v.non_empty_str)
    story: str = attrs.field(validator=v.non_empty_str)
    moment: Moment | None = attrs.field(
        default=None, validator=v.optional(v.enum_of(Moment))
    )


@attrs.frozen(kw_only=True)
class Feedback:
    """What the person told us afterwards: CSAT (1-5), NPS (0-10), and
    optionally a wow card."""

    interaction_id: str = attrs.field(validator=v.non_empty_str)
    at: datetime = attrs.field(validator=aware)
    csat: int | None = attrs.field(
        default=None, validator=v.optional(v.strict_int(1, 5))
    )
    nps: int | None = attrs.field(
        default=None, validator=v.optional(v.strict_int(0, 10))
    )
    wow: WowCard | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(WowCard, "a WowCard or None"))
    )

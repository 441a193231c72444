"""The greeting standard's types and its hot path (public through
:mod:`moments.timeliness`)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime, time, timedelta, timezone
from typing import Any

import attrs

from moments import _validate as v
from moments._arguments import wrong_type
from moments._time import elapsed, first_out_of_range, require_aware
from moments._trusted import builder
from moments.calendars import ALWAYS_OPEN, BusinessCalendar
from moments.errors import InvalidData
from moments.interactions import Channel, Interaction, PartyKind
from moments.timeliness.timers import non_negative_duration

__all__ = [
    "BUSINESS_HOURS_UTC",
    "DEFAULT_GREETING_POLICY",
    "GREETED",
    "WITHIN",
    "GreetingOutcome",
    "GreetingPolicy",
    "GreetingRule",
    "GreetingStandard",
    "GreetingVerdict",
    "judge",
]


class GreetingOutcome(enum.Enum):
    """How a greeting measured up against its standard."""

    PROMPT = "prompt"
    """Greeted within the aspiration."""
    ON_TIME = "on_time"
    """Greeted after the aspiration, within the target."""
    LATE = "late"
    """Greeted after the target."""
    NOT_GREETED = "not_greeted"
    """Never greeted, and waited longer than the target."""
    LEFT_BEFORE_TARGET = "left_before_target"
    """Left unserved before the target had passed."""
    UNKNOWN = "unknown"
    """Cannot be judged yet (still waiting, no ``as_of``)."""

    @property
    def within_target(self) -> bool:
        """True for ``PROMPT`` and ``ON_TIME``."""
        return self in WITHIN


WITHIN = frozenset({GreetingOutcome.PROMPT, GreetingOutcome.ON_TIME})
"""The outcomes within target."""
GREETED = frozenset({*WITHIN, GreetingOutcome.LATE})
"""The outcomes of people who were greeted."""


def _not_below_aspiration(instance: Any, attribute: Any, value: Any) -> None:
    non_negative_duration(instance, attribute, value)
    if instance.aspiration > value:
        raise InvalidData.field(
            "aspiration",
            f"at most the target {value!r}",
            instance.aspiration,
            "the aspiration is the stricter goal, the target the limit",
        )


_calendar = v.instance_of(BusinessCalendar, "a BusinessCalendar")


@attrs.frozen(kw_only=True)
class GreetingStandard:
    """How soon a person must be acknowledged: an aspiration and a target.

    Both are inclusive (exactly the target is on time). Waits are measured
    as elapsed time on ``calendar``: absolute time with the default
    :data:`~moments.calendars.ALWAYS_OPEN`, business time otherwise.

    Args:
        aspiration: what we aim for (default 5 s).
        target: the limit (default 10 s); at least ``aspiration``.
        calendar: when the clock runs.

    Raises:
        InvalidData: a negative duration, or an aspiration above the target.

    Example:
        >>> from datetime import timedelta
        >>> GreetingStandard(target=timedelta(seconds=10)).aspiration
        datetime.timedelta(seconds=5)
    """

    aspiration: timedelta = attrs.field(
        default=timedelta(seconds=5), validator=non_negative_duration
    )
    target: timedelta = attrs.field(
        default=timedelta(seconds=10), validator=_not_below_aspiration
    )
    calendar: BusinessCalendar = attrs.field(default=ALWAYS_OPEN, validator=_calendar)
    _always: bool = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_always", self.calendar.always_open)

    def judge(
        self, interaction: Interaction, *, as_of: datetime | None = None
    ) -> GreetingVerdict:
        """Judge ``interaction`` against this standard.

        See :func:`moments.timeliness.judge_greeting` for every case.

        Raises:
            NaiveDatetimeError: ``as_of`` has no time zone.
        """
        return judge(self, interaction, as_of)


def _judged(
    outcome: GreetingOutcome, wait: timedelta, standard: GreetingStandard
) -> bool:
    """Whether ``outcome`` is what :func:`judge` gives for ``wait``."""
    if outcome is GreetingOutcome.PROMPT:
        return wait <= standard.aspiration
    if outcome is GreetingOutcome.ON_TIME:
        return standard.aspiration < wait <= standard.target
    if outcome is GreetingOutcome.LEFT_BEFORE_TARGET:
        return wait <= standard.target
    return wait > standard.target  # LATE, NOT_GREETED


def _verdict_agrees(instance: Any, attribute: Any, value: Any) -> None:
    """The outcome is the one the wait earns against the standard (``wait``
    is ``None`` exactly when the outcome is ``UNKNOWN``); attrs runs this
    after every field has passed its own check."""
    outcome, wait = instance.outcome, instance.wait
    if (wait is None) != (outcome is GreetingOutcome.UNKNOWN):
        expected = (
            "None for UNKNOWN" if wait is not None else f"a wait for {outcome.name}"
        )
        raise InvalidData.field("wait", expected, wait)
    if wait is not None and not _judged(outcome, wait, value):
        raise InvalidData.field(
            "outcome",
            f"the outcome a wait of {wait!r} earns against aspiration "
            f"{value.aspiration!r} and target {value.target!r}",
            outcome,
        )


@attrs.frozen(kw_only=True)
class GreetingVerdict:
    """The judgement of one greeting.

    Attributes:
        outcome: how it measured up.
        wait: time from arrival to the greeting; without a greeting, to when
            the person left (or to ``as_of``); ``None`` when unknown.
        standard: the standard applied.

    Raises:
        InvalidData: a negative wait, a wait with ``UNKNOWN`` or none with
            another outcome, or an outcome the wait does not earn against
            the standard (``PROMPT`` after the aspiration, ``LATE`` within
            the target...).
    """

    outcome: GreetingOutcome = attrs.field(validator=v.enum_of(GreetingOutcome))
    wait: timedelta | None = attrs.field(validator=v.optional(non_negative_duration))
    standard: GreetingStandard = attrs.field(
        validator=v.all_of(
            v.instance_of(GreetingStandard, "a GreetingStandard"), _verdict_agrees
        )
    )


# The audit hot path builds a verdict from values it knows valid (an outcome
# it picked, a wait it measured, the standard it applied): trusted.
_verdict: Callable[..., GreetingVerdict] = builder(GreetingVerdict)


_PROMPT = GreetingOutcome.PROMPT
_ON_TIME = GreetingOutcome.ON_TIME
_LATE = GreetingOutcome.LATE


def judge(
    standard: GreetingStandard, interaction: Interaction, as_of: datetime | None
) -> GreetingVerdict:
    """The rules of :func:`moments.timeliness.judge_greeting`.

    Raises:
        InvalidData: a time (of the interaction, or ``as_of``) whose date in
            UTC or in the calendar's zone is outside years 1-9999, naming it.
    """
    try:
        greeting = interaction.greeting
        arrived = interaction.arrived_at
        if greeting is not None:
            at = greeting.at
            zone = at.tzinfo
            if not standard._always:
                wait = standard.calendar._open_time(arrived, at)
            elif arrived.tzinfo is not zone:
                wait = elapsed(arrived, at)
            elif type(zone) is timezone:
                # One fixed offset: wall-clock subtraction is absolute.
                wait = at - arrived
            else:
                # One zone: wall-clock difference corrected by the offsets (both
                # aware, validated on the Interaction).
                wait = (at - arrived) - (at.utcoffset() - arrived.utcoffset())  # type: ignore[operator]
            if wait <= standard.aspiration:
                return _verdict(_PROMPT, wait, standard)
            if wait <= standard.target:
                return _verdict(_ON_TIME, wait, standard)
            return _verdict(_LATE, wait, standard)
        ended = interaction.ended_at
        if ended is not None:
            waited = standard.calendar._open_time(arrived, ended)
            if waited > standard.target:
                return _verdict(GreetingOutcome.NOT_GREETED, waited, standard)
            return _verdict(GreetingOutcome.LEFT_BEFORE_TARGET, waited, standard)
        if as_of is not None:
            require_aware("as_of", as_of)
            waited = standard.calendar._open_time(arrived, as_of)
            if waited > standard.target:
                return _verdict(GreetingOutcome.NOT_GREETED, waited, standard)
        return _verdict(GreetingOutcome.UNKNOWN, None, standard)
    except OverflowError:  # only business calendars convert times
        greeting = interaction.greeting
        raise first_out_of_range(
            standard.calendar.zone,
            ("arrived_at", interaction.arrived_at),
            ("greeting.at", None if greeting is None else greeting.at),
            ("ended_at", interaction.ended_at),
            ("as_of", as_of),
        ) from None


def _channels(value: object) -> bool:
    return type(value) is Channel


def _kinds(value: object) -> bool:
    return type(value) is PartyKind


@attrs.frozen(kw_only=True)
class GreetingRule:
    """A standard for some channels and party kinds (empty means any).

    Args:
        standard: the standard that applies.
        channels: the channels it covers; empty covers every channel.
        party_kinds: the party kinds it covers; empty covers both.
    """

    standard: GreetingStandard = attrs.field(
        validator=v.instance_of(GreetingStandard, "a GreetingStandard")
    )
    channels: frozenset[Channel] = attrs.field(
        default=frozenset(),
        converter=v.as_frozenset,
        validator=v.frozenset_of(_channels, "Channel members"),
    )
    party_kinds: frozenset[PartyKind] = attrs.field(
        default=frozenset(),
        converter=v.as_frozenset,
        validator=v.frozenset_of(_kinds, "PartyKind members"),
    )

    def matches(self, channel: Channel, party_kind: PartyKind) -> bool:
        """Whether this rule covers ``channel`` and ``party_kind``."""
        return (not self.channels or channel in self.channels) and (
            not self.party_kinds or party_kind in self.party_kinds
        )


@attrs.frozen(kw_only=True)
class GreetingPolicy:
    """Which greeting standard applies where: the first matching rule,
    else the default.

    Args:
        rules: checked in order; the first that matches wins.
        default: the standard when no rule matches.

    Example:
        >>> from moments import Channel, PartyKind
        >>> DEFAULT_GREETING_POLICY.standard_for(Channel.PHONE, PartyKind.CLIENT).target
        datetime.timedelta(seconds=20)
    """

    rules: tuple[GreetingRule, ...] = attrs.field(
        converter=v.as_tuple,
        validator=v.tuple_of(lambda r: type(r) is GreetingRule, "GreetingRule"),
    )
    default: GreetingStandard = attrs.field(
        default=GreetingStandard(),
        validator=v.instance_of(GreetingStandard, "a GreetingStandard"),
    )
    _table: dict[str, dict[str, GreetingStandard]] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        table = {
            channel.value: {
                kind.value: self._match(channel, kind) for kind in PartyKind
            }
            for channel in Channel
        }
        object.__setattr__(self, "_table", table)

    def _match(self, channel: Channel, party_kind: PartyKind) -> GreetingStandard:
        for rule in self.rules:
            if rule.matches(channel, party_kind):
                return rule.standard
        return self.default

    def standard_for(self, channel: Channel, party_kind: PartyKind) -> GreetingStandard:
        """The standard for ``channel`` and ``party_kind``.

        Raises:
            InvalidData: ``channel`` or ``party_kind`` is not a member of
                its enum.
        """
        if type(channel) is not Channel:
            raise InvalidData.field("channel", "a Channel member", channel)
        if type(party_kind) is not PartyKind:
            raise InvalidData.field("party_kind", "a PartyKind member", party_kind)
        return self._table[channel.value][party_kind.value]

    def standard_of(self, interaction: Interaction) -> GreetingStandard:
        """The standard for ``interaction``'s channel and party kind: as
        :meth:`standard_for` (``interaction.channel,
        interaction.party_kind``), without re-checking what the interaction
        has already validated.

        Example:
            >>> from datetime import UTC, datetime
            >>> from moments import Channel, Interaction, PartyKind
            >>> call = Interaction(id="i-2", channel=Channel.PHONE,
            ...     party_kind=PartyKind.CUSTOMER,
            ...     arrived_at=datetime(2026, 6, 1, 9, tzinfo=UTC))
            >>> DEFAULT_GREETING_POLICY.standard_of(call).target
            datetime.timedelta(seconds=20)
        """
        if type(self) is not GreetingPolicy:  # a subclass may pick its own way
            return self.standard_for(interaction.channel, interaction.party_kind)
        # The hot path of judge_greeting: the table by the members' values.
        return self._table[interaction.channel._value_][interaction.party_kind._value_]


BUSINESS_HOURS_UTC = BusinessCalendar.weekdays("UTC", open=time(9), close=time(17))
"""Monday to Friday, 09:00-17:00 UTC: the default clock for email and
online requests."""


def _standard(aspiration: timedelta, target: timedelta, **kw: Any) -> GreetingStandard:
    return GreetingStandard(aspiration=aspiration, target=target, **kw)


_s = timedelta(seconds=1)
_h = timedelta(hours=1)

DEFAULT_GREETING_POLICY = GreetingPolicy(
    rules=(
        GreetingRule(
            standard=_standard(5 * _s, 10 * _s),
            channels=frozenset({Channel.IN_PERSON}),
            party_kinds=frozenset({PartyKind.CLIENT}),
        ),
        GreetingRule(
            standard=_standard(10 * _s, 30 * _s),
            channels=frozenset({Channel.IN_PERSON}),
            party_kinds=frozenset({PartyKind.CUSTOMER}),
        ),
        GreetingRule(
            standard=_standard(10 * _s, 20 * _s), channels=frozenset({Channel.PHONE})
        ),
        GreetingRule(
            standard=_standard(30 * _s, 120 * _s), channels=frozenset({Channel.CHAT})
        ),
        GreetingRule(
            standard=_standard(_h, 4 * _h, calendar=BUSINESS_HOURS_UTC),
            channels=frozenset({Channel.EMAIL, Channel.ONLINE}),
        ),
    ),
    default=GreetingStandard(),
)
"""The greeting standards by channel and party kind (the numbers and the
reasons are in :mod:`moments.timeliness`)."""


def judge_greeting(
    interaction: Interaction,
    policy: GreetingPolicy | GreetingStandard = DEFAULT_GREETING_POLICY,
    *,
    as_of: datetime | None = None,
) -> GreetingVerdict:
    """Judge how promptly ``interaction`` was greeted.

    The standard is ``policy`` itself when it is a
    :class:`GreetingStandard`, else the one the policy picks for the
    interaction's channel and party kind. The wait is absolute time from
    arrival (elapsed *business* time when the standard's calendar is not
    :data:`~moments.calendars.ALWAYS_OPEN`, as for email). Every boundary
    is inclusive:

    * greeted after a wait ``<= aspiration``: ``PROMPT`` (0, 4.999 and
      5 s against 5/10 s);
    * greeted after a wait ``<= target``: ``ON_TIME`` (5.001, 9, 10 s);
    * greeted later: ``LATE`` (10.001 s). A recorded greeting is judged
      whatever ``as_of`` says.
    * not greeted, and ended more than ``target`` after arrival:
      ``NOT_GREETED`` (left after 30 s); ``wait`` is the time they waited.
    * not greeted, and ended at or before ``target``:
      ``LEFT_BEFORE_TARGET`` (left after 3 s); the standard was not yet
      failed, so :func:`service_level` leaves these out by default.
    * not greeted, not ended, and ``as_of`` more than ``target`` after
      arrival: ``NOT_GREETED`` (still waiting, already too long); ``wait``
      is the time waited up to ``as_of``.
    * not greeted, not ended, and ``as_of`` at or before the target, before
      arrival, or ``None``: ``UNKNOWN`` with ``wait=None``. It is never
      counted as a pass.

    Args:
        interaction: the interaction to judge.
        policy: a :class:`GreetingPolicy` (default
            :data:`DEFAULT_GREETING_POLICY`) or one :class:`GreetingStandard`.
        as_of: when the judgement is made; only used for someone still
            waiting.

    Returns:
        The verdict: outcome, wait and the standard applied.

    Raises:
        InvalidArgument: ``interaction`` is not an Interaction.
        InvalidData: ``policy`` is neither a policy nor a standard.
        NaiveDatetimeError: ``as_of`` has no time zone.

    Example:
        >>> from datetime import UTC, datetime, timedelta
        >>> from moments import Channel, Greeting, Interaction, PartyKind
        >>> t0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
        >>> visit = Interaction(
        ...     id="i-1", channel=Channel.IN_PERSON, party_kind=PartyKind.CLIENT,
        ...     arrived_at=t0, greeting=Greeting(at=t0 + timedelta(seconds=7)),
        ... )
        >>> judge_greeting(visit).outcome
        <GreetingOutcome.ON_TIME: 'on_time'>
    """
    if type(interaction) is not Interaction and not isinstance(
        interaction, Interaction
    ):
        raise wrong_type("interaction", "an Interaction", interaction)
    if isinstance(policy, GreetingPolicy):
        return judge(policy.standard_of(interaction), interaction, as_of)
    if isinstance(policy, GreetingStandard):
        return judge(policy, interaction, as_of)
    raise InvalidData.field("policy", "a GreetingPolicy or a GreetingStandard", policy)

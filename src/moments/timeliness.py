"""Timeliness: how fast people are greeted, and the clocks behind it.

A :class:`GreetingStandard` holds an aspiration and a target (the limit);
:func:`judge_greeting` measures one interaction against the standard that a
:class:`GreetingPolicy` picks for its channel and party kind, and
:func:`service_level` summarises many verdicts in the call-centre "80/20"
form.

The numbers in :data:`DEFAULT_GREETING_POLICY`, and why:

* **In person, clients: 5 s aspiration, 10 s target.** People agreed a
  client should not wait 10 seconds to be acknowledged, and after sitting
  through 10 silent seconds even 5 felt long.
* **In person, customers: 10 s / 30 s.** Customers mostly want a quick,
  easy transaction; a nod within seconds matters less to them than an open
  till, and a busy counter should not fail every sale. Still timed, so a
  customer is never ignored.
* **Phone: 10 s / 20 s.** About three rings (a ring cycle is roughly six
  seconds), the usual "answer within three rings" rule.
* **Chat: 30 s / 2 min.** A first human reply in chat is expected within
  a minute or two; 30 s feels immediate.
* **Email and online requests: 1 h / 4 h of business time** on
  :data:`BUSINESS_HOURS_UTC` (Monday to Friday, 09:00-17:00 UTC), so a
  request sent on Friday evening is not late on Saturday. Supply your own
  calendar by building a policy:
  ``GreetingPolicy(rules=(GreetingRule(standard=GreetingStandard(
  aspiration=timedelta(hours=1), target=timedelta(hours=4),
  calendar=BusinessCalendar.weekdays("Europe/London")),
  channels=frozenset({Channel.EMAIL, Channel.ONLINE})),
  *DEFAULT_GREETING_POLICY.rules), default=DEFAULT_GREETING_POLICY.default)``.
"""

from __future__ import annotations

from datetime import datetime

from moments._greeting import (
    BUSINESS_HOURS_UTC,
    DEFAULT_GREETING_POLICY,
    GreetingOutcome,
    GreetingPolicy,
    GreetingRule,
    GreetingStandard,
    GreetingVerdict,
)
from moments._greeting import judge as _judge
from moments._service_level import ServiceLevel, service_level
from moments._timers import (
    DEFAULT_RECOVERY_STANDARD,
    Pause,
    RecoveryReading,
    RecoveryStandard,
    TimeReading,
    TimerStatus,
    TimeTarget,
)
from moments.errors import InvalidData
from moments.interactions import Interaction

__all__ = [
    "BUSINESS_HOURS_UTC",
    "DEFAULT_GREETING_POLICY",
    "DEFAULT_RECOVERY_STANDARD",
    "GreetingOutcome",
    "GreetingPolicy",
    "GreetingRule",
    "GreetingStandard",
    "GreetingVerdict",
    "Pause",
    "RecoveryReading",
    "RecoveryStandard",
    "ServiceLevel",
    "TimeReading",
    "TimeTarget",
    "TimerStatus",
    "judge_greeting",
    "service_level",
]


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
    if type(policy) is GreetingPolicy:
        standard = policy._table[interaction.channel._value_][
            interaction.party_kind._value_
        ]
    elif type(policy) is GreetingStandard:
        standard = policy
    elif isinstance(policy, GreetingPolicy):  # a subclass: take the slow road
        standard = policy.standard_for(interaction.channel, interaction.party_kind)
    elif isinstance(policy, GreetingStandard):
        standard = policy
    else:
        raise InvalidData.field(
            "policy", "a GreetingPolicy or a GreetingStandard", policy
        )
    return _judge(standard, interaction, as_of)

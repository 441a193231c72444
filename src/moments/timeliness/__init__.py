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

from moments.timeliness.greeting import (
    BUSINESS_HOURS_UTC,
    DEFAULT_GREETING_POLICY,
    GreetingOutcome,
    GreetingPolicy,
    GreetingRule,
    GreetingStandard,
    GreetingVerdict,
    judge_greeting,
)
from moments.timeliness.service_level import ServiceLevel, service_level
from moments.timeliness.timers import (
    DEFAULT_RECOVERY_STANDARD,
    Pause,
    RecoveryReading,
    RecoveryStandard,
    TimeReading,
    TimerStatus,
    TimeTarget,
)

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

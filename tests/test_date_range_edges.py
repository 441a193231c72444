"""Fuzzing at the ends of Python's date range.

Python's dates run from year 1 to 9999, so an aware datetime near either
end may have no date in UTC or in another zone (midnight at UTC+5 on
1 January of year 1 is year 0 in UTC). The shipped strategies only draw
years 2000-2040; here the main entry points get aware datetimes from the
whole range, mostly within a few days of its ends, and may only fail with
a `moments` error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from typing import TypeVar

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import given, note
from hypothesis import strategies as st

from _support import ZONES, instants, only_moments_errors
from moments import (
    ALWAYS_OPEN,
    DEFAULT_FOLLOW_UP_PLAN,
    DEFAULT_RECOVERY_STANDARD,
    Auditor,
    BusinessCalendar,
    Channel,
    Client,
    Consent,
    Contact,
    Customer,
    Feedback,
    FollowUp,
    Goodbye,
    Greeting,
    GreetingStandard,
    Interaction,
    MinSpend,
    MinTenure,
    MinVisits,
    MomentsError,
    Money,
    PartyKind,
    Purchase,
    Purpose,
    RecentVisit,
    Recovery,
    TimeTarget,
    by_day,
    decide_promotion,
    default_promotion_policy,
    dumps,
    evaluate_rule,
    gold_standard,
    judge_greeting,
    loads,
    overdue,
    promote,
    review_relationship,
    schedule_follow_ups,
    scorecards_by,
    summarize_purchases,
)
from moments._time import elapsed, utc_of
from moments.reporting import to_records

T = TypeVar("T")
#: Offsets in seconds of the other times of a visit from its arrival.
_shifts = st.lists(st.integers(0, 3 * 86400), min_size=4, max_size=4)

AUDITOR = Auditor(gold_standard())
EUR = Money(amount=1, currency="EUR")
RULES = (
    MinVisits(2, within=relativedelta(days=365)),
    MinSpend(EUR, within=relativedelta(days=365)),
    MinTenure(relativedelta(years=10)),
    RecentVisit(),
)


def _built(make: Callable[[], T]) -> T | None:
    """``make()``, or ``None`` if it fails with a `moments` error."""
    try:
        return make()
    except MomentsError:
        return None


def _later(at: datetime, seconds: int) -> datetime:
    """``seconds`` after ``at`` on its wall clock, or ``at`` past year 9999."""
    try:
        return at + timedelta(seconds=seconds)
    except OverflowError:
        return at


def _calls(
    start: datetime, later: list[datetime], far: datetime, zone: str
) -> Iterator[tuple[str, Callable[[], object]]]:
    """``(name, call)`` for the entry points, times near ``start`` (business
    calendars walk day by day) and ``far`` anywhere."""
    b, c, d, e = later
    hours = BusinessCalendar.weekdays(zone)
    around = BusinessCalendar.weekdays(zone, open=time(0), close=time(0))
    yield "utc_of", lambda: utc_of("as_of", far)
    yield "elapsed", lambda: elapsed(start, far)
    for cal in (ALWAYS_OPEN, hours, around):
        yield "is_open", lambda cal=cal: cal.is_open(start)
        yield "elapsed", lambda cal=cal: cal.elapsed(start, e)
        yield "add", lambda cal=cal: cal.add(start, timedelta(hours=30))
        yield "next_open", lambda cal=cal: cal.next_open(start)
        target = TimeTarget(target=timedelta(hours=1), calendar=cal)
        yield "read", lambda t=target: t.read(start, pauses=[(b, c)], stop=d, as_of=e)
    yield (
        "schedule_follow_ups",
        lambda: schedule_follow_ups(start, DEFAULT_FOLLOW_UP_PLAN, zone=zone),
    )
    follow_up = FollowUp(kind="call", due=c, done_at=d, set_at=start)
    yield "overdue", lambda: overdue([follow_up], as_of=far)
    recovery = Recovery(failure_at=start, acknowledged_at=c, resolved_at=e)
    yield "recovery", lambda: DEFAULT_RECOVERY_STANDARD.read(recovery, as_of=d)
    purchase = Purchase(at=b, amount=EUR)
    visits = [
        Interaction(
            id=f"i-{channel.value}",
            channel=channel,
            arrived_at=start,
            party_kind=PartyKind.CLIENT,
            party_id="c-1",
            ended_at=e,
            greeting=Greeting(at=b),
            goodbye=Goodbye(at=d, thanked=True),
            follow_up=follow_up,
            recovery=recovery,
            purchase=purchase,
        )
        for channel in (Channel.IN_PERSON, Channel.EMAIL)
    ]
    standard = GreetingStandard(calendar=hours)
    for x in visits:
        yield "judge_greeting", lambda x=x: judge_greeting(x, as_of=d)
        yield "judge_greeting", lambda x=x: judge_greeting(x, standard)
        yield "audit", lambda x=x: AUDITOR.audit(x, as_of=e)
        yield "score", lambda x=x: AUDITOR.score(x)
        yield "loads", lambda x=x: loads(Interaction, dumps(x))
        audit = _built(lambda x=x: AUDITOR.audit(x, as_of=e))
        if audit is not None:
            yield "by_day", lambda a=audit: scorecards_by([a], by_day(zone))
            yield "to_records", lambda a=audit: to_records([a])
    consent = Consent(given_at=start, purposes=frozenset(Purpose), withdrawn_at=c)
    customer = Customer(
        id="c-1",
        first_seen=start,
        name="Ada",
        contact=Contact(email="ada@example.com"),
        consent=consent,
        purchases=(purchase,),
    )
    client = Client(id="c-1", name="Ada", since=start, purchases=(purchase,))
    notes = [Feedback(interaction_id="i-in_person", at=c, nps=10)]
    policy = attrs.evolve(default_promotion_policy(), zone=zone)
    for as_of in (e, far):
        yield (
            "decide_promotion",
            lambda as_of=as_of: decide_promotion(
                customer, visits, as_of=as_of, policy=policy, feedback=notes
            ),
        )
        for rule in RULES:
            yield (
                "evaluate_rule",
                lambda r=rule, as_of=as_of: evaluate_rule(
                    r, client, visits, as_of=as_of, zone=zone
                ),
            )
        yield (
            "review_relationship",
            lambda as_of=as_of: review_relationship(
                client, visits, as_of=as_of, zone=zone
            ),
        )
        yield (
            "summarize_purchases",
            lambda as_of=as_of: summarize_purchases([purchase], as_of=as_of, zone=zone),
        )
    decision = _built(
        lambda: decide_promotion(customer, visits, as_of=e, policy=policy)
    )
    if decision is not None and decision.eligible:
        yield "promote", lambda: promote(customer, decision, at=far)


class TestDateRangeEdges:
    @given(instants, _shifts, instants, st.sampled_from(ZONES))
    def test_times_near_the_ends_of_the_range_fail_only_with_moments_errors(
        self, start: datetime, shifts: list[int], far: datetime, zone: str
    ) -> None:
        later = [_later(start, s) for s in sorted(shifts)]

        with only_moments_errors():  # a record that cannot be built
            for name, call in _calls(start, later, far, zone):
                note(name)
                with only_moments_errors():
                    call()

"""Evaluating promotion rules: one function per rule kind.

Private: :mod:`moments.promotion` re-exports :class:`Criterion` and
:func:`evaluate_rule`. Everything here is pure; time comes in as ``as_of``.
"""

from __future__ import annotations

import bisect
import math
import operator
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from itertools import compress, islice, repeat
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from moments import _validate as v
from moments._arguments import iterate, wrong_item
from moments._time import before, out_of_range, utc, utc_of, zone_name
from moments._trusted import builder
from moments.errors import CurrencyMismatch, InvalidData
from moments.interactions import Feedback, Interaction
from moments.money import Money
from moments.parties import Client, Customer, Purchase
from moments.rules import (
    AllOf,
    AnyOf,
    Consented,
    HasContact,
    HasName,
    MinSpend,
    MinTenure,
    MinVisits,
    Not,
    Promoter,
    RecentVisit,
    Recognised,
    Rule,
    _channels_text,
    _plural,
    _purpose_text,
    describe,
    span,
)

__all__ = ["Context", "Criterion", "context", "evaluate", "top_level"]

_DAY = timedelta(days=1)


def _check_action(instance: Criterion, attribute: Any, value: Any) -> None:
    if instance.passed and value is not None:
        raise InvalidData.field("action", "None for a passed criterion", value)
    if not instance.passed:
        v.non_empty_str(instance, attribute, value)


@attrs.frozen(kw_only=True)
class Criterion:
    """One rule evaluated for one party: what was required, what was found,
    the evidence ids behind it, and (when not passed) the action that would
    satisfy it.

    Example:
        >>> c = Criterion(name="name known", passed=False, threshold="a name",
        ...               actual="unknown", action="ask for their name")
        >>> c.action
        'ask for their name'
    """

    name: str = attrs.field(validator=v.non_empty_str)
    passed: bool = attrs.field(validator=v.strict_bool)
    threshold: str = attrs.field(validator=v.non_empty_str)
    actual: str = attrs.field(validator=v.non_empty_str)
    evidence: tuple[str, ...] = attrs.field(
        default=(), converter=v.as_tuple, validator=v.tuple_of(v.is_str, "ids")
    )
    action: str | None = attrs.field(default=None, validator=_check_action)


# Rules are immutable and hashable: their words are worked out once.
_name = lru_cache(maxsize=4096)(describe)
# The evaluators build every criterion from texts they made out of
# validated rules and records (a decision builds several per party, on the
# hot path of bulk decisions): trusted, every field given by name.
_criterion: Callable[..., Criterion] = builder(Criterion)


class Context:
    """What the rules look at: the party, its interactions and feedback up
    to ``as_of`` (sorted by time), and the zone that defines a day."""

    __slots__ = ("arrivals", "as_of", "feedback", "given", "party", "visits", "zone")

    def __init__(
        self,
        party: Customer | Client,
        visits: list[Interaction],
        arrivals: list[datetime],
        given: Sequence[object],
        feedback: list[Feedback],
        as_of: datetime,
        zone: tzinfo,
    ) -> None:
        self.party = party
        #: the party's visits up to as_of, by arrival (ties in given order)
        self.visits = visits
        #: each visit's arrival in UTC
        self.arrivals = arrivals
        #: the interactions given, where errors find a visit's position
        self.given = given
        self.feedback = feedback
        self.as_of = as_of
        self.zone = zone

    def since(self, within: Any) -> int:
        """Index of the first visit in the window (0 without a window)."""
        if within is None:
            return 0
        try:
            start = self.as_of - within
        except (OverflowError, ValueError):  # before year 1: every visit
            return 0
        return bisect.bisect_left(self.arrivals, start)

    def local_days(self, first: int) -> set[date]:
        """The local dates (in :attr:`zone`) of the visits from position
        ``first`` on.

        Raises:
            InvalidData: a visit whose local date is outside years 1-9999.
        """
        zone = self.zone
        if zone is UTC or zone is _UTC_ZONE:  # the UTC arrivals' own dates
            return set(map(datetime.date, self.arrivals[first:]))
        try:
            return {i.arrived_at.astimezone(zone).date() for i in self.visits[first:]}
        except OverflowError:
            for k in range(first, len(self.visits)):
                at = self.visits[k].arrived_at
                try:
                    at.astimezone(zone)
                except OverflowError:
                    where = position(self.given, self.visits[k])
                    name = f"interactions[{where}].arrived_at"
                    raise out_of_range(name, at, zone_name(zone)) from None
            raise  # pragma: no cover - one of them overflowed


_UTC_ZONE = ZoneInfo("UTC")


def context(
    party: object,
    interactions: Iterable[object],
    feedback: Iterable[object],
    as_of: object,
    zone: tzinfo,
) -> Context:
    """Check the inputs and gather the party's records up to ``as_of``.

    Only what the inputs need is built: the id set that links feedback to
    the visits only when there is feedback, the order of the visits only
    when they did not arrive in it.

    Raises:
        InvalidArgument: ``interactions`` or ``feedback`` is not an
            iterable.
        InvalidData: a party that is not a Customer or Client, an item
            that is not an Interaction / Feedback, or ``as_of`` (or an
            arrival or feedback up to it) with its date in UTC outside years
            1-9999.
        NaiveDatetimeError: ``as_of`` has no time zone.
    """
    if not isinstance(party, Customer | Client):
        raise InvalidData.field("party", "a Customer or Client", party)
    now = utc_of("as_of", as_of)
    given = iterate("interactions", interactions, "Interaction")
    items: Sequence[Any] = (
        interactions if isinstance(interactions, list | tuple) else list(given)
    )
    if set(map(type, items)) - _INTERACTION:
        for index, item in enumerate(items):
            if type(item) is not Interaction:
                raise wrong_item("interactions", index, "an Interaction", item)
    # The party's visits up to as_of, by arrival, each pass done by the
    # interpreter's own loops (map, compress, sort) and only when the inputs
    # need it: converting to UTC, dropping later visits, sorting.
    chosen = map(operator.eq, repeat(party.id), map(_PARTY, items))
    visits = list(compress(items, chosen))
    arrivals = list(map(_ARRIVED, visits))
    converted = bool(set(map(_TZINFO, arrivals)) - _UTC)
    if converted:
        visits, arrivals = _in_utc(visits, items, now)
    if arrivals and max(arrivals) > now:
        kept = list(map(operator.le, arrivals, repeat(now)))
        visits = list(compress(visits, kept))
        arrivals = list(compress(arrivals, kept))
    if not all(map(operator.le, arrivals, islice(arrivals, 1, None))):
        # stable: simultaneous visits keep their order
        if converted:
            order = sorted(range(len(arrivals)), key=arrivals.__getitem__)
            visits = [visits[k] for k in order]
            arrivals = [arrivals[k] for k in order]
        else:  # the arrivals are the visits' own
            visits.sort(key=_ARRIVED)
            arrivals = list(map(_ARRIVED, visits))
    ids: set[str] | None = None  # built for the first feedback, if any
    notes = []
    for index, item in enumerate(iterate("feedback", feedback, "Feedback")):
        if type(item) is not Feedback:
            raise wrong_item("feedback", index, "a Feedback", item)
        if ids is None:
            ids = set(map(_ID, visits))
        if item.interaction_id not in ids:
            continue
        try:
            if utc(item.at) <= now:
                notes.append(item)
        except OverflowError:
            if not before(now, item.at):
                raise out_of_range(f"feedback[{index}].at", item.at) from None
    notes.sort(key=lambda f: utc(f.at))
    return Context(party, visits, arrivals, items, notes, now, zone)


_ID = operator.attrgetter("id")
_PARTY = operator.attrgetter("party_id")
_ARRIVED = operator.attrgetter("arrived_at")
_TZINFO = operator.attrgetter("tzinfo")
_INTERACTION = frozenset({Interaction})
_UTC = frozenset({UTC})


def _in_utc(
    visits: list[Interaction], items: Sequence[object], now: datetime
) -> tuple[list[Interaction], list[datetime]]:
    """The visits and their arrivals in UTC, less those whose instant is
    in the year 10000 in UTC (after ``now``).

    Raises:
        InvalidData: an arrival whose date in UTC is before year 1.
    """
    kept: list[Interaction] = []
    arrivals: list[datetime] = []
    for item in visits:
        try:
            arrived = item.arrived_at.astimezone(UTC)
        except OverflowError:
            if before(now, item.arrived_at):
                continue  # in the year 10000 in UTC: after as_of
            name = f"interactions[{position(items, item)}].arrived_at"
            raise out_of_range(name, item.arrived_at) from None
        kept.append(item)
        arrivals.append(arrived)
    return kept, arrivals


def position(items: Sequence[object], item: object) -> int:
    """The position of ``item`` in ``items`` (the first, by identity: an
    error about an item is the same wherever it appears)."""
    return next(k for k, each in enumerate(items) if each is item)


def _has_name(rule: HasName, ctx: Context) -> Criterion:
    known = ctx.party.name is not None
    return _criterion(
        name=_name(rule),
        passed=known,
        threshold="a name",
        actual="known" if known else "unknown",
        evidence=(),
        action=None if known else "ask for their name",
    )


def _has_contact(rule: HasContact, ctx: Context) -> Criterion:
    known = ctx.party.contact.channels & rule.channels
    wanted = {"email": "an email address", "phone": "a phone number"}
    ask = (
        "ask for an email or phone number"
        if len(rule.channels) == 2
        else f"ask for {wanted[next(iter(rule.channels))]}"
    )
    return _criterion(
        name=_name(rule),
        passed=bool(known),
        threshold=_channels_text(rule.channels),
        actual=", ".join(sorted(known)) or "none",
        evidence=(),
        action=None if known else ask,
    )


def _consented(rule: Consented, ctx: Context) -> Criterion:
    consent = ctx.party.consent
    passed = consent is not None and consent.covers(rule.purpose, at=ctx.as_of)
    if consent is None:
        actual = "none"
    elif consent.withdrawn_at is not None and not before(
        ctx.as_of, consent.withdrawn_at
    ):
        actual = f"withdrawn {consent.withdrawn_at.isoformat()}"
    elif rule.purpose not in consent.purposes:
        actual = "not given for this purpose"
    elif not passed:
        actual = f"given from {consent.given_at.isoformat()}"
    else:
        actual = f"given {consent.given_at.isoformat()}"
    return _criterion(
        name=_name(rule),
        passed=passed,
        threshold=f"consent to {_purpose_text(rule.purpose)}",
        actual=actual,
        evidence=(),
        action=None if passed else f"ask for consent to {_purpose_text(rule.purpose)}",
    )


@lru_cache(maxsize=1024)
def _within(within: Any) -> str:
    return "" if within is None else f" within {span(within)}"


def _min_visits(rule: MinVisits, ctx: Context) -> Criterion:
    first = ctx.since(rule.within)
    used = ctx.visits[first:]
    days = ctx.local_days(first)
    passed = len(days) >= rule.n
    return _criterion(
        name=_name(rule),
        passed=passed,
        threshold=f"{_plural(rule.n, 'distinct day')}{_within(rule.within)}",
        actual=_plural(len(days), "distinct day"),
        evidence=tuple(map(_ID, used)),
        action=None
        if passed
        else f"{_plural(rule.n - len(days), 'more visit')}{_within(rule.within)}",
    )


def _purchases(ctx: Context, within: Any) -> list[tuple[str, Purchase]]:
    try:
        start = None if within is None else ctx.as_of - within
    except (OverflowError, ValueError):  # before year 1: no lower bound
        start = None
    seen: set[object] = set()
    found: list[tuple[str, Purchase]] = []
    sources: list[tuple[str | None, Purchase]] = [
        (None, p) for p in ctx.party.purchases
    ]
    sources += [(i.id, i.purchase) for i in ctx.visits if i.purchase is not None]
    for origin, purchase in sources:
        try:
            at = utc(purchase.at)
        except OverflowError:
            if before(ctx.as_of, purchase.at):
                continue  # in the year 10000 in UTC: after as_of
            raise _early_purchase(ctx, purchase) from None
        key = purchase.id if purchase.id is not None else purchase
        if at > ctx.as_of or (start is not None and at < start) or key in seen:
            continue
        seen.add(key)
        label = purchase.id or origin or f"purchase at {purchase.at.isoformat()}"
        found.append((label, purchase))
    return found


def _early_purchase(ctx: Context, purchase: Purchase) -> InvalidData:
    """The error for a purchase whose date in UTC is before year 1."""
    for index, own in enumerate(ctx.party.purchases):
        if own is purchase:
            return out_of_range(f"party.purchases[{index}].at", purchase.at)
    for visit in ctx.visits:
        if visit.purchase is purchase:
            name = f"interactions[{position(ctx.given, visit)}].purchase.at"
            return out_of_range(name, purchase.at)
    raise AssertionError("unreachable")  # pragma: no cover


def _min_spend(rule: MinSpend, ctx: Context) -> Criterion:
    used = _purchases(ctx, rule.within)
    currency = rule.amount.currency
    for _, purchase in used:
        if purchase.amount.currency != currency:
            raise CurrencyMismatch(
                f"cannot add {purchase.amount.currency} to a {currency} spend "
                f"threshold: expected purchases in {currency}, got "
                f"{purchase.amount!r}; convert first"
            )
    # Money's own exact sum: it never rounds and reads no caller's context.
    spent = Money.total((purchase.amount for _, purchase in used), currency)
    passed = spent.amount >= rule.amount.amount
    short = rule.amount - spent
    return _criterion(
        name=_name(rule),
        passed=passed,
        threshold=f"{rule.amount}{_within(rule.within)}",
        actual=str(spent),
        evidence=tuple(label for label, _ in used),
        action=None if passed else f"spend {short} more{_within(rule.within)}",
    )


def _min_tenure(rule: MinTenure, ctx: Context) -> Criterion:
    party = ctx.party
    start = party.since if isinstance(party, Client) else party.first_seen
    name = "party.since" if isinstance(party, Client) else "party.first_seen"
    begun = utc_of(name, start)
    try:
        due = begun + rule.tenure
    except (OverflowError, ValueError):  # dateutil: "year 10000 is out of range"
        raise InvalidData.field(
            name, f"a time at least {span(rule.tenure)} before the year 10000", start
        ) from None
    passed = due <= ctx.as_of
    known = max(ctx.as_of - begun, timedelta(0)) // _DAY
    wait = math.ceil((due - ctx.as_of) / _DAY)
    return _criterion(
        name=_name(rule),
        passed=passed,
        threshold=span(rule.tenure),
        actual=_plural(known, "day"),
        evidence=(),
        action=None
        if passed
        else f"keep the relationship going {_plural(wait, 'more day')} "
        f"(until {due.date().isoformat()})",
    )


def _recent_visit(rule: RecentVisit, ctx: Context) -> Criterion:
    used = ctx.visits[ctx.since(rule.within) :]
    last = ctx.visits[-1] if ctx.visits else None
    if last is None:
        actual = "no visit"
    else:
        ago = (ctx.as_of - utc(last.arrived_at)) // _DAY
        actual = f"last visit {_plural(ago, 'day')} ago"
    return _criterion(
        name=_name(rule),
        passed=bool(used),
        threshold=f"a visit within {span(rule.within)}",
        actual=actual,
        evidence=(used[-1].id,) if used else (),
        action=None
        if used
        else f"invite them back (no visit within {span(rule.within)})",
    )


def _promoter(rule: Promoter, ctx: Context) -> Criterion:
    answers = [f for f in ctx.feedback if f.nps is not None]
    latest = answers[-1] if answers else None
    score = None if latest is None else latest.nps
    passed = score is not None and score >= rule.min_nps
    if score is None:
        action: str | None = "ask how likely they are to recommend us (NPS)"
    else:
        action = f"earn an NPS of {rule.min_nps} or more (latest {score})"
    return _criterion(
        name=_name(rule),
        passed=passed,
        threshold=f"latest NPS {rule.min_nps} or more",
        actual="no NPS answer" if score is None else f"latest NPS {score}",
        evidence=() if latest is None else (latest.interaction_id,),
        action=None if passed else action,
    )


def _recognised(rule: Recognised, ctx: Context) -> Criterion:
    cards = [f for f in ctx.feedback if f.wow is not None]
    passed = len(cards) >= rule.min_wow_cards
    more = _plural(rule.min_wow_cards - len(cards), "more wow card")
    return _criterion(
        name=_name(rule),
        passed=passed,
        threshold=_plural(rule.min_wow_cards, "wow card"),
        actual=_plural(len(cards), "wow card"),
        evidence=tuple(dict.fromkeys(f.interaction_id for f in cards)),
        action=None if passed else f"exceed their expectations ({more} to go)",
    )


def _union(parts: Iterable[Criterion]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e for c in parts for e in c.evidence))


def _all_of(rule: AllOf, ctx: Context) -> Criterion:
    parts = [evaluate(r, ctx) for r in rule.rules]
    failed = [c for c in parts if not c.passed]
    return _criterion(
        name=_name(rule),
        passed=not failed,
        threshold=f"all {len(parts)} pass",
        actual=f"{len(parts) - len(failed)} of {len(parts)} pass",
        evidence=_union(parts),
        action="; ".join(c.action or "" for c in failed) or None,
    )


def _any_of(rule: AnyOf, ctx: Context) -> Criterion:
    parts = [evaluate(r, ctx) for r in rule.rules]
    won = [c for c in parts if c.passed]
    return _criterion(
        name=_name(rule),
        passed=bool(won),
        threshold=f"at least 1 of {len(parts)} pass",
        actual=f"{len(won)} of {len(parts)} pass",
        evidence=_union(won or parts),
        action=None
        if won
        else "one of: " + "; or ".join(c.action or "" for c in parts),
    )


def _not(rule: Not, ctx: Context) -> Criterion:
    inner = evaluate(rule.rule, ctx)
    return _criterion(
        name=_name(rule),
        passed=not inner.passed,
        threshold=f"not: {inner.threshold}",
        actual=inner.actual,
        evidence=inner.evidence,
        action=None
        if not inner.passed
        else f"no longer meet '{inner.name}' (now {inner.actual})",
    )


_EVALUATORS: dict[type, Callable[[Any, Context], Criterion]] = {
    HasName: _has_name,
    HasContact: _has_contact,
    Consented: _consented,
    MinVisits: _min_visits,
    MinSpend: _min_spend,
    MinTenure: _min_tenure,
    RecentVisit: _recent_visit,
    Promoter: _promoter,
    Recognised: _recognised,
    AllOf: _all_of,
    AnyOf: _any_of,
    Not: _not,
}


def evaluate(rule: Rule, ctx: Context) -> Criterion:
    """Evaluate one rule (combinators included) in ``ctx``.

    Raises:
        InvalidData: ``rule`` is not a rule.
    """
    evaluator = _EVALUATORS.get(type(rule))
    if evaluator is None:
        raise InvalidData.field("rule", "a promotion rule", rule)
    return evaluator(rule, ctx)


def top_level(rule: Rule, ctx: Context) -> tuple[Criterion, ...]:
    """A policy's criteria: an ``AllOf`` at the top is listed rule by rule,
    anything else is one criterion."""
    if type(rule) is AllOf:
        return tuple(evaluate(r, ctx) for r in rule.rules)
    return (evaluate(rule, ctx),)

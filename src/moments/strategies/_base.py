"""Strategies for the foundation: times, money, parties, interactions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from moments.interactions import (
    Channel,
    Delivery,
    Expectation,
    Feedback,
    FollowUp,
    Goodbye,
    Greeting,
    InfoField,
    Information,
    Interaction,
    Moment,
    Offer,
    PartyKind,
    Recovery,
    WowCard,
)
from moments.money import Money
from moments.parties import (
    Client,
    Consent,
    Contact,
    Customer,
    Preferences,
    Profile,
    Purchase,
    Purpose,
    Stage,
    StageTransition,
)

__all__ = [
    "aware_datetimes",
    "clients",
    "consents",
    "contacts",
    "customers",
    "deltas",
    "feedback",
    "follow_ups",
    "greetings",
    "ids",
    "interactions",
    "money",
    "preferences",
    "profiles",
    "purchases",
    "recoveries",
    "stage_transitions",
    "wow_cards",
    "zones",
]

#: IANA zones with and without daylight saving, both hemispheres, and a
#: 30-minute offset, so that DST and odd offsets are always in the mix.
ZONE_KEYS = (
    "UTC",
    "Europe/London",
    "Europe/Madrid",
    "America/New_York",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Pacific/Auckland",
)

T = TypeVar("T")

# Naive bounds on purpose: st.datetimes attaches the tzinfo itself.
_MIN = datetime(2000, 1, 1)  # st.datetimes(timezones=...) adds tzinfo
_MAX = datetime(2040, 12, 31)  # st.datetimes(timezones=...) adds tzinfo


def zones() -> st.SearchStrategy[ZoneInfo]:
    """IANA time zones, DST and non-DST."""
    return st.sampled_from(ZONE_KEYS).map(ZoneInfo)


def aware_datetimes(
    *,
    min_value: datetime = _MIN,
    max_value: datetime = _MAX,
    timezones: st.SearchStrategy[Any] | None = None,
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes (never naive), including DST folds."""
    return st.datetimes(
        min_value=min_value,
        max_value=max_value,
        timezones=timezones if timezones is not None else zones(),
    )


def deltas(
    *, min_seconds: float = 0, max_seconds: float = 3 * 86400
) -> st.SearchStrategy[timedelta]:
    """Non-negative durations with microsecond precision."""
    return st.integers(int(min_seconds * 1_000_000), int(max_seconds * 1_000_000)).map(
        lambda us: timedelta(microseconds=us)
    )


def _after(start: datetime, **kw: float) -> st.SearchStrategy[datetime]:
    # Absolute addition: wall-clock `start + d` can land *earlier* in a fold.
    return deltas(**kw).map(
        lambda d: (start.astimezone(UTC) + d).astimezone(start.tzinfo)
    )


def ids(prefix: str = "") -> st.SearchStrategy[str]:
    """Non-empty identifiers."""
    return st.text(
        alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=12
    ).map(lambda s: prefix + s)


_words = st.text(
    alphabet=st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=20
).filter(lambda s: bool(s.strip()))


def money(
    *,
    currency: str | st.SearchStrategy[str] = "EUR",
    min_cents: int = 0,
    max_cents: int = 10_000_000,
) -> st.SearchStrategy[Money]:
    """Money amounts with two decimal places."""
    currencies = (
        currency if isinstance(currency, st.SearchStrategy) else st.just(currency)
    )
    return st.builds(
        lambda cents, cur: Money(amount=Decimal(cents).scaleb(-2), currency=cur),
        st.integers(min_cents, max_cents),
        currencies,
    )


def contacts(**pinned: Any) -> st.SearchStrategy[Contact]:
    """Contacts, any field possibly unknown."""
    fields: dict[str, Any] = {
        "email": st.none() | ids().map(lambda s: f"{s}@example.com"),
        "phone": st.none() | st.from_regex(r"\+44 [0-9]{4} [0-9]{6}", fullmatch=True),
        "postal_code": st.none()
        | st.from_regex(r"[A-Z]{2}[0-9] [0-9][A-Z]{2}", fullmatch=True),
    }
    return _builds(Contact, fields, pinned)


def profiles(**pinned: Any) -> st.SearchStrategy[Profile]:
    """Profiles: personal context, any of it possibly unknown."""
    fields: dict[str, Any] = {
        "hometown": st.none() | _words,
        "residence": st.none() | _words,
        "children": st.none() | st.integers(0, 8),
        "occupation": st.none() | _words,
        "notes": st.none() | _words,
    }
    return _builds(Profile, fields, pinned)


def preferences(**pinned: Any) -> st.SearchStrategy[Preferences]:
    """Likes, dislikes and wishlist."""
    words = st.frozensets(_words, max_size=4)
    fields: dict[str, Any] = {"likes": words, "dislikes": words, "wishlist": words}
    return _builds(Preferences, fields, pinned)


def consents(**pinned: Any) -> st.SearchStrategy[Consent]:
    """Consents, some withdrawn (never before they were given)."""

    @st.composite
    def draw(draw: st.DrawFn) -> Consent:
        given = pinned.get("given_at") or draw(aware_datetimes())
        withdrawn = pinned.get(
            "withdrawn_at", draw(st.none() | _after(given, max_seconds=10**8))
        )
        purposes = pinned.get(
            "purposes", draw(st.frozensets(st.sampled_from(Purpose), max_size=3))
        )
        return Consent(given_at=given, purposes=purposes, withdrawn_at=withdrawn)

    return draw()


def purchases(
    *,
    currency: str = "EUR",
    at: st.SearchStrategy[datetime] | None = None,
    **pinned: Any,
) -> st.SearchStrategy[Purchase]:
    """Purchases in one currency (``currency``)."""
    fields: dict[str, Any] = {
        "at": at if at is not None else aware_datetimes(),
        "amount": money(currency=currency),
        "id": st.none() | ids("p-"),
    }
    return _builds(Purchase, fields, pinned)


def stage_transitions(**pinned: Any) -> st.SearchStrategy[StageTransition]:
    """Stage moves between two different stages."""
    pair = st.tuples(st.sampled_from(Stage), st.sampled_from(Stage)).filter(
        lambda p: p[0] is not p[1]
    )
    return pair.flatmap(
        lambda p: _builds(
            StageTransition,
            {
                "from_stage": st.just(p[0]),
                "to_stage": st.just(p[1]),
                "at": aware_datetimes(),
                "policy": ids().map(lambda s: f"{s}@1"),
                "reasons": st.lists(_words, max_size=3).map(tuple),
            },
            pinned,
        )
    )


def customers(*, currency: str = "EUR", **pinned: Any) -> st.SearchStrategy[Customer]:
    """Customers, anonymous or identified, with a few purchases."""
    fields: dict[str, Any] = {
        "id": ids("c-"),
        "first_seen": aware_datetimes(),
        "name": st.none() | _words,
        "contact": contacts(),
        "consent": st.none() | consents(),
        "purchases": st.lists(purchases(currency=currency), max_size=5).map(tuple),
    }
    return _builds(Customer, fields, pinned)


def clients(*, currency: str = "EUR", **pinned: Any) -> st.SearchStrategy[Client]:
    """Clients with a name, profile, preferences and a stage log."""
    fields: dict[str, Any] = {
        "id": ids("c-"),
        "name": _words,
        "since": aware_datetimes(),
        "contact": contacts(),
        "profile": profiles(),
        "preferences": preferences(),
        "consent": st.none() | consents(),
        "purchases": st.lists(purchases(currency=currency), max_size=5).map(tuple),
        "internal": st.booleans(),
        "stage": st.sampled_from([Stage.CLIENT, Stage.ADVOCATE]),
        "transitions": st.lists(stage_transitions(), max_size=3).map(tuple),
    }
    return _builds(Client, fields, pinned)


def greetings(
    *, after: datetime | None = None, **pinned: Any
) -> st.SearchStrategy[Greeting]:
    """Greetings, at or after ``after`` when given."""
    at = _after(after, max_seconds=120) if after is not None else aware_datetimes()
    fields: dict[str, Any] = {
        "at": at,
        "used_name": st.booleans(),
        "by": st.none() | ids("s-"),
    }
    return _builds(Greeting, fields, pinned)


def follow_ups(
    *, after: datetime | None = None, **pinned: Any
) -> st.SearchStrategy[FollowUp]:
    """Follow-ups set at or after ``after``, due later, some done."""

    @st.composite
    def draw(draw: st.DrawFn) -> FollowUp:
        set_at = pinned.get("set_at") or draw(
            _after(after, max_seconds=3600) if after is not None else aware_datetimes()
        )
        due = pinned.get("due") or draw(_after(set_at, max_seconds=40 * 86400))
        done = pinned.get(
            "done_at", draw(st.none() | _after(set_at, max_seconds=60 * 86400))
        )
        kind = pinned.get("kind") or draw(
            st.sampled_from(["thank_you", "check_in", "call"])
        )
        return FollowUp(kind=kind, due=due, done_at=done, set_at=set_at)

    return draw()


def recoveries(
    *, after: datetime | None = None, **pinned: Any
) -> st.SearchStrategy[Recovery]:
    """Recoveries: acknowledged and resolved (if at all) after the failure."""

    @st.composite
    def draw(draw: st.DrawFn) -> Recovery:
        failure = pinned.get("failure_at") or draw(
            _after(after, max_seconds=3600) if after is not None else aware_datetimes()
        )
        ack = pinned.get(
            "acknowledged_at", draw(st.none() | _after(failure, max_seconds=7200))
        )
        res = pinned.get(
            "resolved_at", draw(st.none() | _after(failure, max_seconds=3 * 86400))
        )
        owner = pinned.get("owner_id", draw(st.none() | ids("s-")))
        steps = pinned.get("steps", draw(st.frozensets(_words, max_size=3)))
        return Recovery(
            failure_at=failure,
            acknowledged_at=ack,
            resolved_at=res,
            owner_id=owner,
            steps=steps,
        )

    return draw()


_info = st.frozensets(st.sampled_from(InfoField))


def interactions(
    *, currency: str = "EUR", **pinned: Any
) -> st.SearchStrategy[Interaction]:
    """Valid interactions: every timestamp at or after ``arrived_at``.

    Pin any field by keyword, e.g. ``interactions(channel=Channel.EMAIL)``
    or ``interactions(greeting=None)``; a pinned value may also be a
    strategy.
    """

    @st.composite
    def draw(draw: st.DrawFn) -> Interaction:
        def pick(name: str, default: st.SearchStrategy[Any]) -> Any:
            if name in pinned:
                value = pinned[name]
                return draw(value) if isinstance(value, st.SearchStrategy) else value
            return draw(default)

        arrived = pick("arrived_at", aware_datetimes())
        return Interaction(
            id=pick("id", ids("i-")),
            channel=pick("channel", st.sampled_from(Channel)),
            arrived_at=arrived,
            party_kind=pick("party_kind", st.sampled_from(PartyKind)),
            party_id=pick("party_id", st.none() | ids("c-")),
            staff_id=pick(
                "staff_id", st.none() | st.sampled_from(["s-ana", "s-ben", "s-cy"])
            ),
            location_id=pick(
                "location_id", st.none() | st.sampled_from(["l-north", "l-south"])
            ),
            ended_at=pick("ended_at", st.none() | _after(arrived, max_seconds=7200)),
            greeting=pick("greeting", st.none() | greetings(after=arrived)),
            information=pick(
                "information",
                st.none()
                | st.builds(Information, collected=_info, probed=st.booleans()),
            ),
            offer=pick(
                "offer",
                st.none()
                | st.builds(Offer, based_on=_info, accepted=st.none() | st.booleans()),
            ),
            delivery=pick(
                "delivery",
                st.none()
                | st.builds(Delivery, expectation=st.sampled_from(Expectation)),
            ),
            goodbye=pick(
                "goodbye",
                st.none()
                | st.builds(
                    Goodbye,
                    at=_after(arrived, max_seconds=7200),
                    thanked=st.booleans(),
                    used_name=st.booleans(),
                ),
            ),
            follow_up=pick("follow_up", st.none() | follow_ups(after=arrived)),
            recovery=pick("recovery", st.none() | recoveries(after=arrived)),
            purchase=pick(
                "purchase",
                st.none()
                | purchases(currency=currency, at=_after(arrived, max_seconds=7200)),
            ),
        )

    return draw()


def wow_cards(**pinned: Any) -> st.SearchStrategy[WowCard]:
    """Wow cards naming a staff member."""
    fields: dict[str, Any] = {
        "staff_id": st.sampled_from(["s-ana", "s-ben", "s-cy"]),
        "story": _words,
        "moment": st.none() | st.sampled_from(Moment),
    }
    return _builds(WowCard, fields, pinned)


def feedback(**pinned: Any) -> st.SearchStrategy[Feedback]:
    """Feedback with optional CSAT, NPS and wow card."""
    fields: dict[str, Any] = {
        "interaction_id": ids("i-"),
        "at": aware_datetimes(),
        "csat": st.none() | st.integers(1, 5),
        "nps": st.none() | st.integers(0, 10),
        "wow": st.none() | wow_cards(),
    }
    return _builds(Feedback, fields, pinned)


def _builds(
    cls: type[T], fields: dict[str, Any], pinned: dict[str, Any]
) -> st.SearchStrategy[T]:
    """``st.builds(cls, ...)`` with some fields pinned to a value or to a
    strategy of the caller's."""
    unknown = set(pinned) - set(fields)
    if unknown:
        raise TypeError(f"{cls.__name__} has no field(s) {sorted(unknown)}")
    merged = {
        name: (
            pinned[name]
            if isinstance(pinned.get(name), st.SearchStrategy)
            else st.just(pinned[name])
            if name in pinned
            else default
        )
        for name, default in fields.items()
    }
    return st.builds(cls, **merged)

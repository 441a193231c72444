"""Strategies for the foundation: times, money, parties, interactions."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs
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
    "deliveries",
    "deltas",
    "feedback",
    "follow_ups",
    "goodbyes",
    "greetings",
    "ids",
    "information",
    "interactions",
    "money",
    "offers",
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


def _before(end: datetime, **kw: float) -> st.SearchStrategy[datetime]:
    # Absolute subtraction, for a start that must not follow a pinned time.
    return deltas(**kw).map(lambda d: (end.astimezone(UTC) - d).astimezone(end.tzinfo))


def _earliest(*stamps: object) -> datetime | None:
    """The earliest of the pinned datetimes among ``stamps``, if any."""
    found = [s for s in stamps if isinstance(s, datetime)]
    return min(found, key=lambda s: s.astimezone(UTC)) if found else None


def _start(
    latest: datetime | None, after: datetime | None, max_seconds: float
) -> st.SearchStrategy[datetime]:
    """A start time: before ``latest`` when a later field is pinned, else
    after ``after`` when given, else anywhere."""
    if latest is not None:
        return _before(latest, max_seconds=max_seconds)
    if after is not None:
        return _after(after, max_seconds=max_seconds)
    return aware_datetimes()


def _pick(draw: st.DrawFn, pinned: dict[str, Any], name: str, default: Any) -> Any:
    """The pinned value (or a draw from a pinned strategy), else a draw
    from ``default``, which may be a strategy or a zero-argument callable
    returning one (so that dependent defaults are only built when needed)."""
    if name in pinned:
        value = pinned[name]
        return draw(value) if isinstance(value, st.SearchStrategy) else value
    strategy = default if isinstance(default, st.SearchStrategy) else default()
    return draw(strategy)


def _known(cls: type, pinned: dict[str, Any]) -> None:
    unknown = set(pinned) - {a.name for a in attrs.fields(cls)}
    if unknown:
        raise TypeError(f"{cls.__name__} has no field(s) {sorted(unknown)}")


def ids(prefix: str = "") -> st.SearchStrategy[str]:
    """Non-empty identifiers."""
    return st.text(
        alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=12
    ).map(lambda s: prefix + s)


# Letters, digits and spaces from several scripts (accents, Greek,
# Cyrillic, CJK, a no-break space). A fixed alphabet: drawing from whole
# Unicode categories made every name, like and story several times slower.
_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    " \u00a0éüñßøÅÇŁżΔλЖя李王أ"
)
_words = st.text(alphabet=_ALPHABET, min_size=1, max_size=20).filter(
    lambda s: bool(s.strip())
)


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
    _known(Consent, pinned)
    start = _start(_earliest(pinned.get("withdrawn_at")), None, 10**8)
    lag = st.none() | deltas(max_seconds=10**8)
    purposes = st.frozensets(st.sampled_from(Purpose))

    @st.composite
    def draw(draw: st.DrawFn) -> Consent:
        given = _pick(draw, pinned, "given_at", start)
        if "withdrawn_at" in pinned:
            withdrawn = _pick(draw, pinned, "withdrawn_at", lag)
        else:
            d = draw(lag)
            withdrawn = None if d is None else _shift(given, d)
        return Consent(
            given_at=given,
            purposes=_pick(draw, pinned, "purposes", purposes),
            withdrawn_at=withdrawn,
        )

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


_ANY_STAGE = st.sampled_from(Stage)
_OTHER_STAGE = {s: st.sampled_from([o for o in Stage if o is not s]) for s in Stage}


def stage_transitions(**pinned: Any) -> st.SearchStrategy[StageTransition]:
    """Stage moves between two different stages (``policy=`` is a
    deprecated spelling of ``policy_label=``)."""
    if "policy" in pinned:
        warnings.warn(
            "stage_transitions(policy=...) is deprecated; use policy_label=...",
            DeprecationWarning,
            stacklevel=2,
        )
        pinned["policy_label"] = pinned.pop("policy")
    _known(StageTransition, pinned)
    at = aware_datetimes()
    policy = ids().map(lambda s: f"{s}@1")
    reasons = st.lists(_words, max_size=3).map(tuple)

    @st.composite
    def draw(draw: st.DrawFn) -> StageTransition:
        other = _pick(draw, pinned, "to_stage", st.none())
        start = _pick(draw, pinned, "from_stage", _OTHER_STAGE.get(other, _ANY_STAGE))
        end = (
            other if "to_stage" in pinned else draw(_OTHER_STAGE.get(start, _ANY_STAGE))
        )
        return StageTransition(
            from_stage=start,
            to_stage=end,
            at=_pick(draw, pinned, "at", at),
            policy_label=_pick(draw, pinned, "policy_label", policy),
            reasons=_pick(draw, pinned, "reasons", reasons),
        )

    return draw()


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
    _known(FollowUp, pinned)

    @st.composite
    def draw(draw: st.DrawFn) -> FollowUp:
        latest = _earliest(pinned.get("due"), pinned.get("done_at"))
        set_at = _pick(draw, pinned, "set_at", _start(latest, after, 3600))
        base = set_at if set_at is not None else draw(_start(latest, after, 3600))
        due = _pick(draw, pinned, "due", lambda: _after(base, max_seconds=40 * 86400))
        done = _pick(
            draw,
            pinned,
            "done_at",
            lambda: st.none() | _after(base, max_seconds=60 * 86400),
        )
        kind = _pick(
            draw, pinned, "kind", st.sampled_from(["thank_you", "check_in", "call"])
        )
        return FollowUp(kind=kind, due=due, done_at=done, set_at=set_at)

    return draw()


def recoveries(
    *, after: datetime | None = None, **pinned: Any
) -> st.SearchStrategy[Recovery]:
    """Recoveries: acknowledged and resolved (if at all) after the failure."""

    _known(Recovery, pinned)

    @st.composite
    def draw(draw: st.DrawFn) -> Recovery:
        latest = _earliest(pinned.get("acknowledged_at"), pinned.get("resolved_at"))
        failure = _pick(draw, pinned, "failure_at", _start(latest, after, 3600))
        ack = _pick(
            draw,
            pinned,
            "acknowledged_at",
            lambda: st.none() | _after(failure, max_seconds=7200),
        )
        res = _pick(
            draw,
            pinned,
            "resolved_at",
            lambda: st.none() | _after(failure, max_seconds=3 * 86400),
        )
        owner = _pick(draw, pinned, "owner_id", st.none() | ids("s-"))
        steps = _pick(draw, pinned, "steps", st.frozensets(_words, max_size=3))
        return Recovery(
            failure_at=failure,
            acknowledged_at=ack,
            resolved_at=res,
            owner_id=owner,
            steps=steps,
        )

    return draw()


_info = st.frozensets(st.sampled_from(InfoField))


def goodbyes(
    *, after: datetime | None = None, **pinned: Any
) -> st.SearchStrategy[Goodbye]:
    """Goodbyes, at or after ``after`` when given."""
    at = _after(after, max_seconds=7200) if after is not None else aware_datetimes()
    fields: dict[str, Any] = {
        "at": at,
        "thanked": st.booleans(),
        "used_name": st.booleans(),
    }
    return _builds(Goodbye, fields, pinned)


def information(**pinned: Any) -> st.SearchStrategy[Information]:
    """What staff collected, and whether they probed."""
    fields: dict[str, Any] = {"collected": _info, "probed": st.booleans()}
    return _builds(Information, fields, pinned)


def offers(**pinned: Any) -> st.SearchStrategy[Offer]:
    """Offers built on some collected information, accepted or not."""
    fields: dict[str, Any] = {
        "based_on": _info,
        "accepted": st.none() | st.booleans(),
    }
    return _builds(Offer, fields, pinned)


def deliveries(**pinned: Any) -> st.SearchStrategy[Delivery]:
    """Delivery against expectation."""
    fields: dict[str, Any] = {"expectation": st.sampled_from(Expectation)}
    return _builds(Delivery, fields, pinned)


def _shift(start: datetime, d: timedelta) -> datetime:
    # Absolute addition, kept in the start's zone.
    return (start.astimezone(UTC) + d).astimezone(start.tzinfo)


# Interactions draw their timed records as "makers": functions of the
# arrival time, drawn from strategies built once, here. Building fresh
# strategies inside every draw made interactions() several times slower.
_Maker = Any
_staff = st.none() | ids("s-")


def _make_greeting(d: timedelta, used: bool, by: str | None) -> _Maker:
    return lambda start: Greeting(at=_shift(start, d), used_name=used, by=by)


def _make_goodbye(d: timedelta, thanked: bool, used: bool) -> _Maker:
    return lambda start: Goodbye(at=_shift(start, d), thanked=thanked, used_name=used)


def _make_follow_up(
    lag: timedelta, due: timedelta, done: timedelta | None, kind: str
) -> _Maker:
    def make(start: datetime) -> FollowUp:
        set_at = _shift(start, lag)
        return FollowUp(
            kind=kind,
            due=_shift(set_at, due),
            done_at=None if done is None else _shift(set_at, done),
            set_at=set_at,
        )

    return make


def _make_recovery(
    lag: timedelta,
    ack: timedelta | None,
    res: timedelta | None,
    owner: str | None,
    steps: frozenset[str],
) -> _Maker:
    def make(start: datetime) -> Recovery:
        failure = _shift(start, lag)
        return Recovery(
            failure_at=failure,
            acknowledged_at=None if ack is None else _shift(failure, ack),
            resolved_at=None if res is None else _shift(failure, res),
            owner_id=owner,
            steps=steps,
        )

    return make


def _make_purchase(d: timedelta, amount: Money, pid: str | None) -> _Maker:
    return lambda start: Purchase(at=_shift(start, d), amount=amount, id=pid)


_AFTER_ARRIVAL: dict[str, st.SearchStrategy[Any]] = {
    "ended_at": st.none()
    | deltas(max_seconds=7200).map(lambda d: lambda start: _shift(start, d)),
    "greeting": st.none()
    | st.builds(_make_greeting, deltas(max_seconds=120), st.booleans(), _staff),
    "goodbye": st.none()
    | st.builds(_make_goodbye, deltas(max_seconds=7200), st.booleans(), st.booleans()),
    "follow_up": st.none()
    | st.builds(
        _make_follow_up,
        deltas(max_seconds=3600),
        deltas(max_seconds=40 * 86400),
        st.none() | deltas(max_seconds=60 * 86400),
        st.sampled_from(["thank_you", "check_in", "call"]),
    ),
    "recovery": st.none()
    | st.builds(
        _make_recovery,
        deltas(max_seconds=3600),
        st.none() | deltas(max_seconds=7200),
        st.none() | deltas(max_seconds=3 * 86400),
        _staff,
        st.frozensets(_words, max_size=3),
    ),
}


def interactions(
    *, currency: str = "EUR", **pinned: Any
) -> st.SearchStrategy[Interaction]:
    """Valid interactions: every timestamp at or after ``arrived_at``.

    Pin any field by keyword, e.g. ``interactions(channel=Channel.EMAIL)``
    or ``interactions(greeting=None)``; a pinned value may also be a
    strategy. When a timed record is pinned to a value, ``arrived_at`` is
    drawn at or before it.
    """
    _known(Interaction, pinned)
    latest = _earliest(
        pinned.get("ended_at"),
        *(
            getattr(pinned.get(name), stamp, None)
            for name, stamp in (
                ("greeting", "at"),
                ("goodbye", "at"),
                ("recovery", "failure_at"),
            )
        ),
    )
    after_arrival = {
        **_AFTER_ARRIVAL,
        "purchase": st.none()
        | st.builds(
            _make_purchase,
            deltas(max_seconds=7200),
            money(currency=currency),
            st.none() | ids("p-"),
        ),
    }
    plain: dict[str, st.SearchStrategy[Any]] = {
        "id": ids("i-"),
        "channel": st.sampled_from(Channel),
        "party_kind": st.sampled_from(PartyKind),
        "party_id": st.none() | ids("c-"),
        "staff_id": st.none() | st.sampled_from(["s-ana", "s-ben", "s-cy"]),
        "location_id": st.none() | st.sampled_from(["l-north", "l-south"]),
        "information": st.none() | information(),
        "offer": st.none() | offers(),
        "delivery": st.none() | deliveries(),
    }
    arrival = _start(latest, None, 7200)

    @st.composite
    def draw(draw: st.DrawFn) -> Interaction:
        arrived = _pick(draw, pinned, "arrived_at", arrival)
        values = {name: _pick(draw, pinned, name, s) for name, s in plain.items()}
        for name, makers in after_arrival.items():
            if name in pinned:
                values[name] = _pick(draw, pinned, name, makers)
            else:
                make = draw(makers)
                values[name] = None if make is None else make(arrived)
        return Interaction(arrived_at=arrived, **values)

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

"""A ready-made day of service to explore `moments` with.

:func:`demo_day` builds one Friday at two shops of a small clothing
retailer, Harbour Street and Market Square: six staff, clients and
customers, in person, on the phone, by chat and by email. It holds the
things a real day holds: a greeting that came late, a promised call-back
nobody made, an alteration that went wrong and was put right, and wow cards
naming the people who went beyond what was expected. Earlier visits by
three identified customers are included so promotion rules have history to
read.

Everything is fixed (``as_of`` included), so the day is the same on every
machine: ``python -m moments demo`` prints it, and the docs use it.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import attrs

from moments import _validate as v
from moments._time import aware, before
from moments.checklists import Audit, Auditor
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
)
from moments.standards import gold_standard, transactional_standard

__all__ = ["ZONE", "DemoDay", "audit_day", "demo_day"]

ZONE = timezone(timedelta(hours=1), "BST")
"""The shops' zone on the demo day (British Summer Time, UTC+01:00)."""

_DAY = (2026, 6, 12)


def _at(hour: int, minute: int, second: int = 0, day: int = _DAY[2]) -> datetime:
    return datetime(_DAY[0], _DAY[1], day, hour, minute, second, tzinfo=ZONE)


def _on(month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(_DAY[0], month, day, hour, minute, tzinfo=ZONE)


def _eur(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="EUR")


def _is_staff(pair: object) -> bool:
    return (
        type(pair) is tuple and len(pair) == 2 and all(v.is_str(part) for part in pair)
    )


def _is_interaction(item: object) -> bool:
    return type(item) is Interaction


@attrs.frozen(kw_only=True)
class DemoDay:
    """The demo day's data.

    Attributes:
        as_of: the moment the day is judged (the evening after closing).
        locations: the two shops' ids.
        staff: ``(staff_id, location_id)`` pairs.
        clients: the clients served.
        customers: the identified and anonymous customers served.
        interactions: the day's interactions, in arrival order.
        history: earlier visits by the day's customers (for promotion).
        feedback: what people told us afterwards, wow cards included.

    Example:
        >>> day = demo_day()
        >>> len(day.locations), len(day.staff)
        (2, 6)
        >>> day.interactions[0].arrived_at.isoformat()
        '2026-06-12T08:12:00+01:00'
    """

    as_of: datetime = attrs.field(validator=aware)
    locations: tuple[str, ...] = attrs.field(
        validator=v.tuple_of(v.is_str, "non-empty strings")
    )
    staff: tuple[tuple[str, str], ...] = attrs.field(
        validator=v.tuple_of(_is_staff, "(staff id, location id) pairs")
    )
    clients: tuple[Client, ...] = attrs.field(
        validator=v.tuple_of(lambda c: type(c) is Client, "Client records")
    )
    customers: tuple[Customer, ...] = attrs.field(
        validator=v.tuple_of(lambda c: type(c) is Customer, "Customer records")
    )
    interactions: tuple[Interaction, ...] = attrs.field(
        validator=v.tuple_of(_is_interaction, "Interaction records")
    )
    history: tuple[Interaction, ...] = attrs.field(
        validator=v.tuple_of(_is_interaction, "Interaction records")
    )
    feedback: tuple[Feedback, ...] = attrs.field(
        validator=v.tuple_of(lambda f: type(f) is Feedback, "Feedback records")
    )

    def party(self, party_id: str) -> Client | Customer:
        """The client or customer with ``party_id``.

        Raises:
            KeyError: nobody in the demo has that id.
        """
        for client in self.clients:
            if client.id == party_id:
                return client
        for customer in self.customers:
            if customer.id == party_id:
                return customer
        raise KeyError(party_id)


HARBOUR = "harbour-street"
MARKET = "market-square"
_STAFF = (
    ("amira", HARBOUR),
    ("bruno", HARBOUR),
    ("carmen", HARBOUR),
    ("dmitri", MARKET),
    ("elena", MARKET),
    ("farid", MARKET),
)
_WHERE = dict(_STAFF)

_ALL_ABOUT_THEM = frozenset(
    {InfoField.NAME, InfoField.REASON_FOR_VISIT, InfoField.LIKES, InfoField.PLANS}
)


def _client_visit(
    id: str,
    party: str,
    staff: str,
    at: datetime,
    *,
    wait: int = 3,
    spend: str | None = "0",
    expectation: Expectation = Expectation.MET,
    probed: bool = True,
    follow_up_done: bool = True,
    channel: Channel = Channel.IN_PERSON,
    recovery: Recovery | None = None,
) -> Interaction:
    """A full Seven Moments visit by a client; the keyword arguments are
    where the day's visits differ."""
    greeted = at + timedelta(seconds=wait)
    left = at + timedelta(minutes=25)
    due = _at(17, 0) if before(at, _at(12, 0)) else _at(12, 0, day=_DAY[2] + 1)
    return Interaction(
        id=id,
        channel=channel,
        arrived_at=at,
        party_kind=PartyKind.CLIENT,
        party_id=party,
        staff_id=staff,
        location_id=_WHERE[staff],
        ended_at=left,
        greeting=Greeting(at=greeted, used_name=True, by=staff),
        information=Information(collected=_ALL_ABOUT_THEM, probed=probed),
        offer=Offer(
            based_on=frozenset({InfoField.LIKES, InfoField.PLANS}),
            accepted=spend is not None and spend != "0",
        ),
        delivery=Delivery(expectation=expectation),
        goodbye=Goodbye(at=left, thanked=True, used_name=True),
        follow_up=FollowUp(
            kind="thank-you note",
            set_at=left,
            due=due,
            done_at=left + timedelta(hours=2) if follow_up_done else None,
        ),
        recovery=recovery,
        purchase=(
            Purchase(at=left, amount=_eur(spend), id=f"p-{id}")
            if spend not in (None, "0")
            else None
        ),
    )


def _quick_sale(
    id: str,
    staff: str,
    at: datetime,
    *,
    party: str | None = None,
    wait: int | None = 6,
    spend: str | None = "18.00",
    thanked: bool = True,
    collected: frozenset[InfoField] = frozenset(),
) -> Interaction:
    """A transactional visit by a customer: greeted, paid, thanked."""
    left = at + timedelta(minutes=4)
    return Interaction(
        id=id,
        channel=Channel.IN_PERSON,
        arrived_at=at,
        party_kind=PartyKind.CUSTOMER,
        party_id=party,
        staff_id=staff,
        location_id=_WHERE[staff],
        ended_at=left,
        greeting=(
            Greeting(at=at + timedelta(seconds=wait), by=staff)
            if wait is not None
            else None
        ),
        information=Information(collected=collected) if collected else None,
        delivery=Delivery(expectation=Expectation.MET) if spend else None,
        goodbye=Goodbye(at=left, thanked=thanked) if spend else None,
        purchase=(
            Purchase(at=left, amount=_eur(spend), id=f"p-{id}") if spend else None
        ),
    )


def _customers() -> tuple[Customer, ...]:
    maya = Customer(
        id="maya",
        first_seen=_on(5, 20, 11, 10),
        name="Maya",
        contact=Contact(email="maya@example.org"),
        consent=Consent(given_at=_on(6, 3, 17, 45)),
    )
    tom = Customer(
        id="tom",
        first_seen=_on(6, 5, 15, 30),
        name="Tom",
        contact=Contact(phone="+44 1632 960 555"),
        consent=Consent(given_at=_on(6, 5, 15, 35)),
    )
    lena = Customer(
        id="lena",
        first_seen=_on(6, 2, 12, 0),
        name="Lena",
        contact=Contact(email="lena@example.org"),
    )
    walk_in = Customer(id="walk-in-1", first_seen=_at(9, 31))
    return (maya, tom, lena, walk_in)


def _clients() -> tuple[Client, ...]:
    since = datetime(2024, 3, 2, 11, 0, tzinfo=ZONE)
    likes = Preferences(likes=frozenset({"linen", "navy"}), wishlist={"raincoat"})
    return (
        Client(id="grace", name="Grace", since=since,
               contact=Contact(email="grace@example.org"),
               profile=Profile(hometown="Porto", children=2), preferences=likes),
        Client(id="hugo", name="Hugo", since=since + timedelta(days=200),
               contact=Contact(phone="+44 1632 960 101")),
        Client(id="ines", name="Ines", since=since + timedelta(days=90),
               contact=Contact(email="ines@example.org"),
               profile=Profile(residence="Riverside")),
        Client(id="jonas", name="Jonas", since=since + timedelta(days=400),
               contact=Contact(email="jonas@example.org")),
        Client(id="events-team", name="Events team", since=since, internal=True,
               contact=Contact(email="events@example.org")),
    )  # fmt: skip


def _interactions() -> tuple[Interaction, ...]:
    fixed = Recovery(
        failure_at=_at(11, 48),
        acknowledged_at=_at(11, 49),
        resolved_at=_at(12, 10),
        owner_id="carmen",
        steps=frozenset({"apologised", "remade the hem", "delivered to the door"}),
    )
    call_back = FollowUp(kind="call back with stock news", set_at=_at(10, 36),
                         due=_at(14, 0))  # fmt: skip
    phone = Interaction(
        id="m-03", channel=Channel.PHONE, arrived_at=_at(10, 30),
        party_kind=PartyKind.CLIENT, party_id="jonas", staff_id="farid",
        location_id=MARKET, ended_at=_at(10, 36),
        greeting=Greeting(at=_at(10, 30, 9), used_name=True, by="farid"),
        information=Information(collected={InfoField.PLANS}, probed=False),
        goodbye=Goodbye(at=_at(10, 36), thanked=True), follow_up=call_back,
    )  # fmt: skip
    email = Interaction(
        id="m-08", channel=Channel.EMAIL, arrived_at=_at(8, 12),
        party_kind=PartyKind.CLIENT, party_id="events-team", staff_id="elena",
        location_id=MARKET, ended_at=_at(10, 5),
        greeting=Greeting(at=_at(9, 40), used_name=True, by="elena"),
        information=Information(collected={InfoField.REASON_FOR_VISIT,
                                           InfoField.PLANS}, probed=True),
        offer=Offer(based_on={InfoField.PLANS}, accepted=True),
        delivery=Delivery(expectation=Expectation.MET),
        goodbye=Goodbye(at=_at(10, 5), thanked=True, used_name=True),
    )  # fmt: skip
    left_unserved = Interaction(
        id="m-06", channel=Channel.IN_PERSON, arrived_at=_at(13, 2),
        party_kind=PartyKind.CUSTOMER, location_id=MARKET, ended_at=_at(13, 3, 5),
    )  # fmt: skip
    day = (
        _client_visit("h-01", "grace", "amira", _at(9, 4), spend="145.00",
                      expectation=Expectation.EXCEEDED),
        _quick_sale("h-02", "bruno", _at(9, 31), party="walk-in-1", spend="12.50"),
        _quick_sale("h-03", "bruno", _at(9, 52), party="maya", wait=4,
                    spend="38.00", collected=frozenset({InfoField.NAME})),
        _client_visit("m-01", "hugo", "dmitri", _at(10, 2), wait=14, spend="89.00"),
        _quick_sale("m-02", "farid", _at(10, 20), wait=8, spend="9.90"),
        phone,
        _client_visit("h-04", "ines", "carmen", _at(11, 15), spend="210.00",
                      recovery=fixed),
        _quick_sale("h-05", "amira", _at(11, 40), party="tom", wait=5,
                    spend="24.00", collected=frozenset({InfoField.NAME})),
        _client_visit("m-04", "grace", "elena", _at(12, 5), wait=4, spend="60.00",
                      expectation=Expectation.EXCEEDED),
        _quick_sale("m-05", "dmitri", _at(12, 30), wait=3, spend="15.00",
                    thanked=False),
        left_unserved,
        _quick_sale("h-06", "carmen", _at(14, 10), party="lena", wait=7,
                    spend="41.00"),
        _client_visit("h-07", "jonas", "bruno", _at(15, 0), wait=9, spend="0",
                      probed=False),
        _quick_sale("m-07", "farid", _at(15, 45), wait=11, spend="22.00"),
        _client_visit("h-08", "hugo", "amira", _at(16, 20), wait=2, spend="75.00",
                      expectation=Expectation.EXCEEDED),
        _quick_sale("h-09", "carmen", _at(17, 5), wait=3, spend="6.00"),
    )  # fmt: skip
    return tuple(sorted((*day, email), key=lambda i: i.arrived_at))


def _history() -> tuple[Interaction, ...]:
    visits = (
        ("maya", "h", "bruno", (5, 20, 11, 10), "54.00"),
        ("maya", "h", "amira", (6, 3, 17, 40), "19.00"),
        ("tom", "h", "amira", (6, 5, 15, 30), "31.00"),
        ("lena", "m", "elena", (6, 2, 12, 0), "28.00"),
        ("lena", "m", "dmitri", (6, 8, 16, 45), "47.00"),
    )
    out = []
    for n, (party, shop, staff, (month, day, hour, minute), spend) in enumerate(
        visits, start=1
    ):
        at = _on(month, day, hour, minute)
        out.append(_quick_sale(f"{shop}-old-{n}", staff, at, party=party, spend=spend))
    return tuple(out)


def _feedback() -> tuple[Feedback, ...]:
    def fb(
        iid: str, hour: int, csat: int, nps: int, wow: WowCard | None = None
    ) -> Feedback:
        return Feedback(interaction_id=iid, at=_at(hour, 0), csat=csat, nps=nps,
                        wow=wow)  # fmt: skip

    return (
        fb("h-01", 12, 5, 10, WowCard(
            staff_id="amira", moment=Moment.STORYTELLING,
            story="Remembered the trip I mentioned last spring and had a "
                  "linen jacket in my size waiting")),
        fb("h-03", 12, 4, 8),
        fb("m-01", 13, 3, 6),
        fb("h-04", 14, 5, 9, WowCard(
            staff_id="carmen", moment=Moment.RECOVERY,
            story="The hem was wrong; she had it fixed in under half an hour and "
                  "brought it out to the car")),
        fb("m-04", 15, 5, 10, WowCard(
            staff_id="elena", story="Asked about my daughter's recital and "
                                    "found shoes to match the dress")),
        fb("m-05", 15, 3, 5),
        fb("h-07", 18, 3, 7),
        fb("m-07", 18, 4, 7),
        fb("h-08", 18, 5, 9),
    )  # fmt: skip


def demo_day() -> DemoDay:
    """Build the demo day: two shops, six staff, one Friday of service.

    Returns:
        The same :class:`DemoDay` on every call.
    """
    return DemoDay(
        as_of=_at(19, 0),
        locations=(HARBOUR, MARKET),
        staff=_STAFF,
        clients=_clients(),
        customers=_customers(),
        interactions=_interactions(),
        history=_history(),
        feedback=_feedback(),
    )


def audit_day(day: DemoDay) -> list[Audit]:
    """Audit every interaction of ``day`` as of its ``as_of``: clients
    against :func:`~moments.standards.gold_standard`, customers against
    :func:`~moments.standards.transactional_standard`.

    Example:
        >>> audits = audit_day(demo_day())
        >>> len(audits), audits[0].interaction_id
        (17, 'm-08')
    """
    gold = Auditor(gold_standard())
    quick = Auditor(transactional_standard())
    return [
        (gold if i.party_kind is PartyKind.CLIENT else quick).audit(i, as_of=day.as_of)
        for i in day.interactions
    ]

"""Hand-tuned loaders for an interaction (and registration of all of them).

Interactions are what apps load in bulk, so these loaders skip the attrs
``__init__`` and set the slots directly, doing *exactly* the checks the
models' validators do (inline, once); the records' loaders live in
:mod:`moments.serialization.records`. They only ever accept what the
models accept: a property test compares them with the generic path, which
builds through the constructors. On any failure they raise, and
:mod:`moments.serialization` re-runs the generic, detailed pass to explain.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from moments.interactions import (
    Delivery,
    FollowUp,
    Goodbye,
    Greeting,
    Information,
    Interaction,
    Offer,
    Recovery,
)
from moments.money import Money
from moments.parties import Purchase
from moments.serialization.codec import Codec, register_loader
from moments.serialization.flat import flat_loader
from moments.serialization.records import (
    _CHANNELS,
    _PARTY_KINDS,
    _delivery,
    _earlier,
    _Fail,
    _follow_up,
    _goodbye,
    _greeting,
    _information,
    _keys,
    _money,
    _new,
    _offer,
    _purchase,
    _recovery,
    _slots,
)
from moments.serialization.scalars import Bad, load_datetime

__all__: list[str] = []

Load = Callable[[Any], Any]

(
    _ia_id,
    _ia_channel,
    _ia_arrived,
    _ia_party_kind,
    _ia_party_id,
    _ia_staff_id,
    _ia_location_id,
    _ia_ended,
    _ia_greeting,
    _ia_information,
    _ia_offer,
    _ia_delivery,
    _ia_goodbye,
    _ia_follow_up,
    _ia_recovery,
    _ia_purchase,
) = _slots(Interaction)
_IA_KEYS = _keys(Interaction)
_IA_TOP = _IA_KEYS | {"$schema"}


def _interaction(
    d: Any, size: int = 16, keys: frozenset[str] = _IA_KEYS
) -> Interaction:
    if type(d) is not dict:
        raise _Fail
    if len(d) == size:  # canonical: every key present, plain subscripts
        ident, channel, stamp, kind = (
            d["id"],
            d["channel"],
            d["arrived_at"],
            d["party_kind"],
        )
        party, staff, place, ended = (
            d["party_id"],
            d["staff_id"],
            d["location_id"],
            d["ended_at"],
        )
        greeting, information, offer, delivery = (
            d["greeting"],
            d["information"],
            d["offer"],
            d["delivery"],
        )
        goodbye, follow_up, recovery, purchase = (
            d["goodbye"],
            d["follow_up"],
            d["recovery"],
            d["purchase"],
        )
    elif keys.issuperset(d):
        get = d.get
        ident, channel, stamp, kind = (
            d["id"],
            d["channel"],
            d["arrived_at"],
            d["party_kind"],
        )
        party, staff, place, ended = (
            get("party_id"),
            get("staff_id"),
            get("location_id"),
            get("ended_at"),
        )
        greeting, information, offer, delivery = (
            get("greeting"),
            get("information"),
            get("offer"),
            get("delivery"),
        )
        goodbye, follow_up, recovery, purchase = (
            get("goodbye"),
            get("follow_up"),
            get("recovery"),
            get("purchase"),
        )
    else:
        raise _Fail
    if (
        type(ident) is not str
        or not ident
        or ident.isspace()
        or (
            party is not None
            and (type(party) is not str or not party or party.isspace())
        )
        or (
            staff is not None
            and (type(staff) is not str or not staff or staff.isspace())
        )
        or (
            place is not None
            and (type(place) is not str or not place or place.isspace())
        )
    ):
        raise _Fail
    arrived = load_datetime(stamp)
    x = _new(Interaction)
    _ia_id(x, ident)
    _ia_channel(x, _CHANNELS[channel])
    _ia_arrived(x, arrived)
    _ia_party_kind(x, _PARTY_KINDS[kind])
    _ia_party_id(x, party)
    _ia_staff_id(x, staff)
    _ia_location_id(x, place)
    if ended is not None:
        ended = load_datetime(ended)
        if _earlier(ended, arrived):
            raise _Fail
    _ia_ended(x, ended)
    if greeting is not None:
        greeting = _greeting(greeting)
        if _earlier(greeting.at, arrived):
            raise _Fail
    _ia_greeting(x, greeting)
    _ia_information(
        x, information if information is None else _information(information)
    )
    _ia_offer(x, offer if offer is None else _offer(offer))
    _ia_delivery(x, delivery if delivery is None else _delivery(delivery))
    if goodbye is not None:
        goodbye = _goodbye(goodbye)
        if _earlier(goodbye.at, arrived):
            raise _Fail
    _ia_goodbye(x, goodbye)
    _ia_follow_up(x, follow_up if follow_up is None else _follow_up(follow_up))
    if recovery is not None:
        recovery = _recovery(recovery)
        if _earlier(recovery.failure_at, arrived):
            raise _Fail
    _ia_recovery(x, recovery)
    _ia_purchase(x, purchase if purchase is None else _purchase(purchase))
    return x


def _top(load: Load) -> Load:
    def load_top(d: Any) -> Any:
        if type(d) is not dict:
            raise Bad("an object")
        return load({k: v for k, v in d.items() if k != "$schema"})

    return load_top


#: The fields each loader sets, in order. If a model changes, its loader
#: is not used (the generic path takes over) until it is updated.
_FIELDS: dict[type, tuple[str, ...]] = {
    Greeting: ("at", "used_name", "by"),
    Information: ("collected", "probed"),
    Offer: ("based_on", "accepted"),
    Delivery: ("expectation",),
    Goodbye: ("at", "thanked", "used_name"),
    FollowUp: ("kind", "due", "done_at", "set_at"),
    Recovery: ("failure_at", "acknowledged_at", "resolved_at", "owner_id", "steps"),
    Money: ("amount", "currency"),
    Purchase: ("at", "amount", "id"),
    Interaction: (
        "id",
        "channel",
        "arrived_at",
        "party_kind",
        "party_id",
        "staff_id",
        "location_id",
        "ended_at",
        "greeting",
        "information",
        "offer",
        "delivery",
        "goodbye",
        "follow_up",
        "recovery",
        "purchase",
    ),
}


def _current(cls: type) -> bool:
    fields = attrs.fields(cls)
    return tuple(a.name for a in fields) == _FIELDS[cls] and all(
        a.init and a.alias == a.name for a in fields
    )


def _pair(load: Load) -> Callable[[Codec], tuple[Load, Load]]:
    return lambda codec: (load, _top(load))


def _register() -> None:
    loaders: dict[type, Load] = {
        Greeting: _greeting,
        Information: _information,
        Offer: _offer,
        Delivery: _delivery,
        Goodbye: _goodbye,
        FollowUp: _follow_up,
        Recovery: _recovery,
        Money: _money,
        Purchase: _purchase,
    }
    if not all(_current(cls) for cls in _FIELDS):
        return
    for cls, load in loaders.items():
        register_loader(cls, _pair(load))
    # Canonical documents take the flat loader; others (defaults left
    # out) the hand-tuned one above.
    register_loader(
        Interaction,
        lambda codec: (
            flat_loader(_interaction, 16),
            flat_loader(lambda d: _interaction(d, 17, _IA_TOP), 17),
        ),
    )


_register()

"""One flat, generated loader for a whole canonical interaction document.

Interactions are what apps load in bulk. A document written by
:func:`moments.serialization.to_dict` carries every key, so its loader can
read each value with one subscript and build the interaction and its
records in a single function: no call per record or per time stamp, the
strict checks inlined as ``type(x) is str`` tests, the slots set
directly. It does exactly the checks the models' validators do (the same
as the per-record loaders of ``_serialization_records``); property tests
compare it with the constructors. Anything else leaves it:

* a document or record that is not canonical (a key left out for its
  default) goes to the hand-tuned loaders, which handle defaults;
* any other anomaly raises, and :mod:`moments.serialization` re-runs the
  generic, detailed pass, so every error message and path is the one
  that pass gives.

The source is written once at import, from ``_TEMPLATE``: a line
``@stamp name <expr>`` (``@stamp? ...`` when ``null`` is allowed) expands
to the inlined parse of an ISO 8601 time stamp into ``name``. The
``tzinfo`` shared per offset is the one of the stamp before (``shared``:
the stamps of one document mostly share an offset) or else looked up by
the offset text; anything unusual (a zone key, a new offset, no offset)
goes through ``load_datetime``, which explains or learns it. Comparisons
of time stamps are of instants: while every stamp has a fixed offset
(``z`` false) ``<`` is exact; once one may have a zone, ``_earlier``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from moments.interactions import FollowUp, Goodbye, Greeting, Interaction
from moments.money import Money
from moments.parties import Purchase
from moments.serialization import records as records
from moments.serialization.scalars import SUFFIXES, load_datetime

__all__ = ["HOOKS", "flat_loader"]

HOOKS: dict[Callable[[Any], Any], Callable[[Any, type], Any]] = {}
"""Each generated top-level loader, as its own cattrs structure hook: it
takes ``(data, cls)`` too, which saves a call per document."""

_TEMPLATE = """
def load(d, cls=None):
    if type(d) is not dict or len(d) != SIZE:
        return fallback(d)
    z = False
    shared = UTC
    ident = d["id"]
    party = d["party_id"]
    staff = d["staff_id"]
    place = d["location_id"]
    if (
        type(ident) is not str or not ident.strip()
        or (party is not None
            and (type(party) is not str or not party.strip()))
        or (staff is not None
            and (type(staff) is not str or not staff.strip()))
        or (place is not None
            and (type(place) is not str or not place.strip()))
    ):
        raise Fail
    @stamp arrived d["arrived_at"]
    x = new(Interaction)
    ia_id(x, ident)
    ia_channel(x, CHANNELS[d["channel"]])
    ia_arrived(x, arrived)
    ia_party_kind(x, PARTY_KINDS[d["party_kind"]])
    ia_party_id(x, party)
    ia_staff_id(x, staff)
    ia_location_id(x, place)
    @stamp? at d["ended_at"]
    if at is not None and (earlier(at, arrived) if z else at < arrived):
        raise Fail
    ia_ended(x, at)
    v = d["greeting"]
    if v is not None:
        if type(v) is dict and len(v) == 3:
            used = v["used_name"]
            by = v["by"]
            if (used is not True and used is not False) or (
                by is not None and (type(by) is not str or not by.strip())
            ):
                raise Fail
            @stamp at v["at"]
            v = new(Greeting)
            g_at(v, at)
            g_used(v, used)
            g_by(v, by)
        else:
            v = greeting(v)
            at = v.at
            z = True
        if earlier(at, arrived) if z else at < arrived:
            raise Fail
    ia_greeting(x, v)
    v = d["information"]
    if v is not None:
        if type(v) is dict and len(v) == 2:
            probed = v["probed"]
            listed = v["collected"]
            # Checked before the lookup: 1 == True would find the True entry.
            if (probed is not True and probed is not False) or type(listed) is not list:
                raise Fail
            v = INFORMATION[probed].get(tuple(listed)) or information(v)
        else:
            v = information(v)
    ia_information(x, v)
    v = d["offer"]
    if v is not None:
        if type(v) is dict and len(v) == 2:
            accepted = v["accepted"]
            listed = v["based_on"]
            if (
                accepted is not None and accepted is not True and accepted is not False
            ) or type(listed) is not list:
                raise Fail
            v = OFFERS[accepted].get(tuple(listed)) or offer(v)
        else:
            v = offer(v)
    ia_offer(x, v)
    v = d["delivery"]
    if v is not None:
        if type(v) is not dict or len(v) != 1:
            raise Fail
        v = DELIVERIES[v["expectation"]]
    ia_delivery(x, v)
    v = d["goodbye"]
    if v is not None:
        if type(v) is dict and len(v) == 3:
            thanked = v["thanked"]
            used = v["used_name"]
            if (thanked is not True and thanked is not False) or (
                used is not True and used is not False
            ):
                raise Fail
            @stamp at v["at"]
            v = new(Goodbye)
            gb_at(v, at)
            gb_thanked(v, thanked)
            gb_used(v, used)
        else:
            v = goodbye(v)
            at = v.at
            z = True
        if earlier(at, arrived) if z else at < arrived:
            raise Fail
    ia_goodbye(x, v)
    v = d["follow_up"]
    if v is not None:
        if type(v) is dict and len(v) == 4:
            kind = v["kind"]
            if type(kind) is not str or not kind.strip():
                raise Fail
            @stamp due v["due"]
            @stamp? done v["done_at"]
            @stamp? at v["set_at"]
            if at is not None and (
                (earlier(due, at) or (done is not None and earlier(done, at)))
                if z
                else (due < at or (done is not None and done < at))
            ):
                raise Fail
            v = new(FollowUp)
            fu_kind(v, kind)
            fu_due(v, due)
            fu_done(v, done)
            fu_set(v, at)
        else:
            v = follow_up(v)
    ia_follow_up(x, v)
    v = d["recovery"]
    if v is not None:
        v = recovery(v)
        if earlier(v.failure_at, arrived):
            raise Fail
    ia_recovery(x, v)
    v = d["purchase"]
    if v is not None:
        if type(v) is dict and len(v) == 3:
            pid = v["id"]
            if pid is not None and (
                type(pid) is not str or not pid.strip()
            ):
                raise Fail
            @stamp at v["at"]
            money = v["amount"]
            if type(money) is not dict or len(money) != 2:
                raise Fail
            amount = money["amount"]
            # Digits with at most one point match DECIMAL: skip running it.
            if type(amount) is not str or len(amount) > 100 or not (
                amount.replace(".", "", 1).isdecimal() or DECIMAL(amount)
            ):
                raise Fail
            code = CURRENCIES.get(money["currency"])
            if code is None:
                money = load_money(money)
            else:
                money = new(Money)
                mo_amount(money, Decimal(amount))
                mo_currency(money, code)
            v = new(Purchase)
            pu_at(v, at)
            pu_amount(v, money)
            pu_id(v, pid)
        else:
            v = purchase(v)
    ia_purchase(x, v)
    return x
"""

_STAMP = """\
if type(text) is not str:
    raise Fail
try:
    NAME = fromiso(text)
except ValueError:
    NAME = load_datetime(text)
    z = True
else:
    tz = NAME.tzinfo
    if tz is not UTC:
        # The offset of the stamp before, or else the one of the offset text.
        if tz == shared or tz == (shared := SUFFIXES.get(text[-6:]) or UTC):
            NAME = combine(NAME, NAME.time(), shared)
        else:
            shared = UTC
            NAME = load_datetime(text)
            z = True"""


def _expand(template: str) -> str:
    """The template with each ``@stamp`` line expanded."""
    lines: list[str] = []
    for line in template.splitlines():
        body = line.lstrip()
        if not body.startswith("@stamp"):
            lines.append(line)
            continue
        pad = line[: len(line) - len(body)]
        macro, name, expr = body.split(" ", 2)
        code = _STAMP.replace("NAME", name).splitlines()
        lines.append(f"{pad}text = {expr}")
        if macro == "@stamp?":  # null allowed
            lines += [
                f"{pad}if text is None:",
                f"{pad}    {name} = None",
                f"{pad}else:",
            ]
            pad += "    "
        lines += [pad + c for c in code]
    return "\n".join(lines) + "\n"


Load = Callable[[Any], Any]


def flat_loader(fallback: Load, size: int) -> Load:
    """The flat loader of a canonical interaction document of ``size``
    keys (16, or 17 with ``"$schema"``); ``fallback`` loads any other."""
    env: dict[str, Any] = {
        "__name__": __name__,
        "SIZE": size,
        "fallback": fallback,
        "Fail": records._Fail,
        "new": object.__new__,
        "fromiso": datetime.fromisoformat,
        "combine": datetime.combine,
        "UTC": UTC,
        "SUFFIXES": SUFFIXES,
        "load_datetime": load_datetime,
        "earlier": records._earlier,
        "Decimal": Decimal,
        "DECIMAL": records._DECIMAL,
        "CHANNELS": records._CHANNELS,
        "PARTY_KINDS": records._PARTY_KINDS,
        "INFORMATION": records._INFORMATION,
        "OFFERS": records._OFFERS,
        "DELIVERIES": records._DELIVERIES,
        "CURRENCIES": records._CURRENCIES,
        "Interaction": Interaction,
        "Greeting": Greeting,
        "Goodbye": Goodbye,
        "FollowUp": FollowUp,
        "Money": Money,
        "Purchase": Purchase,
        "greeting": records._greeting,
        "information": records._information,
        "offer": records._offer,
        "goodbye": records._goodbye,
        "follow_up": records._follow_up,
        "recovery": records._recovery,
        "purchase": records._purchase,
        "load_money": records._money,
    }
    names = {
        Interaction: (
            "ia_id ia_channel ia_arrived ia_party_kind ia_party_id ia_staff_id"
            " ia_location_id ia_ended ia_greeting ia_information ia_offer"
            " ia_delivery ia_goodbye ia_follow_up ia_recovery ia_purchase"
        ),
        Greeting: "g_at g_used g_by",
        Goodbye: "gb_at gb_thanked gb_used",
        FollowUp: "fu_kind fu_due fu_done fu_set",
        Money: "mo_amount mo_currency",
        Purchase: "pu_at pu_amount pu_id",
    }
    for cls, setters in names.items():
        env.update(zip(setters.split(), records._slots(cls), strict=True))
    exec(compile(_expand(_TEMPLATE), f"<moments flat loader {size}>", "exec"), env)
    load: Load = env["load"]
    HOOKS[load] = env["load"]
    return load

"""Hand-tuned loaders for the evidence records of an interaction.

Interactions are what apps load in bulk, so these loaders skip the attrs
``__init__`` and set the slots directly, doing *exactly* the checks the
models' validators do (inline, once). They only ever accept what the
models accept: a property test compares them with the generic path, which
builds through the constructors. On any failure they raise, and
:mod:`moments.serialization` re-runs the generic, detailed pass to explain.

Two sharing tricks keep a decoded interaction small: fixed offsets share
one ``tzinfo`` (see ``_serialization_scalars``), and sets of
:class:`~moments.InfoField` and currency codes are interned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs

from moments.interactions import (
    Channel,
    Delivery,
    Expectation,
    FollowUp,
    Goodbye,
    Greeting,
    InfoField,
    Information,
    Offer,
    PartyKind,
    Recovery,
)
from moments.money import Money
from moments.parties import Purchase
from moments.serialization.scalars import load_datetime

__all__: list[str] = []  # private: used by moments.serialization.fast
_ZERO = timedelta(0)
_new = object.__new__
_DECIMAL = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d{1,9})?").fullmatch
_NONE: list[object] = []  # read-only default: an empty list
_CURRENCY = re.compile(r"[A-Z]{3}")
_CURRENCIES: dict[str, str] = {}
_CHANNELS = {m.value: m for m in Channel}
_PARTY_KINDS = {m.value: m for m in PartyKind}
_EXPECTATIONS = {m.value: m for m in Expectation}
_INFO = {m.value: m for m in InfoField}
_INFO_SETS: dict[tuple[object, ...], frozenset[InfoField]] = {}


class _Fail(Exception):
    """The fast path gives up; the detailed pass will explain."""


def _slots(cls: type) -> tuple[Callable[[object, object], None], ...]:
    return tuple(getattr(cls, a.name).__set__ for a in attrs.fields(cls))


def _keys(cls: type) -> frozenset[str]:
    return frozenset(a.alias for a in attrs.fields(cls))


def _earlier(later: datetime, anchor: datetime) -> bool:
    """Whether instant ``later`` is strictly before instant ``anchor``."""
    tz = anchor.tzinfo
    if tz is later.tzinfo and type(tz) is not timezone:
        # One ZoneInfo object: Python would compare wall clocks.
        return (later - anchor) - (tz.utcoffset(later) - tz.utcoffset(anchor)) < _ZERO  # type: ignore[union-attr, operator]
    return later < anchor


def _info_set(value: Any) -> frozenset[InfoField]:
    if type(value) is not list:
        raise _Fail
    key = tuple(value)
    found = _INFO_SETS.get(key)
    if found is None:
        found = frozenset(map(_INFO.__getitem__, value))
        if len(found) != len(value):
            raise _Fail
        if len(_INFO_SETS) < 1024:
            _INFO_SETS[key] = found
    return found


# Slot setters, bound once: ``_g_at(obj, value)`` sets ``obj.at``.
_g_at, _g_used, _g_by = _slots(Greeting)
_G_KEYS = _keys(Greeting)


def _greeting(d: Any) -> Greeting:
    # Canonical documents carry every key: subscripts, no key-set check.
    if type(d) is not dict:
        raise _Fail
    if len(d) == 3:
        at, used, by = d["at"], d["used_name"], d["by"]
    elif _G_KEYS.issuperset(d):
        at, used, by = d["at"], d.get("used_name", False), d.get("by")
    else:
        raise _Fail
    if (used is not True and used is not False) or (
        by is not None and (type(by) is not str or not by or by.isspace())
    ):
        raise _Fail
    g = _new(Greeting)
    _g_at(g, load_datetime(at))
    _g_used(g, used)
    _g_by(g, by)
    return g


# Information, Offer and Delivery hold no time stamp and take few distinct
# values, so decoded ones are shared (interned) like the sets inside them.
_in_collected, _in_probed = _slots(Information)
_IN_KEYS = _keys(Information)
# Keyed by ``probed``, then by the collected values as listed.
_INFORMATION: dict[bool, dict[tuple[object, ...], Information]] = {
    False: {},
    True: {},
}


def _information(d: Any) -> Information:
    if type(d) is not dict:
        raise _Fail
    if len(d) == 2:
        collected, probed = d["collected"], d["probed"]
    elif _IN_KEYS.issuperset(d):
        collected, probed = d.get("collected", _NONE), d.get("probed", False)
    else:
        raise _Fail
    # Checked before the lookup: 1 == True would find the True entry.
    if (probed is not True and probed is not False) or type(collected) is not list:
        raise _Fail
    known = _INFORMATION[probed]
    key = tuple(collected)
    found = known.get(key)
    if found is None:
        found = _new(Information)
        _in_collected(found, _info_set(collected))
        _in_probed(found, probed)
        if len(known) < 4096:
            known[key] = found
    return found


_of_based, _of_accepted = _slots(Offer)
_OF_KEYS = _keys(Offer)
# Keyed by ``accepted``, then by the values listed in ``based_on``.
_OFFERS: dict[bool | None, dict[tuple[object, ...], Offer]] = {
    None: {},
    False: {},
    True: {},
}


def _offer(d: Any) -> Offer:
    if type(d) is not dict:
        raise _Fail
    if len(d) == 2:
        based_on, accepted = d["based_on"], d["accepted"]
    elif _OF_KEYS.issuperset(d):
        based_on, accepted = d.get("based_on", _NONE), d.get("accepted")
    else:
        raise _Fail
    if (
        accepted is not None and accepted is not True and accepted is not False
    ) or type(based_on) is not list:
        raise _Fail
    known = _OFFERS[accepted]
    key = tuple(based_on)
    found = known.get(key)
    if found is None:
        found = _new(Offer)
        _of_based(found, _info_set(based_on))
        _of_accepted(found, accepted)
        if len(known) < 4096:
            known[key] = found
    return found


(_de_expectation,) = _slots(Delivery)
_DELIVERIES: dict[str, Delivery] = {}
for _value, _member in _EXPECTATIONS.items():
    _DELIVERIES[_value] = _new(Delivery)
    _de_expectation(_DELIVERIES[_value], _member)


def _delivery(d: Any) -> Delivery:
    if type(d) is not dict or len(d) != 1:
        raise _Fail
    return _DELIVERIES[d["expectation"]]


_gb_at, _gb_thanked, _gb_used = _slots(Goodbye)
_GB_KEYS = _keys(Goodbye)


def _goodbye(d: Any) -> Goodbye:
    if type(d) is not dict:
        raise _Fail
    if len(d) == 3:
        at, thanked, used = d["at"], d["thanked"], d["used_name"]
    elif _GB_KEYS.issuperset(d):
        at, thanked, used = d["at"], d["thanked"], d.get("used_name", False)
    else:
        raise _Fail
    if (thanked is not True and thanked is not False) or (
        used is not True and used is not False
    ):
        raise _Fail
    x = _new(Goodbye)
    _gb_at(x, load_datetime(at))
    _gb_thanked(x, thanked)
    _gb_used(x, used)
    return x


_fu_kind, _fu_due, _fu_done, _fu_set = _slots(FollowUp)
_FU_KEYS = _keys(FollowUp)


def _follow_up(d: Any) -> FollowUp:
    if type(d) is not dict:
        raise _Fail
    if len(d) == 4:
        kind, due, done, set_at = d["kind"], d["due"], d["done_at"], d["set_at"]
    elif _FU_KEYS.issuperset(d):
        kind, due, done, set_at = d["kind"], d["due"], d.get("done_at"), d.get("set_at")
    else:
        raise _Fail
    if type(kind) is not str or not kind or kind.isspace():
        raise _Fail
    due = load_datetime(due)
    if done is not None:
        done = load_datetime(done)
    if set_at is not None:
        set_at = load_datetime(set_at)
        if _earlier(due, set_at) or (done is not None and _earlier(done, set_at)):
            raise _Fail
    x = _new(FollowUp)
    _fu_kind(x, kind)
    _fu_due(x, due)
    _fu_done(x, done)
    _fu_set(x, set_at)
    return x


_re_failure, _re_ack, _re_resolved, _re_owner, _re_steps = _slots(Recovery)
_RE_KEYS = _keys(Recovery)


def _steps(value: Any) -> frozenset[str]:
    if type(value) is not list:
        raise _Fail
    for step in value:
        if type(step) is not str or not step or step.isspace():
            raise _Fail
    found = frozenset(value)
    if len(found) != len(value):
        raise _Fail
    return found


def _recovery(d: Any) -> Recovery:
    if type(d) is not dict:
        raise _Fail
    if len(d) == 5:
        failure, ack, resolved = d["failure_at"], d["acknowledged_at"], d["resolved_at"]
        owner, steps = d["owner_id"], d["steps"]
    elif _RE_KEYS.issuperset(d):
        failure, ack, resolved = (
            d["failure_at"],
            d.get("acknowledged_at"),
            d.get("resolved_at"),
        )
        owner, steps = d.get("owner_id"), d.get("steps", _NONE)
    else:
        raise _Fail
    failure = load_datetime(failure)
    if ack is not None:
        ack = load_datetime(ack)
        if _earlier(ack, failure):
            raise _Fail
    if resolved is not None:
        resolved = load_datetime(resolved)
        if _earlier(resolved, failure):
            raise _Fail
    if owner is not None and (type(owner) is not str or not owner or owner.isspace()):
        raise _Fail
    x = _new(Recovery)
    _re_failure(x, failure)
    _re_ack(x, ack)
    _re_resolved(x, resolved)
    _re_owner(x, owner)
    _re_steps(x, _steps(steps))
    return x


_mo_amount, _mo_currency = _slots(Money)


def _money(d: Any) -> Money:
    if type(d) is not dict or len(d) != 2:
        raise _Fail
    amount = d["amount"]
    if type(amount) is not str or len(amount) > 100 or not _DECIMAL(amount):
        raise _Fail
    code = d["currency"]
    currency = _CURRENCIES.get(code)
    if currency is None:
        if type(code) is not str or not _CURRENCY.fullmatch(code):
            raise _Fail
        currency = code
        if len(_CURRENCIES) < 1024:
            _CURRENCIES[code] = code
    x = _new(Money)
    _mo_amount(x, Decimal(amount))
    _mo_currency(x, currency)
    return x


_pu_at, _pu_amount, _pu_id = _slots(Purchase)
_PU_KEYS = _keys(Purchase)


def _purchase(d: Any) -> Purchase:
    if type(d) is not dict:
        raise _Fail
    if len(d) == 3:
        at, amount, ident = d["at"], d["amount"], d["id"]
    elif _PU_KEYS.issuperset(d):
        at, amount, ident = d["at"], d["amount"], d.get("id")
    else:
        raise _Fail
    if ident is not None and (type(ident) is not str or not ident or ident.isspace()):
        raise _Fail
    x = _new(Purchase)
    _pu_at(x, load_datetime(at))
    _pu_amount(x, _money(amount))
    _pu_id(x, ident)
    return x

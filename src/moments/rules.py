"""Promotion rules as data: what makes a customer a client, or a client an
advocate.

Each rule is a small frozen value with a ``kind`` literal, so a policy can be
stored, compared and sent as JSON. Rules combine with ``&`` (:class:`AllOf`),
``|`` (:class:`AnyOf`) and ``~`` (:class:`Not`); nested ``AllOf``/``AnyOf``
are flattened. :func:`moments.promotion.evaluate_rule` evaluates a rule for a
party and :func:`moments.promotion.decide_promotion` explains a whole policy.

A rule nests at most :data:`moments._limits.MAX_RULE_DEPTH` (32) levels of
``~``, ``&`` and ``|`` (a leaf such as ``HasName()`` is level 0, ``~HasName()``
level 1; ``a & b & c`` is one level, flattened): building a deeper one
raises :class:`~moments.errors.InvalidData`, so ``repr``, ``hash``, ``==``,
serialization and evaluation never recurse far, and every rule that can be
built can be loaded back.

Durations (``within``, ``tenure``) are :class:`dateutil.relativedelta.relativedelta`
values holding only *relative*, non-negative whole-number fields (``years``,
``months``, ``weeks``/``days``, ``hours``, ``minutes``, ``seconds``,
``microseconds``); absolute fields such as ``year=`` or ``month=`` and
``weekday=`` are rejected. A window ``within=relativedelta(days=365)`` covers
the instants from ``as_of - within`` (computed in UTC, the relativedelta
applied once to ``as_of``) up to ``as_of``, both ends included.

Example:
    >>> from dateutil.relativedelta import relativedelta
    >>> rule = HasName() & HasContact() & MinVisits(3, within=relativedelta(days=365))
    >>> [describe(r) for r in rule.rules]
    ['name known', 'email or phone known', '3 visits on distinct days within 365 days']
    >>> describe(~HasName() | Promoter())
    'any of (not name known; promoter (NPS 9 or more))'
"""

from __future__ import annotations

from typing import Any, Literal, cast

import attrs
from dateutil.relativedelta import relativedelta

from moments import _validate as v
from moments._limits import MAX_RULE_DEPTH
from moments.errors import InvalidData
from moments.money import Money
from moments.parties import Purpose

__all__ = [
    "AllOf",
    "AnyOf",
    "Consented",
    "HasContact",
    "HasName",
    "MinSpend",
    "MinTenure",
    "MinVisits",
    "Not",
    "Promoter",
    "RecentVisit",
    "Recognised",
    "Rule",
    "describe",
    "span",
]

_RELATIVE = ("years", "months", "days", "hours", "minutes", "seconds", "microseconds")
_ABSOLUTE = ("year", "month", "day", "hour", "minute", "second", "microsecond")
_CHANNELS = frozenset({"email", "phone"})


def _kind(name: str) -> Any:
    """The ``kind`` field: defaulted, and only ever the ``str`` ``name``."""

    def error(instance: Any, attribute: Any, value: Any) -> Exception:
        return InvalidData.field("kind", repr(name), value)

    check = v.declare(
        v.Check(exact=str, test="{value} != {NAME}", names={"NAME": name}, error=error),
        "rule kind",
    )
    return attrs.field(default=name, validator=check, kw_only=True)


def _duration(positive: bool) -> Any:
    """Validator: a relativedelta with only relative, non-negative,
    whole-number fields (and not zero when ``positive``)."""
    expected = (
        "a relativedelta of relative, non-negative whole years, months, "
        "weeks, days, hours, minutes or seconds" + (", not zero" if positive else "")
    )

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if type(value) is not relativedelta:
            raise InvalidData.field(attribute.name, expected, value)
        fix = None
        if any(getattr(value, f) is not None for f in (*_ABSOLUTE, "weekday")):
            fix = "use plural relative fields, e.g. relativedelta(years=1), not year=1"
        relative = [getattr(value, f) for f in _RELATIVE]
        bad_numbers = any(type(n) is not int or n < 0 for n in relative)
        if fix or bad_numbers or value.leapdays or (positive and not any(relative)):
            raise InvalidData.field(attribute.name, expected, value, fix)

    return check


_within = _duration(positive=True)
_optional_within = v.optional(_within)


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def span(duration: relativedelta) -> str:
    """A duration in words: ``relativedelta(days=365)`` is ``"365 days"``.

    Example:
        >>> span(relativedelta(years=1, months=6))
        '1 year 6 months'
    """
    parts = [
        _plural(getattr(duration, f), f[:-1]) for f in _RELATIVE if getattr(duration, f)
    ]
    return " ".join(parts) if parts else "0 days"


class _Combinable:
    """``&``, ``|`` and ``~`` for every rule.

    ``_depth`` caches a combinator's nesting (see :func:`_depth_of`); it is
    not an attrs field, so equality, hashing and serialization ignore it.
    """

    __slots__ = ("_depth",)
    _depth: int

    def __and__(self, other: object) -> AllOf:
        if not isinstance(other, _RULE_TYPES):
            return NotImplemented
        return AllOf(rules=(*_parts(self, AllOf), *_parts(other, AllOf)))

    def __or__(self, other: object) -> AnyOf:
        if not isinstance(other, _RULE_TYPES):
            return NotImplemented
        return AnyOf(rules=(*_parts(self, AnyOf), *_parts(other, AnyOf)))

    def __invert__(self) -> Not:
        return Not(cast("Rule", self))


def _parts(rule: object, cls: type[AllOf] | type[AnyOf]) -> tuple[Rule, ...]:
    if isinstance(rule, AllOf | AnyOf) and type(rule) is cls:
        return rule.rules
    return (cast("Rule", rule),)


@attrs.frozen(kw_only=True)
class HasName(_Combinable):
    """The person's name is known."""

    kind: Literal["has_name"] = _kind("has_name")


_EMAIL_OR_PHONE = "a non-empty frozenset of 'email' and/or 'phone'"
_channel_items = v.frozenset_of(
    lambda c: type(c) is str and c in _CHANNELS, "'email' or 'phone'"
)


def _check_channels(instance: Any, attribute: Any, value: Any) -> None:
    if type(value) is not frozenset or not value:
        raise InvalidData.field("channels", _EMAIL_OR_PHONE, value)
    _channel_items(instance, attribute, value)


@attrs.frozen(kw_only=True)
class HasContact(_Combinable):
    """At least one of ``channels`` (``"email"``, ``"phone"``) is known."""

    channels: frozenset[str] = attrs.field(
        default=_CHANNELS, converter=v.as_frozenset, validator=_check_channels
    )
    kind: Literal["has_contact"] = _kind("has_contact")


@attrs.frozen(kw_only=True)
class Consented(_Combinable):
    """A consent covering ``purpose`` is in force at ``as_of`` (a withdrawn
    consent does not count)."""

    purpose: Purpose = attrs.field(
        default=Purpose.KEEP_DETAILS, validator=v.enum_of(Purpose)
    )
    kind: Literal["consented"] = _kind("consented")


@attrs.frozen
class MinVisits(_Combinable):
    """At least ``n`` distinct days with an interaction for the party,
    within the window (``None``: all history up to ``as_of``).

    Days are local dates in the policy's zone (UTC by default).
    """

    n: int = attrs.field(validator=v.strict_int(1))
    within: relativedelta | None = attrs.field(
        default=None, validator=_optional_within, kw_only=True
    )
    kind: Literal["min_visits"] = _kind("min_visits")


def _check_money(instance: Any, attribute: Any, value: Any) -> None:
    if type(value) is not Money or value.amount <= 0:
        raise InvalidData.field("amount", "a positive Money", value)


@attrs.frozen
class MinSpend(_Combinable):
    """Purchases within the window add up to at least ``amount``.

    Purchases come from the party and from its interactions; one recorded
    in both (same id, or equal when it has no id) counts once. A purchase in
    another currency raises :class:`~moments.errors.CurrencyMismatch`.
    """

    amount: Money = attrs.field(validator=_check_money)
    within: relativedelta | None = attrs.field(
        default=None, validator=_optional_within, kw_only=True
    )
    kind: Literal["min_spend"] = _kind("min_spend")


@attrs.frozen
class MinTenure(_Combinable):
    """The relationship is at least ``tenure`` old at ``as_of``: counted from
    a client's ``since`` or a customer's ``first_seen``."""

    tenure: relativedelta = attrs.field(validator=_duration(positive=False))
    kind: Literal["min_tenure"] = _kind("min_tenure")


@attrs.frozen(kw_only=True)
class RecentVisit(_Combinable):
    """An interaction within the window before ``as_of``."""

    within: relativedelta = attrs.field(
        factory=lambda: relativedelta(days=90), validator=_within
    )
    kind: Literal["recent_visit"] = _kind("recent_visit")


@attrs.frozen(kw_only=True)
class Promoter(_Combinable):
    """The person's latest NPS answer (up to ``as_of``, on one of their
    interactions) is ``min_nps`` or more."""

    min_nps: int = attrs.field(default=9, validator=v.strict_int(0, 10))
    kind: Literal["promoter"] = _kind("promoter")


@attrs.frozen(kw_only=True)
class Recognised(_Combinable):
    """The person named staff on at least ``min_wow_cards`` wow cards (up to
    ``as_of``, on their interactions): they felt their expectations were
    exceeded."""

    min_wow_cards: int = attrs.field(default=1, validator=v.strict_int(1))
    kind: Literal["recognised"] = _kind("recognised")


def _depth_of(rule: object, budget: int = MAX_RULE_DEPTH + 1) -> int:
    """Levels of ``~``, ``&`` and ``|`` in ``rule``: 0 for a leaf, one more
    than its deepest part for a combinator. Read from the cache its
    validator filled; counted (and cached) for a combinator built without
    ``__init__`` (an unpickled one), never past ``budget`` levels."""
    if not isinstance(rule, AllOf | AnyOf | Not):
        return 0
    try:
        return rule._depth
    except AttributeError:
        pass
    if budget <= 0:
        return MAX_RULE_DEPTH + 1
    parts = (rule.rule,) if isinstance(rule, Not) else rule.rules
    depth = 1 + max(_depth_of(part, budget - 1) for part in parts)
    object.__setattr__(rule, "_depth", depth)
    return depth


def _nest(instance: Any, attribute: Any, parts: tuple[object, ...]) -> None:
    """Refuse ``instance`` (a combinator of ``parts``) if it would nest
    deeper than :data:`~moments._limits.MAX_RULE_DEPTH`; else cache its
    depth."""
    depths = [_depth_of(part) for part in parts]
    deepest = max(depths)
    if deepest >= MAX_RULE_DEPTH:
        where = attribute.name
        if len(parts) > 1 or type(instance) is not Not:
            where = f"{where}[{depths.index(deepest)}]"
        raise InvalidData(
            f"$.{where}: expected a rule at most {MAX_RULE_DEPTH - 1} levels of "
            f"~, & and | deep (this {type(instance).__name__} adds one, and "
            f"moments._limits.MAX_RULE_DEPTH is {MAX_RULE_DEPTH}), got a rule "
            f"{deepest} levels deep"
        )
    object.__setattr__(instance, "_depth", deepest + 1)


def _is_rule(value: object) -> bool:
    return isinstance(value, _RULE_TYPES)


_rule_tuple = v.tuple_of(_is_rule, "rules")


def _check_rules(instance: Any, attribute: Any, value: Any) -> None:
    _rule_tuple(instance, attribute, value)
    if not value:
        raise InvalidData.field("rules", "at least one rule", value)
    _nest(instance, attribute, value)


def _check_rule(instance: Any, attribute: Any, value: Any) -> None:
    if not _is_rule(value):
        raise InvalidData.field("rule", "a promotion rule (moments.rules)", value)
    _nest(instance, attribute, (value,))


@attrs.frozen(kw_only=True)
class AllOf(_Combinable):
    """Every rule passes (``a & b``)."""

    rules: tuple[Rule, ...] = attrs.field(converter=v.as_tuple, validator=_check_rules)
    kind: Literal["all_of"] = _kind("all_of")


@attrs.frozen(kw_only=True)
class AnyOf(_Combinable):
    """At least one rule passes (``a | b``)."""

    rules: tuple[Rule, ...] = attrs.field(converter=v.as_tuple, validator=_check_rules)
    kind: Literal["any_of"] = _kind("any_of")


@attrs.frozen
class Not(_Combinable):
    """The rule does not pass (``~a``)."""

    rule: Rule = attrs.field(validator=_check_rule)
    kind: Literal["not"] = _kind("not")


Rule = (
    HasName
    | HasContact
    | Consented
    | MinVisits
    | MinSpend
    | MinTenure
    | RecentVisit
    | Promoter
    | Recognised
    | AllOf
    | AnyOf
    | Not
)
"""Any promotion rule."""

_RULE_TYPES = (
    HasName,
    HasContact,
    Consented,
    MinVisits,
    MinSpend,
    MinTenure,
    RecentVisit,
    Promoter,
    Recognised,
    AllOf,
    AnyOf,
    Not,
)

_PURPOSES = {
    Purpose.KEEP_DETAILS: "keep their details",
    Purpose.CONTACT: "contact them",
    Purpose.MARKETING: "send them marketing",
}


def _purpose_text(purpose: Purpose) -> str:
    """What a consent purpose allows, in words (``"keep their details"``)."""
    return _PURPOSES[purpose]


def _channels_text(channels: frozenset[str]) -> str:
    """``{"email", "phone"}`` as ``"email or phone"``."""
    return " or ".join(sorted(channels))


def _within_text(within: relativedelta | None) -> str:
    return "" if within is None else f" within {span(within)}"


def describe(rule: Rule) -> str:
    """A rule in words: the name of its criterion in a decision.

    Raises:
        InvalidData: ``rule`` is not a rule.
    """
    match rule:
        case HasName():
            return "name known"
        case HasContact(channels=channels):
            return f"{_channels_text(channels)} known"
        case Consented(purpose=purpose):
            return f"consent to {_purpose_text(purpose)}"
        case MinVisits(n=n, within=within):
            return f"{_plural(n, 'visit')} on distinct days{_within_text(within)}"
        case MinSpend(amount=amount, within=within):
            return f"spent {amount} or more{_within_text(within)}"
        case MinTenure(tenure=tenure):
            return f"known for {span(tenure)} or more"
        case RecentVisit(within=within):
            return f"a visit within {span(within)}"
        case Promoter(min_nps=n):
            return f"promoter (NPS {n} or more)"
        case Recognised(min_wow_cards=n):
            return f"recognised staff on {_plural(n, 'wow card')}"
        case AllOf(rules=rules):
            return "all of (" + "; ".join(describe(r) for r in rules) + ")"
        case AnyOf(rules=rules):
            return "any of (" + "; ".join(describe(r) for r in rules) + ")"
        case Not(rule=inner):
            return f"not {describe(inner)}"
    raise InvalidData.field("rule", "a promotion rule", rule)

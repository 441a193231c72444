"""Every field of every public class refuses every wrong value.

For each attrs class a public module lists in its ``__all__`` (found as
``tests/test_front_door.py`` finds them), a valid object is drawn from the
shipped strategies (``st.from_type``; a few classes outside the models
have their own strategies here), and each of its fields is replaced by
wrong values derived from the field's type hint: ``None`` where it is not
optional, a value of another type, ``True`` for an int, a float for a
Decimal, a Fraction or an int, a naive datetime for an aware one, a
datetime for a date, a negative count or duration, infinities and NaN, a
string for a tuple or a frozenset, a collection holding a wrong item (and,
inside rows, a row with a wrong part). Each goes through the constructor
and through ``attrs.evolve``, and only :class:`~moments.InvalidData` may
come out, naming a field of the class.

Some values may legitimately be accepted: a list for a tuple or a set for
a frozenset on a field with a documented converter (``as_tuple``,
``as_frozenset``), a ``str`` subclass a constructor normalises, a number
at the edge of the limits. Then the object must be valid, hold the
normalised value, and round-trip (``loads(type(x), dumps(x)) == x``).

Gaps in modules that other work owns are listed in :data:`KNOWN_GAPS`
(and :data:`KNOWN_LIMIT_GAPS` for the digit limits), skipped by the sweep
and checked strictly: an entry whose gap is fixed fails
:class:`TestKnownGaps` until it is removed.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import importlib
import math
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import moments
from moments import checklists, checks, serialization
from moments._limits import MAX_DIGITS
from moments.checklists import compiler
from moments.cli.demo import DemoDay, demo_day
from moments.errors import InvalidArgument, InvalidData
from moments.strategies._registry import STRATEGIES

SRC = Path(moments.__file__).resolve().parent

# -- the classes -------------------------------------------------------------


def _public_modules() -> list[str]:
    """The dotted names of the modules with no private part."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if not any(part.startswith("_") for part in parts):
            found.append(".".join(parts))
    return found


def _public_classes() -> list[type]:
    """Every attrs class a public module lists in ``__all__``, once."""
    seen: dict[type, None] = {}
    for name in _public_modules():
        module = importlib.import_module(name)
        for attribute in getattr(module, "__all__", ()):
            obj = getattr(module, attribute)
            if (
                isinstance(obj, type)
                and obj.__module__.startswith("moments")
                and attrs.has(obj)
            ):
                seen.setdefault(obj, None)
    return sorted(seen, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


CLASSES = _public_classes()


def _name(cls: type) -> str:
    return cls.__qualname__


def _fields(cls: type) -> tuple[attrs.Attribute[Any], ...]:
    """The fields ``__init__`` takes."""
    return tuple(a for a in attrs.fields(cls) if a.init)


# -- valid objects -----------------------------------------------------------


def _compiler_rules() -> st.SearchStrategy[compiler.Rule]:
    """The rules the compiler makes of real checks."""
    standard = moments.GreetingStandard()

    def rule(check: checks.Check) -> compiler.Rule:
        given_ = compiler.Given(
            item_id="item",
            standard=standard,
            custom_check=lambda interaction: checklists.Outcome.PASS,
        )
        return compiler.RULES[type(check)](check, given_)

    return st.from_type(checks.Check).map(rule)  # type: ignore[type-abstract]


def _cases(kind: type) -> st.SearchStrategy[Any]:
    return (
        _compiler_rules()
        .flatmap(
            lambda r: st.sampled_from([c for c in r.cases if type(c) is kind] or [None])
        )
        .filter(lambda c: c is not None)
    )


_OWN: dict[type, Callable[[], st.SearchStrategy[Any]]] = {
    compiler.Rule: _compiler_rules,
    compiler.Then: lambda: _cases(compiler.Then),
    compiler.PassIf: lambda: _cases(compiler.PassIf),
    compiler.OutcomeOf: lambda: _cases(compiler.OutcomeOf),
    DemoDay: lambda: st.just(demo_day()),  # the same day on every call
}


def _valid(cls: type) -> st.SearchStrategy[Any]:
    if cls in _OWN:
        return _OWN[cls]()
    assert cls in STRATEGIES, f"{_name(cls)} has no strategy"
    return st.from_type(cls)


# -- wrong values ------------------------------------------------------------

WRONG = "wrong"
"""Must be refused."""
CONVERTED = "converted"
"""May be accepted by a field with a converter: then valid, and it
round-trips."""
EDGE = "edge"
"""May be accepted: then valid, normalised, and it round-trips."""


@dataclasses.dataclass(frozen=True)
class Case:
    """One value to put in a field: what it is, and whether it must be
    refused (:data:`WRONG`) or may be accepted (:data:`CONVERTED`,
    :data:`EDGE`). ``limit`` marks a number past the digit limits, swept
    on its own (:class:`TestDigitLimits`)."""

    label: str
    value: Any
    kind: str = WRONG
    limit: bool = False


class _Other(enum.Enum):
    """A member of an enum no field takes."""

    THING = "thing"


@attrs.frozen
class _Stranger:
    """An attrs object no field takes."""

    x: int = 1


class _Text(str):
    """A str subclass (``numpy.str_`` is one)."""

    __slots__ = ()


NAIVE = datetime(2026, 6, 1, 9, 0)
EARLY = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))
LAST = datetime(9999, 12, 31, 20, tzinfo=timezone(-timedelta(hours=5)))
AWARE = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
AT_THE_LIMIT = 10**MAX_DIGITS - 1
TOO_MANY_DIGITS = 10**MAX_DIGITS

#: Fields whose numbers or durations may be negative (none so far).
NEGATIVE_OK: frozenset[tuple[str, str]] = frozenset()


def _members(hint: Any) -> tuple[list[Any], bool]:
    """The non-None members of a union hint, and whether None is one."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        members = list(typing.get_args(hint))
    else:
        members = [hint]
    optional = type(None) in members
    return [m for m in members if m is not type(None)], optional


def _runtime(hint: Any) -> Any:
    """The class a value of ``hint`` is an instance of (``None`` if it
    cannot be told)."""
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return type(typing.get_args(hint)[0])
    if origin is not None:
        return origin if isinstance(origin, type) else None
    return hint if isinstance(hint, type) else None


def _could_be(hint: Any, value: Any) -> bool:
    """Whether ``value`` is of a type the hint names (so it may be right)."""
    runtime = _runtime(hint)
    if runtime is None:
        return True
    if runtime is int and type(value) is bool:
        return False
    if typing.get_origin(hint) is typing.Literal:
        return value in typing.get_args(hint)
    if runtime is Mapping:
        return isinstance(value, Mapping)
    return isinstance(value, runtime)


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def wrong_values(hint: Any, current: Any, *, negative_ok: bool = False) -> list[Case]:
    """Values a field of type ``hint`` must refuse (or may normalise),
    given its current valid value ``current``."""
    if hint is Any or hint is object:
        return []  # anything goes
    members, optional = _members(hint)
    cases: list[Case] = []
    # A type variable is a group key: None is one (no staff recorded).
    if not optional and not isinstance(hint, typing.TypeVar):
        cases.append(Case("None", None))
    for member in members:
        others = [m for m in members if m is not member]
        for case in _wrong_for(member, current, negative_ok):
            if case.kind == WRONG and any(_could_be(o, case.value) for o in others):
                continue
            cases.append(case)
    return cases


def _wrong_for(hint: Any, current: Any, negative_ok: bool) -> Iterator[Case]:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Literal:
        yield Case("another literal", "another")
        yield Case("an int for a literal", 5)
        return
    if isinstance(hint, typing.TypeVar):
        yield Case("an unhashable key", ["key"])
        return
    if origin is tuple or hint is tuple:
        yield from _tuple_wrongs(args, current, negative_ok)
        return
    if origin is frozenset:
        yield from _frozenset_wrongs(args[0], current, negative_ok)
        return
    if origin is Mapping or origin is dict:
        yield from _mapping_wrongs(args, current, negative_ok)
        return
    if origin is not None and attrs.has(origin):
        hint = origin
    if hint is bool:
        yield from (Case("an int for a bool", 1), Case("a str", "True"))
        return
    if hint is int:
        yield Case("a bool for an int", True)
        yield Case("a float for an int", 1.0)
        yield Case("a str for an int", "1")
        yield Case("a Decimal for an int", Decimal(1))
        if not negative_ok:
            yield Case("a negative int", -1)
        yield Case("an int at the digit limit", AT_THE_LIMIT, EDGE, limit=True)
        yield Case("an int past the digit limit", TOO_MANY_DIGITS, EDGE, limit=True)
        return
    if hint is float:
        yield Case("a str for a float", "0.5")
        yield Case("a bool for a float", True)
        yield Case("a Decimal for a float", Decimal("0.5"))
        yield Case("inf", math.inf)
        yield Case("-inf", -math.inf)
        yield Case("nan", math.nan)
        if not negative_ok:
            yield Case("a negative float", -1.0)
        return
    if hint is Decimal:
        yield Case("a float for a Decimal", 1.5)
        yield Case("a bool for a Decimal", True)
        yield Case("a str for a Decimal", "1.5", EDGE)
        yield Case("Decimal NaN", Decimal("NaN"))
        yield Case("Decimal sNaN", Decimal("sNaN"))
        yield Case("Decimal Infinity", Decimal("Infinity"))
        yield Case(
            "a Decimal past the digit limit", Decimal("1E+999999999"), EDGE, limit=True
        )
        return
    if hint is Fraction:
        yield Case("a float for a Fraction", 0.5)
        yield Case("an int for a Fraction", 1)
        yield Case("a bool for a Fraction", True)
        yield Case("a Decimal for a Fraction", Decimal("0.5"))
        yield Case("a str for a Fraction", "1/2")
        if not negative_ok:
            yield Case("a negative Fraction", Fraction(-3))
        yield Case(
            "a Fraction at the digit limit", Fraction(1, AT_THE_LIMIT), EDGE, limit=True
        )
        yield Case(
            "a Fraction past the digit limit",
            Fraction(1, TOO_MANY_DIGITS),
            EDGE,
            limit=True,
        )
        return
    if hint is datetime:
        yield Case("a naive datetime", NAIVE)
        yield Case("a date for a datetime", AWARE.date())
        yield Case("a str for a datetime", AWARE.isoformat())
        yield Case("a float for a datetime", AWARE.timestamp())
        yield Case("the first instant, in year 0 in UTC", EARLY, EDGE)
        yield Case("the last instant, in year 10000 in UTC", LAST, EDGE)
        return
    if hint is date:
        yield Case("an aware datetime for a date", AWARE)
        yield Case("a naive datetime for a date", NAIVE)
        yield Case("a str for a date", "2026-06-01")
        yield Case("an int for a date", 20260601)
        return
    if hint is time:
        yield Case("a datetime for a time", NAIVE)
        yield Case("a str for a time", "09:00")
        return
    if hint is timedelta:
        yield Case("an int for a timedelta", 5)
        yield Case("a float for a timedelta", 5.0)
        yield Case("a str for a timedelta", "PT5S")
        yield Case("a relativedelta for a timedelta", relativedelta(seconds=5))
        if not negative_ok:
            yield Case("a negative timedelta", timedelta(seconds=-1))
        yield Case("the longest timedelta", timedelta.max, EDGE)
        return
    if hint is relativedelta:
        yield Case("a timedelta for a relativedelta", timedelta(days=1))
        yield Case("a str for a relativedelta", "P1D")
        yield Case("an int for a relativedelta", 5)
        return
    if hint is str:
        yield Case("an int for a str", 5)
        yield Case("bytes for a str", b"text")
        yield Case("a list for a str", ["text"])
        yield Case("a str with a lone surrogate", "a\ud800")  # not UTF-8
        yield Case(
            "a str subclass", _Text(current if type(current) is str else "x"), EDGE
        )
        return
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        first = next(iter(hint))
        yield Case("an enum member's value", first.value)
        yield Case("a member of another enum", _Other.THING)
        return
    if isinstance(hint, type):
        yield Case(f"a str for a {hint.__name__}", "text")
        yield Case(f"an int for a {hint.__name__}", 5)
        yield Case(f"another object for a {hint.__name__}", _Stranger())
        return
    raise AssertionError(f"no wrong values for {hint!r}")


def _item_cases(item: Any, sample: Any, negative_ok: bool) -> Iterator[Case]:
    """Wrong items of type ``item`` (whole, and with one wrong part of
    ``sample`` when the item is a fixed-length tuple)."""
    for case in wrong_values(item, sample, negative_ok=negative_ok):
        if case.kind != CONVERTED:  # no converter reaches inside
            yield case


def _holding(case: Case, label: str, value: Any) -> Case:
    """A container case holding ``case``'s value: refused or accepted as
    the item would be."""
    return dataclasses.replace(case, label=label.format(case.label), value=value)


def _tuple_wrongs(
    args: tuple[Any, ...], current: Any, negative_ok: bool
) -> Iterator[Case]:
    items = list(current) if type(current) is tuple else []
    yield Case("a str for a tuple", "text")
    yield Case("an int for a tuple", 5)
    if len(args) == 2 and args[1] is Ellipsis:
        yield Case("a list of its items", items, CONVERTED)
        sample = items[0] if items else None
        for case in _item_cases(args[0], sample, negative_ok):
            yield _holding(case, "a tuple holding {}", (*items, case.value))
        return
    # a fixed-length row: a part short, a part too many, each part wrong
    if type(current) is not tuple or len(current) != len(args):
        return
    yield Case("a row a part short", tuple(current[:-1]))
    yield Case("a row a part too long", (*current, current[-1]))
    yield Case("a list for a row", list(current))
    for index, part in enumerate(args):
        for case in _item_cases(part, current[index], negative_ok):
            row = list(current)
            row[index] = case.value
            yield _holding(case, f"a row whose part {index} is {{}}", tuple(row))


def _frozenset_wrongs(item: Any, current: Any, negative_ok: bool) -> Iterator[Case]:
    items = list(current) if type(current) is frozenset else []
    yield Case("a str for a frozenset", "text")
    yield Case("an int for a frozenset", 5)
    yield Case("a set of its items", set(items), CONVERTED)
    yield Case("a list of its items", items, CONVERTED)
    sample = items[0] if items else None
    for case in _item_cases(item, sample, negative_ok):
        if _hashable(case.value) and case.value not in items:  # 1 == True
            yield _holding(
                case, "a frozenset holding {}", frozenset([*items, case.value])
            )


def _mapping_wrongs(
    args: tuple[Any, ...], current: Any, negative_ok: bool
) -> Iterator[Case]:
    key, value = args
    pairs = list(current.items()) if isinstance(current, Mapping) else []
    yield Case("a str for a mapping", "text")
    yield Case("an int for a mapping", 5)
    yield Case("a list of its pairs", pairs, CONVERTED)
    yield Case("a dict of its pairs", dict(pairs), EDGE)
    sample_key, sample_value = pairs[0] if pairs else (None, None)
    for case in _item_cases(key, sample_key, negative_ok):
        if _hashable(case.value) and pairs and case.value not in dict(pairs):
            yield _holding(
                case,
                "a mapping with {} as a key",
                {**dict(pairs), case.value: sample_value},
            )
    if pairs:
        for case in _item_cases(value, sample_value, negative_ok):
            yield _holding(
                case,
                "a mapping with {} as a value",
                {**dict(pairs), sample_key: case.value},
            )


# -- trying them -------------------------------------------------------------


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@functools.cache
def _serializable(cls: type) -> bool:
    """Whether the serialization edge reads and writes ``cls``."""
    try:
        serialization.from_dict(cls, {})
    # from_dict(compiler.Rule, ...) raises a bare TypeError (its params hold
    # objects) where InvalidArgument is meant: the serialization edge's to fix.
    except (InvalidArgument, TypeError):
        return False
    except InvalidData:
        pass
    return True


def _names_a_field(error: InvalidData, cls: type) -> bool:
    names = {a.name for a in attrs.fields(cls)} | {a.alias for a in attrs.fields(cls)}
    for line in error.errors:
        found = re.match(r"\$\.(\w+)", line)
        if found is None or found.group(1) not in names:
            return False
    return True


def _accepted_problem(
    cls: type, built: Any, field: str, case: Case, converts: bool
) -> str | None:
    """What is wrong with ``built``, made from a value that may be
    accepted, or ``None``."""
    if case.kind == WRONG or (case.kind == CONVERTED and not converts):
        return "accepted"
    try:
        attrs.validate(built)
        stored = getattr(built, field)
        if isinstance(case.value, str) and type(stored) is not str:
            return f"kept a {type(stored).__name__}"
        if _serializable(cls):
            back = serialization.loads(cls, serialization.dumps(built))
            if back != built:
                return "accepted, and does not round-trip"
    except InvalidData as error:
        return f"accepted, then {error.errors[0]}"
    except Exception as error:
        return f"accepted, then {type(error).__name__}: {error}"
    return None


def try_case(
    cls: type, valid: Any, attribute: attrs.Attribute[Any], case: Case
) -> list[str]:
    """The problems of one wrong value, through ``__init__`` and ``evolve``."""
    problems = []
    converts = attribute.converter is not None
    fields = {a.alias: getattr(valid, a.name) for a in _fields(cls)}
    attempts: dict[str, Callable[[], Any]] = {
        "init": lambda: cls(**{**fields, attribute.alias: case.value}),
        "evolve": lambda: attrs.evolve(valid, **{attribute.alias: case.value}),
    }
    for how, build in attempts.items():
        try:
            built = build()
        except InvalidData as error:
            if not _names_a_field(error, cls):
                problems.append(f"{how}: {case.label}: error names no field: {error}")
            continue
        except Exception as error:  # the very thing this sweep looks for
            problems.append(
                f"{how}: {case.label}: {type(error).__name__}: {error}"[:300]
            )
            continue
        found = _accepted_problem(cls, built, attribute.name, case, converts)
        if found is not None:
            problems.append(f"{how}: {case.label}: {found}"[:300])
    return problems


def cases_of(
    cls: type, valid: Any, attribute: attrs.Attribute[Any], *, limits: bool
) -> list[Case]:
    """The cases of one field: the digit-limit ones, or all the others."""
    hint = _hints(cls)[attribute.name]
    negative = (_name(cls), attribute.name) in NEGATIVE_OK
    cases = wrong_values(hint, getattr(valid, attribute.name), negative_ok=negative)
    return [case for case in cases if case.limit is limits]


def sweep(
    cls: type, valid: Any, attribute: attrs.Attribute[Any], *, limits: bool = False
) -> tuple[int, list[str]]:
    """How many attempts, and the problems found, for one field."""
    problems: list[str] = []
    cases = cases_of(cls, valid, attribute, limits=limits)
    for case in cases:
        problems.extend(try_case(cls, valid, attribute, case))
    return 2 * len(cases), problems


# -- gaps owned elsewhere ----------------------------------------------------


def _gaps(
    cls: type, fields: tuple[str, ...], owner: str
) -> dict[tuple[type, str], str]:
    return {(cls, field): owner for field in fields}


KNOWN_GAPS: dict[tuple[type, str], str] = {}
"""``(class, field)`` -> who owns the fix, for fields that still accept a
wrong value (or fail with another error). Skipped by the sweep, and each
must still fail: remove an entry when its gap is fixed."""

KNOWN_LIMIT_GAPS: dict[tuple[type, str], str] = {}
"""The same for numbers past, or at, the digit limits (``moments._limits``):
refused, or built and loaded back."""

# No shrinking: a failure lists every problem of the object it drew, and
# shrinking an object that holds 4,000-digit numbers takes minutes.
_SWEEP = settings(
    max_examples=10,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _attribute(cls: type, field: str) -> attrs.Attribute[Any]:
    return next(a for a in _fields(cls) if a.name == field)


def _ids(classes: list[type]) -> list[str]:
    return [f"{c.__module__}.{_name(c)}" for c in classes]


def _sweep_class(
    cls: type, valid: Any, gaps: Mapping[tuple[type, str], str], *, limits: bool
) -> list[str]:
    problems = []
    for attribute in _fields(cls):
        if (cls, attribute.name) not in gaps:
            _, found = sweep(cls, valid, attribute, limits=limits)
            problems.extend(f"{attribute.name}: {p}" for p in found)
    return problems


def _still_fails(cls: type, field: str, *, limits: bool) -> bool:
    """Whether the field still lets a wrong value through, for one of up
    to 50 valid objects (Hypothesis's first draws are the simplest ones,
    an empty scorecard, for which some wrong values are refused anyway)."""
    attribute = _attribute(cls, field)
    found: list[str] = []

    @settings(
        max_examples=50,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def look(data: st.DataObject) -> None:
        valid = data.draw(_valid(cls))  # drawn every time: draws must repeat
        if not found:
            found.extend(sweep(cls, valid, attribute, limits=limits)[1])

    look()
    return bool(found)


class TestEveryField:
    @pytest.mark.parametrize("cls", CLASSES, ids=_ids(CLASSES))
    @_SWEEP
    @given(data=st.data())
    def test_every_field_refuses_every_wrong_value_with_invalid_data(
        self, cls: type, data: st.DataObject
    ) -> None:
        valid = data.draw(_valid(cls))

        problems = _sweep_class(cls, valid, KNOWN_GAPS, limits=False)

        assert problems == []


class TestDigitLimits:
    @pytest.mark.parametrize("cls", CLASSES, ids=_ids(CLASSES))
    @_SWEEP
    @given(data=st.data())
    def test_a_number_past_the_digit_limits_is_refused_or_round_trips(
        self, cls: type, data: st.DataObject
    ) -> None:
        valid = data.draw(_valid(cls))

        problems = _sweep_class(cls, valid, KNOWN_LIMIT_GAPS, limits=True)

        assert problems == []


class TestKnownGaps:
    def test_each_known_gap_still_fails(self) -> None:
        fixed = [
            f"{_name(cls)}.{field}"
            for cls, field in KNOWN_GAPS
            if not _still_fails(cls, field, limits=False)
        ]

        assert fixed == [], "these refuse every wrong value now: remove them"

    def test_each_known_limit_gap_still_fails(self) -> None:
        fixed = [
            f"{_name(cls)}.{field}"
            for cls, field in KNOWN_LIMIT_GAPS
            if not _still_fails(cls, field, limits=True)
        ]

        assert fixed == [], "these hold the digit limits now: remove them"

    def test_every_known_gap_names_a_field_and_an_owner(self) -> None:
        for cls, field in {**KNOWN_GAPS, **KNOWN_LIMIT_GAPS}:
            assert field in {a.name for a in _fields(cls)}
            assert {**KNOWN_GAPS, **KNOWN_LIMIT_GAPS}[cls, field]


# -- the sweep itself --------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Loose:
    """A class that checks nothing: the sweep must find every field."""

    count: int
    name: str
    at: datetime
    day: date
    amount: Decimal
    share: Fraction
    gap: float
    wait: timedelta
    tags: tuple[str, ...]
    kinds: frozenset[checklists.Outcome]
    rows: tuple[tuple[str, int], ...]
    outcome: checklists.Outcome
    note: str | None


_LOOSE = _Loose(
    count=1,
    name="x",
    at=AWARE,
    day=AWARE.date(),
    amount=Decimal(1),
    share=Fraction(1, 2),
    gap=1.0,
    wait=timedelta(seconds=1),
    tags=("a",),
    kinds=frozenset({checklists.Outcome.PASS}),
    rows=(("a", 1),),
    outcome=checklists.Outcome.PASS,
    note=None,
)


class TestTheSweepCanFail:
    @pytest.mark.parametrize("field", [a.name for a in attrs.fields(_Loose)])
    def test_a_field_that_checks_nothing_is_found(self, field: str) -> None:
        attempts, problems = sweep(_Loose, _LOOSE, _attribute(_Loose, field))

        assert attempts > 0
        assert problems

    def test_a_wrong_error_is_found(self) -> None:
        @attrs.frozen
        class Strict:
            n: int = attrs.field(validator=attrs.validators.instance_of(int))

        _, problems = sweep(Strict, Strict(n=1), _attribute(Strict, "n"))

        assert any("TypeError" in p for p in problems)

    @pytest.mark.parametrize("cls", CLASSES, ids=_ids(CLASSES))
    def test_every_field_of_every_class_gets_wrong_values(self, cls: type) -> None:
        hints = _hints(cls)

        empty = [
            a.name
            for a in _fields(cls)
            if hints[a.name] is not object and not wrong_values(hints[a.name], None)
        ]

        assert empty == []

    def test_the_strict_check_sees_a_gap_that_is_fixed(self) -> None:
        assert not _still_fails(moments.Greeting, "at", limits=False)

"""attrs validators and converters shared by the models, declared once.

Each validator raises :class:`~moments.errors.InvalidData` naming the field,
what was expected and what arrived. None of them coerces: ``5`` is not a
string and ``True`` is not an integer.

Most validators here are *declared*: a :class:`Check` says what the value
must be (its exact type or class, whether ``None`` is allowed, a test in
Python), and the validator the models use is compiled from it. The
serialization loaders (:mod:`moments.serialization.loaders`) read the same
declaration and inline its test into the code they generate, leaving out
only the type tests their decoding already guarantees. So each rule is
written once: here, or where a model declares its own :class:`Check`.

A check's ``test`` is a Python expression that is true when the value is
*refused*. ``{value}`` stands for the value, ``{NAME}`` (upper case) for
an object in ``names``, ``{_fact}`` for an expression in ``facts`` (a
loader computes it once for all the checks of an object that use it), and
any other ``{field}`` for another field of the same object (read as
``instance.field`` by the validator). No other braces.

Three rules hold for every declared check, whoever declares it:

* a string is a ``str``, never a subclass (``numpy.str_``, a ``str``
  subclass of an app): a check naming ``str`` (``exact=str`` or
  ``isa=str``) tests ``type(value) is str``, so what is built is what
  ``from_dict(to_dict(x))`` gives back;
* a string holds no lone surrogate (``"\\ud800"``): everything accepted
  can be written as UTF-8;
* an error about a personal field (:mod:`moments._personal`) shows the
  kind of value that arrived (``a str of 15 characters``), never the
  value.

And integers and fractions have at most
:data:`~moments._limits.MAX_DIGITS` digits (:func:`strict_int`,
:func:`strict_fraction`, :func:`fits_digits`), the limit the loaders hold.
"""

from __future__ import annotations

import enum
import functools
import re
import types
import weakref
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta, timezone
from fractions import Fraction
from typing import Any, TypeVar

from moments._codegen import compile_function, unique_filename
from moments._limits import MAX_DIGITS
from moments._personal import arrived
from moments.errors import InvalidData

__all__ = [
    "Check",
    "all_of",
    "as_frozenset",
    "as_tuple",
    "declaration",
    "declare",
    "earlier",
    "enum_of",
    "fits_digits",
    "frozenset_of",
    "instance_of",
    "is_aware",
    "is_str",
    "non_empty_str",
    "not_before",
    "optional",
    "parts",
    "strict_bool",
    "strict_fraction",
    "strict_int",
    "tuple_of",
    "type_is",
]

T = TypeVar("T")
Validator = Callable[[Any, Any, Any], None]
Error = Callable[[Any, Any, Any], Exception]
"""``error(instance, attribute, value)``: the error a refused value raises."""

_ZERO = timedelta(0)

_SURROGATE = re.compile(r"[\ud800-\udfff]").search
"""Finds a surrogate code point: in a ``str`` one is always lone (a pair
is one code point), and UTF-8 cannot write it."""

_BOUND: int = 10**MAX_DIGITS
"""The least integer of more than :data:`~moments._limits.MAX_DIGITS`
digits."""
_NEGATIVE_BOUND = -_BOUND


class Check:
    """One declared rule about a field's value.

    Attributes:
        exact: the value's type must be exactly this one (``type(value) is
            exact``), or ``None``. For ``str``, the value also holds no
            lone surrogate (``names["SURROGATE"]`` finds one).
        isa: the value must be an instance of this class (or tuple of
            classes), or ``None``. ``isa=str`` is read as ``exact=str``:
            a ``str`` subclass is refused.
        nullable: ``None`` is accepted as it is (nothing else is checked).
        test: an expression true when a value of the right type is refused
            (see the module docstring), or ``""``. It applies only while
            the other fields it reads are not ``None``.
        given: an expression that must hold for ``test`` to apply, and
            that holds whenever the fields it reads passed their own
            checks (a bad anchor is reported by its own validator, not
            here). Loaders check every field, so they leave it out.
        names: the objects the expressions name as ``{NAME}``.
        members: for a ``frozenset`` or ``tuple`` (``exact``): the check
            each item must pass, with ``member_error(attribute, index,
            item)`` as its error.
        facts: ``{_name}`` -> an expression about other fields (not the
            value), which ``test`` uses.
        reads: the other fields that ``test``, ``given`` and the facts
            read.
        error: ``error(instance, attribute, value)`` builds the error.
    """

    __slots__ = (
        "error",
        "exact",
        "facts",
        "given",
        "isa",
        "member_error",
        "members",
        "names",
        "nullable",
        "reads",
        "test",
    )

    def __init__(
        self,
        *,
        error: Error,
        exact: type | None = None,
        isa: type | tuple[type, ...] | None = None,
        nullable: bool = False,
        test: str = "",
        given: str = "",
        names: Mapping[str, object] | None = None,
        members: Check | None = None,
        member_error: Callable[[Any, int, Any], Exception] | None = None,
        facts: Mapping[str, str] | None = None,
    ) -> None:
        if isa is str:  # a str subclass would not survive a round trip
            exact, isa = str, None
        self.error = error
        self.exact = exact
        self.isa = isa
        self.nullable = nullable
        self.test = test
        self.given = given
        self.names: Mapping[str, object] = dict(names or {})
        if exact is str:
            self.names = {**self.names, "SURROGATE": _SURROGATE}
        self.members = members
        self.member_error = member_error
        self.facts: Mapping[str, str] = dict(facts or {})
        self.reads = _fields_read(test) | _fields_read(given)
        for fact in self.facts.values():
            self.reads |= _fields_read(fact)

    def source(self, value: str, resolve: Callable[[str], str]) -> str:
        """The expression true when ``value`` (an expression) is refused:
        ``None`` accepted when allowed, the type test, ``given`` and
        ``test``; ``resolve`` maps a ``{NAME}`` or ``{field}`` placeholder
        to an expression. Not for checks with ``members``."""
        return self.condition(value, resolve, types=True, given=True, none=True)

    def condition(
        self,
        value: str,
        resolve: Callable[[str], str],
        *,
        types: bool,
        given: bool,
        none: bool,
        maybe_none: Callable[[str], bool] = lambda name: True,
    ) -> str:
        """Like :meth:`source`, leaving out the type test (``types=False``:
        the caller knows the type), ``given`` (``given=False``: the caller
        has checked the fields it reads) or the ``None`` exemption
        (``none=False``: the caller handles ``None``). ``test`` applies
        only while the fields it reads are not ``None``; ``maybe_none``
        says which of them can be (the others are not tested)."""
        parts = []
        if types and self.exact is not None:
            parts.append(f"type({value}) is not {resolve('EXACT')}")
        if types and self.isa is not None:
            parts.append(f"not isinstance({value}, {resolve('ISA')})")
        if self.exact is str:  # the text itself, whoever knows the type
            lone = f"not {value}.isascii() and {resolve('SURROGATE')}({value})"
            parts.append(f"({lone})")
        if self.test:
            test = fill(self.test, value, resolve)
            if given and self.given:
                test = f"{group(fill(self.given, value, resolve))} and {group(test)}"
            for name in sorted(self.reads):
                if maybe_none(name):
                    test = f"{resolve(name)} is not None and {group(test)}"
            parts.append(group(test) if parts else test)
        refused = " or ".join(parts) or "False"
        if none and self.nullable:
            return f"{value} is not None and {group(refused)}"
        return refused

    def fact(self, key: str, resolve: Callable[[str], str]) -> str:
        """The expression of the fact ``{key}`` (``resolve`` as for
        :meth:`condition`)."""
        return group(fill(self.facts[key], "", resolve))

    def lookup(self, key: str) -> object:
        """The object a ``{NAME}`` placeholder stands for."""
        if key == "EXACT":
            return self.exact
        if key == "ISA":
            return self.isa
        return self.names[key]


def group(expression: str) -> str:
    """``expression``, in parentheses if it has an ``and``, ``or`` or
    ``if`` (so that it can be combined with others)."""
    if " or " in expression or " and " in expression or " if " in expression:
        return f"({expression})"
    return expression


def fill(template: str, value: str, resolve: Callable[[str], str]) -> str:
    """``template`` with ``{value}`` replaced by ``value`` and every other
    placeholder by ``resolve(placeholder)``."""
    return template.format_map(_Fill(value, resolve))


class _Fill(dict[str, str]):
    def __init__(self, value: str, resolve: Callable[[str], str]) -> None:
        super().__init__(value=value)
        self.resolve = resolve

    def __missing__(self, key: str) -> str:
        return self.resolve(key)


def _fields_read(template: str) -> frozenset[str]:
    found: set[str] = set()

    def note(key: str) -> str:
        if not key.isupper() and not key.startswith("_"):
            found.add(key)
        return key

    fill(template, "value", note)
    return frozenset(found)


_DECLARED: weakref.WeakKeyDictionary[Callable[..., Any], Check] = (
    weakref.WeakKeyDictionary()
)


def declaration(validator: Callable[..., Any]) -> Check | None:
    """The :class:`Check` a validator (or an item predicate such as
    :func:`is_str`) was compiled from, or ``None`` for a plain function."""
    try:
        return _DECLARED.get(validator)
    except TypeError:  # not weak-referenceable: not ours
        return None


@functools.cache
def _template(source: str, label: str, name: str = "check") -> types.FunctionType:
    made = compile_function(
        source, name, filename=unique_filename("validator", label), namespace={}
    )
    assert isinstance(made, types.FunctionType)
    return made


def _runtime(check: Check) -> Callable[[str], str]:
    """How the validator compiled from ``check`` names things: objects by
    their placeholder, other fields as ``instance.field``, facts inline."""

    def resolve(name: str) -> str:
        if name.isupper():
            return name
        if name.startswith("_"):
            return check.fact(name, resolve)
        return f"instance.{name}"

    return resolve


def declare(check: Check, label: str = "check") -> Validator:
    """The attrs validator compiled from ``check``."""
    lines = ["def check(instance, attribute, value):"]
    body = "    "
    if check.nullable:
        lines.append("    if value is None:")
        lines.append("        return")
    if check.members is None:
        refused = check.condition(
            "value", _runtime(check), types=True, given=True, none=False
        )
        lines.append(f"{body}if {refused}:")
        lines.append(f"{body}    raise ERROR(instance, attribute, value)")
    else:
        kind = check.condition(
            "value", _runtime(check), types=True, given=True, none=False
        )
        lines.append(f"{body}if {kind}:")
        lines.append(f"{body}    raise ERROR(instance, attribute, value)")
        item = check.members.source("item", _member_name)
        lines.append(f"{body}for index, item in enumerate(value):")
        lines.append(f"{body}    if {item}:")
        lines.append(f"{body}        raise MEMBER_ERROR(attribute, index, item)")
    source = "\n".join(lines) + "\n"
    error = _text_error(check.error) if check.exact is str else check.error
    namespace: dict[str, object] = {"ERROR": error}
    namespace["MEMBER_ERROR"] = check.member_error
    for key in ("EXACT", "ISA", *check.names):
        namespace[key] = check.lookup(key)
    if check.members is not None:
        for key in ("EXACT", "ISA", *check.members.names):
            namespace[f"ITEM_{key}"] = check.members.lookup(key)
    template = _template(source, label)
    made = types.FunctionType(template.__code__, namespace, "check")
    _DECLARED[made] = check
    return made


def _member_name(name: str) -> str:
    if not name.isupper():  # pragma: no cover - items read no other field
        raise ValueError(f"an item check cannot read the field {name!r}")
    return f"ITEM_{name}"


def _predicate(check: Check, label: str) -> Callable[[object], bool]:
    """The item predicate of ``check``: true for an accepted item."""
    source = (
        "def accepts(value):\n"
        f"    return not {group(check.source('value', _runtime(check)))}\n"
    )
    namespace = {key: check.lookup(key) for key in ("EXACT", "ISA", *check.names)}
    template = _template(source, label, "accepts")
    made = types.FunctionType(template.__code__, namespace, "accepts")
    _DECLARED[made] = check
    return made


def _field_error(expected: str, fix: str | None = None) -> Error:
    def error(instance: Any, attribute: Any, value: Any) -> Exception:
        return InvalidData.field(
            attribute.name, expected, arrived(attribute, value), fix
        )

    return error


class _Shown:
    """What an error shows for a value: its ``repr`` is ``text``."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


_NOT_A_SUBCLASS = "a str (not a subclass of str)"
_SUBCLASS_FIX = "convert it with str(...)"
_NO_SURROGATE = "text without lone surrogates such as '\\ud800' (UTF-8 cannot write it)"


def _string_problem(name: str, attribute: Any, value: object) -> InvalidData | None:
    """The error for a value that every string check refuses whatever it
    declares: a ``str`` subclass, or a ``str`` holding a lone surrogate
    (``name`` is the path under ``$``); ``None`` for any other value."""
    if not isinstance(value, str):
        return None
    if type(value) is not str:
        got = arrived(attribute, value)
        if got is value:  # not personal: the value, by its type
            got = _Shown(f"{type(value).__name__}({str.__repr__(value)})")
        return InvalidData.field(name, _NOT_A_SUBCLASS, got, _SUBCLASS_FIX)
    if not value.isascii() and _SURROGATE(value):
        return InvalidData.field(name, _NO_SURROGATE, arrived(attribute, value))
    return None


def _text_error(error: Error) -> Error:
    """``error``, but for a value refused for what every string check
    refuses (:func:`string_problem`), which it names."""

    def text_error(instance: Any, attribute: Any, value: Any) -> Exception:
        return _string_problem(attribute.name, attribute, value) or error(
            instance, attribute, value
        )

    return text_error


def all_of(*validators: Validator) -> Validator:
    """Run ``validators`` in order (the first that refuses raises); the
    loaders read each part."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        for each in validators:
            each(instance, attribute, value)

    _ALL_OF[check] = validators
    return check


_ALL_OF: weakref.WeakKeyDictionary[Callable[..., Any], tuple[Validator, ...]] = (
    weakref.WeakKeyDictionary()
)


def parts(validator: Callable[..., Any]) -> tuple[Validator, ...]:
    """The validators an :func:`all_of` runs, else ``(validator,)``."""
    try:
        return _ALL_OF.get(validator) or (validator,)
    except TypeError:
        return (validator,)


_NON_EMPTY = Check(
    exact=str, test="not {value}.strip()", error=_field_error("a non-empty string")
)

non_empty_str = declare(_NON_EMPTY, "non_empty_str")
"""The field is a ``str`` with at least one non-blank character."""

is_str = _predicate(_NON_EMPTY, "is_str")
"""A non-empty ``str`` (the item form of :data:`non_empty_str`)."""

strict_bool = declare(
    Check(exact=bool, error=_field_error("True or False")), "strict_bool"
)
"""The field is exactly ``True`` or ``False``."""


def fits_digits(value: int | Fraction) -> bool:
    """Whether an integer, or a fraction's numerator and denominator, have
    at most :data:`~moments._limits.MAX_DIGITS` decimal digits (what the
    loaders read back). For validators written by hand."""
    if isinstance(value, Fraction):
        return value.denominator < _BOUND and _NEGATIVE_BOUND < value.numerator < _BOUND
    return _NEGATIVE_BOUND < value < _BOUND


_DIGITS = f"at most {MAX_DIGITS} digits (moments._limits.MAX_DIGITS)"


def _number_error(expected: str) -> Error:
    """The error of :func:`strict_int` and :func:`strict_fraction`: says
    the digit limit when that is what the value broke."""
    plain = _field_error(expected)
    too_long = _field_error(f"{expected}, of {_DIGITS}")

    def error(instance: Any, attribute: Any, value: Any) -> Exception:
        if type(value) in (int, Fraction) and not fits_digits(value):
            return too_long(instance, attribute, value)
        return plain(instance, attribute, value)

    return error


def _range(low: object, high: object, noun: str) -> str:
    if low is not None and high is not None:
        return f"{noun} from {low} to {high}"
    if low is not None:
        return f"{noun} >= {low}"
    if high is not None:
        return f"{noun} <= {high}"
    return noun


def _bounded(
    exact: type, tests: list[str], low: object, high: object, noun: str, label: str
) -> Validator:
    """A declared number check: ``exact`` type, refused by any of
    ``tests``, then by ``[low, high]``."""
    if low is not None:
        tests.append("{value} < {LOW}")
    if high is not None:
        tests.append("{value} > {HIGH}")
    check = Check(
        exact=exact,
        test=" or ".join(tests),
        names={
            "LOW": low,
            "HIGH": high,
            "BOUND": _BOUND,
            "NEGATIVE_BOUND": _NEGATIVE_BOUND,
        },
        error=_number_error(_range(low, high, noun)),
    )
    return declare(check, label)


@functools.lru_cache(maxsize=256)
def strict_int(low: int | None = None, high: int | None = None) -> Validator:
    """The field is an ``int`` (not a ``bool``) within ``[low, high]``, of
    at most :data:`~moments._limits.MAX_DIGITS` digits."""
    tests = []
    if high is None or high >= _BOUND:
        tests.append("{value} >= {BOUND}")
    if low is None or low <= _NEGATIVE_BOUND:
        tests.append("{value} <= {NEGATIVE_BOUND}")
    return _bounded(int, tests, low, high, "an integer", "strict_int")


@functools.lru_cache(maxsize=256)
def strict_fraction(
    low: int | Fraction | None = None, high: int | Fraction | None = None
) -> Validator:
    """The field is a :class:`~fractions.Fraction` within ``[low, high]``
    whose numerator and denominator have at most
    :data:`~moments._limits.MAX_DIGITS` digits (tested first, so that a
    huge fraction costs no big multiplication)."""
    tests = [
        "{value}.denominator >= {BOUND}",
        "not {NEGATIVE_BOUND} < {value}.numerator < {BOUND}",
    ]
    return _bounded(Fraction, tests, low, high, "a Fraction", "strict_fraction")


@functools.lru_cache(maxsize=256)
def instance_of(cls: type | tuple[type, ...], expected: str) -> Validator:
    """The field is an instance of ``cls`` (``expected`` describes it)."""
    return declare(Check(isa=cls, error=_field_error(expected)), "instance_of")


@functools.lru_cache(maxsize=256)
def type_is(cls: type, expected: str) -> Validator:
    """The field's type is exactly ``cls`` (``expected`` describes it)."""
    return declare(Check(exact=cls, error=_field_error(expected)), "type_is")


@functools.lru_cache(maxsize=256)
def enum_of(cls: type[enum.Enum]) -> Validator:
    """The field is a member of the enum ``cls`` (not its value)."""
    names = ", ".join(f"{cls.__name__}.{m.name}" for m in cls)
    check = Check(exact=cls, error=_field_error(f"one of {names}"))
    return declare(check, "enum_of")


def optional(validator: Validator) -> Validator:
    """``None`` or whatever ``validator`` accepts."""
    found = declaration(validator)
    if found is not None:
        return _optional(validator, found)

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return check


@functools.lru_cache(maxsize=256)
def _optional(validator: Validator, found: Check) -> Validator:
    nullable = Check(
        exact=found.exact,
        isa=found.isa,
        nullable=True,
        test=found.test,
        given=found.given,
        names=found.names,
        members=found.members,
        member_error=found.member_error,
        error=found.error,
    )
    return declare(nullable, "optional")


def _member_error(
    attribute: Any, index: int | None, item: object, expected: str
) -> InvalidData:
    """The error for a refused item: at ``$.name[index]`` in a tuple, at
    ``$.name`` (``index`` is ``None``) in a set, whose items have no
    order."""
    if index is None:
        name, expected = attribute.name, f"only {expected}"
    else:
        name = f"{attribute.name}[{index}]"
    return _string_problem(name, attribute, item) or InvalidData.field(
        name, expected, arrived(attribute, item)
    )


def _members(
    attribute: Any,
    value: Iterable[object],
    accept: Callable[[object], bool],
    expected: str,
) -> None:
    for index, item in enumerate(value):
        if not accept(item):
            raise _member_error(attribute, index, item, expected)


def _item_check(accept: Callable[..., Any]) -> Check | None:
    """The declared check of an item predicate or item validator."""
    return declaration(accept)


def tuple_of(accept: Callable[..., Any], expected: str) -> Validator:
    """A tuple whose every item passes ``accept`` (a predicate such as
    :func:`is_str`, or a declared validator such as :func:`enum_of`)."""
    item = _item_check(accept)
    if item is not None:
        return _tuple_of(item, expected)

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if type(value) is not tuple:
            raise InvalidData.field(
                attribute.name, f"a tuple of {expected}", arrived(attribute, value)
            )
        _members(attribute, value, accept, expected)

    return check


@functools.lru_cache(maxsize=256)
def _tuple_of(item: Check, expected: str) -> Validator:
    def member_error(attribute: Any, index: int, got: Any) -> Exception:
        return _member_error(attribute, index, got, expected)

    check = Check(
        exact=tuple,
        members=item,
        member_error=member_error,
        error=_field_error(f"a tuple of {expected}"),
    )
    return declare(check, "tuple_of")


def frozenset_of(accept: Callable[..., Any], expected: str) -> Validator:
    """A frozenset whose every item passes ``accept`` (a predicate such as
    :func:`is_str`, or a declared validator such as :func:`enum_of`)."""
    item = _item_check(accept)
    if item is not None:
        return _frozenset_of(item, expected)

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if type(value) is not frozenset:
            raise InvalidData.field(
                attribute.name,
                f"a frozenset of {expected}",
                arrived(attribute, value),
            )
        for member in value:
            if not accept(member):
                raise _member_error(attribute, None, member, expected)

    return check


@functools.lru_cache(maxsize=256)
def _frozenset_of(item: Check, expected: str) -> Validator:
    def member_error(attribute: Any, index: int, got: Any) -> Exception:
        return _member_error(attribute, None, got, expected)

    check = Check(
        exact=frozenset,
        members=item,
        member_error=member_error,
        error=_field_error(f"a frozenset of {expected}"),
    )
    return declare(check, "frozenset_of")


def is_aware(value: object) -> bool:
    """Whether ``value`` is a datetime that knows its offset from UTC."""
    return isinstance(value, datetime) and value.utcoffset() is not None


def earlier(value: datetime, anchor: datetime) -> bool:
    """Whether instant ``value`` is strictly before instant ``anchor`` (both
    aware). Python's ``<`` compares instants, except between two datetimes
    that share one tzinfo object: it then compares wall clocks, which is
    exact only for a fixed offset; for one zone object, correct by the
    offsets (the arithmetic of :func:`moments._time.elapsed`)."""
    tz = anchor.tzinfo
    if tz is value.tzinfo and type(tz) is not timezone:
        late = tz.utcoffset(value)  # type: ignore[union-attr]
        early = tz.utcoffset(anchor)  # type: ignore[union-attr]
        if late != early:
            return (value - anchor) - (late - early) < _ZERO  # type: ignore[operator]
    return value < anchor


def not_before(anchor: str, *, at: str = "") -> Validator:
    """The field (``None``, or an aware datetime; with ``at``, a record
    whose ``at`` attribute is one) is not earlier than the field
    ``anchor`` of the same object, when that is an aware datetime (else
    its own validator reports it). The error names the compared time."""
    return _not_before(anchor, at)


@functools.lru_cache(maxsize=64)
def _not_before(anchor: str, at: str) -> Validator:
    stamp = f"{{value}}.{at}" if at else "{value}"

    def error(instance: Any, attribute: Any, value: Any) -> Exception:
        bound = getattr(instance, anchor)
        name = f"{attribute.name}.{at}" if at else attribute.name
        got = getattr(value, at) if at else value
        expected = f"a time at or after {anchor} {bound.isoformat()}"
        return InvalidData.field(name, expected, got)

    # Python's < compares instants when the anchor has a fixed offset
    # (see earlier()); that case needs no call.
    bound = f"{{{anchor}}}"
    check = Check(
        nullable=True,
        given=f"{{IS_AWARE}}({bound})",
        test=f"{stamp} < {bound} if {{_fixed}} else {{EARLIER}}({stamp}, {bound})",
        facts={"_fixed": f"{bound}.tzinfo.__class__ is {{FIXED}}"},
        names={"IS_AWARE": is_aware, "EARLIER": earlier, "FIXED": timezone},
        error=error,
    )
    return declare(check, "not_before")


def as_tuple(value: Any) -> Any:
    """Converter: a list or tuple becomes a tuple; anything else is left
    for the validator to reject (a string is not a sequence of items)."""
    if type(value) is list:
        return tuple(value)
    return value


def as_frozenset(value: Any) -> Any:
    """Converter: a set, frozenset, list or tuple becomes a frozenset;
    anything else is left for the validator to reject."""
    if type(value) in (set, list, tuple):
        try:
            return frozenset(value)
        except TypeError:  # unhashable items: the validator names them
            return value
    return value


Problem = tuple[str, str, object]
"""What a rule found wrong: ``(where, expected, got)``, ``where`` a path
below the field (``"[2]"``, ``""``)."""


def problem_check(
    label: str,
    problem: Callable[..., Problem | None],
    reads: tuple[str, ...] = (),
    *,
    nullable: bool = False,
) -> Validator:
    """The declared check of a field whose rule is ``problem(value,
    *reads)`` (the values of the fields ``reads``): ``None``, or what is
    wrong. With ``nullable``, ``None`` is accepted as it is."""
    others = "".join(f", {{{name}}}" for name in reads)

    def error(instance: Any, attribute: Any, value: Any) -> Exception:
        found = problem(value, *(getattr(instance, name) for name in reads))
        assert found is not None  # only a refused value gets here
        where, expected, got = found
        return InvalidData.field(f"{attribute.name}{where}", expected, got)

    return declare(
        Check(
            nullable=nullable,
            test=f"{{PROBLEM}}({{value}}{others}) is not None",
            names={"PROBLEM": problem},
            error=error,
        ),
        label,
    )

"""Tests for moments._validate: the rules every declared check holds.

* A string is a ``str``, never a subclass, and holds no lone surrogate
  (issue 14, defects 5 and 7): swept over every ``str`` field of every
  public class, through the constructor and ``attrs.evolve``, and through
  the loaders, which compile the same declarations.
* Integers and fractions have at most ``MAX_DIGITS`` digits (defect 7):
  every ``int`` field of every public class refuses one more digit with
  :class:`~moments.InvalidData`.
"""

from __future__ import annotations

import functools
import importlib
import typing
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import moments
from moments import _validate as v
from moments._limits import MAX_DIGITS
from moments.checklists import ItemResult, Outcome
from moments.errors import InvalidData
from moments.interactions import Moment
from moments.parties import Contact, Preferences
from moments.scorecards import Scorecard
from moments.serialization import dumps, from_dict, loads
from moments.strategies._registry import STRATEGIES

try:
    import numpy
except ImportError:  # pragma: no cover - numpy comes with pandas here
    numpy = None

SRC = Path(moments.__file__).resolve().parent
TOO_LONG = 10**MAX_DIGITS
"""The least integer of one digit too many."""
LONGEST = TOO_LONG - 1


class _Text(str):
    """An app's own str subclass."""

    __slots__ = ()


# -- the public classes and their fields --------------------------------------


def _public_classes() -> list[type]:
    """Every attrs class a public module lists in ``__all__``."""
    seen: dict[type, None] = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(part.startswith("_") for part in parts):
            continue
        module = importlib.import_module(".".join(parts))
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if isinstance(obj, type) and attrs.has(obj) and obj in STRATEGIES:
                seen.setdefault(obj, None)
    return sorted(seen, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _fields_holding(cls: type, accepts: Callable[[Any], bool]) -> list[str]:
    """The init fields of ``cls`` whose type hint ``accepts``."""
    return [
        a.name for a in attrs.fields(cls) if a.init and accepts(_hints(cls)[a.name])
    ]


def _text_hint(hint: Any) -> bool:
    """``str``, ``str | None``, ``tuple[str, ...]`` or ``frozenset[str]``
    (not a generic key that may be a string)."""
    if hint is str:
        return True
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if origin in (tuple, frozenset):
        return args[:1] == (str,)
    return bool(args) and any(_text_hint(arg) for arg in args if arg is not type(None))


def _int_hint(hint: Any) -> bool:
    return hint is int or (typing.get_args(hint) and int in typing.get_args(hint))


CLASSES = _public_classes()
TEXT_FIELDS = [(c, f) for c in CLASSES for f in _fields_holding(c, _text_hint)]
INT_FIELDS = [(c, f) for c in CLASSES for f in _fields_holding(c, _int_hint)]


def _ids(cases: list[tuple[type, str]]) -> list[str]:
    return [f"{cls.__qualname__}.{field}" for cls, field in cases]


def _replaced(value: Any, text: Callable[[str], Any]) -> Any:
    """``value`` (a string, or a tuple or frozenset of them) with a string
    changed by ``text``; ``None`` when there is no string to change."""
    if type(value) is str:
        return text(value)
    if type(value) in (tuple, frozenset) and value:
        first, *rest = list(value)
        return type(value)([text(first), *rest])
    return None


def _rebuild(obj: Any, field: str, value: Any) -> Any:
    """``obj``'s class built from its fields with ``field`` replaced."""
    cls = type(obj)
    kw = {a.alias: getattr(obj, a.name) for a in attrs.fields(cls) if a.init}
    return cls(**{**kw, attrs.fields_dict(cls)[field].alias: value})


def _evolved(obj: Any, field: str, value: Any) -> Any:
    return attrs.evolve(obj, **{attrs.fields_dict(type(obj))[field].alias: value})


BUILDS = {"constructor": _rebuild, "evolve": _evolved}
# No shrinking: an object holding 4,000-digit numbers shrinks for minutes,
# and a failure's draws already say which field and value.
_sweep = settings(
    max_examples=15,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _refuses(
    obj: Any, field: str, value: Any, build: str, names: str
) -> InvalidData | None:
    """Build ``obj`` with ``field`` set to ``value``: ``None`` if there was
    nothing to set, else the InvalidData (which must name ``field``)."""
    if value is None:
        return None
    with pytest.raises(InvalidData) as caught:
        BUILDS[build](obj, field, value)
    alias = attrs.fields_dict(type(obj))[field].alias
    assert any(f"$.{alias}" in line for line in caught.value.errors), names
    return caught.value


# -- strings -------------------------------------------------------------------


class TestStrings:
    @_sweep
    @given(data=st.data())
    @pytest.mark.parametrize("build", list(BUILDS))
    @pytest.mark.parametrize(("cls", "field"), TEXT_FIELDS, ids=_ids(TEXT_FIELDS))
    def test_lone_surrogates_are_refused_at_construction(
        self, cls: type, field: str, build: str, data: st.DataObject
    ) -> None:
        obj = data.draw(st.from_type(cls))
        lone = data.draw(st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"]))
        where = data.draw(st.sampled_from(["end", "start"]))

        def spoil(text: str) -> str:
            return text + lone if where == "end" else lone + text

        value = _replaced(getattr(obj, field), spoil)

        _refuses(obj, field, value, build, field)

    @_sweep
    @given(data=st.data())
    @pytest.mark.parametrize("build", list(BUILDS))
    @pytest.mark.parametrize(("cls", "field"), TEXT_FIELDS, ids=_ids(TEXT_FIELDS))
    def test_str_subclasses_are_refused_consistently(
        self, cls: type, field: str, build: str, data: st.DataObject
    ) -> None:
        obj = data.draw(st.from_type(cls))
        subclasses: list[type] = [_Text] + ([numpy.str_] if numpy is not None else [])
        subclass = data.draw(st.sampled_from(subclasses))

        value = _replaced(getattr(obj, field), subclass)

        _refuses(obj, field, value, build, field)

    def test_a_str_subclass_detail_is_refused_not_lost_on_a_round_trip(self) -> None:
        with pytest.raises(InvalidData) as caught:
            ItemResult(
                item_id="greet",
                moment=Moment.GREETING,
                outcome=Outcome.PASS,
                weight=1,
                critical=False,
                bonus=False,
                detail=_Text("waited 4 s"),
            )

        assert caught.value.errors == (
            "$.detail: expected a str (not a subclass of str), got "
            "_Text('waited 4 s'); convert it with str(...)",
        )

    def test_a_lone_surrogate_error_names_the_field_and_the_rule(self) -> None:
        with pytest.raises(InvalidData) as caught:
            Contact(email="ada\ud800@example.com")

        assert caught.value.errors == (
            "$.email: expected text without lone surrogates such as '\\ud800' "
            "(UTF-8 cannot write it), got a str of 16 characters",
        )

    def test_a_surrogate_pair_written_as_two_code_points_is_refused(self) -> None:
        with pytest.raises(InvalidData):
            Preferences(likes={"\ud83d\ude00"})

    def test_astral_characters_are_text(self) -> None:
        likes = Preferences(likes={"\U0001f600 tea", "caf\u00e9"}).likes

        assert all(like.encode("utf-8") for like in likes)

    @pytest.mark.parametrize(
        "document",
        [
            '{"$schema": "moments/2", "email": "\\ud800"}',
            '{"$schema": "moments/2", "phone": "a\\udfff"}',
        ],
    )
    def test_the_loaders_refuse_what_the_declared_checks_refuse(
        self, document: str
    ) -> None:
        with pytest.raises(InvalidData, match="lone surrogates"):
            loads(Contact, document)

    def test_a_check_naming_str_as_a_class_tests_the_exact_type(self) -> None:
        check = v.Check(isa=str, error=lambda i, a, value: InvalidData("$.x: no"))

        assert (check.exact, check.isa) == (str, None)
        with pytest.raises(InvalidData):
            v.declare(check)(None, attrs.fields(Contact).email, _Text("x"))


_surrogates = st.characters(categories=["Cs"])
_texts = st.text(st.characters() | _surrogates, max_size=8)
"""Text, lone surrogates included."""


class TestStringProperties:
    @given(_texts)
    def test_a_non_empty_string_is_accepted_exactly_when_utf8_can_write_it(
        self, text: str
    ) -> None:
        try:
            v.non_empty_str(None, attrs.fields(Contact).email, text)
        except InvalidData as err:
            refused = err
        else:
            refused = None

        writable = all(not 0xD800 <= ord(c) <= 0xDFFF for c in text)
        assert (refused is None) == (writable and bool(text.strip()))

    @given(_texts)
    def test_what_a_model_accepts_dumps_and_loads_back(self, text: str) -> None:
        try:
            contact = Contact(email=text)
        except InvalidData:
            return

        back = loads(Contact, dumps(contact))

        assert back == contact
        assert type(back.email) is str

    @given(_texts)
    def test_the_loaders_accept_what_the_constructor_accepts(self, text: str) -> None:
        document = {"$schema": "moments/2", "likes": [text]}

        try:
            built: object = Preferences(likes={text})
        except InvalidData:
            built = InvalidData
        try:
            loaded: object = from_dict(Preferences, document)
        except InvalidData:
            loaded = InvalidData

        assert built == loaded


# -- digits --------------------------------------------------------------------


class TestDigits:
    @_sweep
    @given(data=st.data())
    @pytest.mark.parametrize("build", list(BUILDS))
    @pytest.mark.parametrize(("cls", "field"), INT_FIELDS, ids=_ids(INT_FIELDS))
    def test_integers_beyond_max_digits_are_refused(
        self, cls: type, field: str, build: str, data: st.DataObject
    ) -> None:
        obj = data.draw(st.from_type(cls))
        value = data.draw(st.sampled_from([TOO_LONG, -TOO_LONG, 10**4400, -(10**5000)]))

        err = _refuses(obj, field, value, build, field)

        assert err is not None
        assert f"at most {MAX_DIGITS} digits" in str(err) or "integer" in str(err)

    def test_a_scorecard_with_too_many_audits_is_invalid_data(self) -> None:
        with pytest.raises(InvalidData) as caught:
            Scorecard(audits=10**4400)

        assert caught.value.errors == (
            "$.audits: expected an integer >= 0, of at most 4000 digits "
            "(moments._limits.MAX_DIGITS), got an integer of 4401 digits",
        )

    @pytest.mark.parametrize("value", [LONGEST, -LONGEST, 0])
    def test_the_longest_integer_is_accepted(self, value: int) -> None:
        v.strict_int()(None, attrs.fields(Scorecard).audits, value)

    @pytest.mark.parametrize(
        "value",
        [
            Fraction(TOO_LONG, 3),
            Fraction(-TOO_LONG, 7),
            Fraction(1, TOO_LONG),
            Fraction(10**4400 + 1, 10**4400),
        ],
    )
    def test_fractions_beyond_max_digits_are_refused(self, value: Fraction) -> None:
        with pytest.raises(InvalidData, match="at most 4000 digits"):
            v.strict_fraction(0)(None, attrs.fields(Scorecard).score_sum, value)

    @pytest.mark.parametrize(
        ("low", "high", "value", "expected"),
        [
            (0, None, Fraction(-1, 2), "a Fraction >= 0"),
            (0, 1, Fraction(3, 2), "a Fraction from 0 to 1"),
            (None, None, 0.5, "a Fraction"),
            (None, None, 1, "a Fraction"),
        ],
    )
    def test_a_fraction_error_says_which_fractions_it_expects(
        self, low: Any, high: Any, value: object, expected: str
    ) -> None:
        with pytest.raises(InvalidData) as caught:
            v.strict_fraction(low, high)(None, attrs.fields(Scorecard).score_sum, value)

        assert caught.value.errors == (
            f"$.score_sum: expected {expected}, got {value!r}",
        )

    @given(
        st.integers(-(10**12), 10**12).map(lambda n: n * 10 ** (MAX_DIGITS - 12)),
        st.integers(1, 10**12).map(lambda n: n * 10 ** (MAX_DIGITS - 12)),
    )
    def test_fits_digits_counts_the_digits_of_each_part(
        self, numerator: int, denominator: int
    ) -> None:
        value = Fraction(numerator, denominator)

        fits = v.fits_digits(value)

        longest = max(len(str(abs(value.numerator))), len(str(value.denominator)))
        assert fits == (longest <= MAX_DIGITS)
        assert v.fits_digits(numerator) == (len(str(abs(numerator))) <= MAX_DIGITS)

    @given(st.integers(-(10**MAX_DIGITS) * 2, 10**MAX_DIGITS * 2))
    def test_an_integer_is_refused_exactly_when_it_has_too_many_digits(
        self, value: int
    ) -> None:
        try:
            v.strict_int()(None, attrs.fields(Scorecard).audits, value)
        except InvalidData:
            refused = True
        else:
            refused = False

        assert refused == (abs(value) >= TOO_LONG)


class TestSweepCoverage:
    def test_the_sweeps_reach_the_fields_they_are_for(self) -> None:
        names = {f"{c.__qualname__}.{f}" for c, f in TEXT_FIELDS}

        assert {"Contact.email", "ItemResult.detail", "Interaction.id"} <= names
        assert {"Preferences.likes", "Recovery.steps"} <= names
        assert len(INT_FIELDS) >= 20


# -- fuzzing the new ground -----------------------------------------------------

OWN_MODULES = ("moments.parties", "moments.interactions", "moments.rules")
OWN_CLASSES = [c for c in CLASSES if c.__module__ in OWN_MODULES]

_secret = st.text(min_size=1, max_size=6)
NEW_GROUND = st.one_of(
    _secret.map(_Text),
    *([_secret.map(numpy.str_)] if numpy is not None else []),
    _texts,
    _secret.map(str.encode),
    st.lists(_texts, max_size=3),
    st.frozensets(_texts, max_size=3),
    st.tuples(_texts),
    st.frozensets(_secret.map(_Text), min_size=1, max_size=2),
    st.sampled_from([TOO_LONG, -TOO_LONG, LONGEST, 10**5000, Fraction(1, TOO_LONG)]),
    st.integers(),
    st.none(),
    st.booleans(),
)
"""Wrong values on the ground issue 14 opened: str subclasses, lone
surrogates, bytes, numbers of too many digits, containers of them."""


class TestNewGround:
    @_sweep
    @given(data=st.data())
    @pytest.mark.parametrize("build", list(BUILDS))
    @pytest.mark.parametrize("cls", OWN_CLASSES, ids=[c.__name__ for c in OWN_CLASSES])
    def test_a_value_is_refused_with_invalid_data_or_round_trips(
        self, cls: type, build: str, data: st.DataObject
    ) -> None:
        obj = data.draw(st.from_type(cls))
        field = data.draw(
            st.sampled_from([a.name for a in attrs.fields(cls) if a.init])
        )
        wrong = data.draw(NEW_GROUND)

        try:
            built = BUILDS[build](obj, field, wrong)
        except InvalidData as err:
            refused: InvalidData | None = err
        else:
            refused = None

        if refused is not None:
            assert all(line.startswith("$.") for line in refused.errors)
            assert refused.errors[0].split(":")[0].split(".")[1].split("[")[0] in {
                a.alias for a in attrs.fields(cls)
            }
        else:
            text = dumps(built)
            assert text.encode("utf-8")
            assert loads(cls, text) == built

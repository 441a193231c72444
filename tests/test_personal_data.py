"""Personal data never reaches an error message (issue 14, defect 3).

Every field the models mark personal (:data:`moments._personal.PERSONAL`:
a contact's email, phone and postal code, a profile, preferences, a
party's name and its contact, profile and preferences records) is given
wrong values that hold a marker: a ``str`` subclass, ``numpy.str_``,
bytes, lists, tuples, sets, mappings, an integer phone number, a string
with a lone surrogate, another record holding it. Through the
constructor and through ``attrs.evolve`` only :class:`~moments.InvalidData`
comes out, naming the field, and the marker is in none of ``str(err)``,
``repr(err)``, ``err.errors``, the exceptions chained to it
(``__cause__``/``__context__``) or the formatted traceback. The command
line's stderr never shows personal values either.
"""

from __future__ import annotations

import json
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from moments._personal import PERSONAL, arrived, is_personal, kind_of, withheld
from moments.errors import InvalidData
from moments.parties import (
    Client,
    Contact,
    Customer,
    Preferences,
    Profile,
    forget,
    redact,
)

try:
    import numpy
except ImportError:  # pragma: no cover - numpy comes with pandas here
    numpy = None

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)

MARKER = "Qz7-ada.lovelace@example.org"
"""A personal value no message could hold by chance."""
MARKER_NUMBER = 442079460000
"""A phone number given as a number: its digits are the marker."""


class _Text(str):
    """An app's own str subclass (``numpy.str_`` is another)."""

    __slots__ = ()


class _Loud(str):
    """A str subclass whose repr and str are the value itself, loudly."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{str.__str__(self)}>"


def _valid() -> dict[type, Any]:
    """One valid object of each class with personal fields."""
    return {
        Contact: Contact(email="a@example.com", phone="+44 20", postal_code="N1"),
        Profile: Profile(hometown="Rome", children=2, notes="likes tea"),
        Preferences: Preferences(likes={"tea"}, wishlist={"a kettle"}),
        Customer: Customer(id="c-1", first_seen=T0, name="Bo"),
        Client: Client(id="c-1", name="Ada", since=T0),
    }


VALID = _valid()
PERSONAL_FIELDS = [
    (cls, a.name) for cls in VALID for a in attrs.fields(cls) if is_personal(a)
]
"""Every personal field of every class that has one."""


def _hint(cls: type, name: str) -> str:
    """What the field holds: ``str``, ``int``, ``set`` or ``record``."""
    current = getattr(VALID[cls], name)
    if isinstance(current, frozenset):
        return "set"
    if isinstance(current, int):
        return "int"
    if attrs.has(type(current)):
        return "record"
    return "str"


def wrong_values(hint: str, secret: str = MARKER) -> list[Any]:
    """Wrong values for a field of ``hint`` that hold ``secret``."""
    holding: list[Any] = [
        _Text(secret),
        _Loud(secret),
        secret.encode(),
        bytearray(secret.encode()),
        memoryview(secret.encode()),
        [secret],
        (secret,),
        {secret: secret},
        SimpleNamespace(email=secret),
        secret + "\ud800",
        "\udfff" + secret,
        MARKER_NUMBER,
        -MARKER_NUMBER,
        float(MARKER_NUMBER),
        Decimal(MARKER_NUMBER),
        complex(MARKER_NUMBER, 1),
        10**5000 + MARKER_NUMBER,
        Contact(email=secret),
        Profile(notes=secret),
        Preferences(likes={secret}),
    ]
    if numpy is not None:
        holding += [numpy.str_(secret), numpy.bytes_(secret.encode())]
        holding += [numpy.array([secret]), numpy.int64(MARKER_NUMBER)]
    if hint == "str":
        holding += [frozenset({secret}), {secret}]
    if hint == "set":
        holding += [
            secret,
            frozenset({secret, 5}),
            frozenset({_Text(secret)}),
            frozenset({secret + "\ud800"}),
            [secret, b"x"],
            (secret, None),
            [secret, [secret]],
            {secret, secret.encode()},
            frozenset({" "}),
        ]
        if numpy is not None:
            holding.append(frozenset({numpy.str_(secret)}))
    if hint == "int":
        holding += [secret, True, str(MARKER_NUMBER), [MARKER_NUMBER]]
    if hint == "record":
        holding += [secret, {"email": secret}, (("email", secret),)]
    return [w for w in holding if not _fits(hint, w)]


def _fits(hint: str, value: object) -> bool:
    """Whether ``value`` may be a right value for a field of ``hint``: a
    record for a record field (each takes its own), a count of children."""
    if hint == "int":
        return type(value) is int and 0 <= value < 10**4000
    if hint == "set":
        return type(value) in (list, tuple, set, frozenset) and all(
            type(item) is str and item.strip() and item.isprintable()
            for item in value  # type: ignore[attr-defined]
        )
    return hint == "record" and attrs.has(type(value))


def _texts(err: BaseException) -> Iterator[str]:
    """Every text an exception and those chained to it carry."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [err]
    while todo:
        each = todo.pop()
        if each is None or id(each) in seen:
            continue
        seen.add(id(each))
        yield str(each)
        yield repr(each)
        yield from (repr(arg) for arg in each.args)
        yield from getattr(each, "errors", ())
        yield from getattr(each, "__notes__", ())
        todo += [each.__cause__, each.__context__]
    # As a shell prints it, but the test's own frames (which hold the
    # marker in their source): the library's frames and every chained one.
    yield "".join(traceback.format_exception(type(err), err, None))


def assert_not_echoed(err: BaseException, *secrets: str) -> None:
    for text in _texts(err):
        for secret in secrets:
            assert secret not in text, text


def _secrets(secret: str) -> tuple[str, ...]:
    """The marker and the marker number, as text and as a float prints."""
    return (secret, str(MARKER_NUMBER), "4.4207946e+11")


def _rebuild(cls: type, field: str, value: Any) -> Any:
    """``cls`` built from the valid object's fields, ``field`` replaced."""
    fields = {a.alias: getattr(VALID[cls], a.name) for a in attrs.fields(cls) if a.init}
    return cls(**{**fields, field: value})


BUILDS: dict[str, Callable[[type, str, Any], Any]] = {
    "constructor": _rebuild,
    "evolve": lambda cls, field, value: attrs.evolve(VALID[cls], **{field: value}),
}


def _refused(build: Callable[[], Any], field: str, *secrets: str) -> InvalidData:
    with pytest.raises(InvalidData) as caught:
        build()
    err = caught.value
    assert any(line.startswith(f"$.{field}") for line in err.errors), err.errors
    assert_not_echoed(err, *secrets)
    return err


def _ids(cases: list[tuple[type, str]]) -> list[str]:
    return [f"{cls.__name__}.{name}" for cls, name in cases]


class TestPersonalFields:
    def test_the_personal_fields_are_those_repr_masks(self) -> None:
        marked = {(cls.__name__, name) for cls, name in PERSONAL_FIELDS}

        assert marked == {
            *(("Contact", f) for f in ("email", "phone", "postal_code")),
            *(
                ("Profile", f)
                for f in ("hometown", "residence", "children", "occupation", "notes")
            ),
            *(("Preferences", f) for f in ("likes", "dislikes", "wishlist")),
            *(("Customer", f) for f in ("name", "contact")),
            *(("Client", f) for f in ("name", "contact", "profile", "preferences")),
        }

    def test_the_marker_is_plain_metadata(self) -> None:
        assert dict(PERSONAL) == {"moments.personal": True}


class TestNeverEchoed:
    @pytest.mark.parametrize("build", list(BUILDS), ids=list(BUILDS))
    @pytest.mark.parametrize(
        ("cls", "field"), PERSONAL_FIELDS, ids=_ids(PERSONAL_FIELDS)
    )
    def test_personal_fields_are_never_echoed_in_errors(
        self, cls: type, field: str, build: str
    ) -> None:
        for wrong in wrong_values(_hint(cls, field)):
            _refused(
                lambda: BUILDS[build](cls, field, wrong),  # noqa: B023
                field,
                *_secrets(MARKER),
            )

    def test_an_integer_phone_number_is_described_not_shown(self) -> None:
        err = _refused(lambda: Contact(phone=MARKER_NUMBER), "phone", "4420794")

        assert err.errors == ("$.phone: expected a non-empty string, got an int",)

    @pytest.mark.skipif(numpy is None, reason="numpy is not installed")
    def test_a_numpy_string_email_is_described_by_its_type_and_length(self) -> None:
        email = numpy.str_("ada@example.com")

        err = _refused(lambda: Contact(email=email), "email", "ada@")

        assert err.errors == (
            "$.email: expected a str (not a subclass of str), got a str_ of 15 "
            "characters; convert it with str(...)",
        )

    def test_a_wrong_like_is_described_not_shown(self) -> None:
        err = _refused(
            lambda: Preferences(likes=[MARKER, b"tea"]), "likes", MARKER, "tea"
        )

        assert err.errors == (
            "$.likes: expected only non-empty strings, got a bytes value of 3 bytes",
        )

    def test_a_record_in_the_wrong_place_is_named_by_its_type(self) -> None:
        profile = Profile(notes=MARKER)

        err = _refused(lambda: attrs.evolve(VALID[Client], contact=profile), "contact")

        assert err.errors == ("$.contact: expected a Contact, got a Profile",)

    def test_a_mapping_for_a_contact_is_described_by_its_size(self) -> None:
        err = _refused(
            lambda: Customer(id="c-1", first_seen=T0, contact={"email": MARKER}),
            "contact",
            MARKER,
        )

        assert err.errors == ("$.contact: expected a Contact, got a dict of 1 item",)

    def test_a_huge_number_of_children_is_described_not_printed(self) -> None:
        _refused(lambda: Profile(children=10**5000 + MARKER_NUMBER), "children")


class TestErasedParties:
    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("name", MARKER),
            ("contact", Contact(email=MARKER, phone=MARKER)),
            ("profile", Profile(notes=MARKER)),
            ("preferences", Preferences(likes={MARKER})),
        ],
    )
    @pytest.mark.parametrize("erase", ["forget", "redact"])
    def test_personal_data_put_back_is_refused_without_being_echoed(
        self, field: str, value: Any, erase: str
    ) -> None:
        client = VALID[Client]
        gone = forget(client, at=T0) if erase == "forget" else redact(client)

        err = _refused(lambda: attrs.evolve(gone, **{field: value}), field, MARKER)

        assert "cannot be put back" in str(err)

    @pytest.mark.parametrize("function", [redact, lambda p: forget(p, at=T0)])
    def test_redact_and_forget_of_something_else_describe_it(
        self, function: Callable[[Any], Any]
    ) -> None:
        with pytest.raises(InvalidData) as caught:
            function(MARKER)

        assert_not_echoed(caught.value, MARKER)
        assert "a str of 28 characters" in str(caught.value)


class TestArrived:
    def test_a_personal_field_shows_the_kind_and_keeps_nothing_else(self) -> None:
        email = attrs.fields(Contact).email

        shown = arrived(email, MARKER)

        assert repr(shown) == kind_of(MARKER) == "a str of 28 characters"
        assert MARKER not in repr(vars(shown) if hasattr(shown, "__dict__") else ())

    def test_another_field_shows_the_value(self) -> None:
        key = attrs.fields(Customer).id

        assert arrived(key, "c-1") == "c-1"

    def test_withheld_describes_any_value(self) -> None:
        assert repr(withheld([1, 2])) == "a list of 2 items"
        assert repr(withheld(b"x")) == "a bytes value of 1 byte"
        assert repr(withheld(None)) == "None"


# -- fuzzing ----------------------------------------------------------------

_markers = st.text(min_size=1, max_size=12).map(lambda t: f"Qz{t}Xk9")
"""Drawn secrets: "Qz...Xk9" appears in a message only if echoed."""


def _holding(secret: str) -> st.SearchStrategy[Any]:
    """Values of every shape that hold ``secret`` somewhere."""
    leaves = st.sampled_from(
        [
            secret,
            _Text(secret),
            _Loud(secret),
            secret.encode(),
            secret + "\ud800",
            SimpleNamespace(value=secret),
            *([numpy.str_(secret)] if numpy is not None else []),
        ]
    )
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.lists(inner, max_size=3).map(tuple),
            st.dictionaries(st.just(secret), inner, max_size=1),
            st.lists(inner, max_size=3).map(
                lambda items: frozenset(i for i in items if _hashable(i))
            ),
        ),
        max_leaves=6,
    )


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


@st.composite
def _wrong_cases(draw: st.DrawFn) -> tuple[type, str, Any, str]:
    cls, field = draw(st.sampled_from(PERSONAL_FIELDS))
    secret = draw(_markers)
    value = draw(_holding(secret))
    return cls, field, value, secret


class TestFuzz:
    @given(_wrong_cases(), st.sampled_from(list(BUILDS)))
    def test_any_value_holding_a_secret_is_accepted_or_refused_without_it(
        self, case: tuple[type, str, Any, str], build: str
    ) -> None:
        cls, field, value, secret = case

        try:
            built = BUILDS[build](cls, field, value)
        except InvalidData as err:
            refused: InvalidData | None = err
        else:  # a right value after all (a plain string, a set of them)
            refused = None
            attrs.validate(built)
            assert secret not in repr(built)

        if refused is not None:
            assert any(line.startswith(f"$.{field}") for line in refused.errors)
            assert_not_echoed(refused, secret)

    @given(
        st.sampled_from(PERSONAL_FIELDS),
        st.integers(min_value=10**6, max_value=10**30)
        | st.integers(max_value=-(10**6)),
    )
    def test_a_number_in_a_personal_field_is_never_printed(
        self, case: tuple[type, str], number: int
    ) -> None:
        cls, field = case

        try:
            attrs.evolve(VALID[cls], **{field: number})
        except InvalidData as err:
            assert_not_echoed(err, str(abs(number)))
        else:
            assert (cls, field, number > 0) == (Profile, "children", True)


# -- the command line ---------------------------------------------------------


def _line(**fields: Any) -> str:
    """A valid interaction line (as ``dumps`` writes one), with ``fields``
    added or replaced."""
    base: dict[str, Any] = {
        "$schema": "moments/2",
        "id": "i-1",
        "channel": "in_person",
        "arrived_at": "2026-06-12T09:04:00+01:00",
        "party_kind": "client",
    }
    return json.dumps({**base, **fields})


CLI_LINES = [
    _line(name=MARKER),
    _line(email=MARKER),
    _line(phone=MARKER_NUMBER),
    _line(contact={"email": MARKER, "phone": MARKER}),
    _line(profile={"notes": MARKER}),
    _line(preferences={"likes": [MARKER]}),
    _line(likes=[MARKER, MARKER_NUMBER]),
    _line(notes={"text": MARKER}),
]
"""Interaction lines whose personal values (which an interaction has no
field for) hold the marker."""


class TestCommandLine:
    def test_the_audit_command_never_prints_personal_values_on_stderr(
        self,
    ) -> None:
        good = _line()
        text = "\n".join([good, *CLI_LINES, good]) + "\n"

        run = subprocess.run(
            [sys.executable, "-m", "moments", "audit", "-"],
            input=text.encode(),
            capture_output=True,
            check=False,
        )

        stderr = run.stderr.decode("utf-8", "replace")
        assert run.returncode == 1, stderr
        assert stderr.count("line ") >= len(CLI_LINES), stderr
        assert "Traceback" not in stderr
        for secret in _secrets(MARKER):
            assert secret not in stderr
        assert len(run.stdout.splitlines()) == 2

"""Tests for the load side of issue 14: what can be built loads back, input
is read only in its canonical forms, errors speak of the JSON that arrived,
personal data never reaches an error, and every string is text UTF-8 can
write.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from decimal import Decimal
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import moments
from _support import T0, make_audit
from moments import (
    AllOf,
    Client,
    Contact,
    Customer,
    Greeting,
    HasName,
    Interaction,
    InvalidData,
    MinSpend,
    MomentsError,
    Money,
    NaiveDatetimeError,
    Outcome,
    Preferences,
    Profile,
    Scorecard,
)
from moments._limits import MAX_DEPTH, MAX_DIGITS, MAX_RULE_DEPTH
from moments._personal import kind_of
from moments.checklists import ItemResult
from moments.promotion import PromotionPolicy
from moments.serialization import SCHEMA, dumps, from_dict, loads, to_dict
from moments.serialization.codec import codec_for
from moments.strategies import clients, customers
from moments.strategies._registry import STRATEGIES

MODELS = sorted(STRATEGIES, key=lambda cls: cls.__name__)
_slow = settings(suppress_health_check=list(HealthCheck), deadline=None)
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def doc(**fields: Any) -> dict[str, Any]:
    return {"$schema": SCHEMA, **fields}


def visit(**fields: Any) -> dict[str, Any]:
    base = {
        "id": "i-1",
        "channel": "in_person",
        "arrived_at": "2026-07-01T09:00:00+01:00",
        "party_kind": "client",
    }
    return doc(**{**base, **fields})


def refusal(cls: type, data: object) -> InvalidData:
    with pytest.raises(InvalidData) as caught:
        from_dict(cls, data)
    return caught.value


def chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and every exception chained to it."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        each = todo.pop()
        if each is None or id(each) in seen:
            continue
        seen.add(id(each))
        yield each
        todo += [each.__cause__, each.__context__]


def texts_of(exc: BaseException) -> list[str]:
    """Every text an error carries: messages and ``errors`` lines of it and
    of the exceptions chained to it."""
    found = []
    for each in chain(exc):
        found.append(str(each))
        found += list(getattr(each, "errors", ()))
        found += [str(arg) for arg in each.args]
    return found


def _score_card(audits: int) -> Scorecard:
    """A scorecard of ``audits`` ordinary audits whose applicable weight
    totals differ (1 passed out of k), as a checklist with optional
    items gives: the exact score sum's denominator is the least common
    multiple of those totals."""
    made = []
    for k in range(audits):
        passed = ItemResult(
            item_id="greet",
            moment=moments.Moment.GREETING,
            outcome=Outcome.PASS,
            weight=1,
            critical=False,
            bonus=False,
        )
        failed = attrs.evolve(passed, item_id="thank", outcome=Outcome.FAIL, weight=k)
        made.append(make_audit(passed, failed, interaction_id=f"i-{k}", staff_id="s-1"))
    return Scorecard.from_audits(made)


def _deepest_policy() -> PromotionPolicy:
    """A promotion policy whose rule nests as deep as a rule can, around
    the leaf whose JSON nests deepest (a MinSpend holds Money)."""
    leaf = MinSpend(
        amount=Money(amount=Decimal("100"), currency="EUR"),
        within=relativedelta(years=1),
    )
    rule: Any = leaf
    for _ in range(MAX_RULE_DEPTH):
        rule = AllOf(rules=(rule, HasName()))
    return PromotionPolicy(name="deep", version=1, to_client=rule, to_advocate=leaf)


def _depth(data: object) -> int:
    if type(data) is dict:
        return 1 + max((_depth(v) for v in data.values()), default=0)
    if type(data) is list:
        return 1 + max((_depth(v) for v in data), default=0)
    return 0


class TestWhatCanBeBuiltLoadsBack:
    """Defect 7: one set of limits (moments._limits) at construction and
    load, so that ``loads(type(x), dumps(x)) == x``."""

    def test_a_scorecard_of_many_audits_round_trips(self) -> None:
        card = _score_card(1_200)
        assert len(str(card.score_sum.denominator)) > 400  # the old limit

        assert loads(Scorecard, dumps(card)) == card

    @pytest.mark.parametrize("digits", [1, 400, 3_913, 3_914, MAX_DIGITS])
    def test_an_integer_of_up_to_max_digits_round_trips(self, digits: int) -> None:
        item = ItemResult(
            item_id="greet",
            moment=moments.Moment.GREETING,
            outcome=Outcome.PASS,
            weight=10**digits - 1,
            critical=False,
            bonus=False,
        )

        assert loads(ItemResult, dumps(item)) == item

    @pytest.mark.parametrize("digits", [MAX_DIGITS + 1, 4_300, 4_301, 10_000])
    def test_a_longer_json_integer_is_refused_at_its_path(self, digits: int) -> None:
        text = (
            '{"$schema": "moments/2", "item_id": "greet", "moment": "greeting", '
            '"outcome": "pass", "critical": false, "bonus": false, '
            f'"weight": {"9" * digits}}}'
        )

        with pytest.raises(InvalidData) as caught:
            loads(ItemResult, text)

        assert caught.value.errors == (
            f"$.weight: expected an integer of at most {MAX_DIGITS} digits "
            f"(moments._limits.MAX_DIGITS), got an integer of {digits} digits",
        )

    @pytest.mark.parametrize("digits", [401, 517, MAX_DIGITS])
    def test_a_fraction_of_up_to_max_digits_a_part_loads(self, digits: int) -> None:
        text = f"-{'7' * digits}/{'9' * digits}"

        loaded = codec_for(Fraction).load(text)

        assert loaded == Fraction(-int("7" * digits), int("9" * digits))

    def test_a_fraction_with_a_longer_part_is_refused(self) -> None:
        errors: list[str] = []

        codec_for(Fraction).explain("1/" + "9" * (MAX_DIGITS + 1), "$.x", errors)

        assert errors
        assert errors[0].startswith("$.x: expected a fraction string")

    def test_the_deepest_buildable_rule_loads_inside_a_policy(self) -> None:
        policy = _deepest_policy()
        data = to_dict(policy)
        assert _depth(data) <= MAX_DEPTH

        assert loads(PromotionPolicy, dumps(policy)) == policy
        assert from_dict(PromotionPolicy, data) == policy

    def test_a_str_subclass_detail_is_refused_or_round_trips(self) -> None:
        class Note(str):
            pass

        try:
            result = ItemResult(
                item_id="greet",
                moment=moments.Moment.GREETING,
                outcome=Outcome.PASS,
                weight=1,
                critical=False,
                bonus=False,
                detail=Note("by name"),
            )
        except InvalidData:
            return

        assert from_dict(ItemResult, to_dict(result)) == result

    @pytest.mark.parametrize(
        "stamp",
        [
            datetime(1800, 1, 1, 9, tzinfo=ZoneInfo("Europe/London")),  # LMT
            datetime(2026, 7, 1, 9, 0, 0, 1, tzinfo=UTC),
            datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
            datetime(1, 1, 1, 0, 0, tzinfo=UTC),
        ],
        ids=str,
    )
    def test_edge_time_stamps_round_trip(self, stamp: datetime) -> None:
        greeting = Greeting(at=stamp)

        assert loads(Greeting, dumps(greeting)) == greeting
        assert loads(Greeting, dumps(greeting)).at.tzinfo == stamp.tzinfo


_NON_ASCII_DIGITS = ["٣", "۳", "३", "３", "𝟑", "³"]


class TestOnlyCanonicalForms:
    """Defect 8: ASCII digits in the forms the docs give; anything else is
    InvalidData naming the path and showing what arrived."""

    @pytest.mark.parametrize("digit", _NON_ASCII_DIGITS)
    def test_unicode_digits_are_refused_in_decimals_durations_and_fractions(
        self, digit: str
    ) -> None:
        decimal = doc(amount=f"{digit}.40", currency="EUR")
        duration = doc(aspiration=f"PT{digit}S", target="PT10S")
        fraction: list[str] = []

        money = refusal(Money, decimal)
        standard = refusal(moments.GreetingStandard, duration)
        codec_for(Fraction).explain(f"{digit}/4", "$.score_sum", fraction)

        assert money.errors[0].startswith("$.amount: expected a decimal number")
        assert f"{digit}.40" in money.errors[0]
        assert standard.errors[0].startswith("$.aspiration: expected an ISO 8601")
        assert fraction[0].startswith("$.score_sum: expected a fraction string")

    @pytest.mark.parametrize("digit", _NON_ASCII_DIGITS)
    def test_unicode_digits_are_refused_in_dates_times_and_keys(
        self, digit: str
    ) -> None:
        for tp, text in [
            (date, f"2026-07-0{digit}"),
            (time, f"09:0{digit}"),
        ]:
            errors: list[str] = []

            codec_for(tp).explain(text, "$.x", errors)

            assert errors
            assert errors[0].startswith("$.x: expected ")

    @pytest.mark.parametrize(
        "digits", ["1234567", "12345678901234567890"], ids=["7", "20"]
    )
    def test_more_than_six_fractional_second_digits_are_refused(
        self, digits: str
    ) -> None:
        stamp = f"2026-07-01T09:00:03.{digits}+01:00"

        error = refusal(Interaction, visit(arrived_at=stamp))

        assert error.errors == (
            "$.arrived_at: expected an ISO 8601 datetime string with at most 6 "
            f"digits after the seconds' point (microseconds), got '{stamp}'",
        )

    def test_more_than_six_fractional_digits_are_refused_in_a_time_of_day(
        self,
    ) -> None:
        errors: list[str] = []

        codec_for(time).explain("09:00:00.1234567", "$.x", errors)

        assert errors == [
            "$.x: expected a time of day string 'HH:MM[:SS[.ffffff]]', "
            "got '09:00:00.1234567'"
        ]

    @pytest.mark.parametrize(
        "stamp",
        [
            "20260701T090000Z",  # basic format
            "20260701T090000+0100",
            "2026-W27-3T09:00:00+01:00",  # week date
            "2026-07-01 09:00:00+01:00",  # space separator
            "2026-07-01x09:00:00+01:00",
            "2026-07-01T09:00:00+01:00:30.5",  # fractional offset
            "2026-07-01T09:00:00+0100",  # basic offset
            "2026-07-01T09:00:00+01",  # hour-only offset
            "2026-07-01T09+01:00",  # reduced precision
            "2026-07-01T09:00+01:00",
            "2026-07-01T09:00:00,5+01:00",  # comma
            "2026-07-01t09:00:00+01:00",
            "2026-07-01T09:00:00.+01:00",
            "٢٠٢٦-07-01T09:00:00+01:00",
            "2026-07-01T09:00:00+01:00[Europe/London",
            "2026-07-01 09:00:00+01:00[Europe/London]",
        ],
    )
    def test_non_canonical_iso_forms_are_refused(self, stamp: str) -> None:
        error = refusal(Interaction, visit(arrived_at=stamp))

        assert len(error.errors) == 1
        assert error.errors[0].startswith("$.arrived_at: expected an ISO 8601")
        assert repr(stamp) in error.errors[0]

    @pytest.mark.parametrize(
        ("stamp", "expected"),
        [
            ("2026-07-01T09:00:03Z", datetime(2026, 7, 1, 9, 0, 3, tzinfo=UTC)),
            (
                "2026-07-01T09:00:03.5+01:00",
                datetime(2026, 7, 1, 8, 0, 3, 500_000, tzinfo=UTC),
            ),
            (
                "2026-07-01T09:00:03.123456-05:00",
                datetime(2026, 7, 1, 14, 0, 3, 123_456, tzinfo=UTC),
            ),
            (
                "1800-01-01T09:00:00-00:01:15[Europe/London]",
                datetime(1800, 1, 1, 9, 1, 15, tzinfo=UTC),
            ),
        ],
    )
    def test_the_canonical_forms_are_read(self, stamp: str, expected: datetime) -> None:
        loaded = from_dict(Interaction, visit(arrived_at=stamp))

        assert loaded.arrived_at == expected


_DIGIT = st.sampled_from("0123456789")


@st.composite
def stamps(draw: st.DrawFn) -> str:
    """Stamp texts near the canonical form: each part canonical or not."""
    date = draw(st.sampled_from(["2026-07-01", "20260701", "2026-W27-3", "2026-182"]))
    sep = draw(st.sampled_from(["T", "T", " ", "t", "_"]))
    clock = draw(st.sampled_from(["09:00:03", "090003", "09:00", "09", "0900"]))
    digits = "".join(draw(st.lists(_DIGIT, max_size=10)))
    fraction = draw(st.sampled_from(["", "", ".", ","])) + digits if digits else ""
    offset = draw(
        st.sampled_from(
            [
                "+01:00",
                "-05:00",
                "+00:00",
                "Z",
                "",
                "+0100",
                "+01",
                "+01:00:30",
                "+01:00:30.5",
                "-00:00",
            ]
        )
    )
    return f"{date}{sep}{clock}{fraction}{offset}"


_CANONICAL = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"(Z|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2})?)"
)


class TestStampForms:
    @_slow
    @given(stamp=stamps())
    def test_a_stamp_loads_exactly_when_it_is_canonical(self, stamp: str) -> None:
        try:
            expected: datetime | None = datetime.fromisoformat(stamp)
        except ValueError:
            expected = None
        canonical = _CANONICAL.fullmatch(stamp) is not None and expected is not None

        try:
            loaded = from_dict(Interaction, visit(arrived_at=stamp)).arrived_at
        except InvalidData as exc:
            errors: tuple[str, ...] | None = exc.errors
        else:
            errors = None

        if errors is not None:
            assert not canonical, errors
            assert errors[0].startswith("$.arrived_at: expected ")
        else:
            assert canonical, stamp
            assert loaded == expected
            assert loaded.utcoffset() == expected.utcoffset()  # type: ignore[union-attr]


class TestErrorsTeachForJson:
    """Defect 11: a load error says how to fix the text and shows the JSON
    value that arrived, not a Python repr."""

    @pytest.mark.parametrize(
        "stamp", ["2026-07-01T09:00:03", "2026-07-01T09:00:03[Europe/London]"]
    )
    def test_a_naive_json_datetime_error_says_to_add_the_offset(
        self, stamp: str
    ) -> None:
        with pytest.raises(NaiveDatetimeError) as caught:
            loads(Interaction, json.dumps(visit(arrived_at=stamp)))

        assert caught.value.errors == (
            f"$.arrived_at: expected a timezone-aware datetime, got {stamp!r}; "
            "add the UTC offset to the text, e.g. '2026-07-01T09:00:03+01:00' "
            "or '2026-07-01T09:00:03Z'",
        )
        assert "ZoneInfo" not in str(caught.value)

    @pytest.mark.parametrize(
        ("fields", "line"),
        [
            (
                {"greeting": {"at": "2026-07-01T08:59:59.5+01:00"}},
                "$.greeting.at: expected a time at or after arrived_at "
                "2026-07-01T09:00:00+01:00, got '2026-07-01T08:59:59.5+01:00'",
            ),
            (
                {"ended_at": "2026-07-01T07:00:00Z"},
                "$.ended_at: expected a time at or after arrived_at "
                "2026-07-01T09:00:00+01:00, got '2026-07-01T07:00:00Z'",
            ),
        ],
    )
    def test_json_errors_show_the_json_value_not_a_python_repr(
        self, fields: dict[str, Any], line: str
    ) -> None:
        error = refusal(Interaction, visit(**fields))

        assert error.errors == (line,)
        assert "datetime.datetime(" not in str(error)

    @pytest.mark.parametrize(
        "cls", sorted(STRATEGIES, key=lambda c: c.__name__), ids=lambda c: c.__name__
    )
    @_slow
    @given(data=st.data())
    def test_no_load_error_shows_a_python_repr(
        self, cls: type, data: st.DataObject
    ) -> None:
        document = json.loads(json.dumps(to_dict(data.draw(STRATEGIES[cls]()))))
        mutate(document, data.draw)

        try:
            from_dict(cls, document)
        except InvalidData as exc:
            text = str(exc)
            for python in (
                "datetime.datetime(",
                "datetime.timedelta(",
                "Decimal(",
                "Fraction(",
                "ZoneInfo(",
                "relativedelta(",
            ):
                assert python not in text


# Personal data ---------------------------------------------------------------

SECRET = "ada.secret@example.com"
SECRET_NUMBER = 442079460009


class Marked(str):
    """A str subclass an app might use (numpy.str_ is one)."""


_PERSONAL_CASES: list[tuple[type, dict[str, Any]]] = [
    (Client, {"contact": SECRET}),
    (Client, {"contact": {"email": SECRET_NUMBER}}),
    (Client, {"contact": {"phone": SECRET_NUMBER}}),
    (Client, {"contact": {"email": [SECRET]}}),
    (Client, {"contact": {"email": SECRET.encode()}}),
    (Client, {"contact": {"email": Marked(SECRET)}}),
    (Client, {"contact": {SECRET: "x"}}),
    (Client, {"contact": {"email": "   " + SECRET[:0]}}),
    (Client, {"name": [SECRET]}),
    (Client, {"name": SECRET.encode()}),
    (Client, {"name": Marked(SECRET)}),
    (Client, {"name": SECRET_NUMBER}),
    (Client, {"profile": {"notes": [SECRET]}}),
    (Client, {"profile": {"notes": SECRET_NUMBER}}),
    (Client, {"profile": {"children": SECRET}}),
    (Client, {"profile": SECRET}),
    (Client, {"preferences": {"likes": SECRET}}),
    (Client, {"preferences": {"likes": [SECRET, 5]}}),
    (Client, {"preferences": {"likes": [SECRET, SECRET]}}),
    (Client, {"preferences": {"likes": [Marked(SECRET)]}}),
    (Client, {"preferences": SECRET}),
    (Customer, {"name": SECRET_NUMBER}),
    (Customer, {"contact": SECRET}),
    (Customer, {"contact": {"email": [SECRET]}}),
]


def _client_document(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "c-1",
        "name": "Ada",
        "since": "2026-07-01T09:00:00+01:00",
    }
    return doc(**{**base, **fields})


def _customer_document(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": "c-1", "first_seen": "2026-07-01T09:00:00+01:00"}
    return doc(**{**base, **fields})


def _assert_nothing_personal(exc: BaseException, *secrets: str) -> None:
    for text in texts_of(exc):
        for secret in secrets:
            assert secret not in text, text


class TestPersonalDataInLoadErrors:
    """Defect 3: a load error about a personal field shows the kind of
    value, never the value: in the message, in ``errors`` and in any
    chained exception."""

    def test_a_contact_given_as_a_string_is_shown_by_its_kind(self) -> None:
        error = refusal(Client, _client_document(contact="ada@example.com"))

        assert error.errors == (
            "$.contact: expected an object (Contact), got a str of 15 characters",
        )

    @pytest.mark.parametrize(
        ("cls", "fields"), _PERSONAL_CASES, ids=lambda x: repr(x)[:40]
    )
    def test_personal_fields_are_never_echoed_in_load_errors(
        self, cls: type, fields: dict[str, Any]
    ) -> None:
        build = _client_document if cls is Client else _customer_document
        data = build(**fields)

        with pytest.raises(MomentsError) as caught:
            from_dict(cls, data)

        _assert_nothing_personal(caught.value, SECRET, str(SECRET_NUMBER))
        assert all(line.startswith("$") for line in caught.value.errors)  # type: ignore[attr-defined]

    @pytest.mark.parametrize("cls", [Contact, Profile, Preferences])
    def test_a_personal_record_given_as_a_string_is_shown_by_its_kind(
        self, cls: type
    ) -> None:
        error = refusal(cls, SECRET)

        _assert_nothing_personal(error, SECRET)
        assert kind_of(SECRET) in str(error)

    def test_the_personal_error_comes_from_loads_too(self) -> None:
        text = json.dumps(_client_document(contact={"email": 5, "phone": SECRET}))

        with pytest.raises(InvalidData) as caught:
            loads(Client, text.replace('"' + SECRET + '"', str(SECRET_NUMBER)))

        _assert_nothing_personal(caught.value, SECRET, str(SECRET_NUMBER))
        assert caught.value.errors == (
            "$.contact.email: expected a string or null, got an int",
            "$.contact.phone: expected a string or null, got an int",
        )


_MARK = re.compile(r"PII[0-9a-f]{10}")


def _personal_values(draw: st.DrawFn) -> Iterator[str]:
    while True:
        yield f"PII{draw(st.integers(0, 16**10 - 1)):010x}"


def mutate(data: Any, draw: st.DrawFn) -> Any:
    """One random mutation somewhere in ``data`` (a JSON document), of the
    kinds issue 14 found: wrong types, huge numbers, other digits, non-
    canonical stamps, lone surrogates, a key renamed or dropped."""
    spots: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        items = node.items() if type(node) is dict else enumerate(node)
        for key, value in list(items):
            spots.append((node, key))
            if type(value) in (dict, list):
                walk(value)

    walk(data)
    if not spots:
        return data
    node, key = draw(st.sampled_from(spots))
    value = node[key]
    how = draw(
        st.sampled_from(
            [
                "drop",
                "rename",
                "null",
                "huge",
                "digits",
                "stamp",
                "surrogate",
                "key_surrogate",
                "list",
                "number",
            ]
        )
    )
    if how == "drop" and type(node) is dict:
        del node[key]
    elif how == "rename" and type(node) is dict:
        node[str(key) + "_x"] = node.pop(key)
    elif how == "null":
        node[key] = None
    elif how == "huge":
        node[key] = draw(st.sampled_from([10**4000, 10**5000, -(10**3999), "9" * 500]))
    elif how == "digits" and type(value) is str:
        node[key] = value.translate(ARABIC)
    elif how == "stamp" and type(value) is str and value[:4].isdigit():
        node[key] = draw(
            st.sampled_from(
                [
                    value.replace("T", " ", 1),
                    value.replace("-", "", 2),
                    value.replace(":", "", 2),
                    value.replace("+", ".1234567+", 1),
                    value[:-3],
                    value + ":30.5",
                ]
            )
        )
    elif how == "surrogate" and type(value) is str:
        node[key] = value[:1] + "\ud800" + value[1:]
    elif how == "key_surrogate" and type(node) is dict:
        node[str(key) + "\udc00"] = node.pop(key)
    elif how == "list":
        node[key] = [value]
    else:
        node[key] = draw(st.sampled_from([5, -1, 1.5, True, "x", {}, []]))
    return data


def _assert_plain_text(exc: InvalidData) -> None:
    """Every line is a path and can be written as UTF-8."""
    assert exc.errors
    for line in exc.errors:
        assert line.startswith(("$.", "$[", "$:")), line
        line.encode("utf-8")
    str(exc).encode("utf-8")


class TestFuzzingTheNewGround:
    """Mutated documents of every model raise only moments errors, whose
    text is plain UTF-8; documents holding personal values never show
    them in an error."""

    @pytest.mark.parametrize(
        "cls", sorted(STRATEGIES, key=lambda c: c.__name__), ids=lambda c: c.__name__
    )
    @_slow
    @given(data=st.data())
    def test_mutated_documents_raise_only_moments_errors(
        self, cls: type, data: st.DataObject
    ) -> None:
        document = json.loads(json.dumps(to_dict(data.draw(STRATEGIES[cls]()))))
        mutate(document, data.draw)

        try:
            from_dict(cls, document)
        except InvalidData as exc:
            _assert_plain_text(exc)

    @pytest.mark.parametrize("make", [clients, customers], ids=["client", "customer"])
    @_slow
    @given(data=st.data())
    def test_no_personal_value_reaches_an_error(
        self, make: Any, data: st.DataObject
    ) -> None:
        party = data.draw(make())
        values = _personal_values(data.draw)
        contact = Contact(
            email=next(values), phone=next(values), postal_code=next(values)
        )
        fields: dict[str, Any] = {"contact": contact}
        if isinstance(party, Client):
            fields.update(
                name=next(values),
                profile=Profile(hometown=next(values), notes=next(values)),
                preferences=Preferences(likes=frozenset({next(values), next(values)})),
                forgotten_at=None,
                redacted=False,
            )
        else:
            fields.update(name=next(values))
        party = attrs.evolve(party, **fields)
        document = json.loads(json.dumps(to_dict(party)))
        # Mutate only inside the personal fields, where it matters.
        target = draw_personal_spot(document, data.draw)
        mutate(target, data.draw)

        try:
            from_dict(type(party), document)
        except InvalidData as exc:
            for text in texts_of(exc):
                assert not _MARK.search(text), text


def draw_personal_spot(document: dict[str, Any], draw: st.DrawFn) -> Any:
    """The document, or one of its personal records, to mutate in."""
    spots: list[Any] = [document]
    for key in ("contact", "profile", "preferences"):
        if type(document.get(key)) is dict and document[key]:
            spots.append(document[key])
    return draw(st.sampled_from(spots))


class TestLoneSurrogates:
    """Defect 5: every string of a document, keys included, is text UTF-8
    can write; one with a lone surrogate is refused at its path."""

    @pytest.mark.parametrize(
        ("cls", "data", "path"),
        [
            (Interaction, visit(id="i-\ud800"), "$.id"),
            (Interaction, visit(staff_id="\udfff"), "$.staff_id"),
            (
                Interaction,
                visit(greeting={"at": "2026-07-01T09:00:01+01:00", "by": "s\ud800"}),
                "$.greeting.by",
            ),
            (Interaction, visit(**{"x\ud800": 1}), "$"),
            (
                Client,
                _client_document(preferences={"likes": ["tea\ud800"]}),
                "$.preferences.likes",
            ),
            (Client, _client_document(name="Ad\ud800a"), "$.name"),
        ],
    )
    def test_lone_surrogates_are_refused_at_load(
        self, cls: type, data: dict[str, Any], path: str
    ) -> None:
        error = refusal(cls, data)
        text = json.dumps(data, ensure_ascii=True)
        with pytest.raises(InvalidData) as by_text:
            loads(cls, text)

        for each in (error, by_text.value):
            _assert_plain_text(each)
            assert any(line.startswith(path) for line in each.errors), each.errors

    @pytest.mark.parametrize("key", ["0\ud800", "\ud800", "٠", "０"])
    def test_a_mapping_key_with_a_lone_surrogate_or_other_digits_is_refused(
        self, key: str
    ) -> None:
        data = to_dict(moments.ALWAYS_OPEN)
        data["hours"] = {key: data["hours"]["0"]}

        error = refusal(moments.BusinessCalendar, data)

        _assert_plain_text(error)
        assert all(line.startswith("$.hours[") for line in error.errors)

    def test_bytes_with_an_encoded_surrogate_are_refused(self) -> None:
        text = json.dumps(visit(id="PLACEHOLDER")).encode()
        text = text.replace(b"PLACEHOLDER", b"\xed\xa0\x80")

        with pytest.raises(InvalidData) as caught:
            loads(Interaction, text)

        _assert_plain_text(caught.value)

    def test_dumps_of_an_object_holding_a_lone_surrogate_raises_invalid_data(
        self,
    ) -> None:
        visit_ = Interaction(
            id="i-1",
            channel=moments.Channel.IN_PERSON,
            arrived_at=T0,
            party_kind=moments.PartyKind.CLIENT,
        )
        object.__setattr__(visit_, "id", "i-\ud800")  # as built before the fix

        with pytest.raises(InvalidData) as caught:
            dumps(visit_)

        assert caught.value.errors == (
            "$.id: expected a string without lone surrogates such as '\\ud800' "
            "(UTF-8 cannot write them), got a str of 3 characters with a lone "
            "surrogate at index 2",
        )

    @_slow
    @given(data=st.data())
    def test_a_lone_surrogate_anywhere_in_a_document_is_refused(
        self, data: st.DataObject
    ) -> None:
        cls = data.draw(st.sampled_from(sorted(STRATEGIES, key=lambda c: c.__name__)))
        document = json.loads(json.dumps(to_dict(data.draw(STRATEGIES[cls]()))))
        strings: list[tuple[Any, Any, bool]] = []

        def walk(node: Any) -> None:
            items = node.items() if type(node) is dict else enumerate(node)
            for key, value in list(items):
                if type(key) is str and key != "$schema":
                    strings.append((node, key, True))
                if type(value) is str:
                    strings.append((node, key, False))
                elif type(value) in (dict, list):
                    walk(value)

        walk(document)
        if not strings:
            return
        node, key, is_key = data.draw(st.sampled_from(strings))
        if is_key:
            node[key + "\ud800"] = node.pop(key)
        else:
            node[key] = node[key] + "\udc00"

        with pytest.raises(InvalidData) as caught:
            from_dict(cls, document)

        _assert_plain_text(caught.value)


_STAMP_CHARS = "0123456789-T:.+Z ,٣W"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from(
        [
            "2026-07-01T09:00:03+01:00",
            "2026-07-01T09:00:03.123456-05:30",
            "2026-07-01T09:00:03.5+00:00",
        ]
    ),
    edits=st.lists(
        st.tuples(
            st.integers(0, 40),
            st.sampled_from(["", *_STAMP_CHARS]),  # "": a deletion
            st.booleans(),
        ),
        max_size=3,
    ),
)
def test_the_loaders_fast_stamp_test_accepts_only_the_canonical_form(
    base: str, edits: list[tuple[int, str, bool]]
) -> None:
    """The index tests of the generated loaders' fast path are a shortcut
    for the canonical-form rule (``scalars._STAMP``), never a second rule:
    whatever they pass and ``fromisoformat`` reads, the rule accepts."""
    from moments.serialization import scalars

    text = base
    for at, char, insert in edits:
        at = min(at, len(text))
        text = text[:at] + char + text[at + (0 if insert else 1) :]
    try:
        fast = eval(scalars._plain_form("s"), {"s": text})
        datetime.fromisoformat(text)
    except (IndexError, ValueError):
        return
    if fast:
        assert scalars._STAMP.fullmatch(text), text

"""Tests for moments.serialization: lossless canonical JSON, strict input,
errors with paths, schema versions and golden files.

Regenerate the golden files (only when adding a model, never to paper over
a format change) with ``python tests/serialization/test_serialization.py``.
``golden/`` holds the current version's documents, ``golden/v1/`` the
version-1 ones, which must still load.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from dateutil.relativedelta import FR, relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import moments
from moments import (
    Channel,
    Client,
    Delivery,
    Expectation,
    Feedback,
    Greeting,
    InfoField,
    Information,
    Interaction,
    InvalidData,
    Money,
    NaiveDatetimeError,
    Preferences,
    Purchase,
)
from moments._personal import is_personal
from moments.serialization import (
    MAX_DEPTH,
    MAX_TEXT,
    SCHEMA,
    dumps,
    from_dict,
    loads,
    to_dict,
)
from moments.serialization.codec import BAD, codec_for
from moments.serialization.scalars import SCALARS
from moments.strategies import interactions
from moments.strategies._registry import STRATEGIES


@functools.cache
def strategy_of(cls: type) -> st.SearchStrategy[Any]:
    """The shipped strategy of ``cls``, built once: Hypothesis validates a
    strategy on its first draw, so one built per example is slow."""
    return STRATEGIES[cls]()


INTERACTIONS = interactions()

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_V1 = GOLDEN / "v1"
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=LONDON)
MODELS = sorted(STRATEGIES, key=lambda cls: cls.__name__)
PUBLIC_MODELS = sorted(
    (
        obj
        for obj in (getattr(moments, name) for name in moments.__all__)
        if isinstance(obj, type) and attrs.has(obj)
    ),
    key=lambda cls: cls.__name__,
)
_slow = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
# Round trips draw at least 200 examples per model in CI (issue 7); the
# other property tests use the profile's count.
_round_trip = settings(_slow, max_examples=200) if os.environ.get("CI") else _slow


def doc(**fields: Any) -> dict[str, Any]:
    """A top-level document: ``fields`` with the schema version."""
    return {"$schema": SCHEMA, **fields}


def visit(**fields: Any) -> dict[str, Any]:
    """A valid interaction document, with ``fields`` replaced."""
    base = {
        "id": "i-1",
        "channel": "in_person",
        "arrived_at": "2026-06-01T09:00:00+01:00",
        "party_kind": "client",
    }
    return doc(**{**base, **fields})


BY_NAME = {cls.__name__: cls for cls in [*STRATEGIES, *PUBLIC_MODELS]}


def errors_of(cls: type, data: object) -> tuple[str, ...] | None:
    """The ``errors`` of the InvalidData that ``from_dict`` raises, or
    ``None`` when it succeeds (any other exception propagates)."""
    try:
        from_dict(cls, data)
    except InvalidData as exc:
        return exc.errors
    return None


def problems(cls: type, data: object) -> tuple[str, ...]:
    with pytest.raises(InvalidData) as caught:
        from_dict(cls, data)
    return caught.value.errors


class TestRoundTrip:
    @pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
    @_round_trip
    @given(data=st.data())
    def test_from_dict_of_to_dict_gives_back_an_equal_object(
        self, cls: type, data: st.DataObject
    ) -> None:
        obj = data.draw(strategy_of(cls))

        back = from_dict(type(obj), to_dict(obj))

        assert back == obj

    @pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
    @_round_trip
    @given(data=st.data())
    def test_loads_of_dumps_gives_back_an_equal_object_and_the_same_text(
        self, cls: type, data: st.DataObject
    ) -> None:
        obj = data.draw(strategy_of(cls))
        text = dumps(obj)

        back = loads(type(obj), text)

        assert back == obj
        assert dumps(back) == text

    @_slow
    @given(interactions())
    def test_round_trip_keeps_each_zone_and_wall_clock(
        self, visit: Interaction
    ) -> None:
        back = from_dict(Interaction, to_dict(visit))

        assert back.arrived_at.tzinfo == visit.arrived_at.tzinfo
        assert back.arrived_at.utcoffset() == visit.arrived_at.utcoffset()
        assert back.arrived_at.replace(tzinfo=None) == visit.arrived_at.replace(
            tzinfo=None
        )


def fixed_examples() -> dict[type, object]:
    """Examples of the public models that have no strategy (yet), built
    through the public API."""
    start = datetime(2026, 6, 1, 9, tzinfo=LONDON)
    visit = Interaction(
        id="i-1",
        channel=Channel.IN_PERSON,
        party_kind=moments.PartyKind.CLIENT,
        arrived_at=start,
        greeting=Greeting(at=start + timedelta(seconds=4), used_name=True),
        goodbye=moments.Goodbye(at=start + timedelta(minutes=20), thanked=True),
        recovery=moments.Recovery(
            failure_at=start + timedelta(minutes=5),
            acknowledged_at=start + timedelta(minutes=9),
        ),
    )
    standard = moments.RecoveryStandard()
    assert visit.recovery is not None
    reading = standard.read(visit.recovery, as_of=start + timedelta(hours=1))
    reviews = [
        moments.audit(visit, moments.gold_standard(), reviewer=name)
        for name in ("r-ana", "r-ben")
    ]
    examples: list[object] = [
        standard,
        reading,
        reading.resolve,
        moments.service_level([moments.judge_greeting(visit)]),
        moments.calibrate(reviews),
    ]
    return {type(x): x for x in examples}


FIXED = fixed_examples()


class TestRoundTripOfModelsWithoutStrategies:
    @pytest.mark.parametrize("cls", sorted(FIXED, key=lambda c: c.__name__))
    def test_fixed_example_round_trips(self, cls: type) -> None:
        obj = FIXED[cls]

        assert from_dict(cls, to_dict(obj)) == obj
        assert loads(cls, dumps(obj)) == obj


class TestCanonicalForms:
    def test_zoned_datetime_keeps_its_zone_key_rfc_9557_style(self) -> None:
        greeting = Greeting(at=T0)

        assert to_dict(greeting)["at"] == "2026-06-01T09:00:00+01:00[Europe/London]"
        assert from_dict(Greeting, to_dict(greeting)).at.tzinfo is LONDON

    def test_fixed_offset_datetime_stays_plain(self) -> None:
        at = datetime(2026, 6, 1, 9, tzinfo=timezone(timedelta(hours=-3)))

        assert to_dict(Greeting(at=at))["at"] == "2026-06-01T09:00:00-03:00"

    def test_parsed_fixed_offsets_share_one_tzinfo_per_offset(self) -> None:
        one = from_dict(Greeting, doc(at="2026-06-01T09:00:00+05:30"))
        two = from_dict(Greeting, doc(at="2027-01-01T10:00:00+05:30"))

        assert one.at.tzinfo is two.at.tzinfo

    def test_utc_datetime_comes_back_with_the_utc_singleton(self) -> None:
        greeting = from_dict(Greeting, doc(at="2026-06-01T09:00:00+00:00"))

        assert greeting.at.tzinfo is UTC

    def test_second_of_two_ambiguous_wall_times_survives_the_round_trip(
        self,
    ) -> None:
        second = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK)

        back = from_dict(Greeting, to_dict(Greeting(at=second))).at

        assert (back.fold, back.utcoffset()) == (1, timedelta(hours=-5))

    def test_zone_key_with_an_offset_the_zone_never_has_is_refused(self) -> None:
        data = doc(at="2026-06-01T09:00:00+05:00[Europe/London]")

        assert problems(Greeting, data) == (
            "$.at: expected an offset that Europe/London has at that local "
            "time, got '2026-06-01T09:00:00+05:00[Europe/London]'",
        )

    @pytest.mark.parametrize(
        ("duration", "text"),
        [
            (timedelta(0), "PT0S"),
            (timedelta(seconds=10), "PT10S"),
            (timedelta(hours=1, minutes=30), "PT1H30M"),
            (timedelta(days=2, microseconds=1), "PT48H0.000001S"),
            (timedelta(seconds=-5), "-PT5S"),
            (timedelta(milliseconds=500), "PT0.5S"),
        ],
    )
    def test_durations_are_iso_8601_in_hours_minutes_seconds(
        self, duration: timedelta, text: str
    ) -> None:
        codec = codec_for(timedelta)

        assert codec.dump(duration) == text
        assert codec.load(text) == duration

    @given(st.timedeltas())
    def test_every_duration_round_trips_to_the_microsecond(
        self, duration: timedelta
    ) -> None:
        codec = codec_for(timedelta)

        assert codec.load(codec.dump(duration)) == duration

    def test_relativedelta_is_an_object_of_its_non_zero_fields(self) -> None:
        codec = codec_for(relativedelta)
        step = relativedelta(months=1, day=31, weekday=FR(-1))

        assert codec.dump(step) == {"months": 1, "day": 31, "weekday": "FR(-1)"}
        assert codec.load(codec.dump(step)) == step

    def test_fraction_is_numerator_slash_denominator(self) -> None:
        codec = codec_for(Fraction)

        assert codec.dump(Fraction(17, 20)) == "17/20"
        assert codec.dump(Fraction(1)) == "1/1"
        assert codec.load("-3/4") == Fraction(-3, 4)

    def test_time_of_day_and_date_are_iso(self) -> None:
        assert codec_for(time).dump(time(9, 30)) == "09:30:00"
        assert codec_for(time).load("09:30") == time(9, 30)
        assert codec_for(date).dump(date(2026, 6, 1)) == "2026-06-01"

    def test_money_amount_is_a_string_and_enums_are_values(self) -> None:
        buy = Purchase(at=T0, amount=Money(amount=Decimal("12.50"), currency="EUR"))
        delivery = Delivery(expectation=Expectation.EXCEEDED)

        assert to_dict(buy)["amount"] == {"amount": "12.50", "currency": "EUR"}
        assert to_dict(delivery)["expectation"] == "exceeded"

    def test_sets_are_sorted_lists(self) -> None:
        info = Information(collected=frozenset(InfoField))

        assert to_dict(info)["collected"] == sorted(f.value for f in InfoField)

    def test_a_generic_model_reads_its_key_type_when_parametrized(self) -> None:
        standing = moments.Standing(
            key=Channel.PHONE, audits=3, mean_score=Fraction(1, 2), pass_rate=None
        )

        data = to_dict(standing)

        assert data["key"] == "phone"
        assert from_dict(moments.Standing[Channel], data) == standing
        assert from_dict(moments.Standing, data).key == "phone"

    def test_every_top_level_document_starts_with_the_schema_version(self) -> None:
        data = to_dict(Delivery(expectation=Expectation.MET))

        assert next(iter(data.items())) == ("$schema", "moments/2")

    def test_dumps_is_compact_utf8_json(self) -> None:
        prefs = Preferences(likes=frozenset({"café", "tea"}))

        assert dumps(prefs) == (
            '{"$schema":"moments/2","likes":["café","tea"],"dislikes":[],"wishlist":[]}'
        )


class TestByteStability:
    def test_dumps_is_identical_across_processes_with_different_hash_seeds(
        self,
    ) -> None:
        script = (
            "import pathlib, sys\n"
            "from moments.serialization import loads, dumps\n"
            "from moments.strategies._registry import STRATEGIES\n"
            "import moments\n"
            "names = {c.__name__: c for c in STRATEGIES}\n"
            "names.update((n, getattr(moments, n)) for n in moments.__all__)\n"
            "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.json')):\n"
            "    cls = names[p.stem]\n"
            "    print(dumps(loads(cls, p.read_text())))\n"
        )

        outputs = [
            subprocess.run(
                [sys.executable, "-c", script, str(GOLDEN)],
                env={**os.environ, "PYTHONHASHSEED": seed},
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for seed in ("1", "2")
        ]

        assert outputs[0] == outputs[1]
        assert outputs[0].count("\n") == len(list(GOLDEN.glob("*.json")))


class TestStrictInput:
    def test_unknown_keys_are_rejected_naming_the_key(self) -> None:
        errors = problems(Interaction, visit(colour="red"))

        assert len(errors) == 1
        assert errors[0].startswith("$.colour: expected only the keys arrived_at,")
        assert errors[0].endswith("got unknown key 'colour'")

    def test_a_number_is_not_a_string(self) -> None:
        assert problems(Interaction, visit(id=5)) == ("$.id: expected a string, got 5",)

    def test_a_numeric_string_is_not_an_integer(self) -> None:
        data = doc(interaction_id="i-1", at="2026-06-01T09:00:00+00:00", nps="5")

        assert problems(Feedback, data) == (
            "$.nps: expected an integer or null, got '5'",
        )

    def test_true_is_not_one(self) -> None:
        data = doc(interaction_id="i-1", at="2026-06-01T09:00:00+00:00", csat=True)

        assert problems(Feedback, data) == (
            "$.csat: expected an integer or null, got true",
        )

    def test_a_string_is_not_a_list_of_characters(self) -> None:
        errors = problems(Preferences, doc(likes="tea"))

        assert errors[0].startswith("$.likes: expected a list of distinct items")

    def test_one_is_not_true(self) -> None:
        assert problems(Greeting, doc(at="2026-06-01T09:00:00Z", used_name=1)) == (
            "$.used_name: expected true or false, got 1",
        )

    def test_a_float_is_not_a_money_amount(self) -> None:
        errors = problems(Money, doc(amount=12.5, currency="EUR"))

        assert errors == (
            "$.amount: expected a decimal number written as a string, e.g. "
            "'12.50', got 12.5; write the amount as a string to keep it exact",
        )

    def test_naive_datetime_string_is_refused_with_naive_datetime_error(
        self,
    ) -> None:
        with pytest.raises(NaiveDatetimeError) as caught:
            from_dict(Interaction, visit(arrived_at="2026-06-01T09:00:00"))

        assert caught.value.errors == (
            "$.arrived_at: expected a timezone-aware datetime, got "
            "'2026-06-01T09:00:00'; add the UTC offset to the text, e.g. "
            "'2026-07-01T09:00:03+01:00' or '2026-07-01T09:00:03Z'",
        )

    def test_unknown_enum_value_lists_the_allowed_values(self) -> None:
        errors = problems(Interaction, visit(channel="pigeon"))

        assert errors == (
            "$.channel: expected one of 'in_person', 'phone', 'chat', 'email', "
            "'online', got 'pigeon'",
        )

    def test_unknown_check_kind_names_the_allowed_kinds(self) -> None:
        item = to_dict(moments.gold_standard().items[0])
        item["check"] = {"kind": "telepathy"}

        errors = problems(moments.ChecklistItem, item)

        assert errors[0].startswith(
            "$.check.kind: expected one of 'custom', 'expectation_exceeded',"
        )
        assert errors[0].endswith("got 'telepathy'")

    def test_unknown_rule_kind_names_the_allowed_kinds(self) -> None:
        data = to_dict(moments.Not(rule=moments.HasName()))
        data["rule"] = {"kind": "vibes"}

        errors = problems(moments.Not, data)

        assert errors == (
            "$.rule.kind: expected one of 'all_of', 'any_of', 'consented', "
            "'has_contact', 'has_name', 'min_spend', 'min_tenure', 'min_visits', "
            "'not', 'promoter', 'recent_visit', 'recognised', got 'vibes'",
        )

    def test_documents_may_omit_fields_that_have_defaults(self) -> None:
        at = "2026-06-01T09:00:00+00:00"
        data = visit(
            arrived_at=at,
            greeting={"at": at},
            information={},
            offer={},
            goodbye={"at": at, "thanked": True},
            follow_up={"kind": "call", "due": at},
            recovery={"failure_at": at},
            purchase={"at": at, "amount": {"amount": "1.00", "currency": "EUR"}},
        )

        loaded = from_dict(Interaction, data)

        assert loaded.greeting == Greeting(at=datetime(2026, 6, 1, 9, tzinfo=UTC))
        assert loaded.information == Information()
        assert loaded.recovery == moments.Recovery(failure_at=loaded.arrived_at)
        assert loaded.purchase is not None
        assert loaded.purchase.id is None

    def test_unknown_key_inside_a_record_is_named_with_its_path(self) -> None:
        data = visit(greeting={"at": "2026-06-01T09:00:00+01:00", "smile": True})

        assert problems(Interaction, data) == (
            "$.greeting.smile: expected only the keys at, by, used_name, got "
            "unknown key 'smile'",
        )

    def test_greeting_before_arrival_across_the_clock_change_is_caught(
        self,
    ) -> None:
        # 01:50 EDT is 40 minutes *before* 01:10 EST, though its wall clock
        # is later: the check is on instants.
        data = visit(
            arrived_at="2026-11-01T01:10:00-05:00[America/New_York]",
            greeting={"at": "2026-11-01T01:50:00-04:00[America/New_York]"},
        )

        errors = problems(Interaction, data)

        assert errors[0].startswith(
            "$.greeting.at: expected a time at or after arrived_at "
            "2026-11-01T01:10:00-05:00"
        )

    def test_duplicates_in_a_set_are_refused(self) -> None:
        errors = problems(Information, doc(collected=["name", "name"]))

        assert errors == (
            "$.collected: expected a list without duplicates, got ['name', 'name']",
        )

    def test_missing_required_key_is_named(self) -> None:
        data = visit()
        del data["channel"]

        assert problems(Interaction, data) == (
            "$.channel: expected one of 'in_person', 'phone', 'chat', 'email', "
            "'online', got nothing",
        )


class TestErrors:
    def test_every_problem_is_listed_with_its_path(self) -> None:
        data = visit(id="", channel="pigeon", greeting={"at": 5, "by": 7})

        errors = problems(Interaction, data)

        assert errors == (
            "$.channel: expected one of 'in_person', 'phone', 'chat', 'email', "
            "'online', got 'pigeon'",
            "$.greeting.at: expected an ISO 8601 datetime string with a UTC "
            "offset, got 5",
            "$.greeting.by: expected a string or null, got 7",
            "$.id: expected a non-empty string, got ''",
        )

    def test_model_validator_failures_carry_the_full_path(self) -> None:
        data = visit(greeting={"at": "2026-06-01T08:59:59+01:00"})

        assert problems(Interaction, data) == (
            "$.greeting.at: expected a time at or after arrived_at "
            "2026-06-01T09:00:00+01:00, got '2026-06-01T08:59:59+01:00'",
        )

    def test_every_validator_failure_of_one_object_is_listed(self) -> None:
        data = visit(
            id=" ",
            ended_at="2026-06-01T08:00:00+01:00",
            purchase={
                "at": "2026-06-01T09:00:00+01:00",
                "amount": {"amount": "NaN", "currency": "eur"},
            },
        )

        errors = problems(Interaction, data)

        assert [e.split(":")[0] for e in errors] == [
            "$.purchase.amount.amount",
            "$.purchase.amount.currency",
            "$.id",
            "$.ended_at",
        ]

    def test_validator_errors_of_nested_lists_are_indexed(self) -> None:
        buy = {"at": "2026-06-01T09:00:00Z", "amount": {"amount": "1", "currency": "E"}}
        data = doc(
            id="c-1", name="Ada", since="2026-06-01T09:00:00Z", purchases=[buy, buy]
        )

        errors = problems(Client, data)

        assert [e.split(":")[0] for e in errors] == [
            "$.purchases[0].amount.currency",
            "$.purchases[1].amount.currency",
        ]

    @pytest.mark.parametrize(
        "text",
        ["", "{", "[1,]", "NaN", '{"a": Infinity}', "\ud800", b"\xff\xfe", "1" * 5000],
    )
    def test_text_that_is_not_json_raises_invalid_data(self, text: str | bytes) -> None:
        with pytest.raises(InvalidData) as caught:
            loads(Interaction, text)

        assert caught.value.errors[0].startswith("$")

    def test_text_over_the_limit_is_refused_before_parsing(self) -> None:
        text = " " * (MAX_TEXT + 1)

        with pytest.raises(InvalidData) as caught:
            loads(Interaction, text)

        assert caught.value.errors == (
            f"$: expected a JSON text of at most {MAX_TEXT} characters, "
            f"got {MAX_TEXT + 1}",
        )

    @pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 200_000])
    def test_nesting_deeper_than_the_limit_is_refused(self, depth: int) -> None:
        text = '{"id": ' + "[" * depth + "]" * depth + "}"

        with pytest.raises(InvalidData) as caught:
            loads(Interaction, text)

        assert caught.value.errors == (
            f"$: expected data nested at most {MAX_DEPTH} levels deep, got deeper",
        )

    def test_deep_python_data_is_refused_by_from_dict_too(self) -> None:
        deep: list[object] = []
        for _ in range(10_000):
            deep = [deep]

        assert problems(Interaction, visit(id=deep)) == (
            f"$: expected data nested at most {MAX_DEPTH} levels deep, got deeper",
        )

    def test_rules_nested_deeper_than_the_limit_are_refused(self) -> None:
        data: Any = {"kind": "has_name"}
        for _ in range(MAX_DEPTH):
            data = {"kind": "not", "rule": data}

        assert problems(moments.Not, {**data, "$schema": SCHEMA}) == (
            f"$: expected data nested at most {MAX_DEPTH} levels deep, got deeper",
        )

    def test_an_integer_too_long_to_print_is_reported_not_raised(self) -> None:
        data = doc(interaction_id="i-1", at="2026-06-01T09:00:00Z", nps=10**5000)

        assert problems(Feedback, data) == (
            "$.nps: expected an integer of at most 4000 digits "
            "(moments._limits.MAX_DIGITS), got an integer of 5001 digits",
        )

    def test_a_class_that_is_not_a_model_is_a_type_error(self) -> None:
        with pytest.raises(TypeError):
            from_dict(dict, {})


class TestSchemaVersion:
    def test_document_without_a_schema_version_is_refused(self) -> None:
        assert problems(Delivery, {"expectation": "met"}) == (
            "$.$schema: expected 'moments/2', got nothing; documents from "
            "moments.serialization.to_dict() carry it",
        )

    def test_newer_schema_version_is_refused(self) -> None:
        data = {"$schema": "moments/3", "expectation": "met"}

        assert problems(Delivery, data) == (
            "$.$schema: expected 'moments/2' or older, got 'moments/3'; "
            "upgrade moments to read it",
        )

    def test_schema_version_is_only_at_the_top_level(self) -> None:
        data = visit(delivery={"$schema": SCHEMA, "expectation": "met"})

        errors = problems(Interaction, data)

        assert errors[0].startswith("$.delivery.$schema: expected only the keys")


def version_1(data: dict[str, Any], renames: dict[str, str]) -> dict[str, Any]:
    """A current document written back as version 1: ``renames`` maps the
    current keys to their version-1 names."""
    return {
        "$schema": "moments/1",
        **{renames.get(k, k): v for k, v in data.items() if k != "$schema"},
    }


FIXED_CLIENT = Client(id="c-1", name="Ada", since=T0)
_DECISION_1 = {"from_stage": "current", "to_stage": "target", "policy_label": "policy"}
_TRANSITION_1 = {"policy_label": "policy"}


class TestVersion1Documents:
    @_slow
    @given(strategy_of(moments.PromotionDecision))
    def test_a_version_1_decision_loads_with_its_stages_and_label_renamed(
        self, decision: moments.PromotionDecision
    ) -> None:
        old = version_1(to_dict(decision), _DECISION_1)

        assert from_dict(moments.PromotionDecision, old) == decision
        assert loads(moments.PromotionDecision, json.dumps(old)) == decision

    @_slow
    @given(strategy_of(moments.Client))
    def test_a_version_1_client_loads_with_its_transitions_renamed(
        self, client: Client
    ) -> None:
        data = to_dict(client)
        old = version_1(data, {})
        old["transitions"] = [
            {_TRANSITION_1.get(k, k): v for k, v in step.items()}
            for step in data["transitions"]
        ]

        assert from_dict(Client, old) == client

    def test_a_version_1_transition_loads_with_its_label_renamed(self) -> None:
        step = moments.StageTransition(
            from_stage=moments.Stage.IDENTIFIED,
            to_stage=moments.Stage.CLIENT,
            at=T0,
            policy_label="default@1",
        )
        old = version_1(to_dict(step), _TRANSITION_1)

        assert "policy" in old
        assert from_dict(moments.StageTransition, old) == step

    def test_a_version_1_document_with_both_names_is_refused_naming_the_old_key(
        self,
    ) -> None:
        step = moments.StageTransition(
            from_stage=moments.Stage.IDENTIFIED,
            to_stage=moments.Stage.CLIENT,
            at=T0,
            policy_label="default@1",
        )
        old = {**version_1(to_dict(step), {}), "policy": "default@1"}

        errors = problems(moments.StageTransition, old)

        assert len(errors) == 1
        assert errors[0].startswith("$.policy: expected only the keys")

    def test_a_version_2_document_with_the_old_names_is_refused(self) -> None:
        step = moments.StageTransition(
            from_stage=moments.Stage.IDENTIFIED,
            to_stage=moments.Stage.CLIENT,
            at=T0,
            policy_label="default@1",
        )
        data = {**version_1(to_dict(step), _TRANSITION_1), "$schema": SCHEMA}

        errors = problems(moments.StageTransition, data)

        assert errors[0].startswith("$.policy: expected only the keys")
        assert errors[1].startswith("$.policy_label: expected a string, got nothing")

    @pytest.mark.parametrize("steps", ["none", [7], [{"policy": 7}]])
    def test_a_bad_version_1_client_is_reported_at_its_transitions(
        self, steps: object
    ) -> None:
        data = {**to_dict(FIXED_CLIENT), "$schema": "moments/1", "transitions": steps}

        errors = problems(Client, data)

        assert errors
        assert all(e.startswith("$.transitions") for e in errors)

    def test_other_models_load_from_version_1_unchanged(self) -> None:
        data = doc(expectation="met")

        assert from_dict(Delivery, {**data, "$schema": "moments/1"}) == from_dict(
            Delivery, data
        )


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


def _paths_ok(errors: tuple[str, ...]) -> bool:
    return bool(errors) and all(line.startswith(("$.", "$[", "$:")) for line in errors)


def _mutate(data: Any, draw: st.DrawFn) -> Any:
    """One random mutation somewhere in ``data`` (a JSON document)."""
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
    how = draw(st.sampled_from(["drop", "retype", "rename", "naive", "huge", "null"]))
    value = node[key]
    if how == "drop" and type(node) is dict:
        del node[key]
    elif how == "rename" and type(node) is dict:
        node[key + "_x"] = node.pop(key)
    elif how == "naive" and type(value) is str and "+" in value:
        node[key] = value.split("+")[0].split("[")[0]
    elif how == "huge":
        node[key] = draw(
            st.sampled_from([10**400, 10**5000, -(10**30), 1e308, "9" * 500])
        )
    elif how == "null":
        node[key] = None
    else:
        node[key] = draw(_json)
    return data


class TestFuzzing:
    @pytest.mark.parametrize("cls", PUBLIC_MODELS, ids=lambda c: c.__name__)
    @_slow
    @given(data=_json)
    def test_arbitrary_json_fails_only_with_invalid_data_and_paths(
        self, cls: type, data: Any
    ) -> None:
        found = [
            errors_of(cls, each)
            for each in (data, {"$schema": SCHEMA, "x": data}, doc(id=data))
        ]

        assert all(errors is None or _paths_ok(errors) for errors in found)

    @pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
    @_slow
    @given(data=st.data())
    def test_mutated_documents_fail_only_with_invalid_data_and_paths(
        self, cls: type, data: st.DataObject
    ) -> None:
        document = _mutate(to_dict(data.draw(strategy_of(cls))), data.draw)

        errors = errors_of(cls, document)

        assert errors is None or _paths_ok(errors)
        # A record of personal fields only (a Contact) names no unknown key.
        private = all(is_personal(a) for a in attrs.fields(cls))
        assert (
            errors is None
            or private
            or any(line.startswith(("$.", "$[")) for line in errors)
        )

    @_slow
    @given(text=st.text(max_size=60) | st.binary(max_size=60))
    def test_arbitrary_text_fails_only_with_invalid_data(
        self, text: str | bytes
    ) -> None:
        errors: tuple[str, ...] | None = None
        try:
            loads(Interaction, text)
        except InvalidData as exc:
            errors = exc.errors

        assert errors is None or _paths_ok(errors)

    @pytest.mark.parametrize("cls", [Interaction, Greeting], ids=lambda c: c.__name__)
    def test_a_schema_whose_equality_raises_is_invalid_data(self, cls: type) -> None:
        class Stranger:
            __hash__ = None  # type: ignore[assignment]

            def __eq__(self, other: object) -> bool:
                raise RuntimeError("no comparing me")

            def __repr__(self) -> str:
                return "Stranger()"

        with pytest.raises(InvalidData) as caught:
            from_dict(cls, {"$schema": Stranger()})

        assert caught.value.errors[0].startswith("$.$schema: expected 'moments/2'")

    @pytest.mark.parametrize("tp", list(SCALARS), ids=repr)
    @_slow
    @given(value=_json)
    def test_scalar_loaders_refuse_only_with_their_own_error(
        self, tp: type, value: Any
    ) -> None:
        errors: list[str] = []

        codec_for(tp).explain(value, "$.x", errors)

        assert all(line.startswith("$.x: expected ") for line in errors)


class TestFastPath:
    """The generated interaction loaders accept exactly what the
    constructors accept, and build equal objects."""

    @_slow
    @given(data=st.data())
    def test_fast_loader_agrees_with_the_constructors(
        self, data: st.DataObject
    ) -> None:
        document = to_dict(data.draw(INTERACTIONS))
        del document["$schema"]
        if data.draw(st.booleans()):
            document = _mutate(document, data.draw)
        codec = codec_for(Interaction)
        errors: list[str] = []

        slow = codec.explain(document, "$", errors)
        try:
            fast = codec.load(document)
        except Exception:
            fast = BAD

        assert fast == slow
        assert (slow is BAD) == bool(errors)

    @_slow
    @given(data=st.data())
    def test_top_level_loader_of_whole_documents_agrees_with_the_constructors(
        self, data: st.DataObject
    ) -> None:
        document = to_dict(data.draw(INTERACTIONS))
        for _ in range(data.draw(st.integers(0, 3))):
            document = _restamp(document, data.draw)
        if data.draw(st.booleans()):
            document = _mutate(document, data.draw)
        codec = codec_for(Interaction)
        errors: list[str] = []

        slow = codec.explain(
            {k: v for k, v in document.items() if k != "$schema"}, "$", errors
        )
        try:
            fast = codec.load_top(document)
        except Exception:
            fast = BAD

        assert fast == slow
        assert fast is BAD or all(
            a is b or type(a.tzinfo) is not timezone or a.tzinfo is b.tzinfo
            for a, b in zip(_stamps(fast), _stamps(slow), strict=True)
        )

    @pytest.mark.parametrize(
        "stamp",
        [
            "2026-06-02+01:00",  # a date and a naive time 01:00
            "2026-06-01T09:00:00",
            "2026-06-01T09:00:00+01:00:30",
            "2026-06-01T08:00:00Z",
            "2026-06-01T09:00:00+01:00[Europe/London]",
            "2026-06-01T09:00:00+02:00[Europe/London]",
            "2026-06-01T09:00:00+0100",
            "2026-06-01T09:00:00+01:00 ",
        ],
    )
    def test_canonical_document_reads_a_time_stamp_as_the_detailed_path_does(
        self, stamp: str
    ) -> None:
        document = _canonical_visit()
        document["greeting"]["at"] = stamp

        fast, detailed = _read_both_ways(document)

        assert fast == detailed

    @pytest.mark.parametrize(
        ("where", "value"),
        [
            *(
                (("purchase", "amount", "amount"), amount)
                for amount in [
                    "5.",
                    ".5",
                    ".",
                    "1.2.3",
                    "-1.5",
                    "1e5",
                    "NaN",
                    " 1",
                    "\u0661\u0662",
                    "12",
                    "1_0",
                    "",
                ]
            ),
            (("purchase", "amount", "currency"), "eur"),
            (("information", "probed"), 1),
            (("information", "collected"), ["name", "name"]),
            (("offer", "accepted"), 0),
            (("offer", "based_on"), ["nickname"]),
            (("delivery", "expectation"), "meh"),
            (("channel",), "fax"),
            (("greeting", "used_name"), 1),
        ],
        ids=repr,
    )
    def test_canonical_document_reads_a_value_as_the_detailed_path_does(
        self, where: tuple[str, ...], value: object
    ) -> None:
        warm = _canonical_visit()  # shared records for 1 and 0 to hit, if lax
        warm["information"]["probed"] = True
        warm["offer"]["accepted"] = False
        from_dict(Interaction, warm)
        document = _canonical_visit()
        node = document
        for key in where[:-1]:
            node = node[key]
        node[where[-1]] = value

        fast, detailed = _read_both_ways(document)

        assert fast == detailed

    @pytest.mark.parametrize(
        "where",
        [
            ("id",),
            ("party_id",),
            ("staff_id",),
            ("location_id",),
            ("greeting", "by"),
            ("follow_up", "kind"),
            ("purchase", "id"),
            ("recovery", "owner_id"),
        ],
        ids="-".join,
    )
    @pytest.mark.parametrize("blank", ["", " ", "\t\u2003"], ids=repr)
    def test_canonical_document_refuses_a_blank_string(
        self, where: tuple[str, ...], blank: str
    ) -> None:
        document = _canonical_visit()
        node = document
        for key in where[:-1]:
            node = node[key]
        node[where[-1]] = blank

        errors = problems(Interaction, document)

        assert any(line.startswith(f"$.{'.'.join(where)}: ") for line in errors)

    def test_canonical_greeting_before_arrival_across_the_clock_change_is_caught(
        self,
    ) -> None:
        document = _canonical_visit()
        document["arrived_at"] = "2026-11-01T01:10:00-05:00[America/New_York]"
        document["greeting"]["at"] = "2026-11-01T01:50:00-04:00[America/New_York]"

        errors = problems(Interaction, document)

        assert any(
            line.startswith(
                "$.greeting.at: expected a time at or after arrived_at "
                "2026-11-01T01:10:00-05:00"
            )
            for line in errors
        )

    def test_canonical_follow_up_done_before_it_was_set_is_caught(self) -> None:
        document = _canonical_visit()
        document["follow_up"]["done_at"] = "2026-06-01T08:59:59+01:00"

        errors = problems(Interaction, document)

        assert errors == (
            "$.follow_up.done_at: expected a time at or after set_at "
            "2026-06-01T09:00:00+01:00, got '2026-06-01T08:59:59+01:00'",
        )

    def test_time_stamps_at_one_offset_share_one_tzinfo(self) -> None:
        document = _canonical_visit()

        loaded = from_dict(Interaction, document)

        assert len({id(stamp.tzinfo) for stamp in _stamps(loaded)}) == 1


def _read_both_ways(document: dict[str, Any]) -> tuple[object, object]:
    """What ``from_dict`` makes of an interaction ``document`` (its errors,
    or the interaction) and what the generic, detailed pass makes of it."""
    errors: list[str] = []
    slow = codec_for(Interaction).explain(
        {k: v for k, v in document.items() if k != "$schema"}, "$", errors
    )
    fast = errors_of(Interaction, document) or from_dict(Interaction, document)
    return fast, tuple(errors) if errors else slow


def _canonical_visit() -> dict[str, Any]:
    """A canonical interaction document (every key present), with times at
    +01:00 and every record filled in."""
    t0 = datetime(2026, 6, 1, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    second = timedelta(seconds=1)
    return to_dict(
        Interaction(
            id="i-1",
            channel=Channel.IN_PERSON,
            arrived_at=t0,
            party_kind=moments.PartyKind.CLIENT,
            party_id="c-1",
            ended_at=t0 + 90 * second,
            greeting=Greeting(at=t0 + second, used_name=True, by="s-1"),
            information=Information(collected=frozenset({InfoField.NAME})),
            offer=moments.Offer(based_on=frozenset({InfoField.NAME}), accepted=True),
            delivery=Delivery(expectation=Expectation.MET),
            goodbye=moments.Goodbye(at=t0 + 60 * second, thanked=True),
            follow_up=moments.FollowUp(kind="call", due=t0 + 2 * second, set_at=t0),
            recovery=moments.Recovery(failure_at=t0, acknowledged_at=t0 + second),
            purchase=Purchase(
                at=t0 + 3 * second, amount=Money(amount=Decimal("9.90"), currency="EUR")
            ),
        )
    )


def _stamps(x: Interaction) -> list[datetime]:
    """Every datetime of an interaction, in a fixed order."""
    found = [x.arrived_at, x.ended_at]
    for record in (x.greeting, x.goodbye, x.follow_up, x.recovery, x.purchase):
        if record is not None:
            found += list(attrs.astuple(record, recurse=False))
    return [v for v in found if isinstance(v, datetime)]


def _restamp(data: Any, draw: st.DrawFn) -> Any:
    """Rewrite one time stamp of ``data``: the same or a nearby instant at
    another offset or zone, or a malformed or naive one."""
    spots: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        for key, value in list(node.items()):
            if type(value) is dict:
                walk(value)
            elif type(value) is str and value[:2] == "20" and "T" in value:
                spots.append((node, key))

    walk(data)
    if not spots:
        return data
    node, key = draw(st.sampled_from(spots))
    when = datetime.fromisoformat(node[key].split("[")[0])
    when += timedelta(seconds=draw(st.sampled_from([0, 0, -1, 1, -3600, 7200])))
    offset = timedelta(minutes=draw(st.integers(-24 * 60 + 1, 24 * 60 - 1)))
    zone = draw(st.sampled_from([UTC, timezone(offset), LONDON, NEW_YORK]))
    stamp = when.astimezone(zone).isoformat()
    node[key] = draw(
        st.sampled_from(
            [
                stamp,
                f"{stamp}[{zone.key}]" if isinstance(zone, ZoneInfo) else stamp,
                stamp[:19],
                stamp[:10] + stamp[-6:],
                stamp + ":30",
                stamp.replace("+00:00", "Z"),
            ]
        )
    )
    return data


def golden_examples() -> dict[type, object]:
    """One rich, fixed example per model with a strategy (used only to
    write the golden files)."""
    examples: dict[type, object] = {}
    for cls in MODELS:
        examples[cls] = _richest(cls)
    return examples


def _richest(cls: type) -> object:
    best: list[object] = []

    @settings(
        derandomize=True,
        max_examples=60,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(STRATEGIES[cls]())
    def richest(obj: object) -> None:
        if not best or len(dumps(obj)) > len(dumps(best[0])):
            best[:] = [obj]

    richest()
    return best[0]


def write_golden() -> None:
    """Write the missing golden files of the current version: a model's
    version-1 example read back (so both versions hold the same object),
    else a fixed or drawn one."""
    GOLDEN.mkdir(exist_ok=True)
    for cls, obj in {**FIXED, **golden_examples()}.items():
        path = GOLDEN / f"{cls.__name__}.json"
        if not path.exists():
            old = GOLDEN_V1 / path.name
            if old.exists():
                obj = loads(cls, old.read_text(encoding="utf-8"))
            text = json.dumps(to_dict(obj), indent=2, ensure_ascii=False)
            path.write_text(text + "\n", encoding="utf-8")


class TestGoldenFiles:
    @pytest.mark.parametrize(
        "path", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem
    )
    def test_golden_document_loads_unchanged(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        cls = BY_NAME[path.stem]

        obj = from_dict(cls, data)

        assert data["$schema"] == SCHEMA == "moments/2"
        assert to_dict(obj) == data

    @pytest.mark.parametrize(
        "path", sorted(GOLDEN_V1.glob("*.json")), ids=lambda p: p.stem
    )
    def test_golden_document_at_version_1_still_loads_as_the_same_object(
        self, path: Path
    ) -> None:
        text = path.read_text(encoding="utf-8")
        cls = BY_NAME[path.stem]

        obj = loads(cls, text)

        assert json.loads(text)["$schema"] == "moments/1"
        current = json.loads((GOLDEN / path.name).read_text(encoding="utf-8"))
        assert to_dict(obj) == current
        assert obj == from_dict(cls, current)

    @pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
    def test_every_model_with_a_strategy_has_a_golden_file(self, cls: type) -> None:
        assert (GOLDEN / f"{cls.__name__}.json").exists()

    def test_every_version_1_golden_file_has_a_current_one(self) -> None:
        old = {p.name for p in GOLDEN_V1.glob("*.json")}

        assert old
        assert old <= {p.name for p in GOLDEN.glob("*.json")}


if __name__ == "__main__":
    write_golden()

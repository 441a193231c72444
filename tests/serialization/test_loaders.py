"""Tests for the generated loaders of moments.serialization: one loader per
model on the success path, built from the models' own declarations, that
accepts exactly what the constructors accept and builds equal objects; the
explaining path; the depth limit; zone keys."""

from __future__ import annotations

import functools
import inspect
import json
import traceback
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import moments
from moments import (
    Channel,
    Delivery,
    FollowUp,
    Goodbye,
    Greeting,
    Information,
    Interaction,
    InvalidData,
    Money,
    Offer,
    PartyKind,
    Purchase,
    Recovery,
)
from moments import _validate as v
from moments.serialization import MAX_DEPTH, SCHEMA, from_dict, loads, to_dict
from moments.serialization.codec import BAD, codec_for
from moments.serialization.loaders import Plan
from moments.strategies._registry import STRATEGIES

MODELS = sorted(STRATEGIES, key=lambda cls: cls.__name__)
INTERACTION_RECORDS = [
    Greeting,
    Information,
    Offer,
    Delivery,
    Goodbye,
    FollowUp,
    Recovery,
    Money,
    Purchase,
    Interaction,
]
LONDON = ZoneInfo("Europe/London")
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=timezone(timedelta(hours=1)))
_slow = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


@functools.cache
def strategy_of(cls: type) -> st.SearchStrategy[Any]:
    return STRATEGIES[cls]()


def plan_of(cls: type) -> Plan:
    plan = codec_for(cls).plan
    assert isinstance(plan, Plan)
    return plan


def explained(cls: type, document: dict[str, Any]) -> tuple[object, list[str]]:
    """What the explaining path makes of a top-level ``document``."""
    errors: list[str] = []
    body = {k: value for k, value in document.items() if k != "$schema"}
    return codec_for(cls).explain(body, "$", errors), errors


def loaded(cls: type, document: dict[str, Any]) -> object:
    """What the success-path loader makes of ``document``, or ``BAD``."""
    try:
        return codec_for(cls).load_top(document)
    except Exception:
        return BAD


def visit(**fields: Any) -> dict[str, Any]:
    base = {
        "id": "i-1",
        "channel": "in_person",
        "arrived_at": "2026-06-01T09:00:00+01:00",
        "party_kind": "client",
    }
    return {"$schema": SCHEMA, **base, **fields}


class TestOneLoaderPerModel:
    @pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
    @_slow
    @given(data=st.data())
    def test_every_valid_document_loads_on_the_success_path(
        self, cls: type, data: st.DataObject
    ) -> None:
        obj = data.draw(strategy_of(cls))

        made = codec_for(cls).load_top(to_dict(obj))

        assert made == obj

    @pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
    @_slow
    @given(data=st.data())
    def test_loader_and_explainer_accept_the_same_documents_and_agree(
        self, cls: type, data: st.DataObject
    ) -> None:
        document = to_dict(data.draw(strategy_of(cls)))
        document = _mutate(document, data.draw)

        fast = loaded(cls, document)
        slow, errors = explained(cls, document)

        assert fast == slow
        assert (slow is BAD) == bool(errors)

    @pytest.mark.parametrize("cls", INTERACTION_RECORDS, ids=lambda c: c.__name__)
    def test_interaction_records_are_checked_by_the_loader_itself(
        self, cls: type
    ) -> None:
        assert plan_of(cls).trusted

    @pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
    @_slow
    @given(data=st.data())
    def test_an_object_built_without_init_equals_the_validated_one(
        self, cls: type, data: st.DataObject
    ) -> None:
        made: Any = codec_for(cls).load_top(to_dict(data.draw(strategy_of(cls))))
        fields = {a.alias: getattr(made, a.name) for a in attrs.fields(cls) if a.init}

        rebuilt = cls(**fields)

        attrs.validate(made)
        assert type(made) is cls
        assert rebuilt == made
        assert attrs.astuple(rebuilt, recurse=False) == attrs.astuple(
            made, recurse=False
        )

    def test_shared_records_are_one_object_per_json_form(self) -> None:
        first = from_dict(Interaction, visit(information={"collected": ["name"]}))
        again = from_dict(
            Interaction, visit(information={"collected": ["name"], "probed": False})
        )

        assert first.information is again.information

    def test_a_shared_record_is_not_taken_for_a_boolean_that_equals_it(
        self,
    ) -> None:
        from_dict(Interaction, visit(offer={"based_on": [], "accepted": True}))

        with pytest.raises(InvalidData) as caught:
            from_dict(Interaction, visit(offer={"based_on": [], "accepted": 1}))

        assert caught.value.errors == (
            "$.offer.accepted: expected true or false or null, got 1",
        )


class TestGeneratedCode:
    def test_a_loader_reads_like_code_under_a_descriptive_name(self) -> None:
        load = codec_for(Interaction).load_top

        source = inspect.getsource(load)

        assert "<moments generated top-level loader Interaction" in (
            load.__code__.co_filename
        )
        assert source.startswith("def load_top_Interaction(d, cls=None):")
        assert "greeting_at" in source

    def test_a_traceback_through_a_loader_shows_the_generated_line(self) -> None:
        try:
            codec_for(Greeting).load(5)
        except Exception as exc:
            frames = traceback.extract_tb(exc.__traceback__)

        assert frames[-1].filename.startswith("<moments generated loader Greeting")
        assert frames[-1].line == "raise FAIL"

    def test_the_models_validators_are_compiled_from_their_declarations(
        self,
    ) -> None:
        rule = v.declaration(attrs.fields(Money).currency.validator)

        assert rule is not None
        assert rule.exact is str
        assert "<moments generated validator" in (
            attrs.fields(Money).currency.validator.__code__.co_filename
        )


class TestDeclaredChecks:
    @given(value=st.none() | st.booleans() | st.integers() | st.text(max_size=4))
    def test_the_item_predicate_is_the_validator_s_rule(self, value: object) -> None:
        attribute = attrs.fields(Interaction).id
        try:
            v.non_empty_str(None, attribute, value)
        except InvalidData:
            accepted = False
        else:
            accepted = True

        assert v.is_str(value) is accepted

    @given(value=st.integers(-3, 14) | st.booleans() | st.none())
    def test_an_optional_integer_rule_accepts_none_and_its_range(
        self, value: object
    ) -> None:
        check = v.optional(v.strict_int(0, 10))
        attribute = attrs.fields(moments.Feedback).nps
        try:
            check(None, attribute, value)
        except InvalidData as exc:
            refused = exc.errors
        else:
            refused = ()

        ok = value is None or (type(value) is int and 0 <= value <= 10)
        assert refused == (
            () if ok else (f"$.nps: expected an integer from 0 to 10, got {value!r}",)
        )

    def test_a_time_order_rule_ignores_a_missing_anchor(self) -> None:
        follow_up = FollowUp(kind="call", due=T0)

        assert follow_up.set_at is None

    def test_a_time_order_rule_leaves_a_bad_anchor_to_its_own_validator(
        self,
    ) -> None:
        with pytest.raises(InvalidData) as caught:
            FollowUp(kind="call", due=T0, set_at="soon")  # type: ignore[arg-type]

        assert caught.value.errors[0].startswith("$.set_at: expected")


class TestExplaining:
    def test_every_problem_of_a_record_is_worded_by_its_validators(self) -> None:
        data = visit(
            id=" ",
            staff_id="",
            ended_at="2026-06-01T08:00:00+01:00",
            greeting={"at": "2026-06-01T09:00:01+01:00", "by": " "},
        )

        with pytest.raises(InvalidData) as caught:
            from_dict(Interaction, data)

        assert caught.value.errors == (
            "$.greeting.by: expected a non-empty string, got ' '",
            "$.id: expected a non-empty string, got ' '",
            "$.staff_id: expected a non-empty string, got ''",
            "$.ended_at: expected a time at or after arrived_at "
            "2026-06-01T09:00:00+01:00, got '2026-06-01T08:00:00+01:00'",
        )

    def test_a_rule_that_reads_a_field_that_failed_is_not_run(self) -> None:
        data = visit(arrived_at="soon", ended_at="2026-06-01T08:00:00+01:00")

        with pytest.raises(InvalidData) as caught:
            from_dict(Interaction, data)

        assert caught.value.errors == (
            "$.arrived_at: expected an ISO 8601 datetime string with a UTC "
            "offset, got 'soon'",
        )

    def test_unknown_keys_alone_do_not_run_the_rules(self) -> None:
        data = visit(id=" ", colour="red")

        with pytest.raises(InvalidData) as caught:
            from_dict(Interaction, data)

        assert [line.split(":")[0] for line in caught.value.errors] == ["$.colour"]


def _nested(depth: int) -> object:
    """A list nested ``depth`` levels deep (``[]`` is one level)."""
    value: object = []
    for _ in range(depth - 1):
        value = [value]
    return value


class TestDepth:
    @pytest.mark.parametrize("key", ["id", "colour"])
    def test_data_exactly_at_the_limit_is_explained_not_refused_as_deep(
        self, key: str
    ) -> None:
        data = visit(**{key: _nested(MAX_DEPTH - 1)})

        with pytest.raises(InvalidData) as caught:
            from_dict(Interaction, data)

        assert not any("nested at most" in line for line in caught.value.errors)

    @pytest.mark.parametrize("key", ["id", "colour"])
    def test_data_one_level_over_the_limit_is_refused_as_deep(self, key: str) -> None:
        data = visit(**{key: _nested(MAX_DEPTH)})

        with pytest.raises(InvalidData) as caught:
            from_dict(Interaction, data)

        assert caught.value.errors == (
            f"$: expected data nested at most {MAX_DEPTH} levels deep, got deeper",
        )

    def test_deep_data_inside_a_record_is_refused_as_deep(self) -> None:
        data = visit(greeting={"at": T0.isoformat(), "by": _nested(MAX_DEPTH - 1)})

        with pytest.raises(InvalidData) as caught:
            loads(Interaction, json.dumps(data))

        assert caught.value.errors == (
            f"$: expected data nested at most {MAX_DEPTH} levels deep, got deeper",
        )

    def test_a_valid_document_of_every_model_is_shallower_than_the_limit(
        self,
    ) -> None:
        shallow = [c for c in MODELS if not codec_for(c).nests]

        assert all(codec_for(c).depth < MAX_DEPTH for c in shallow)


class TestZoneKeys:
    def test_plain_and_zone_keyed_stamps_mix_in_one_document(self) -> None:
        arrived = datetime(2026, 6, 1, 9, tzinfo=LONDON)
        keyed = f"{(arrived + timedelta(seconds=3)).isoformat()}[Europe/London]"
        for first, second in [
            (arrived.isoformat(), keyed),
            (f"{arrived.isoformat()}[Europe/London]", T0.isoformat()),
        ]:
            data = visit(arrived_at=first, greeting={"at": second})

            made = from_dict(Interaction, data)

            assert made == from_dict(Interaction, json.loads(json.dumps(data)))
            assert to_dict(made)["greeting"]["at"] == second

    def test_a_zone_keyed_stamp_keeps_its_zone_object(self) -> None:
        at = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York"))

        made = from_dict(Greeting, to_dict(Greeting(at=at)))

        assert made.at.tzinfo is at.tzinfo
        assert made.at.fold == 1

    @pytest.mark.parametrize(
        "stamp",
        [
            "2026-06-01T09:00:00+02:00[Europe/London]",
            "2026-06-01T09:00:00[Europe/London]",
            "2026-06-01T09:00:00+01:00[Europe/Nowhere]",
            "2026-06-01T09:00:00+01:00[Europe/London",
            "2026-06-01T09:00:00+01:00[UTC]x",
        ],
    )
    def test_a_bad_zone_keyed_stamp_is_refused_by_both_paths_alike(
        self, stamp: str
    ) -> None:
        data = visit(
            arrived_at="2026-06-01T09:00:00+01:00[Europe/London]",
            greeting={"at": stamp},
        )

        fast = loaded(Interaction, data)
        slow, errors = explained(Interaction, data)

        assert fast is BAD
        assert slow is BAD
        assert errors[0].startswith("$.greeting.at: expected ")


class TestCanonicalAndNot:
    def test_a_document_that_leaves_out_defaults_loads_the_same(self) -> None:
        full = to_dict(
            Interaction(
                id="i-1",
                channel=Channel.PHONE,
                arrived_at=T0,
                party_kind=PartyKind.CUSTOMER,
            )
        )
        short = {k: value for k, value in full.items() if value is not None}

        assert from_dict(Interaction, short) == from_dict(Interaction, full)

    def test_a_top_level_document_with_another_key_for_its_schema_is_refused(
        self,
    ) -> None:
        data = to_dict(Greeting(at=T0))
        data["$schema_x"] = data.pop("$schema")

        assert loaded(Greeting, data) is BAD

    def test_a_canonical_sized_document_with_a_wrong_key_is_refused(self) -> None:
        data = to_dict(Greeting(at=T0))
        data["when"] = data.pop("by")

        with pytest.raises(InvalidData) as caught:
            from_dict(Greeting, data)

        assert caught.value.errors[0].startswith("$.when: expected only the keys")


def _mutate(data: Any, draw: st.DrawFn) -> Any:
    """One random mutation somewhere in ``data`` (a JSON document)."""
    spots: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        items = node.items() if type(node) is dict else enumerate(node)
        for key, value in list(items):
            if key != "$schema":
                spots.append((node, key))
            if type(value) in (dict, list):
                walk(value)

    walk(data)
    if not spots or not draw(st.booleans()):
        return data
    node, key = draw(st.sampled_from(spots))
    how = draw(st.sampled_from(["drop", "null", "blank", "swap", "odd"]))
    if how == "drop" and type(node) is dict:
        del node[key]
    elif how == "null":
        node[key] = None
    elif how == "blank":
        node[key] = draw(st.sampled_from(["", " ", "\t"]))
    elif how == "swap":
        node[key] = draw(st.sampled_from([True, 1, 0, 1.0, [], {}, "x", [1], ["x"]]))
    else:
        node[key] = draw(
            st.sampled_from(
                [
                    "2026-06-01T08:59:59+01:00",
                    "2026-06-01T09:00:00",
                    "2026-06-01T09:00:00+01:00[Europe/London]",
                    "2030-01-01T00:00:00Z",
                    "1.5",
                    "EUR",
                ]
            )
        )
    return data

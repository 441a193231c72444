"""Tests for the foundation strategies (moments.strategies._base): they draw
only valid, hashable, immutable objects, take pinned fields, and are
registered for ``st.from_type``."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from typing import Any, get_args, get_type_hints
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import moments
from moments import interactions as interactions_module
from moments import money as money_module
from moments import parties as parties_module
from moments._time import elapsed, is_aware
from moments.interactions import (
    Channel,
    Expectation,
    Greeting,
    Moment,
    Recovery,
)
from moments.parties import Purpose, Stage
from moments.strategies import _base
from moments.strategies._registry import STRATEGIES

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
NOT_MODELS = {"aware_datetimes", "deltas", "ids", "zones"}
MODEL_STRATEGIES = sorted(set(_base.__all__) - NOT_MODELS)


def _strategy(name: str, /, **kw: Any) -> st.SearchStrategy[Any]:
    factory = getattr(_base, name)
    strategy: st.SearchStrategy[Any] = factory(**kw)
    return strategy


@functools.cache
def _plain(name: str) -> st.SearchStrategy[Any]:
    """The strategy ``name()``, built once: Hypothesis validates a strategy
    on its first draw, so one built per example is slow."""
    return _strategy(name)


class TestEveryStrategyDrawsValidObjects:
    @pytest.mark.parametrize("name", MODEL_STRATEGIES)
    @given(data=st.data())
    def test_drawn_objects_revalidate_and_evolve_to_themselves(
        self, name: str, data: st.DataObject
    ) -> None:
        x = data.draw(_plain(name))

        copy = attrs.evolve(x)

        attrs.validate(x)
        assert copy == x

    @pytest.mark.parametrize("name", MODEL_STRATEGIES)
    @given(data=st.data())
    def test_drawn_objects_are_hashable_and_immutable(
        self, name: str, data: st.DataObject
    ) -> None:
        x = data.draw(_plain(name))
        first = attrs.fields(type(x))[0].name

        assert hash(x) == hash(attrs.evolve(x))
        assert len({x, attrs.evolve(x)}) == 1
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(x, first, getattr(x, first))

    def test_every_model_strategy_is_checked_here(self) -> None:
        models = {name for name in _base.__all__ if attrs.has(_draws(name))}

        assert models == set(MODEL_STRATEGIES)


def _draws(name: str) -> type:
    """The type a strategy draws, from its return annotation."""
    hints = get_type_hints(getattr(_base, name))
    (drawn,) = get_args(hints["return"])
    assert isinstance(drawn, type)
    return drawn


class TestTimesAndIds:
    @given(_base.aware_datetimes())
    def test_aware_datetimes_are_never_naive(self, at: datetime) -> None:
        assert is_aware(at)

    @given(_base.aware_datetimes(timezones=st.just(UTC)))
    def test_aware_datetimes_take_a_zone_strategy(self, at: datetime) -> None:
        assert at.tzinfo is UTC

    @given(_base.zones())
    def test_zones_are_iana_zones(self, zone: ZoneInfo) -> None:
        assert zone.key in _base.ZONE_KEYS

    @given(_base.deltas(min_seconds=1, max_seconds=2))
    def test_deltas_stay_within_their_bounds(self, d: timedelta) -> None:
        assert timedelta(seconds=1) <= d <= timedelta(seconds=2)

    @given(_base.ids("x-"))
    def test_ids_are_non_empty_and_prefixed(self, value: str) -> None:
        assert value.startswith("x-")
        assert len(value) > 2


_PINNED: list[tuple[str, str, object]] = [
    ("contacts", "email", "ada@example.com"),
    ("profiles", "children", 2),
    ("preferences", "likes", frozenset({"tea"})),
    ("consents", "given_at", T0),
    ("consents", "withdrawn_at", T0),
    ("consents", "purposes", frozenset({Purpose.MARKETING})),
    ("purchases", "id", "p-1"),
    ("stage_transitions", "from_stage", Stage.CLIENT),
    ("stage_transitions", "to_stage", Stage.ANONYMOUS),
    ("stage_transitions", "policy_label", "default@2"),
    ("customers", "name", "Ada"),
    ("clients", "stage", Stage.ADVOCATE),
    ("greetings", "used_name", True),
    ("goodbyes", "thanked", True),
    ("information", "probed", True),
    ("offers", "accepted", False),
    ("deliveries", "expectation", Expectation.EXCEEDED),
    ("follow_ups", "set_at", None),
    ("follow_ups", "due", T0),
    ("follow_ups", "done_at", T0),
    ("follow_ups", "kind", "call"),
    ("recoveries", "failure_at", T0),
    ("recoveries", "resolved_at", T0),
    ("recoveries", "owner_id", "s-ana"),
    ("recoveries", "steps", frozenset({"apologised"})),
    ("interactions", "channel", Channel.EMAIL),
    ("interactions", "greeting", Greeting(at=T0)),
    ("interactions", "ended_at", T0),
    ("interactions", "recovery", Recovery(failure_at=T0)),
    ("interactions", "goodbye", None),
    ("wow_cards", "moment", Moment.GREETING),
    ("feedback", "csat", 5),
]


# Pinning is checked on dozens of (strategy, field) pairs: a few examples
# each show the pin holds, and keep the file fast.
_FEW = settings(max_examples=20)


class TestPinning:
    @pytest.mark.parametrize(
        ("name", "field", "value"),
        _PINNED,
        ids=[f"{n}-{f}" for n, f, _ in _PINNED],
    )
    @_FEW
    @given(data=st.data())
    def test_pinning_a_field_by_keyword_draws_that_value(
        self, name: str, field: str, value: object, data: st.DataObject
    ) -> None:
        x = data.draw(_strategy(name, **{field: value}))

        attrs.validate(x)
        assert getattr(x, field) == value

    @pytest.mark.parametrize(
        ("name", "field", "choices"),
        [
            ("customers", "name", ["Ada", "Bo"]),
            ("consents", "purposes", [frozenset()]),
            ("interactions", "channel", [Channel.CHAT, Channel.PHONE]),
            ("follow_ups", "kind", ["note"]),
            ("stage_transitions", "to_stage", [Stage.CLIENT]),
        ],
    )
    @_FEW
    @given(data=st.data())
    def test_pinning_a_field_to_a_strategy_draws_from_it(
        self, name: str, field: str, choices: list[object], data: st.DataObject
    ) -> None:
        x = data.draw(_strategy(name, **{field: st.sampled_from(choices)}))

        assert getattr(x, field) in choices

    @_FEW
    @given(data=st.data())
    def test_pinning_a_transitions_policy_is_a_deprecated_spelling_of_its_label(
        self, data: st.DataObject
    ) -> None:
        with pytest.warns(DeprecationWarning, match="policy_label"):
            strategy = _strategy("stage_transitions", policy="default@2")

        assert data.draw(strategy).policy_label == "default@2"

    # money() takes a currency and bounds, not fields.
    @pytest.mark.parametrize("name", [n for n in MODEL_STRATEGIES if n != "money"])
    def test_an_unknown_field_is_a_type_error(self, name: str) -> None:
        with pytest.raises(TypeError, match="no_such_field"):
            _strategy(name, no_such_field=1)

    @given(_base.money(currency="GBP", min_cents=5, max_cents=10))
    def test_money_takes_a_currency_and_bounds(self, m: moments.Money) -> None:
        assert m.currency == "GBP"
        assert 5 <= m.amount * 100 <= 10

    @given(_base.customers(currency="JPY"))
    def test_customers_purchases_use_the_pinned_currency(
        self, customer: moments.Customer
    ) -> None:
        assert all(p.amount.currency == "JPY" for p in customer.purchases)

    @pytest.mark.parametrize(
        ("name", "stamp"),
        [
            ("greetings", "at"),
            ("goodbyes", "at"),
            ("follow_ups", "set_at"),
            ("recoveries", "failure_at"),
        ],
    )
    @_FEW
    @given(data=st.data())
    def test_after_draws_times_at_or_after_it(
        self, name: str, stamp: str, data: st.DataObject
    ) -> None:
        x = data.draw(_strategy(name, after=T0))

        assert elapsed(T0, getattr(x, stamp)) >= timedelta(0)


FOUNDATION_MODELS = [
    obj
    for module in (money_module, parties_module, interactions_module)
    for obj in (getattr(module, n) for n in module.__all__)
    if isinstance(obj, type) and attrs.has(obj)
]


class TestFromType:
    def test_every_foundation_model_has_a_registered_strategy(self) -> None:
        missing = [cls.__name__ for cls in FOUNDATION_MODELS if cls not in STRATEGIES]

        assert missing == []

    @pytest.mark.parametrize("cls", FOUNDATION_MODELS, ids=lambda c: c.__name__)
    @_FEW  # resolution is what is tested; validity is covered above
    @given(data=st.data())
    def test_from_type_resolves_through_the_installed_entry_point(
        self, cls: type, data: st.DataObject
    ) -> None:
        x: Any = data.draw(st.from_type(cls))

        attrs.validate(x)
        assert type(x) is cls

    @_FEW
    @given(st.from_type(moments.Client))
    def test_from_type_client_draws_valid_clients(self, client: moments.Client) -> None:
        assert client.stage in (Stage.CLIENT, Stage.ADVOCATE)
        assert client.name is not None

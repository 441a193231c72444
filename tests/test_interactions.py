"""Tests for moments.interactions: the evidence of each Moment of Truth."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _support import T0, assert_fails_only_with_invalid_data
from moments._time import elapsed
from moments.errors import InvalidData, NaiveDatetimeError
from moments.interactions import (
    Channel,
    Delivery,
    Expectation,
    Feedback,
    FollowUp,
    Goodbye,
    Greeting,
    InfoField,
    Information,
    Interaction,
    Moment,
    Offer,
    PartyKind,
    Recovery,
    WowCard,
)
from moments.money import Money
from moments.parties import Purchase
from moments.strategies import (
    deliveries,
    feedback,
    follow_ups,
    goodbyes,
    greetings,
    information,
    interactions,
    offers,
    recoveries,
    wow_cards,
)

SECOND = timedelta(seconds=1)
MICRO = timedelta(microseconds=1)
NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
NAIVE = datetime(2026, 6, 1, 9, 0)


def a_follow_up(**kw: Any) -> FollowUp:
    return FollowUp(**{"kind": "thank_you", "due": T0, **kw})


def a_recovery(**kw: Any) -> Recovery:
    return Recovery(**{"failure_at": T0, **kw})


def a_visit(**kw: Any) -> Interaction:
    fields = {
        "id": "i-1",
        "channel": Channel.IN_PERSON,
        "arrived_at": T0,
        "party_kind": PartyKind.CLIENT,
    }
    return Interaction(**{**fields, **kw})


def a_feedback(**kw: Any) -> Feedback:
    return Feedback(**{"interaction_id": "i-1", "at": T0, **kw})


def a_greeting(**kw: Any) -> Greeting:
    return Greeting(**{"at": T0, **kw})


def a_goodbye(**kw: Any) -> Goodbye:
    return Goodbye(**{"at": T0, "thanked": True, **kw})


class TestNaiveDatetime:
    @pytest.mark.parametrize(
        ("build", "field"),
        [
            (a_greeting, "at"),
            (a_goodbye, "at"),
            (a_follow_up, "due"),
            (a_follow_up, "done_at"),
            (a_follow_up, "set_at"),
            (a_recovery, "failure_at"),
            (a_recovery, "acknowledged_at"),
            (a_recovery, "resolved_at"),
            (a_visit, "arrived_at"),
            (a_visit, "ended_at"),
            (a_feedback, "at"),
        ],
    )
    def test_a_naive_datetime_in_any_interaction_model_raises_naming_the_field(
        self, build: Callable[..., object], field: str
    ) -> None:
        with pytest.raises(NaiveDatetimeError) as info:
            build(**{field: NAIVE})

        assert info.value.errors[0].startswith(f"$.{field}: ")
        assert repr(NAIVE) in info.value.errors[0]


class TestAbsoluteTime:
    def test_greeting_5s_after_arrival_across_the_autumn_fold_is_5s(
        self,
    ) -> None:
        arrived = datetime(2026, 11, 1, 1, 59, 58, tzinfo=NEW_YORK)  # EDT
        greeted = datetime(2026, 11, 1, 1, 0, 3, fold=1, tzinfo=NEW_YORK)  # EST

        visit = a_visit(arrived_at=arrived, greeting=Greeting(at=greeted))

        assert visit.greeting_wait == timedelta(seconds=5)

    def test_greeting_5s_after_arrival_across_the_spring_gap_is_5s(
        self,
    ) -> None:
        arrived = datetime(2026, 3, 29, 0, 59, 58, tzinfo=LONDON)  # GMT
        greeted = datetime(2026, 3, 29, 2, 0, 3, tzinfo=LONDON)  # BST

        visit = a_visit(arrived_at=arrived, greeting=Greeting(at=greeted))

        assert visit.greeting_wait == timedelta(seconds=5)

    def test_arrival_and_greeting_in_different_zones_subtract_in_absolute_time(
        self,
    ) -> None:
        arrived = datetime(2026, 7, 1, 12, 0, 0, tzinfo=UTC)
        greeted = datetime(2026, 7, 1, 8, 0, 5, tzinfo=NEW_YORK)

        visit = a_visit(arrived_at=arrived, greeting=Greeting(at=greeted))

        assert visit.greeting_wait == timedelta(seconds=5)

    def test_greeting_later_by_wall_clock_but_earlier_in_absolute_time_is_rejected(
        self,
    ) -> None:
        arrived = datetime(2026, 11, 1, 1, 0, 3, fold=1, tzinfo=NEW_YORK)  # EST
        greeted = datetime(2026, 11, 1, 1, 59, 58, tzinfo=NEW_YORK)  # EDT

        with pytest.raises(InvalidData, match=r"^\$\.greeting\.at: "):
            a_visit(arrived_at=arrived, greeting=Greeting(at=greeted))

    def test_no_greeting_has_no_wait(self) -> None:
        assert a_visit().greeting_wait is None

    @given(interactions())
    def test_greeting_wait_is_never_negative(self, visit: Interaction) -> None:
        wait = visit.greeting_wait

        assert wait is None or wait >= timedelta(0)


class TestNothingBeforeArrival:
    @pytest.mark.parametrize(
        ("field", "record", "path"),
        [
            ("greeting", lambda at: Greeting(at=at), "greeting.at"),
            ("goodbye", lambda at: Goodbye(at=at, thanked=True), "goodbye.at"),
            ("recovery", lambda at: Recovery(failure_at=at), "recovery.failure_at"),
            ("ended_at", lambda at: at, "ended_at"),
        ],
    )
    def test_a_greeting_goodbye_recovery_or_end_before_arrival_is_rejected(
        self, field: str, record: Callable[[datetime], object], path: str
    ) -> None:
        too_early = record(T0 - MICRO)

        with pytest.raises(InvalidData) as info:
            a_visit(**{field: too_early})

        assert info.value.errors[0].startswith(f"$.{path}: ")
        assert "arrived_at" in info.value.errors[0]

    @pytest.mark.parametrize(
        ("field", "record"),
        [
            ("greeting", lambda at: Greeting(at=at)),
            ("goodbye", lambda at: Goodbye(at=at, thanked=True)),
            ("recovery", lambda at: Recovery(failure_at=at)),
            ("ended_at", lambda at: at),
        ],
    )
    def test_a_record_at_the_moment_of_arrival_is_accepted(
        self, field: str, record: Callable[[datetime], object]
    ) -> None:
        visit = a_visit(**{field: record(T0)})

        assert getattr(visit, field) == record(T0)

    @pytest.mark.parametrize(
        ("field", "wrong"),
        [
            ("greeting", Goodbye(at=T0, thanked=True)),
            ("goodbye", Greeting(at=T0)),
            ("information", Offer()),
            ("offer", Information()),
            ("delivery", Expectation.MET),
            ("follow_up", "thank_you"),
            ("recovery", T0),
            ("purchase", Money(amount=Decimal(1), currency="EUR")),
        ],
    )
    def test_each_evidence_slot_takes_only_its_record_type(
        self, field: str, wrong: object
    ) -> None:
        with pytest.raises(InvalidData, match=rf"^\$\.{field}: "):
            a_visit(**{field: wrong})


class TestFollowUp:
    def test_done_at_before_the_follow_up_was_due_is_allowed(self) -> None:
        early = a_follow_up(due=T0 + 10 * SECOND, done_at=T0 + SECOND, set_at=T0)

        assert early.done_at == T0 + SECOND

    def test_done_before_it_was_set_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.done_at: "):
            a_follow_up(set_at=T0, done_at=T0 - MICRO)

    def test_due_before_it_was_set_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.due: "):
            a_follow_up(set_at=T0 + MICRO)

    def test_without_set_at_any_done_at_is_allowed(self) -> None:
        assert a_follow_up(done_at=T0 - SECOND).set_at is None

    @pytest.mark.parametrize("bad", [5, "2026-06-01", 1.5])
    def test_a_bad_set_at_is_invalid_data_naming_set_at(self, bad: object) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.set_at: "):
            a_follow_up(set_at=bad)

    def test_an_empty_kind_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.kind: "):
            a_follow_up(kind="")

    @pytest.mark.parametrize(
        "build",
        [
            lambda: FollowUp(kind="thank-you note", due=None),
            lambda: attrs.evolve(a_follow_up(), due=None),
        ],
        ids=["constructor", "evolve"],
    )
    def test_a_follow_up_is_always_due_at_an_aware_time(
        self, build: Callable[[], object]
    ) -> None:
        with pytest.raises(InvalidData) as caught:
            build()

        assert caught.value.errors == (
            "$.due: expected a timezone-aware datetime, got None",
        )


class TestRecovery:
    def test_resolved_before_the_failure_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.resolved_at: "):
            a_recovery(resolved_at=T0 - MICRO)

    def test_acknowledged_before_the_failure_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.acknowledged_at: "):
            a_recovery(acknowledged_at=T0 - MICRO)

    def test_acknowledged_and_resolved_at_the_failure_are_accepted(self) -> None:
        r = a_recovery(acknowledged_at=T0, resolved_at=T0)

        assert (r.acknowledged_at, r.resolved_at) == (T0, T0)

    def test_steps_are_a_frozenset_of_strings(self) -> None:
        r = a_recovery(steps=["apologised", "refunded"])

        assert r.steps == frozenset({"apologised", "refunded"})
        with pytest.raises(InvalidData, match=r"^\$\.steps: "):
            a_recovery(steps="apologised")


class TestFeedbackScores:
    @pytest.mark.parametrize("csat", [1, 5])
    def test_csat_boundaries_one_and_five_are_valid(self, csat: int) -> None:
        assert a_feedback(csat=csat).csat == csat

    @pytest.mark.parametrize("csat", [0, 6, True, 3.0, "3"])
    def test_csat_outside_one_to_five_or_not_an_int_is_rejected(
        self, csat: object
    ) -> None:
        with pytest.raises(
            InvalidData, match=r"^\$\.csat: expected an integer from 1 to 5"
        ):
            a_feedback(csat=csat)

    @pytest.mark.parametrize("nps", [0, 10])
    def test_nps_boundaries_zero_and_ten_are_valid(self, nps: int) -> None:
        assert a_feedback(nps=nps).nps == nps

    @pytest.mark.parametrize("nps", [-1, 11, False, 7.0])
    def test_nps_outside_zero_to_ten_or_not_an_int_is_rejected(
        self, nps: object
    ) -> None:
        with pytest.raises(
            InvalidData, match=r"^\$\.nps: expected an integer from 0 to 10"
        ):
            a_feedback(nps=nps)

    def test_a_wow_card_must_be_a_wow_card(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.wow: "):
            a_feedback(wow="s-ana was great")


class TestIds:
    @pytest.mark.parametrize(
        ("build", "field"),
        [
            (a_visit, "id"),
            (a_visit, "party_id"),
            (a_visit, "staff_id"),
            (a_visit, "location_id"),
            (a_feedback, "interaction_id"),
            (a_greeting, "by"),
            (a_recovery, "owner_id"),
            (
                lambda **kw: WowCard(**{"staff_id": "s-1", "story": "s", **kw}),
                "staff_id",
            ),
            (lambda **kw: WowCard(**{"staff_id": "s-1", "story": "s", **kw}), "story"),
        ],
    )
    @pytest.mark.parametrize("empty", ["", " \t"])
    def test_empty_ids_are_rejected(
        self, build: Callable[..., object], field: str, empty: str
    ) -> None:
        with pytest.raises(InvalidData, match=rf"^\$\.{field}: expected a non-empty"):
            build(**{field: empty})


class TestEnums:
    def test_the_seven_moments_are_ordered_as_they_happen(self) -> None:
        assert sorted(Moment, reverse=True)[::-1] == [
            Moment.GREETING,
            Moment.COLLECTING_INFORMATION,
            Moment.STORYTELLING,
            Moment.DELIVERY,
            Moment.GOODBYE,
            Moment.FOLLOW_UP,
            Moment.RECOVERY,
        ]
        assert Moment.GREETING < Moment.RECOVERY

    def test_expectation_is_ordered_below_met_exceeded(self) -> None:
        assert Expectation.BELOW < Expectation.MET < Expectation.EXCEEDED
        assert max(Expectation) is Expectation.EXCEEDED

    def test_moment_and_expectation_do_not_compare_with_each_other(self) -> None:
        with pytest.raises(TypeError):
            sorted([Moment.GREETING, Expectation.MET])

    def test_channels_party_kinds_and_info_fields_are_complete(self) -> None:
        assert {c.name for c in Channel} == {
            "IN_PERSON",
            "PHONE",
            "CHAT",
            "EMAIL",
            "ONLINE",
        }
        assert {p.name for p in PartyKind} == {"CUSTOMER", "CLIENT"}
        assert len(InfoField) == 9

    def test_an_enum_value_is_not_the_enum_member(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.channel: expected one of"):
            a_visit(channel="in_person")

    def test_delivery_needs_an_expectation_member(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.expectation: "):
            Delivery(expectation="met")  # type: ignore[arg-type]


class TestInformationAndOffer:
    def test_collected_fields_become_a_frozenset_of_info_fields(self) -> None:
        info = Information(collected=[InfoField.NAME, InfoField.NAME])

        assert info.collected == frozenset({InfoField.NAME})

    def test_collected_must_hold_info_fields(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.collected: "):
            Information(collected={"name"})

    def test_accepted_is_true_false_or_unknown(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.accepted: "):
            Offer(accepted=1)  # type: ignore[arg-type]


class TestLatest:
    def test_latest_is_the_last_timestamp_in_absolute_time(self) -> None:
        visit = a_visit(
            ended_at=T0 + 5 * SECOND,
            greeting=Greeting(at=T0 + SECOND),
            goodbye=Goodbye(at=T0 + 4 * SECOND, thanked=True),
            follow_up=a_follow_up(due=T0 + 60 * SECOND, done_at=T0 + 70 * SECOND),
            recovery=a_recovery(acknowledged_at=T0, resolved_at=T0 + 80 * SECOND),
            purchase=Purchase(
                at=T0 + 2 * SECOND, amount=Money(amount=Decimal(1), currency="EUR")
            ),
        )

        assert visit.latest == T0 + 80 * SECOND

    def test_latest_of_a_bare_arrival_is_the_arrival(self) -> None:
        assert a_visit().latest == T0

    def test_latest_compares_instants_not_wall_clocks(self) -> None:
        arrived = datetime(2026, 11, 1, 1, 59, 58, tzinfo=NEW_YORK)  # EDT
        ended = datetime(2026, 11, 1, 1, 0, 3, fold=1, tzinfo=NEW_YORK)  # EST

        visit = a_visit(arrived_at=arrived, ended_at=ended)

        assert visit.latest is ended

    def test_a_follow_up_due_time_is_a_deadline_not_an_event(self) -> None:
        visit = a_visit(
            ended_at=T0 + SECOND,
            follow_up=a_follow_up(set_at=T0, due=T0 + 60 * SECOND),
        )

        assert visit.latest == T0 + SECOND

    @given(interactions())
    def test_latest_is_never_before_arrival(self, visit: Interaction) -> None:
        # Not `latest >= arrived_at`: one tzinfo compares by wall clock.
        assert elapsed(visit.arrived_at, visit.latest) >= timedelta(0)


def _fields(cls: type) -> tuple[str, ...]:
    return tuple(a.name for a in attrs.fields(cls))


_naive = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1))
WRONG = st.one_of(
    st.integers(),
    st.floats(),
    st.text(),
    st.none(),
    st.booleans(),
    st.lists(st.integers()),
    st.lists(st.lists(st.integers()), min_size=1),
    _naive,
    _naive.map(lambda d: d.replace(tzinfo=UTC)),
    st.sampled_from(Expectation),
    st.sampled_from(InfoField),
    st.frozensets(st.text()),
    st.builds(Greeting, at=_naive.map(lambda d: d.replace(tzinfo=UTC))),
)

MODELS: list[tuple[type, st.SearchStrategy[Any]]] = [
    (Greeting, greetings()),
    (Information, information()),
    (Offer, offers()),
    (Delivery, deliveries()),
    (Goodbye, goodbyes()),
    (FollowUp, follow_ups()),
    (Recovery, recoveries()),
    (Interaction, interactions()),
    (WowCard, wow_cards()),
    (Feedback, feedback()),
]


class TestFuzzing:
    @pytest.mark.parametrize(
        ("cls", "strategy"), MODELS, ids=[cls.__name__ for cls, _ in MODELS]
    )
    @given(data=st.data())
    def test_a_wrong_value_in_any_field_raises_only_invalid_data(
        self, cls: type, strategy: st.SearchStrategy[Any], data: st.DataObject
    ) -> None:
        valid = data.draw(strategy)
        field = data.draw(st.sampled_from(_fields(cls)))
        wrong = data.draw(WRONG)

        assert_fails_only_with_invalid_data(cls, valid, field, wrong)

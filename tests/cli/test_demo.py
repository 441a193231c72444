"""The built-in demo day holds what the README promises."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from moments import Channel, Client, Customer, PartyKind, Stage
from moments._time import before, elapsed
from moments.cli.demo import DemoDay, demo_day


@pytest.fixture(scope="module")
def day() -> DemoDay:
    return demo_day()


class TestDeterminism:
    def test_every_call_builds_an_equal_day(self, day: DemoDay) -> None:
        again = demo_day()

        assert again == day

    def test_every_object_revalidates(self, day: DemoDay) -> None:
        objects = [
            *day.clients,
            *day.customers,
            *day.interactions,
            *day.history,
            *day.feedback,
        ]

        for obj in objects:
            attrs.validate(obj)


class TestShape:
    def test_two_locations_with_three_staff_each(self, day: DemoDay) -> None:
        per_location = {
            loc: [s for s, where in day.staff if where == loc] for loc in day.locations
        }

        assert {len(staff) for staff in per_location.values()} == {3}

    def test_every_interaction_is_at_a_demo_location_by_its_staff(
        self, day: DemoDay
    ) -> None:
        where = dict(day.staff)

        for visit in day.interactions:
            assert visit.location_id in day.locations
            if visit.staff_id is not None:
                assert where[visit.staff_id] == visit.location_id

    def test_interaction_ids_are_unique(self, day: DemoDay) -> None:
        ids = [i.id for i in (*day.interactions, *day.history)]

        assert len(ids) == len(set(ids))

    def test_everything_happened_before_as_of(self, day: DemoDay) -> None:
        for visit in (*day.interactions, *day.history):
            assert before(visit.arrived_at, day.as_of)

    def test_interactions_are_in_arrival_order(self, day: DemoDay) -> None:
        gaps = [
            elapsed(a.arrived_at, b.arrived_at)
            for a, b in zip(day.interactions, day.interactions[1:], strict=False)
        ]

        assert all(gap >= timedelta(0) for gap in gaps)

    def test_every_party_id_names_a_demo_party(self, day: DemoDay) -> None:
        for visit in (*day.interactions, *day.history):
            if visit.party_id is not None:
                party = day.party(visit.party_id)
                expected = Client if visit.party_kind is PartyKind.CLIENT else Customer
                assert isinstance(party, expected)

    def test_an_unknown_party_id_is_a_key_error(self, day: DemoDay) -> None:
        with pytest.raises(KeyError):
            day.party("nobody")


class TestTheDayHoldsTheStories:
    def test_a_client_waited_more_than_ten_seconds_in_person(
        self, day: DemoDay
    ) -> None:
        late = [
            i
            for i in day.interactions
            if i.channel is Channel.IN_PERSON
            and i.party_kind is PartyKind.CLIENT
            and i.greeting_wait is not None
            and i.greeting_wait > timedelta(seconds=10)
        ]

        assert late

    def test_a_follow_up_was_due_before_as_of_and_not_done(self, day: DemoDay) -> None:
        missed = [
            i.follow_up
            for i in day.interactions
            if i.follow_up is not None
            and i.follow_up.done_at is None
            and before(i.follow_up.due, day.as_of)
        ]

        assert missed

    def test_a_failure_was_acknowledged_and_resolved(self, day: DemoDay) -> None:
        recovered = [
            i.recovery
            for i in day.interactions
            if i.recovery is not None and i.recovery.resolved_at is not None
        ]

        assert recovered

    def test_wow_cards_name_staff_of_the_demo(self, day: DemoDay) -> None:
        staff = {s for s, _ in day.staff}

        named = {f.wow.staff_id for f in day.feedback if f.wow is not None}

        assert len(named) >= 2
        assert named <= staff

    def test_there_are_customers_and_clients_and_an_internal_client(
        self, day: DemoDay
    ) -> None:
        kinds = {i.party_kind for i in day.interactions}

        assert kinds == set(PartyKind)
        assert any(c.internal for c in day.clients)

    def test_identified_customers_have_earlier_visits(self, day: DemoDay) -> None:
        identified = {c.id for c in day.customers if c.stage is Stage.IDENTIFIED}

        with_history = {i.party_id for i in day.history}

        assert identified
        assert identified <= with_history

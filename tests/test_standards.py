"""The shipped standards: gold for clients, transactional for customers."""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _support import T0
from moments import (
    Channel,
    Delivery,
    Expectation,
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
)
from moments.checklists import Auditor, Checklist, Outcome
from moments.standards import gold_standard, transactional_standard
from moments.strategies import interactions, recoveries

heavy = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def at(**kw: float) -> datetime:
    return T0 + timedelta(**kw)


def model_client_visit(**kw: Any) -> Interaction:
    """Everything done right for a client in person."""
    fields: dict[str, Any] = {
        "id": "i-1",
        "channel": Channel.IN_PERSON,
        "party_kind": PartyKind.CLIENT,
        "arrived_at": T0,
        "ended_at": at(minutes=20),
        "greeting": Greeting(at=at(seconds=4), used_name=True),
        "information": Information(
            collected={InfoField.REASON_FOR_VISIT, InfoField.LIKES}, probed=True
        ),
        "offer": Offer(based_on={InfoField.LIKES}),
        "delivery": Delivery(expectation=Expectation.MET),
        "goodbye": Goodbye(at=at(minutes=20), thanked=True, used_name=True),
        "follow_up": FollowUp(
            kind="thank_you", set_at=at(minutes=20), due=at(days=2), done_at=at(days=1)
        ),
    }
    fields.update(kw)
    return Interaction(**fields)


class TestGoldStandard:
    def test_is_versioned_and_covers_all_seven_moments(self) -> None:
        gold = gold_standard()

        assert gold.label == "gold@1"
        assert {i.moment for i in gold.items} == set(Moment)
        assert gold.pass_mark == 0.85
        assert gold is gold_standard()

    def test_the_timely_greeting_and_recovery_are_critical(self) -> None:
        critical = {i.id for i in gold_standard().items if i.critical}

        assert critical == {
            "greeting.timely",
            "recovery.acknowledged",
            "recovery.resolved",
        }

    def test_exceeding_expectations_is_the_only_bonus(self) -> None:
        bonus = [i.id for i in gold_standard().items if i.bonus]

        assert bonus == ["delivery.exceeded"]

    def test_every_item_applies_to_clients_only(self) -> None:
        kinds = {i.party_kinds for i in gold_standard().items}

        assert kinds == {frozenset({PartyKind.CLIENT})}

    def test_a_model_client_visit_scores_full_marks(self) -> None:
        a = Auditor(gold_standard()).audit(model_client_visit())

        assert a.score == 1
        assert a.passed
        assert a.result("recovery.acknowledged").outcome is Outcome.NOT_APPLICABLE

    def test_a_greeting_after_ten_seconds_fails_the_whole_audit(self) -> None:
        x = model_client_visit(greeting=Greeting(at=at(seconds=11), used_name=True))

        a = Auditor(gold_standard()).audit(x)

        assert a.score == 0
        assert a.raw_score == Fraction(20, 23)
        assert a.critical_failures == ("greeting.timely",)

    def test_missing_the_name_twice_still_passes_narrowly(self) -> None:
        x = model_client_visit(
            greeting=Greeting(at=at(seconds=4)),
            goodbye=Goodbye(at=at(minutes=20), thanked=True),
        )

        a = Auditor(gold_standard()).audit(x)

        assert a.score == Fraction(20, 23)
        assert a.passed

    def test_a_customer_interaction_is_not_scored_by_the_gold_standard(self) -> None:
        x = model_client_visit(party_kind=PartyKind.CUSTOMER)

        assert Auditor(gold_standard()).score(x) is None

    def test_a_late_recovery_fails_the_audit(self) -> None:
        x = model_client_visit(
            recovery=Recovery(
                failure_at=at(minutes=5),
                acknowledged_at=at(minutes=21),
                resolved_at=at(hours=2),
            )
        )

        a = Auditor(gold_standard()).audit(x)

        assert a.critical_failures == ("recovery.acknowledged",)
        assert a.score == 0


class TestTransactionalStandard:
    def test_is_quick_polite_and_correct_for_customers(self) -> None:
        t = transactional_standard()

        assert t.label == "transactional@1"
        assert {i.party_kinds for i in t.items} == {frozenset({PartyKind.CUSTOMER})}
        assert t.total_weight == 8

    def test_a_quick_correct_polite_sale_scores_full_marks(self) -> None:
        x = Interaction(
            id="i-2",
            channel=Channel.IN_PERSON,
            party_kind=PartyKind.CUSTOMER,
            arrived_at=T0,
            greeting=Greeting(at=at(seconds=25)),
            delivery=Delivery(expectation=Expectation.MET),
            goodbye=Goodbye(at=at(minutes=3), thanked=True),
        )

        assert Auditor(transactional_standard()).score(x) == 1.0

    def test_a_slow_greeting_lowers_but_does_not_zero_the_score(self) -> None:
        x = Interaction(
            id="i-2",
            channel=Channel.IN_PERSON,
            party_kind=PartyKind.CUSTOMER,
            arrived_at=T0,
            greeting=Greeting(at=at(seconds=31)),
            delivery=Delivery(expectation=Expectation.MET),
            goodbye=Goodbye(at=at(minutes=3), thanked=True),
        )

        assert Auditor(transactional_standard()).audit(x).score == Fraction(5, 8)


@st.composite
def _with_recovery(draw: st.DrawFn, kind: PartyKind) -> Interaction:
    x = draw(interactions(party_kind=kind))
    return attrs.evolve(x, recovery=draw(recoveries(after=x.arrived_at)))


class TestRecoveryNeverPays:
    @heavy
    @given(
        st.sampled_from(
            [
                (gold_standard(), PartyKind.CLIENT),
                (transactional_standard(), PartyKind.CUSTOMER),
            ]
        ).flatmap(lambda pair: st.tuples(st.just(pair[0]), _with_recovery(pair[1])))
    )
    def test_a_recovered_failure_never_scores_higher_than_no_failure(
        self, drawn: tuple[Checklist, Interaction]
    ) -> None:
        checklist, x = drawn
        auditor = Auditor(checklist)
        as_of = x.latest
        without = attrs.evolve(x, recovery=None)

        failed = auditor.audit(x, as_of=as_of)
        clean = auditor.audit(without, as_of=as_of)

        if clean.score is None:
            assert failed.score in (None, 0)
        else:
            assert failed.score is not None
            assert failed.score <= clean.score
        assert clean.passed or not failed.passed
        assert auditor.score(x, as_of=as_of) == (
            None if failed.score is None else float(failed.score)
        )

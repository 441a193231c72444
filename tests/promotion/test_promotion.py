"""Tests for moments.promotion: the default policy, decisions, promote, and
relationship reviews."""

from __future__ import annotations

import contextlib
import copy
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from moments import (
    Channel,
    Client,
    Consent,
    Contact,
    Customer,
    Feedback,
    HasContact,
    HasName,
    Interaction,
    MinVisits,
    PartyKind,
    Preferences,
    Profile,
    Promoter,
    PromotionDecision,
    PromotionPolicy,
    RelationshipReview,
    RelationshipStatus,
    Stage,
    WowCard,
    decide_promotion,
    default_promotion_policy,
    promote,
    review_relationship,
)
from moments.errors import CurrencyMismatch, InvalidData, MomentsError, NotEligible
from moments.promotion import Criterion, evaluate_rule
from moments.rules import Rule
from moments.strategies import (
    clients,
    customers,
    feedback,
    relationship_reviews,
    rules,
    visits,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
EMAIL = Contact(email="ada@example.com")
CONSENT = Consent(given_at=NOW - timedelta(days=60))


def visit(n: int, days_ago: float, party: str = "c-1") -> Interaction:
    return Interaction(
        id=f"i-{n}",
        channel=Channel.IN_PERSON,
        arrived_at=NOW - timedelta(days=days_ago),
        party_kind=PartyKind.CUSTOMER,
        party_id=party,
    )


THREE_VISITS = (visit(1, 200), visit(2, 40), visit(3, 3))


def regular(**kw: Any) -> Customer:
    """A customer who meets every criterion of the default policy."""
    fields: dict[str, Any] = {
        "id": "c-1",
        "first_seen": NOW - timedelta(days=200),
        "name": "Ada",
        "contact": EMAIL,
        "consent": CONSENT,
    }
    fields.update(kw)
    return Customer(**fields)


def client(**kw: Any) -> Client:
    fields: dict[str, Any] = {
        "id": "c-1",
        "name": "Ada",
        "since": NOW - timedelta(days=400),
        "contact": EMAIL,
    }
    fields.update(kw)
    return Client(**fields)


class TestDefaultPolicyToClient:
    def test_all_criteria_met_makes_a_customer_eligible(self) -> None:
        decision = decide_promotion(regular(), THREE_VISITS, as_of=NOW)

        assert decision.eligible
        assert decision.to_stage is Stage.CLIENT
        assert decision.policy_label == "default@1"
        assert decision.missing == ()
        assert [c.name for c in decision.criteria] == [
            "name known",
            "email or phone known",
            "consent to keep their details",
            "3 visits on distinct days within 365 days",
        ]

    @pytest.mark.parametrize(
        ("change", "action"),
        [
            ({"name": None}, "ask for their name"),
            ({"contact": Contact()}, "ask for an email or phone number"),
            ({"consent": None}, "ask for consent to keep their details"),
        ],
    )
    def test_each_missing_detail_alone_blocks_with_its_action(
        self, change: dict[str, Any], action: str
    ) -> None:
        decision = decide_promotion(regular(**change), THREE_VISITS, as_of=NOW)

        assert not decision.eligible
        assert decision.missing == (action,)

    def test_too_few_visits_alone_blocks_with_the_visits_to_go(self) -> None:
        decision = decide_promotion(regular(), THREE_VISITS[1:], as_of=NOW)

        assert not decision.eligible
        assert decision.missing == ("1 more visit within 365 days",)

    def test_visits_on_the_same_day_count_once(self) -> None:
        same_day = (visit(1, 3.2), visit(2, 3.1), visit(3, 3.0), visit(4, 40))

        decision = decide_promotion(regular(), same_day, as_of=NOW)

        visits_criterion = decision.criteria[3]
        assert visits_criterion.actual == "2 distinct days"
        assert decision.missing == ("1 more visit within 365 days",)

    def test_visits_older_than_the_window_do_not_count(self) -> None:
        old = (visit(1, 366), visit(2, 40), visit(3, 3))

        decision = decide_promotion(regular(), old, as_of=NOW)

        assert decision.missing == ("1 more visit within 365 days",)
        assert decision.criteria[3].evidence == ("i-2", "i-3")

    def test_two_visits_missing_is_plural(self) -> None:
        decision = decide_promotion(regular(), (visit(1, 3),), as_of=NOW)

        assert decision.missing == ("2 more visits within 365 days",)

    def test_a_withdrawn_consent_blocks(self) -> None:
        withdrawn = attrs.evolve(CONSENT, withdrawn_at=NOW - timedelta(days=1))

        decision = decide_promotion(regular(consent=withdrawn), THREE_VISITS, as_of=NOW)

        assert not decision.eligible
        assert decision.missing == ("ask for consent to keep their details",)
        assert decision.criteria[2].actual.startswith("withdrawn ")

    def test_an_anonymous_walk_in_is_told_everything_to_do(self) -> None:
        walk_in = Customer(id="c-1", first_seen=NOW)

        decision = decide_promotion(walk_in, [], as_of=NOW)

        assert decision.from_stage is Stage.ANONYMOUS
        assert decision.missing == (
            "ask for their name",
            "ask for an email or phone number",
            "ask for consent to keep their details",
            "3 more visits within 365 days",
        )

    def test_other_parties_interactions_do_not_count(self) -> None:
        theirs = tuple(visit(n, d, party="c-2") for n, d in [(1, 9), (2, 5), (3, 1)])

        decision = decide_promotion(regular(), theirs, as_of=NOW)

        assert not decision.eligible


class TestDefaultPolicyToAdvocate:
    def test_a_year_long_client_who_is_a_recent_promoter_is_eligible(self) -> None:
        notes = [Feedback(interaction_id="i-3", at=NOW - timedelta(days=2), nps=10)]

        decision = decide_promotion(client(), THREE_VISITS, as_of=NOW, feedback=notes)

        assert decision.eligible
        assert decision.to_stage is Stage.ADVOCATE
        assert [c.passed for c in decision.criteria] == [True, True, True]

    def test_a_wow_card_counts_like_a_promoter_score(self) -> None:
        card = WowCard(staff_id="s-ana", story="found the size I wanted")
        notes = [Feedback(interaction_id="i-2", at=NOW - timedelta(days=39), wow=card)]

        decision = decide_promotion(client(), THREE_VISITS, as_of=NOW, feedback=notes)

        assert decision.eligible

    def test_a_new_client_waits_for_tenure(self) -> None:
        notes = [Feedback(interaction_id="i-3", at=NOW, nps=9)]
        newer = client(since=NOW - timedelta(days=300))

        decision = decide_promotion(newer, THREE_VISITS, as_of=NOW, feedback=notes)

        assert not decision.eligible
        assert decision.missing == (
            "keep the relationship going 65 more days (until 2026-08-05)",
        )

    def test_an_advocate_is_already_at_the_last_stage(self) -> None:
        advocate = client(stage=Stage.ADVOCATE)

        decision = decide_promotion(advocate, THREE_VISITS, as_of=NOW)

        assert not decision.eligible
        assert decision.to_stage is None
        assert decision.criteria == ()
        assert decision.note is not None
        assert "already an advocate" in decision.note

    def test_internal_clients_follow_the_same_rules(self) -> None:
        colleague = client(internal=True)

        decision = decide_promotion(colleague, THREE_VISITS, as_of=NOW)

        assert decision.missing == (
            "one of: ask how likely they are to recommend us (NPS); "
            "or exceed their expectations (1 more wow card to go)",
        )


class TestPolicies:
    def test_the_default_policy_is_named_and_versioned(self) -> None:
        policy = default_promotion_policy()

        assert (policy.name, policy.version, policy.zone) == ("default", 1, "UTC")
        assert policy == default_promotion_policy()

    def test_the_policy_zone_decides_the_day(self) -> None:
        late = datetime(2026, 5, 1, 23, 30, tzinfo=UTC)
        history = [
            attrs.evolve(visit(1, 0), arrived_at=late),
            attrs.evolve(visit(2, 0), arrived_at=late + timedelta(hours=1)),
        ]
        rule = MinVisits(2)
        utc_policy = PromotionPolicy(
            name="p", version=1, to_client=rule, to_advocate=rule
        )
        ny_policy = attrs.evolve(utc_policy, zone="America/New_York")

        in_utc = decide_promotion(regular(), history, as_of=NOW, policy=utc_policy)
        in_ny = decide_promotion(regular(), history, as_of=NOW, policy=ny_policy)

        assert in_utc.eligible
        assert not in_ny.eligible

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("zone", "Mars/Olympus"),
            ("zone", ""),
            ("version", 0),
            ("name", ""),
            ("to_client", "name known"),
        ],
    )
    def test_a_policy_refuses_bad_fields(self, field: str, value: Any) -> None:
        with pytest.raises(InvalidData, match=rf"\$\.{field}"):
            attrs.evolve(default_promotion_policy(), **{field: value})

    def test_a_policy_must_be_a_policy(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.policy"):
            decide_promotion(regular(), [], as_of=NOW, policy="default")  # type: ignore[arg-type]


class TestDecisionData:
    def test_missing_must_list_the_failed_actions(self) -> None:
        decision = decide_promotion(regular(name=None), THREE_VISITS, as_of=NOW)

        with pytest.raises(InvalidData, match=r"\$\.missing"):
            attrs.evolve(decision, missing=())

    def test_eligible_must_match_the_criteria(self) -> None:
        decision = decide_promotion(regular(name=None), THREE_VISITS, as_of=NOW)

        with pytest.raises(InvalidData, match=r"\$\.eligible"):
            attrs.evolve(decision, eligible=True, missing=decision.missing)

    def test_the_to_stage_is_after_the_from_stage(self) -> None:
        decision = decide_promotion(regular(), THREE_VISITS, as_of=NOW)

        with pytest.raises(InvalidData, match=r"\$\.to_stage: .* after from_stage"):
            attrs.evolve(decision, from_stage=Stage.ADVOCATE)

    def test_without_a_to_stage_there_are_no_criteria(self) -> None:
        decision = decide_promotion(regular(), THREE_VISITS, as_of=NOW)

        with pytest.raises(InvalidData, match=r"\$\.to_stage"):
            attrs.evolve(decision, to_stage=None)

    def test_the_old_names_are_deprecated_aliases_of_the_new_ones(self) -> None:
        decision = decide_promotion(regular(), THREE_VISITS, as_of=NOW)

        with pytest.warns(DeprecationWarning, match=r"\.current .*from_stage"):
            assert decision.current is decision.from_stage is Stage.IDENTIFIED
        with pytest.warns(DeprecationWarning, match=r"\.target .*to_stage"):
            assert decision.target is decision.to_stage is Stage.CLIENT
        with pytest.warns(DeprecationWarning, match=r"\.policy .*policy_label"):
            assert decision.policy == decision.policy_label == "default@1"

    def test_the_old_names_are_read_only_and_not_constructor_arguments(
        self,
    ) -> None:
        decision = decide_promotion(regular(), THREE_VISITS, as_of=NOW)

        with pytest.raises(AttributeError):
            decision.target = Stage.ADVOCATE  # type: ignore[misc]
        with pytest.raises(TypeError):
            attrs.evolve(decision, current=Stage.IDENTIFIED)

    def test_the_html_table_lists_every_criterion_escaped(self) -> None:
        decision = decide_promotion(regular(id="<c-1>"), [], as_of=NOW)

        html = decision._repr_html_()

        assert "&lt;c-1&gt;" in html
        assert "3 more visits within 365 days" in html
        assert html.count("<tr>") == 1 + len(decision.criteria)

    def test_an_advocate_decision_shows_its_note(self) -> None:
        decision = decide_promotion(client(stage=Stage.ADVOCATE), [], as_of=NOW)

        assert "already an advocate" in decision._repr_html_()


class TestPromote:
    def test_promoting_keeps_the_id_details_and_purchases_and_logs_it(self) -> None:
        customer = regular()
        decision = decide_promotion(customer, THREE_VISITS, as_of=NOW)
        at = NOW + timedelta(minutes=5)

        promoted = promote(customer, decision, at=at)

        assert promoted.id == customer.id
        assert (promoted.name, promoted.contact, promoted.consent) == (
            "Ada",
            EMAIL,
            CONSENT,
        )
        assert promoted.purchases == customer.purchases
        assert promoted.since == at
        assert promoted.stage is Stage.CLIENT
        (step,) = promoted.transitions
        assert (step.from_stage, step.to_stage, step.at) == (
            Stage.IDENTIFIED,
            Stage.CLIENT,
            at,
        )
        assert step.policy_label == "default@1"
        assert step.reasons == tuple(c.name for c in decision.criteria)

    def test_promoting_can_record_a_profile_and_preferences(self) -> None:
        decision = decide_promotion(regular(), THREE_VISITS, as_of=NOW)
        profile = Profile(hometown="Lyon")
        likes = Preferences(likes={"dark roast"})

        promoted = promote(
            regular(), decision, at=NOW, profile=profile, preferences=likes
        )

        assert (promoted.profile, promoted.preferences) == (profile, likes)

    def test_a_client_advances_to_advocate_keeping_its_log(self) -> None:
        joined = NOW - timedelta(days=400)
        first = promote(
            regular(),
            decide_promotion(regular(), THREE_VISITS, as_of=NOW),
            at=NOW,
        )
        first = attrs.evolve(
            first,
            since=joined,
            transitions=(attrs.evolve(first.transitions[0], at=joined),),
        )
        notes = [Feedback(interaction_id="i-3", at=NOW, nps=10)]
        decision = decide_promotion(first, THREE_VISITS, as_of=NOW, feedback=notes)

        advocate = promote(first, decision, at=NOW)

        assert advocate.stage is Stage.ADVOCATE
        assert advocate.since == joined
        assert advocate.transitions[0] == first.transitions[0]
        assert (
            advocate.transitions[1].from_stage,
            advocate.transitions[1].to_stage,
        ) == (
            Stage.CLIENT,
            Stage.ADVOCATE,
        )

    def test_a_non_eligible_decision_raises_with_the_missing_actions(self) -> None:
        customer = regular(consent=None)
        decision = decide_promotion(customer, THREE_VISITS, as_of=NOW)

        with pytest.raises(NotEligible) as info:
            promote(customer, decision, at=NOW)

        assert info.value.missing == ("ask for consent to keep their details",)
        assert "ask for consent" in str(info.value)

    def test_a_decision_for_another_party_raises(self) -> None:
        decision = decide_promotion(regular(), THREE_VISITS, as_of=NOW)

        with pytest.raises(NotEligible, match="made for party 'c-1', not 'c-2'"):
            promote(regular(id="c-2"), decision, at=NOW)

    def test_a_decision_for_another_stage_raises(self) -> None:
        decision = decide_promotion(regular(), THREE_VISITS, as_of=NOW)
        promoted = promote(regular(), decision, at=NOW)

        with pytest.raises(NotEligible, match="decide again"):
            promote(promoted, decision, at=NOW)

    def test_an_advocate_decision_raises_with_its_note(self) -> None:
        advocate = client(stage=Stage.ADVOCATE)
        decision = decide_promotion(advocate, [], as_of=NOW)

        with pytest.raises(NotEligible, match="already an advocate"):
            promote(advocate, decision, at=NOW)

    def test_promoting_before_the_decision_is_refused(self) -> None:
        decision = decide_promotion(regular(), THREE_VISITS, as_of=NOW)

        with pytest.raises(InvalidData, match=r"\$\.at"):
            promote(regular(), decision, at=NOW - timedelta(seconds=1))

    def test_a_customer_without_a_name_cannot_become_a_client(self) -> None:
        lax = PromotionPolicy(
            name="lax", version=2, to_client=HasContact(), to_advocate=HasName()
        )
        nameless = regular(name=None)
        decision = decide_promotion(nameless, [], as_of=NOW, policy=lax)

        with pytest.raises(NotEligible) as info:
            promote(nameless, decision, at=NOW)

        assert decision.eligible
        assert info.value.missing == ("ask for their name",)

    @pytest.mark.parametrize(("party", "decision"), [("c-1", None), (None, "decision")])
    def test_promote_checks_its_arguments(self, party: Any, decision: Any) -> None:
        real = decide_promotion(regular(), THREE_VISITS, as_of=NOW)

        with pytest.raises(InvalidData):
            promote(party or regular(), decision or real, at=NOW)


@st.composite
def situations(draw: st.DrawFn) -> tuple[Any, ...]:
    party = draw(customers() | clients(profile=Profile(), transitions=()))
    history = draw(st.lists(visits(party.id), max_size=6))
    ids = [i.id for i in history] or ["i-none"]
    when = st.sampled_from([NOW - timedelta(days=30), NOW])
    notes = draw(
        st.lists(feedback(interaction_id=st.sampled_from(ids), at=when), max_size=3)
    )
    return party, history, notes, draw(when)


class TestDecisionProperties:
    @given(situations(), st.none() | st.from_type(PromotionPolicy))
    def test_decisions_are_deterministic_and_leave_inputs_unchanged(
        self, situation: tuple[Any, ...], policy: PromotionPolicy | None
    ) -> None:
        party, history, notes, as_of = situation
        before = copy.deepcopy((party, history, notes))

        first = decide_promotion(
            party, history, as_of=as_of, policy=policy, feedback=notes
        )
        second = decide_promotion(
            party, list(history), as_of=as_of, policy=policy, feedback=list(notes)
        )

        assert first == second
        assert (party, history, notes) == before

    @given(st.from_type(PromotionDecision))
    def test_eligible_exactly_when_every_criterion_passed(
        self, decision: PromotionDecision
    ) -> None:
        if decision.to_stage is None:
            assert not decision.eligible
        else:
            assert decision.eligible == all(c.passed for c in decision.criteria)
            assert len(decision.missing) == sum(not c.passed for c in decision.criteria)

    @given(situations())
    def test_an_eligible_decision_promotes_forward_keeping_the_id(
        self, situation: tuple[Any, ...]
    ) -> None:
        party, history, notes, as_of = situation
        anyone = MinVisits(1, within=relativedelta(years=5))
        policy = PromotionPolicy(
            name="open", version=1, to_client=anyone, to_advocate=anyone
        )
        decision = decide_promotion(
            party, history, as_of=as_of, policy=policy, feedback=notes
        )

        try:
            promoted = promote(party, decision, at=as_of)
        except NotEligible:
            assert not decision.eligible or party.name is None
            return

        assert promoted.id == party.id
        assert promoted.stage > party.stage
        assert promoted.transitions[-1].policy_label == "open@1"

    @given(situations(), rules())
    def test_fast_built_criteria_equal_the_validated_constructors(
        self, situation: tuple[Any, ...], rule: Rule
    ) -> None:
        party, history, notes, as_of = situation
        try:
            criterion = evaluate_rule(rule, party, history, as_of=as_of, feedback=notes)
        except CurrencyMismatch:  # a spend rule in another currency
            return
        decision = decide_promotion(party, history, as_of=as_of, feedback=notes)

        for made in (criterion, *decision.criteria):
            fields = {a.name: getattr(made, a.name) for a in attrs.fields(Criterion)}
            rebuilt = Criterion(**fields)
            assert rebuilt == made
            assert hash(rebuilt) == hash(made)

    @given(
        st.one_of(st.none(), st.text(), customers()),
        st.lists(st.one_of(st.none(), st.integers(), visits("c-1")), max_size=3),
        st.one_of(st.none(), st.datetimes(), st.just(NOW)),
    )
    def test_bad_input_fails_only_with_a_moments_error(
        self, party: Any, history: list[Any], as_of: Any
    ) -> None:
        with contextlib.suppress(MomentsError):
            decide_promotion(party, history, as_of=as_of)


def every(days: list[float], party: str = "c-1") -> list[Interaction]:
    return [visit(n, d, party) for n, d in enumerate(days)]


class TestRelationshipReview:
    def test_a_client_within_twice_their_usual_gap_is_active(self) -> None:
        # Visits every 10 days, last one 20 days ago: exactly 2x, still active.
        history = every([50, 40, 30, 20])

        review = review_relationship(client(), history, as_of=NOW)

        assert review.status is RelationshipStatus.ACTIVE
        assert (review.days_since_last_visit, review.usual_gap_days) == (20, 10.0)
        assert review.visit_days == 4
        assert "their usual gap is 10 days" in review.reason

    def test_past_twice_the_usual_gap_is_at_risk(self) -> None:
        history = every([51, 41, 31, 21])

        review = review_relationship(client(), history, as_of=NOW)

        assert review.status is RelationshipStatus.AT_RISK
        assert review.next_step.startswith("follow up now")

    def test_past_four_times_the_usual_gap_is_lapsed(self) -> None:
        history = every([71, 61, 51, 41])

        review = review_relationship(client(), history, as_of=NOW)

        assert review.status is RelationshipStatus.LAPSED
        assert review.next_step.startswith("recovery call")
        assert "more than 40 days" in review.reason

    def test_the_usual_gap_is_the_median_gap(self) -> None:
        # Gaps 1, 3 and 30 days: median 3; floors keep at-risk at 14 days.
        history = every([44, 43, 40, 10])

        review = review_relationship(client(), history, as_of=NOW)

        assert review.usual_gap_days == 3.0
        assert review.status is RelationshipStatus.ACTIVE

    def test_a_short_usual_gap_does_not_alarm_before_the_floors(self) -> None:
        daily = every([17, 16, 15])

        review = review_relationship(client(), daily, as_of=NOW)

        assert review.status is RelationshipStatus.AT_RISK
        assert "more than 14 days" in review.reason

    @pytest.mark.parametrize(
        ("days", "status"),
        [
            ([100, 90], RelationshipStatus.ACTIVE),
            ([100, 91], RelationshipStatus.AT_RISK),
            ([181], RelationshipStatus.LAPSED),
        ],
    )
    def test_new_clients_use_fixed_thresholds(
        self, days: list[float], status: RelationshipStatus
    ) -> None:
        review = review_relationship(client(), every(days), as_of=NOW)

        assert review.status is status
        assert review.usual_gap_days is None
        assert "a new client" in review.reason

    def test_with_no_visit_the_days_count_from_since(self) -> None:
        fresh = client(since=NOW - timedelta(days=95))

        review = review_relationship(fresh, [], as_of=NOW)

        assert review.status is RelationshipStatus.AT_RISK
        assert review.days_since_last_visit is None
        assert review.reason.startswith("no visit yet, 95 days since becoming")

    def test_internal_clients_are_reviewed_the_same_way(self) -> None:
        history = every([200])

        outside = review_relationship(client(), history, as_of=NOW)
        inside = review_relationship(client(internal=True), history, as_of=NOW)

        assert inside == outside

    def test_a_review_never_changes_the_client(self) -> None:
        ada = client()

        review_relationship(ada, every([400]), as_of=NOW)

        assert ada == client()
        assert ada.stage is Stage.CLIENT

    def test_visits_after_as_of_and_of_others_are_ignored(self) -> None:
        history = every([-5]) + every([1], party="c-2")

        review = review_relationship(client(), history, as_of=NOW)

        assert review.visit_days == 0

    def test_days_are_local_dates_in_the_zone(self) -> None:
        tokyo = ZoneInfo("Asia/Tokyo")
        # 20:00 UTC is already the next day in Tokyo.
        history = [
            attrs.evolve(v, arrived_at=datetime(2026, 5, 31, 20, tzinfo=UTC))
            for v in every([0])
        ]

        review = review_relationship(
            client(),
            history,
            as_of=datetime(2026, 6, 1, 10, tzinfo=tokyo),
            zone="Asia/Tokyo",
        )

        assert review.days_since_last_visit == 0

    def test_items_must_be_interactions(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.interactions\[0\]"):
            review_relationship(client(), ["i-1"], as_of=NOW)  # type: ignore[list-item]

    def test_a_usual_gap_is_a_non_negative_float(self) -> None:
        review = review_relationship(client(), every([30, 20, 10]), as_of=NOW)

        with pytest.raises(InvalidData, match=r"\$\.usual_gap_days"):
            attrs.evolve(review, usual_gap_days=10)

    @given(relationship_reviews())
    def test_drawn_reviews_are_valid_and_explained(
        self, review: RelationshipReview
    ) -> None:
        assert attrs.evolve(review) == review
        assert review.reason
        assert (review.usual_gap_days is None) == (review.visit_days < 3)

    @pytest.mark.parametrize(
        ("who", "zone", "field"),
        [
            ("customer", "UTC", "client"),
            ("client", "Mars/Olympus", "zone"),
        ],
    )
    def test_bad_arguments_are_refused(self, who: str, zone: str, field: str) -> None:
        party: Any = regular() if who == "customer" else client()

        with pytest.raises(InvalidData, match=rf"\$\.{field}"):
            review_relationship(party, [], as_of=NOW, zone=zone)


# 23:30 UTC on 31 December 9999 is 1 January 10000 in Kolkata; midnight at
# UTC+5 on 1 January of year 1 is year 0 in UTC.
LATE = datetime(9999, 12, 31, 23, 30, tzinfo=UTC)
EARLY = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))


class TestDateRangeEdges:
    def test_an_as_of_whose_date_in_utc_is_out_of_range_is_refused(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.as_of: .*UTC"):
            decide_promotion(regular(first_seen=EARLY), [], as_of=EARLY)

    def test_a_visit_day_out_of_range_in_the_policy_zone_is_refused(self) -> None:
        policy = attrs.evolve(default_promotion_policy(), zone="Asia/Kolkata")
        late_visit = attrs.evolve(visit(4, 0), arrived_at=LATE)

        with pytest.raises(
            InvalidData, match=r"\$\.interactions\[3\]\.arrived_at: .*Asia/Kolkata"
        ):
            decide_promotion(
                regular(), [*THREE_VISITS, late_visit], as_of=LATE, policy=policy
            )

    def test_an_as_of_whose_local_date_is_out_of_range_is_refused(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.as_of: .*Asia/Kolkata"):
            review_relationship(client(), THREE_VISITS, as_of=LATE, zone="Asia/Kolkata")

    def test_a_client_since_a_local_date_out_of_range_is_refused(self) -> None:
        first = client(since=datetime(1, 1, 1, tzinfo=UTC))

        with pytest.raises(InvalidData, match=r"\$\.client\.since: .*New_York"):
            review_relationship(first, [], as_of=NOW, zone="America/New_York")

    def test_a_visit_whose_date_in_utc_is_out_of_range_is_refused(self) -> None:
        early_visit = attrs.evolve(visit(4, 0), arrived_at=EARLY)

        with pytest.raises(InvalidData, match=r"\$\.interactions\[0\]\.arrived_at"):
            review_relationship(client(), [early_visit], as_of=NOW)


class TestGatheringTheVisits:
    """decide_promotion gathers the party's visits column by column; these
    pin that the result is the plain definition's: the party's visits up to
    as_of, in arrival order (ties in the order given), wherever they are."""

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["c-1", "c-2", None]),
                st.integers(-400, 30),
                st.sampled_from(
                    [UTC, timezone(timedelta(hours=-5)), ZoneInfo("Asia/Tokyo")]
                ),
            ),
            max_size=12,
        ),
        st.randoms(use_true_random=False),
    )
    def test_the_evidence_is_the_partys_visits_up_to_as_of_by_arrival(
        self, drawn: list[tuple[str | None, int, Any]], rnd: Any
    ) -> None:
        given_visits = [
            Interaction(
                id=f"i-{n}",
                channel=Channel.IN_PERSON,
                arrived_at=(NOW - timedelta(days=days, hours=n % 3)).astimezone(tz),
                party_kind=PartyKind.CUSTOMER,
                party_id=who,
            )
            for n, (who, days, tz) in enumerate(drawn)
        ]
        shuffled = list(given_visits)
        rnd.shuffle(shuffled)
        window = NOW - relativedelta(days=365)
        plain = sorted(
            (
                i
                for i in shuffled
                if i.party_id == "c-1" and window <= i.arrived_at <= NOW
            ),
            key=lambda i: i.arrived_at,
        )

        decision = decide_promotion(regular(), iter(shuffled), as_of=NOW)

        visits_criterion = decision.criteria[-1]
        assert visits_criterion.evidence == tuple(i.id for i in plain)
        days = {i.arrived_at.astimezone(UTC).date() for i in plain}
        assert visits_criterion.passed == (len(days) >= 3)

    @pytest.mark.parametrize("wrap", [list, tuple, iter])
    def test_an_early_visit_is_named_by_its_position_in_the_interactions(
        self, wrap: Any
    ) -> None:
        early_visit = attrs.evolve(visit(4, 0), arrived_at=EARLY)
        others = [visit(1, 3, party="c-2"), visit(2, 2)]

        with pytest.raises(InvalidData, match=r"\$\.interactions\[2\]\.arrived_at"):
            decide_promotion(regular(), wrap([*others, early_visit]), as_of=NOW)

    def test_feedback_counts_only_on_the_partys_own_visits(self) -> None:
        mine, theirs = visit(1, 3), visit(2, 3, party="c-2")
        answers = [
            Feedback(interaction_id="i-2", at=NOW, nps=10),
            Feedback(interaction_id="i-1", at=NOW, nps=3),
        ]
        policy = attrs.evolve(default_promotion_policy(), to_client=Promoter(min_nps=9))

        decision = decide_promotion(
            regular(), [mine, theirs], as_of=NOW, feedback=answers, policy=policy
        )

        assert not decision.eligible

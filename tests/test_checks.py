"""Every check kind, on both sides of its boundary."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _support import FAIL, NA, PASS, T0, visit
from moments import (
    Delivery,
    Expectation,
    FollowUp,
    Goodbye,
    Greeting,
    InfoField,
    Information,
    Interaction,
    InvalidData,
    Moment,
    Offer,
    PartyKind,
    Recovery,
)
from moments import checks as k
from moments.checklists import Auditor, Checklist, ChecklistItem, Outcome
from moments.strategies._checklists import check_kinds, checks
from moments.timeliness import GreetingStandard

heavy = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def at(seconds: float = 0, **kw: float) -> datetime:
    return T0 + timedelta(seconds=seconds, **kw)


def judge(
    check: k.Check, x: Interaction, as_of: datetime | None = None, **custom: Any
) -> tuple[Outcome, str]:
    item = ChecklistItem(id="it", moment=Moment.GREETING, text="t", check=check)
    auditor = Auditor(Checklist(name="c", version=1, items=(item,)), custom=custom)
    result = auditor.audit(x, as_of=as_of).results[0]
    return result.outcome, result.detail


def outcome(check: k.Check, x: Interaction, as_of: datetime | None = None) -> Outcome:
    return judge(check, x, as_of)[0]


class TestKinds:
    def test_kind_is_readable_on_the_class_and_the_instance(self) -> None:
        for kind, cls in k.CHECK_KINDS.items():
            assert cls.kind == kind

        assert k.Thanked().kind == "thanked"
        assert k.Custom(name="x").kind == "custom"

    def test_kind_is_not_a_field(self) -> None:
        names = [f.name for f in attrs.fields(k.FollowUpScheduled)]

        assert names == ["within"]

    @given(checks(custom=True))
    def test_every_drawn_check_equals_its_rebuilt_copy(self, check: k.Check) -> None:
        copy = attrs.evolve(check)

        assert copy == check
        assert hash(copy) == hash(check)


class TestGreetingTimely:
    def test_greeting_exactly_at_the_client_target_passes(self) -> None:
        x = visit(greeting=Greeting(at=at(10)))

        result, detail = judge(k.GreetingTimely(), x)

        assert result is PASS
        assert detail == "greeted after 10 s; target 10 s"

    def test_greeting_just_after_the_target_fails(self) -> None:
        x = visit(greeting=Greeting(at=at(10.001)))

        result, detail = judge(k.GreetingTimely(), x)

        assert result is FAIL
        assert detail == "greeted after 10.001 s; target 10 s"

    def test_prompt_greeting_mentions_the_aspiration(self) -> None:
        x = visit(greeting=Greeting(at=at(4.2)))

        assert judge(k.GreetingTimely(), x) == (
            PASS,
            "greeted after 4.2 s; aspiration 5 s, target 10 s",
        )

    def test_an_explicit_standard_overrides_the_policy(self) -> None:
        x = visit(greeting=Greeting(at=at(3)))
        strict = GreetingStandard(
            aspiration=timedelta(seconds=1), target=timedelta(seconds=2)
        )

        assert outcome(k.GreetingTimely(), x) is PASS
        assert outcome(k.GreetingTimely(standard=strict), x) is FAIL

    def test_customers_get_the_policy_customer_standard(self) -> None:
        x = visit(party_kind=PartyKind.CUSTOMER, greeting=Greeting(at=at(25)))

        assert outcome(k.GreetingTimely(), x) is PASS

    def test_leaving_unserved_after_the_target_fails(self) -> None:
        x = visit(ended_at=at(30))

        assert outcome(k.GreetingTimely(), x) is FAIL

    def test_leaving_unserved_before_the_target_is_not_applicable(self) -> None:
        x = visit(ended_at=at(3))

        assert outcome(k.GreetingTimely(), x) is NA

    def test_still_waiting_within_the_target_is_not_applicable(self) -> None:
        x = visit()

        assert outcome(k.GreetingTimely(), x, as_of=at(10)) is NA
        assert outcome(k.GreetingTimely(), x, as_of=at(10.001)) is FAIL

    def test_standard_must_be_a_greeting_standard(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.standard"):
            k.GreetingTimely(standard=timedelta(seconds=5))  # type: ignore[arg-type]


class TestNames:
    @pytest.mark.parametrize(
        ("greeting", "expected"),
        [
            (None, FAIL),
            (Greeting(at=T0, used_name=False), FAIL),
            (Greeting(at=T0, used_name=True), PASS),
        ],
    )
    def test_greeted_by_name_needs_a_greeting_that_used_the_name(
        self, greeting: Greeting | None, expected: Outcome
    ) -> None:
        assert outcome(k.GreetedByName(), visit(greeting=greeting)) is expected

    @pytest.mark.parametrize(
        ("goodbye", "expected"),
        [
            (None, FAIL),
            (Goodbye(at=at(60), thanked=True, used_name=False), FAIL),
            (Goodbye(at=at(60), thanked=False, used_name=True), PASS),
        ],
    )
    def test_farewell_by_name_needs_a_goodbye_that_used_the_name(
        self, goodbye: Goodbye | None, expected: Outcome
    ) -> None:
        assert outcome(k.FarewellByName(), visit(goodbye=goodbye)) is expected

    @pytest.mark.parametrize(
        ("goodbye", "expected"),
        [
            (None, FAIL),
            (Goodbye(at=at(60), thanked=False, used_name=True), FAIL),
            (Goodbye(at=at(60), thanked=True), PASS),
        ],
    )
    def test_thanked_needs_a_goodbye_with_thanks(
        self, goodbye: Goodbye | None, expected: Outcome
    ) -> None:
        assert outcome(k.Thanked(), visit(goodbye=goodbye)) is expected


class TestInformation:
    WANTED = frozenset({InfoField.NAME, InfoField.EMAIL, InfoField.LIKES})

    def test_collecting_exactly_min_count_of_the_wanted_fields_passes(self) -> None:
        check = k.InformationCollected(fields=self.WANTED, min_count=2)
        info = Information(collected={InfoField.NAME, InfoField.LIKES})

        result, detail = judge(check, visit(information=info))

        assert result is PASS
        assert detail == "collected 2 of those wanted (likes, name); needs 2"

    def test_one_short_of_min_count_fails(self) -> None:
        check = k.InformationCollected(fields=self.WANTED, min_count=2)
        info = Information(collected={InfoField.NAME, InfoField.PHONE})

        assert outcome(check, visit(information=info)) is FAIL

    def test_nothing_collected_fails(self) -> None:
        assert outcome(k.InformationCollected(), visit()) is FAIL

    def test_by_default_any_one_field_is_enough(self) -> None:
        info = Information(collected={InfoField.PHONE})

        assert outcome(k.InformationCollected(), visit(information=info)) is PASS

    @pytest.mark.parametrize("count", [0, 4, True])
    def test_min_count_must_be_between_one_and_the_number_of_fields(
        self, count: int
    ) -> None:
        with pytest.raises(InvalidData, match=r"\$\.min_count"):
            k.InformationCollected(fields=self.WANTED, min_count=count)

    def test_fields_cannot_be_empty(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.fields"):
            k.InformationCollected(fields=frozenset())

    @pytest.mark.parametrize(("probed", "expected"), [(False, FAIL), (True, PASS)])
    def test_probed_needs_a_question_beyond_the_first_answer(
        self, probed: bool, expected: Outcome
    ) -> None:
        x = visit(information=Information(probed=probed))

        assert outcome(k.Probed(), x) is expected

    def test_probed_fails_when_no_questions_were_asked(self) -> None:
        assert outcome(k.Probed(), visit()) is FAIL


class TestOffer:
    def test_an_offer_built_on_their_likes_is_personalised(self) -> None:
        x = visit(offer=Offer(based_on={InfoField.LIKES, InfoField.EMAIL}))

        assert judge(k.OfferPersonalised(), x) == (PASS, "offer built on likes")

    def test_an_offer_built_on_contact_details_only_is_not(self) -> None:
        x = visit(offer=Offer(based_on={InfoField.NAME, InfoField.EMAIL}))

        assert outcome(k.OfferPersonalised(), x) is FAIL

    def test_an_offer_built_on_nothing_is_about_us(self) -> None:
        result, detail = judge(k.OfferPersonalised(), visit(offer=Offer()))

        assert result is FAIL
        assert detail == "offer built on nothing, nothing about them"

    def test_no_offer_fails(self) -> None:
        assert outcome(k.OfferPersonalised(), visit()) is FAIL

    def test_the_fields_that_count_can_be_chosen(self) -> None:
        x = visit(offer=Offer(based_on={InfoField.NAME}))

        assert outcome(k.OfferPersonalised(fields={InfoField.NAME}), x) is PASS


class TestExpectation:
    @pytest.mark.parametrize(
        ("got", "met", "exceeded"),
        [
            (Expectation.BELOW, FAIL, FAIL),
            (Expectation.MET, PASS, FAIL),
            (Expectation.EXCEEDED, PASS, PASS),
        ],
    )
    def test_met_from_met_up_and_exceeded_only_when_exceeded(
        self, got: Expectation, met: Outcome, exceeded: Outcome
    ) -> None:
        x = visit(delivery=Delivery(expectation=got))

        assert outcome(k.ExpectationMet(), x) is met
        assert outcome(k.ExpectationExceeded(), x) is exceeded

    def test_unrecorded_delivery_fails_both(self) -> None:
        assert judge(k.ExpectationMet(), visit()) == (FAIL, "delivery not recorded")
        assert outcome(k.ExpectationExceeded(), visit()) is FAIL


class TestFollowUpScheduled:
    CHECK = k.FollowUpScheduled(within=timedelta(days=2))

    def follow_up(self, due_after_end: timedelta, **kw: Any) -> Interaction:
        end = at(600)
        return visit(
            ended_at=end,
            follow_up=FollowUp(kind="thank_you", due=end + due_after_end, **kw),
        )

    def test_due_exactly_within_the_delay_after_the_end_passes(self) -> None:
        x = self.follow_up(timedelta(days=2))

        assert judge(self.CHECK, x) == (
            PASS,
            "thank_you due 2 d after the visit; limit 2 d",
        )

    def test_due_a_microsecond_later_fails(self) -> None:
        x = self.follow_up(timedelta(days=2, microseconds=1))

        assert outcome(self.CHECK, x) is FAIL

    def test_without_an_end_the_delay_runs_from_arrival(self) -> None:
        x = visit(follow_up=FollowUp(kind="call", due=at(0, days=2)))

        assert outcome(self.CHECK, x) is PASS

    def test_no_follow_up_fails(self) -> None:
        assert outcome(self.CHECK, visit()) is FAIL

    def test_a_follow_up_set_after_as_of_did_not_exist_yet(self) -> None:
        x = self.follow_up(timedelta(days=1), set_at=at(900))

        assert outcome(self.CHECK, x, as_of=at(899)) is FAIL
        assert outcome(self.CHECK, x, as_of=at(900)) is PASS

    @pytest.mark.parametrize("within", [timedelta(0), timedelta(seconds=-1), 3600])
    def test_within_must_be_a_positive_timedelta(self, within: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.within"):
            k.FollowUpScheduled(within=within)


class TestFollowUpDone:
    DUE = at(0, days=3)

    def test_done_exactly_at_the_due_time_passes(self) -> None:
        x = visit(follow_up=FollowUp(kind="call", due=self.DUE, done_at=self.DUE))

        assert judge(k.FollowUpDone(), x) == (PASS, "call done 0 s before due")

    def test_done_a_second_late_fails(self) -> None:
        x = visit(follow_up=FollowUp(kind="call", due=self.DUE, done_at=at(1, days=3)))

        assert judge(k.FollowUpDone(), x) == (FAIL, "call done 1 s late")

    def test_not_done_by_the_due_time_fails(self) -> None:
        x = visit(follow_up=FollowUp(kind="call", due=self.DUE))

        assert outcome(k.FollowUpDone(), x, as_of=at(1, days=3)) is FAIL

    def test_not_done_and_not_yet_due_by_default_is_not_applicable(self) -> None:
        x = visit(follow_up=FollowUp(kind="call", due=self.DUE))

        assert outcome(k.FollowUpDone(), x) is NA

    def test_done_early_is_judged_before_the_due_time(self) -> None:
        x = visit(follow_up=FollowUp(kind="call", due=self.DUE, done_at=at(60)))

        assert outcome(k.FollowUpDone(), x, as_of=at(61)) is PASS

    def test_not_applicable_while_not_done_and_due_is_after_as_of(self) -> None:
        x = visit(follow_up=FollowUp(kind="call", due=self.DUE, done_at=at(60)))

        assert outcome(k.FollowUpDone(), x, as_of=at(59)) is NA
        assert outcome(k.FollowUpDone(), x, as_of=self.DUE) is PASS

    def test_not_applicable_when_nothing_was_promised(self) -> None:
        assert outcome(k.FollowUpDone(), visit()) is NA


class TestRecovery:
    FAILED = at(120)

    def recovery(self, **kw: Any) -> Interaction:
        return visit(recovery=Recovery(failure_at=self.FAILED, **kw))

    def test_acknowledged_exactly_at_fifteen_minutes_passes(self) -> None:
        x = self.recovery(acknowledged_at=self.FAILED + timedelta(minutes=15))

        assert judge(k.RecoveryAcknowledged(), x) == (
            PASS,
            "acknowledged after 15 min; target 15 min",
        )

    def test_acknowledged_a_microsecond_later_fails(self) -> None:
        x = self.recovery(
            acknowledged_at=self.FAILED + timedelta(minutes=15, microseconds=1)
        )

        assert outcome(k.RecoveryAcknowledged(), x) is FAIL

    def test_resolved_exactly_at_a_day_passes_and_later_fails(self) -> None:
        on_time = self.recovery(resolved_at=self.FAILED + timedelta(hours=24))
        late = self.recovery(resolved_at=self.FAILED + timedelta(hours=24, seconds=1))

        assert outcome(k.RecoveryResolved(), on_time) is PASS
        assert outcome(k.RecoveryResolved(), late) is FAIL

    def test_not_applicable_unless_something_went_wrong(self) -> None:
        assert outcome(k.RecoveryAcknowledged(), visit()) is NA
        assert outcome(k.RecoveryResolved(), visit()) is NA

    def test_unresolved_is_not_applicable_while_the_clock_runs(self) -> None:
        x = self.recovery()
        limit = self.FAILED + timedelta(hours=24)

        assert judge(k.RecoveryResolved(), x, as_of=limit) == (
            NA,
            "not resolved yet; 0 s left",
        )
        assert outcome(k.RecoveryResolved(), x, as_of=limit + timedelta(seconds=1)) is (
            FAIL
        )

    def test_a_resolution_after_as_of_has_not_happened_yet(self) -> None:
        x = self.recovery(resolved_at=self.FAILED + timedelta(hours=2))

        assert outcome(k.RecoveryResolved(), x, as_of=self.FAILED) is NA

    def test_a_failure_after_as_of_has_not_happened_yet(self) -> None:
        x = self.recovery(acknowledged_at=self.FAILED + timedelta(hours=2))

        assert outcome(k.RecoveryAcknowledged(), x, as_of=at(60)) is NA


class TestObservedAndCustom:
    def test_observed_without_a_rating_is_not_applicable(self) -> None:
        assert judge(k.Observed(), visit()) == (NA, "no rating")

    def test_custom_calls_the_registered_function_with_as_of(self) -> None:
        seen: list[datetime] = []

        def vip(x: Interaction, as_of: datetime) -> Outcome:
            seen.append(as_of)
            return PASS if x.staff_id == "s-ana" else FAIL

        check = k.Custom(name="vip")

        assert judge(check, visit(staff_id="s-ana"), vip=vip)[0] is PASS
        assert judge(check, visit(staff_id="s-ben"), as_of=at(5), vip=vip)[0] is FAIL
        assert seen == [T0, at(5)]

    def test_custom_returning_something_else_is_invalid_data(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.custom\.bad: .*Outcome"):
            judge(k.Custom(name="bad"), visit(), bad=lambda x, a: True)

    def test_custom_name_must_not_be_blank(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.name"):
            k.Custom(name=" ")


class TestDrawnChecks:
    @heavy
    @given(
        st.sampled_from(sorted(k.CHECK_KINDS)).flatmap(
            lambda kind: check_kinds(k.CHECK_KINDS[kind])
        )
    )
    def test_every_kind_can_be_drawn_and_is_valid(self, check: k.Check) -> None:
        rebuilt = type(check)(**attrs.asdict(check, recurse=False))

        assert rebuilt == check

"""Tests for moments.timeliness: greeting standards, policies, verdicts,
service levels, time targets and the recovery standard."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from moments import (
    ALWAYS_OPEN,
    DEFAULT_GREETING_POLICY,
    DEFAULT_RECOVERY_STANDARD,
    BusinessCalendar,
    Channel,
    Greeting,
    GreetingOutcome,
    GreetingPolicy,
    GreetingRule,
    GreetingStandard,
    GreetingVerdict,
    Interaction,
    InvalidData,
    NaiveDatetimeError,
    PartyKind,
    Recovery,
    ServiceLevel,
    TimeReading,
    TimerStatus,
    TimeTarget,
    judge_greeting,
    service_level,
)
from moments.strategies import (
    aware_datetimes,
    greeting_standards,
    greeting_verdicts,
    interactions,
    time_targets,
)
from moments.timeliness import Pause

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)  # a Monday
# Only arrival, greeting and end matter to the greeting: the rest is left out
# so that drawing interactions stays fast.
LIGHT: dict[str, None] = dict.fromkeys(
    ["information", "offer", "delivery", "goodbye", "follow_up", "recovery", "purchase"]
)
STANDARD = GreetingStandard()  # 5 s / 10 s


def visit(
    *,
    greeted_after: float | None = None,
    ended_after: float | None = None,
    channel: Channel = Channel.IN_PERSON,
    party_kind: PartyKind = PartyKind.CLIENT,
    arrived_at: datetime = T0,
) -> Interaction:
    greeting = (
        None
        if greeted_after is None
        else Greeting(at=arrived_at + timedelta(seconds=greeted_after))
    )
    ended = None if ended_after is None else arrived_at + timedelta(seconds=ended_after)
    return Interaction(
        id="i-1",
        channel=channel,
        party_kind=party_kind,
        arrived_at=arrived_at,
        greeting=greeting,
        ended_at=ended,
    )


class TestSeedNumbers:
    @pytest.mark.parametrize("seconds", [0, 4.999, 5])
    def test_greeting_within_five_seconds_is_prompt(self, seconds: float) -> None:
        interaction = visit(greeted_after=seconds)

        verdict = judge_greeting(interaction, STANDARD)

        assert verdict.outcome is GreetingOutcome.PROMPT
        assert verdict.wait == timedelta(seconds=seconds)

    @pytest.mark.parametrize("seconds", [5.001, 9, 10])
    def test_greeting_after_aspiration_up_to_target_is_on_time(
        self, seconds: float
    ) -> None:
        interaction = visit(greeted_after=seconds)

        verdict = judge_greeting(interaction, STANDARD)

        assert verdict.outcome is GreetingOutcome.ON_TIME

    def test_greeting_exactly_at_target_is_on_time(self) -> None:
        interaction = visit(greeted_after=10)

        verdict = judge_greeting(interaction, STANDARD)

        assert verdict.outcome is GreetingOutcome.ON_TIME

    def test_greeting_one_millisecond_past_target_is_late(self) -> None:
        interaction = visit(greeted_after=10.001)

        verdict = judge_greeting(interaction, STANDARD)

        assert verdict.outcome is GreetingOutcome.LATE

    def test_greeting_one_microsecond_past_target_is_late(self) -> None:
        interaction = visit(greeted_after=10.000001)

        verdict = judge_greeting(interaction, STANDARD)

        assert verdict.outcome is GreetingOutcome.LATE

    def test_no_greeting_and_left_after_thirty_seconds_is_not_greeted(self) -> None:
        interaction = visit(ended_after=30)

        verdict = judge_greeting(interaction, STANDARD)

        assert verdict.outcome is GreetingOutcome.NOT_GREETED
        assert verdict.wait == timedelta(seconds=30)

    def test_left_unserved_after_three_seconds_is_left_before_target(self) -> None:
        interaction = visit(ended_after=3)

        verdict = judge_greeting(interaction, STANDARD)

        assert verdict.outcome is GreetingOutcome.LEFT_BEFORE_TARGET

    def test_left_unserved_exactly_at_target_is_left_before_target(self) -> None:
        interaction = visit(ended_after=10)

        verdict = judge_greeting(interaction, STANDARD)

        assert verdict.outcome is GreetingOutcome.LEFT_BEFORE_TARGET

    def test_early_leavers_are_excluded_from_service_level_by_default(self) -> None:
        verdicts = [
            judge_greeting(visit(greeted_after=3), STANDARD),
            judge_greeting(visit(ended_after=3), STANDARD),
        ]

        level = service_level(verdicts)

        assert level.eligible == 1
        assert level.share == 1.0

    def test_early_leavers_count_as_missed_when_not_excluded(self) -> None:
        verdicts = [
            judge_greeting(visit(greeted_after=3), STANDARD),
            judge_greeting(visit(ended_after=3), STANDARD),
        ]

        level = service_level(verdicts, exclude_early_leavers=False)

        assert level.eligible == 2
        assert level.share == 0.5


class TestStillWaiting:
    def test_still_waiting_past_the_target_is_not_greeted(self) -> None:
        interaction = visit()

        verdict = judge_greeting(
            interaction, STANDARD, as_of=T0 + timedelta(seconds=11)
        )

        assert verdict.outcome is GreetingOutcome.NOT_GREETED
        assert verdict.wait == timedelta(seconds=11)

    def test_still_waiting_at_the_target_is_unknown(self) -> None:
        interaction = visit()

        verdict = judge_greeting(
            interaction, STANDARD, as_of=T0 + timedelta(seconds=10)
        )

        assert verdict.outcome is GreetingOutcome.UNKNOWN
        assert verdict.wait is None

    def test_still_waiting_without_as_of_is_unknown(self) -> None:
        interaction = visit()

        verdict = judge_greeting(interaction, STANDARD)

        assert verdict.outcome is GreetingOutcome.UNKNOWN

    def test_as_of_before_arrival_is_unknown(self) -> None:
        interaction = visit()

        verdict = judge_greeting(interaction, STANDARD, as_of=T0 - timedelta(hours=1))

        assert verdict.outcome is GreetingOutcome.UNKNOWN

    def test_recorded_greeting_is_judged_whatever_as_of_says(self) -> None:
        interaction = visit(greeted_after=4)

        verdict = judge_greeting(interaction, STANDARD, as_of=T0)

        assert verdict.outcome is GreetingOutcome.PROMPT

    def test_naive_as_of_is_rejected(self) -> None:
        interaction = visit()

        with pytest.raises(NaiveDatetimeError, match="as_of"):
            judge_greeting(interaction, STANDARD, as_of=datetime(2026, 6, 1, 9, 1))

    def test_unknown_is_never_within_target(self) -> None:
        assert not GreetingOutcome.UNKNOWN.within_target


class TestAbsoluteTime:
    def test_wait_across_the_autumn_clock_change_is_absolute(self) -> None:
        ny = ZoneInfo("America/New_York")
        arrived = datetime(2026, 11, 1, 1, 59, 58, tzinfo=ny)
        greeted = datetime(2026, 11, 1, 1, 0, 3, fold=1, tzinfo=ny)
        interaction = visit(arrived_at=arrived)
        interaction = attrs.evolve(interaction, greeting=Greeting(at=greeted))

        verdict = judge_greeting(interaction, STANDARD)

        assert verdict.wait == timedelta(seconds=5)
        assert verdict.outcome is GreetingOutcome.PROMPT

    def test_wait_between_different_offsets_is_absolute(self) -> None:
        paris = ZoneInfo("Europe/Paris")
        arrived = datetime(2026, 6, 1, 11, 0, tzinfo=paris)  # 09:00 UTC
        interaction = visit(arrived_at=arrived)
        interaction = attrs.evolve(
            interaction, greeting=Greeting(at=datetime(2026, 6, 1, 9, 0, 7, tzinfo=UTC))
        )

        verdict = judge_greeting(interaction, STANDARD)

        assert verdict.wait == timedelta(seconds=7)


class TestBusinessTime:
    def test_email_over_the_weekend_waits_only_business_hours(self) -> None:
        friday_4pm = datetime(2026, 6, 5, 16, 0, tzinfo=UTC)
        interaction = visit(channel=Channel.EMAIL, arrived_at=friday_4pm)
        monday_10am = datetime(2026, 6, 8, 10, 0, tzinfo=UTC)
        interaction = attrs.evolve(interaction, greeting=Greeting(at=monday_10am))

        verdict = judge_greeting(interaction)

        assert verdict.wait == timedelta(hours=2)
        assert verdict.outcome is GreetingOutcome.ON_TIME

    def test_email_still_waiting_is_not_greeted_after_target_business_hours(
        self,
    ) -> None:
        friday_4pm = datetime(2026, 6, 5, 16, 0, tzinfo=UTC)
        interaction = visit(channel=Channel.EMAIL, arrived_at=friday_4pm)

        on_monday_noon = judge_greeting(
            interaction, as_of=datetime(2026, 6, 8, 12, 0, tzinfo=UTC)
        )
        on_monday_1pm = judge_greeting(
            interaction, as_of=datetime(2026, 6, 8, 13, 0, 1, tzinfo=UTC)
        )

        assert on_monday_noon.outcome is GreetingOutcome.UNKNOWN
        assert on_monday_1pm.outcome is GreetingOutcome.NOT_GREETED


class TestPolicy:
    @pytest.mark.parametrize(
        ("channel", "kind", "aspiration", "target"),
        [
            (Channel.IN_PERSON, PartyKind.CLIENT, 5, 10),
            (Channel.IN_PERSON, PartyKind.CUSTOMER, 10, 30),
            (Channel.PHONE, PartyKind.CLIENT, 10, 20),
            (Channel.PHONE, PartyKind.CUSTOMER, 10, 20),
            (Channel.CHAT, PartyKind.CUSTOMER, 30, 120),
            (Channel.EMAIL, PartyKind.CLIENT, 3600, 4 * 3600),
            (Channel.ONLINE, PartyKind.CUSTOMER, 3600, 4 * 3600),
        ],
    )
    def test_default_policy_picks_the_documented_standard(
        self, channel: Channel, kind: PartyKind, aspiration: int, target: int
    ) -> None:
        standard = DEFAULT_GREETING_POLICY.standard_for(channel, kind)

        assert standard.aspiration == timedelta(seconds=aspiration)
        assert standard.target == timedelta(seconds=target)

    def test_email_and_online_run_on_business_hours(self) -> None:
        standard = DEFAULT_GREETING_POLICY.standard_for(Channel.EMAIL, PartyKind.CLIENT)

        assert not standard.calendar.always_open

    def test_first_matching_rule_wins(self) -> None:
        fast = GreetingStandard(aspiration=timedelta(seconds=1), target=timedelta(2))
        slow = GreetingStandard(aspiration=timedelta(seconds=9), target=timedelta(9))
        policy = GreetingPolicy(
            rules=(
                GreetingRule(standard=fast, channels=frozenset({Channel.PHONE})),
                GreetingRule(standard=slow),
            ),
            default=STANDARD,
        )

        assert policy.standard_for(Channel.PHONE, PartyKind.CLIENT) is fast
        assert policy.standard_for(Channel.CHAT, PartyKind.CLIENT) is slow

    def test_no_matching_rule_falls_back_to_default(self) -> None:
        policy = GreetingPolicy(rules=(), default=STANDARD)

        standard = policy.standard_for(Channel.CHAT, PartyKind.CUSTOMER)

        assert standard is STANDARD

    def test_empty_rule_sets_match_anything(self) -> None:
        rule = GreetingRule(standard=STANDARD)

        assert all(rule.matches(c, k) for c in Channel for k in PartyKind)

    def test_judge_greeting_applies_the_policy(self) -> None:
        customer = visit(greeted_after=20, party_kind=PartyKind.CUSTOMER)
        client = visit(greeted_after=20, party_kind=PartyKind.CLIENT)

        assert judge_greeting(customer).outcome is GreetingOutcome.ON_TIME
        assert judge_greeting(client).outcome is GreetingOutcome.LATE

    def test_standard_judge_agrees_with_judge_greeting(self) -> None:
        interaction = visit(greeted_after=7)

        assert STANDARD.judge(interaction) == judge_greeting(interaction, STANDARD)

    def test_policy_of_wrong_type_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.policy"):
            judge_greeting(visit(), "fast")  # type: ignore[arg-type]

    def test_standard_for_rejects_non_member_party_kinds(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.party_kind"):
            DEFAULT_GREETING_POLICY.standard_for(Channel.PHONE, "client")  # type: ignore[arg-type]

    def test_a_standard_subclass_is_still_a_standard(self) -> None:
        @attrs.frozen(kw_only=True)
        class Mine(GreetingStandard):
            pass

        verdict = judge_greeting(visit(greeted_after=3), Mine())

        assert verdict.outcome is GreetingOutcome.PROMPT

    def test_standard_for_rejects_non_members(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.channel"):
            DEFAULT_GREETING_POLICY.standard_for("phone", PartyKind.CLIENT)  # type: ignore[arg-type]


class TestInvalidStandards:
    def test_aspiration_above_target_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.aspiration: expected at most"):
            GreetingStandard(
                aspiration=timedelta(seconds=11), target=timedelta(seconds=10)
            )

    def test_negative_durations_are_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.aspiration: expected a non-neg"):
            GreetingStandard(aspiration=timedelta(seconds=-1))

    def test_non_timedelta_target_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.target"):
            GreetingStandard(target=10)  # type: ignore[arg-type]

    def test_calendar_must_be_a_business_calendar(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.calendar"):
            GreetingStandard(calendar="UTC")  # type: ignore[arg-type]

    def test_rules_must_be_greeting_rules(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.rules\[0\]"):
            GreetingPolicy(rules=(STANDARD,), default=STANDARD)  # type: ignore[arg-type]

    def test_rule_channels_must_be_channels(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.channels"):
            GreetingRule(standard=STANDARD, channels=frozenset({"phone"}))  # type: ignore[arg-type]


class TestGreetingStandardFuzzing:
    @given(
        st.timedeltas(min_value=timedelta(hours=-1), max_value=timedelta(hours=1)),
        st.timedeltas(min_value=timedelta(hours=-1), max_value=timedelta(hours=1)),
    )
    def test_any_pair_of_durations_is_a_standard_or_invalid_data(
        self, aspiration: timedelta, target: timedelta
    ) -> None:
        valid = timedelta(0) <= aspiration <= target

        try:
            GreetingStandard(aspiration=aspiration, target=target)
        except InvalidData:
            assert not valid
        else:
            assert valid

    def test_a_policy_subclass_is_still_a_policy(self) -> None:
        @attrs.frozen(kw_only=True)
        class Mine(GreetingPolicy):
            pass

        policy = Mine(rules=(), default=STANDARD)

        assert judge_greeting(visit(greeted_after=3), policy).standard is STANDARD

    def test_a_policy_subclass_picking_its_own_standards_is_followed(self) -> None:
        strict = GreetingStandard(aspiration=timedelta(0), target=timedelta(seconds=1))

        @attrs.frozen(kw_only=True)
        class Strict(GreetingPolicy):
            def standard_for(
                self, channel: Channel, party_kind: PartyKind
            ) -> GreetingStandard:
                return strict

        policy = Strict(rules=(), default=STANDARD)
        late = visit(greeted_after=3)

        assert judge_greeting(late, policy).outcome is GreetingOutcome.LATE
        assert policy.standard_of(late) is strict


class TestServiceLevelRecord:
    def test_counts_may_be_given_as_a_plain_dict(self) -> None:
        level = ServiceLevel(
            counts={GreetingOutcome.PROMPT: 3, GreetingOutcome.LATE: 1}
        )

        assert level.share == 0.75
        assert level == ServiceLevel(
            counts={GreetingOutcome.LATE: 1, GreetingOutcome.PROMPT: 3}
        )

    def test_negative_counts_are_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.counts"):
            ServiceLevel(counts={GreetingOutcome.PROMPT: -1})

    def test_percentiles_are_all_given_or_none(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.p90: expected a wait"):
            ServiceLevel(counts={GreetingOutcome.PROMPT: 1}, p50=timedelta(seconds=1))

    def test_there_are_no_percentiles_when_nobody_was_greeted(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.p50: expected None when"):
            ServiceLevel(
                counts={GreetingOutcome.UNKNOWN: 2},
                p50=timedelta(seconds=1),
                p90=timedelta(seconds=1),
                p95=timedelta(seconds=1),
            )

    def test_percentiles_are_in_order(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.p90: expected p50 <= p90 <= p95"):
            ServiceLevel(
                counts={GreetingOutcome.PROMPT: 2},
                p50=timedelta(seconds=3),
                p90=timedelta(seconds=2),
                p95=timedelta(seconds=3),
            )

    def test_counts_must_be_a_mapping(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.counts"):
            ServiceLevel(counts=[(GreetingOutcome.PROMPT, 1)])  # type: ignore[arg-type]


class TestServiceLevel:
    def test_share_is_none_when_nothing_is_eligible(self) -> None:
        verdicts = [judge_greeting(visit(), STANDARD)]

        level = service_level(verdicts)

        assert level.share is None
        assert level.counts[GreetingOutcome.UNKNOWN] == 1

    def test_unknown_is_never_eligible(self) -> None:
        verdicts = [
            judge_greeting(visit(), STANDARD),
            judge_greeting(visit(greeted_after=12), STANDARD),
        ]

        level = service_level(verdicts, exclude_early_leavers=False)

        assert level.eligible == 1
        assert level.share == 0.0

    def test_percentiles_are_nearest_rank_over_greeted_waits(self) -> None:
        verdicts = [
            judge_greeting(visit(greeted_after=s), STANDARD) for s in range(1, 21)
        ]
        verdicts.append(judge_greeting(visit(ended_after=60), STANDARD))

        level = service_level(verdicts)

        assert level.p50 == timedelta(seconds=10)
        assert level.p90 == timedelta(seconds=18)
        assert level.p95 == timedelta(seconds=19)

    def test_no_greeted_waits_gives_no_percentiles(self) -> None:
        level = service_level([])

        assert (level.p50, level.p90, level.p95) == (None, None, None)
        assert level.total == 0

    def test_every_outcome_is_counted(self) -> None:
        level = service_level([])

        assert set(level.counts) == set(GreetingOutcome)

    def test_counts_are_read_only(self) -> None:
        level = service_level([])

        with pytest.raises(TypeError):
            level.counts[GreetingOutcome.LATE] = 1  # type: ignore[index]

    def test_items_that_are_not_verdicts_are_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.verdicts\[0\]"):
            service_level([GreetingOutcome.PROMPT])  # type: ignore[list-item]

    def test_exclude_flag_must_be_a_bool(self) -> None:
        with pytest.raises(InvalidData, match="exclude_early_leavers"):
            service_level([], exclude_early_leavers=1)  # type: ignore[arg-type]


class TestGreetingProperties:
    @given(interactions(**LIGHT), st.sampled_from([None, T0]))
    def test_every_interaction_gets_a_verdict_consistent_with_its_wait(
        self, interaction: Interaction, as_of: datetime | None
    ) -> None:
        verdict = judge_greeting(interaction, as_of=as_of)

        standard = verdict.standard
        if verdict.outcome.within_target:
            assert verdict.wait is not None
            assert verdict.wait <= standard.target
        if verdict.outcome is GreetingOutcome.PROMPT:
            assert verdict.wait is not None
            assert verdict.wait <= standard.aspiration
        if verdict.outcome in (GreetingOutcome.LATE, GreetingOutcome.NOT_GREETED):
            assert verdict.wait is not None
            assert verdict.wait > standard.target
        assert (verdict.outcome is GreetingOutcome.UNKNOWN) == (verdict.wait is None)

    @given(interactions(channel=Channel.IN_PERSON, **LIGHT))
    def test_in_person_wait_equals_the_interactions_greeting_wait(
        self, interaction: Interaction
    ) -> None:
        verdict = judge_greeting(interaction)

        if interaction.greeting is not None:
            assert verdict.wait == interaction.greeting_wait

    @given(st.lists(interactions(**LIGHT), max_size=10), st.booleans())
    def test_service_level_share_is_a_fraction_of_eligible(
        self, batch: list[Interaction], exclude: bool
    ) -> None:
        verdicts = [judge_greeting(i, as_of=T0) for i in batch]

        level = service_level(verdicts, exclude_early_leavers=exclude)

        assert level.total == len(batch)
        assert level.within_target <= level.eligible <= level.total
        if level.share is not None:
            assert 0.0 <= level.share <= 1.0

    @given(
        interactions(**LIGHT),
        st.one_of(st.just(DEFAULT_GREETING_POLICY), greeting_standards()),
        st.one_of(st.none(), aware_datetimes()),
    )
    def test_fast_built_verdicts_equal_the_validated_constructors(
        self,
        interaction: Interaction,
        policy: GreetingPolicy | GreetingStandard,
        as_of: datetime | None,
    ) -> None:
        try:
            verdict = judge_greeting(interaction, policy, as_of=as_of)
        except InvalidData:  # a time out of range in the calendar's zone
            return

        rebuilt = GreetingVerdict(
            outcome=verdict.outcome, wait=verdict.wait, standard=verdict.standard
        )
        assert rebuilt == verdict
        assert hash(rebuilt) == hash(verdict)
        assert type(verdict.wait) is type(rebuilt.wait)

    @given(interactions(**LIGHT), st.one_of(st.none(), st.just(T0)))
    def test_a_policy_judges_with_the_standard_it_picks(
        self, interaction: Interaction, as_of: datetime | None
    ) -> None:
        policy = DEFAULT_GREETING_POLICY

        verdict = judge_greeting(interaction, policy, as_of=as_of)

        picked = policy.standard_for(interaction.channel, interaction.party_kind)
        assert policy.standard_of(interaction) is picked
        assert verdict == picked.judge(interaction, as_of=as_of)


# -- time targets ------------------------------------------------------------

FIFTEEN = TimeTarget(target=timedelta(minutes=15), aspiration=timedelta(minutes=5))


def mins(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


class TestTimeTarget:
    def test_reaching_the_target_exactly_is_achieved_not_breached(self) -> None:
        reading = FIFTEEN.read(T0, stop=mins(15), as_of=mins(60))

        assert reading.status is TimerStatus.ACHIEVED
        assert reading.elapsed == timedelta(minutes=15)
        assert reading.breach_at is None

    def test_stopping_after_the_target_is_breached(self) -> None:
        reading = FIFTEEN.read(T0, stop=mins(16), as_of=mins(60))

        assert reading.status is TimerStatus.BREACHED
        assert reading.remaining == timedelta(0)
        assert reading.breach_at == mins(15)

    def test_running_clock_reports_remaining_time_and_breach_at(self) -> None:
        reading = FIFTEEN.read(T0, as_of=mins(10))

        assert reading.status is TimerStatus.RUNNING
        assert reading.remaining == timedelta(minutes=5)
        assert reading.breach_at == mins(15)

    def test_running_clock_exactly_at_the_target_is_not_breached(self) -> None:
        reading = FIFTEEN.read(T0, as_of=mins(15))

        assert reading.status is TimerStatus.RUNNING
        assert reading.remaining == timedelta(0)

    def test_running_clock_past_the_target_is_breached(self) -> None:
        reading = FIFTEEN.read(T0, as_of=mins(20))

        assert reading.status is TimerStatus.BREACHED
        assert reading.elapsed == timedelta(minutes=20)

    def test_stop_after_as_of_is_not_known_yet(self) -> None:
        reading = FIFTEEN.read(T0, stop=mins(30), as_of=mins(10))

        assert reading.status is TimerStatus.RUNNING

    def test_as_of_before_start_has_not_started(self) -> None:
        reading = FIFTEEN.read(T0, as_of=mins(-5))

        assert reading.status is TimerStatus.RUNNING
        assert reading.elapsed == timedelta(0)
        assert reading.remaining == timedelta(minutes=15)
        assert reading.breach_at == mins(15)

    def test_aspiration_met_is_reported(self) -> None:
        prompt = FIFTEEN.read(T0, stop=mins(5), as_of=mins(60))
        slow = FIFTEEN.read(T0, stop=mins(6), as_of=mins(60))
        plain = TimeTarget(target=timedelta(minutes=15)).read(T0, as_of=mins(1))

        assert prompt.aspiration_met is True
        assert slow.aspiration_met is False
        assert plain.aspiration_met is None


class TestPauses:
    def test_paused_time_does_not_count(self) -> None:
        reading = FIFTEEN.read(
            T0, stop=mins(20), pauses=[(mins(5), mins(10))], as_of=mins(60)
        )

        assert reading.elapsed == timedelta(minutes=15)
        assert reading.status is TimerStatus.ACHIEVED

    def test_inside_a_pause_the_clock_is_paused(self) -> None:
        reading = FIFTEEN.read(T0, pauses=[(mins(5), mins(10))], as_of=mins(7))

        assert reading.status is TimerStatus.PAUSED
        assert reading.elapsed == timedelta(minutes=5)
        assert reading.breach_at is None

    def test_a_pause_still_going_on_stops_the_clock(self) -> None:
        reading = FIFTEEN.read(T0, pauses=[(mins(5), None)], as_of=mins(500))

        assert reading.status is TimerStatus.PAUSED
        assert reading.elapsed == timedelta(minutes=5)

    def test_breach_at_accounts_for_known_pauses(self) -> None:
        reading = FIFTEEN.read(T0, pauses=[(mins(5), mins(10))], as_of=mins(12))

        assert reading.breach_at == mins(20)

    def test_a_stopped_clock_that_restarts_is_one_clock_with_a_pause(self) -> None:
        # Worked 0-10, stopped (waiting on the customer) 10-40, reopened,
        # stopped again at 46: two cycles, 16 minutes counted.
        reading = FIFTEEN.read(
            T0, stop=mins(46), pauses=[(mins(10), mins(40))], as_of=mins(90)
        )

        assert reading.elapsed == timedelta(minutes=16)
        assert reading.status is TimerStatus.BREACHED
        assert reading.breach_at == mins(45)

    def test_overlapping_pauses_are_merged(self) -> None:
        reading = FIFTEEN.read(
            T0,
            stop=mins(30),
            pauses=[(mins(10), mins(20)), (mins(5), mins(12)), (mins(18), mins(22))],
            as_of=mins(60),
        )

        assert reading.elapsed == timedelta(minutes=13)

    def test_pauses_outside_the_running_time_do_not_count(self) -> None:
        reading = FIFTEEN.read(
            T0,
            stop=mins(10),
            pauses=[(mins(-30), mins(2)), (mins(50), mins(55))],
            as_of=mins(60),
        )

        assert reading.elapsed == timedelta(minutes=8)

    def test_a_pause_that_ends_before_it_starts_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.pauses\[0\]\[1\]"):
            FIFTEEN.read(T0, pauses=[(mins(5), mins(4))], as_of=mins(6))

    def test_a_malformed_pause_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.pauses\[0\]"):
            FIFTEEN.read(T0, pauses=[(mins(5),)], as_of=mins(6))  # type: ignore[list-item]

    def test_pauses_must_be_iterable(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.pauses"):
            FIFTEEN.read(T0, pauses=5, as_of=mins(6))  # type: ignore[arg-type]


class TestTimeTargetValidation:
    def test_stop_before_start_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.stop"):
            FIFTEEN.read(T0, stop=mins(-1), as_of=mins(6))

    def test_naive_start_is_rejected(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"\$\.start"):
            FIFTEEN.read(datetime(2026, 6, 1), as_of=mins(6))

    def test_aspiration_above_target_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.aspiration: expected at most"):
            TimeTarget(target=timedelta(minutes=5), aspiration=timedelta(minutes=6))

    def test_negative_target_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.target: expected a non-negative"):
            TimeTarget(target=timedelta(minutes=-5))


class TestEveryReadingIsValid:
    """Issue 14, defect 2: a reading, a verdict and a service level hold
    only what a clock can give."""

    def test_a_time_reading_breach_is_aware(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"\$\.breach_at"):
            TimeReading(
                status=TimerStatus.RUNNING,
                elapsed=timedelta(0),
                remaining=timedelta(minutes=15),
                breach_at=datetime(2026, 6, 1, 9, 15),
            )

    def test_a_time_reading_breach_is_a_datetime(self) -> None:
        reading = FIFTEEN.read(T0, as_of=mins(1))

        with pytest.raises(InvalidData, match=r"\$\.breach_at"):
            attrs.evolve(reading, breach_at="2026-06-01T09:15:00+00:00")

    def test_a_greeting_wait_is_never_negative(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.wait: expected a non-negative"):
            GreetingVerdict(
                outcome=GreetingOutcome.PROMPT,
                wait=timedelta(seconds=-1),
                standard=GreetingStandard(),
            )

    @pytest.mark.parametrize(
        ("outcome", "seconds"),
        [
            (GreetingOutcome.PROMPT, 6),
            (GreetingOutcome.ON_TIME, 5),
            (GreetingOutcome.ON_TIME, 11),
            (GreetingOutcome.LATE, 10),
            (GreetingOutcome.NOT_GREETED, 10),
            (GreetingOutcome.LEFT_BEFORE_TARGET, 11),
        ],
    )
    def test_a_verdict_outcome_is_the_one_its_wait_earns(
        self, outcome: GreetingOutcome, seconds: int
    ) -> None:
        with pytest.raises(InvalidData, match=r"\$\.outcome: expected the outcome"):
            GreetingVerdict(
                outcome=outcome,
                wait=timedelta(seconds=seconds),
                standard=GreetingStandard(),
            )

    def test_only_an_unknown_verdict_has_no_wait(self) -> None:
        standard = GreetingStandard()

        with pytest.raises(InvalidData, match=r"\$\.wait: expected None for UNKNOWN"):
            GreetingVerdict(
                outcome=GreetingOutcome.UNKNOWN, wait=timedelta(0), standard=standard
            )
        with pytest.raises(InvalidData, match=r"\$\.wait: expected a wait for LATE"):
            GreetingVerdict(outcome=GreetingOutcome.LATE, wait=None, standard=standard)

    @given(
        interactions(**LIGHT),
        st.one_of(st.none(), st.just(T0)),
        greeting_standards(),
    )
    def test_every_judged_verdict_passes_the_checks_it_skipped(
        self, interaction: Interaction, as_of: datetime | None, standard: Any
    ) -> None:
        # The audit path builds verdicts without __init__: same rules.
        try:
            verdict = judge_greeting(interaction, standard, as_of=as_of)
        except InvalidData:  # a time out of range in the calendar's zone
            return

        attrs.validate(verdict)

    def test_a_breached_reading_has_nothing_left(self) -> None:
        breached = FIFTEEN.read(T0, as_of=mins(20))

        with pytest.raises(InvalidData, match=r"\$\.remaining: expected timedelta"):
            attrs.evolve(breached, remaining=timedelta(minutes=1))

    @pytest.mark.parametrize("stop", [mins(10), None])
    def test_an_achieved_or_paused_reading_has_no_breach_time(
        self, stop: datetime | None
    ) -> None:
        reading = FIFTEEN.read(T0, stop=stop, pauses=[(mins(5), None)], as_of=mins(12))

        with pytest.raises(InvalidData, match=r"\$\.breach_at: expected None"):
            attrs.evolve(reading, breach_at=mins(15))

    @pytest.mark.parametrize("percentile", ["p50", "p90", "p95"])
    def test_service_level_percentiles_are_never_negative(
        self, percentile: str
    ) -> None:
        level = service_level([])

        with pytest.raises(InvalidData, match=rf"\$\.{percentile}: expected a non"):
            attrs.evolve(level, **{percentile: timedelta(seconds=-1)})


class TestBusinessClock:
    def test_a_business_hours_clock_skips_the_weekend(self) -> None:
        four_hours = TimeTarget(
            target=timedelta(hours=4),
            calendar=BusinessCalendar.weekdays("UTC", open=time(9), close=time(17)),
        )
        friday_4pm = datetime(2026, 6, 5, 16, tzinfo=UTC)
        monday_noon = datetime(2026, 6, 8, 12, tzinfo=UTC)

        at_noon = four_hours.read(friday_4pm, as_of=monday_noon)
        just_after = four_hours.read(
            friday_4pm, as_of=monday_noon + timedelta(microseconds=1)
        )

        assert at_noon.status is TimerStatus.RUNNING
        assert at_noon.breach_at == monday_noon
        assert just_after.status is TimerStatus.BREACHED

    def test_a_clock_on_a_calendar_that_never_opens_has_no_breach_time(self) -> None:
        never = TimeTarget(
            target=timedelta(hours=1), calendar=BusinessCalendar(zone="UTC", hours={})
        )

        reading = never.read(T0, as_of=mins(600))

        assert reading.status is TimerStatus.RUNNING
        assert reading.elapsed == timedelta(0)
        assert reading.breach_at is None


class TestRecoveryStandard:
    def test_default_is_fifteen_minutes_and_twenty_four_hours(self) -> None:
        standard = DEFAULT_RECOVERY_STANDARD

        assert standard.acknowledge.target == timedelta(minutes=15)
        assert standard.resolve.target == timedelta(hours=24)

    def test_acknowledged_at_fifteen_minutes_is_achieved(self) -> None:
        recovery = Recovery(failure_at=T0, acknowledged_at=mins(15))

        reading = DEFAULT_RECOVERY_STANDARD.read(recovery, as_of=mins(60))

        assert reading.acknowledge.status is TimerStatus.ACHIEVED
        assert reading.resolve.status is TimerStatus.RUNNING

    def test_unacknowledged_after_twenty_minutes_is_breached(self) -> None:
        recovery = Recovery(failure_at=T0)

        reading = DEFAULT_RECOVERY_STANDARD.read(recovery, as_of=mins(20))

        assert reading.acknowledge.status is TimerStatus.BREACHED
        assert reading.acknowledge.breach_at == mins(15)

    def test_resolved_after_a_day_is_breached(self) -> None:
        recovery = Recovery(
            failure_at=T0, acknowledged_at=mins(1), resolved_at=mins(24 * 60 + 1)
        )

        reading = DEFAULT_RECOVERY_STANDARD.read(recovery, as_of=mins(3000))

        assert reading.resolve.status is TimerStatus.BREACHED

    def test_only_recoveries_can_be_read(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.recovery"):
            DEFAULT_RECOVERY_STANDARD.read(T0, as_of=T0)  # type: ignore[arg-type]


@st.composite
def clocks(draw: st.DrawFn) -> tuple[datetime | None, list[Pause], datetime]:
    """A stop, some pauses and an as_of, in minutes around T0."""
    minute = st.integers(-30, 300).map(mins)
    stop = draw(st.none() | st.integers(0, 300).map(mins))
    pauses: list[Pause] = []
    for p in draw(st.lists(minute, max_size=4)):
        length = draw(st.none() | st.integers(0, 120))
        pauses.append((p, None if length is None else p + timedelta(minutes=length)))
    return stop, pauses, draw(minute)


class TestTimerLaws:
    @given(time_targets(), clocks())
    def test_elapsed_plus_remaining_is_the_target_unless_breached(
        self,
        target: TimeTarget,
        clock: tuple[datetime | None, list[Pause], datetime],
    ) -> None:
        stop, pauses, as_of = clock

        reading = target.read(T0, stop=stop, pauses=pauses, as_of=as_of)

        if reading.status is TimerStatus.BREACHED:
            assert reading.elapsed > target.target
            assert reading.breach_at is not None
        else:
            assert reading.elapsed + reading.remaining == target.target

    @given(time_targets(), clocks(), st.integers(0, 600))
    def test_elapsed_never_decreases_as_time_goes_on(
        self,
        target: TimeTarget,
        clock: tuple[datetime | None, list[Pause], datetime],
        later: int,
    ) -> None:
        stop, pauses, as_of = clock

        before = target.read(T0, stop=stop, pauses=pauses, as_of=as_of)
        after = target.read(
            T0, stop=stop, pauses=pauses, as_of=as_of + timedelta(minutes=later)
        )

        assert after.elapsed >= before.elapsed

    @given(time_targets(calendar=ALWAYS_OPEN), st.integers(0, 300))
    def test_running_clock_breaches_just_after_breach_at(
        self, target: TimeTarget, minute: int
    ) -> None:
        reading = target.read(T0, as_of=mins(minute))

        if reading.status is TimerStatus.RUNNING:
            assert reading.breach_at is not None
            at_deadline = target.read(T0, as_of=reading.breach_at)
            after = target.read(T0, as_of=reading.breach_at + timedelta(microseconds=1))
            assert at_deadline.status is TimerStatus.RUNNING
            assert after.status is TimerStatus.BREACHED

    @given(
        st.lists(
            st.tuples(st.integers(-60, 200), st.none() | st.integers(-10, 100)),
            max_size=5,
        ),
        st.none() | st.integers(-10, 300),
        st.integers(-60, 400),
    )
    def test_arbitrary_clocks_fail_only_with_invalid_data(
        self,
        raw: list[tuple[int, int | None]],
        stop: int | None,
        as_of: int,
    ) -> None:
        pauses: list[Pause] = [
            (mins(p), None if q is None else mins(p + q)) for p, q in raw
        ]

        try:
            reading = FIFTEEN.read(
                T0,
                stop=None if stop is None else mins(stop),
                pauses=pauses,
                as_of=mins(as_of),
            )
        except InvalidData:
            return

        assert reading.elapsed >= timedelta(0)


class TestStrategies:
    @given(greeting_standards(calendar=ALWAYS_OPEN, target=timedelta(hours=5)))
    def test_pinned_standard_fields_are_kept(self, standard: GreetingStandard) -> None:
        assert standard.calendar is ALWAYS_OPEN
        assert standard.target == timedelta(hours=5)

    @given(time_targets(aspiration=st.none()))
    def test_pinned_time_target_fields_may_be_strategies(
        self, target: TimeTarget
    ) -> None:
        assert target.aspiration is None

    @given(greeting_verdicts(standard=STANDARD, **LIGHT))
    def test_drawn_verdicts_use_the_given_standard(
        self, verdict: GreetingVerdict
    ) -> None:
        assert verdict.standard is STANDARD

    @given(greeting_verdicts(standard=st.just(STANDARD), **LIGHT))
    def test_the_standard_may_be_a_strategy(self, verdict: GreetingVerdict) -> None:
        assert verdict.standard is STANDARD

    @given(st.from_type(GreetingPolicy))
    def test_policies_are_registered_with_from_type(
        self, policy: GreetingPolicy
    ) -> None:
        assert all(
            isinstance(policy.standard_for(c, k), GreetingStandard)
            for c in Channel
            for k in PartyKind
        )


# 23:30 UTC on 31 December 9999 is 1 January 10000 in Kolkata (UTC+5:30);
# midnight at UTC+5 on 1 January of year 1 is year 0 in UTC.
LATE = datetime(9999, 12, 31, 23, 30, tzinfo=UTC)
EARLY = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))
MINUS_5 = timezone(-timedelta(hours=5))
KOLKATA_HOURS = GreetingStandard(
    calendar=BusinessCalendar.weekdays("Asia/Kolkata", open=time(0), close=time(0))
)


class TestDateRangeEdges:
    def test_an_as_of_whose_local_date_is_out_of_range_is_refused(self) -> None:
        arrived = datetime(9999, 12, 31, 12, tzinfo=UTC)  # 17:30 in Kolkata

        with pytest.raises(InvalidData, match=r"\$\.as_of: .*Asia/Kolkata"):
            judge_greeting(visit(arrived_at=arrived), KOLKATA_HOURS, as_of=LATE)

    def test_a_greeting_whose_local_date_is_out_of_range_is_refused(self) -> None:
        arrived = datetime(9999, 12, 31, 12, tzinfo=UTC)
        late_greeting = attrs.evolve(
            visit(arrived_at=arrived), greeting=Greeting(at=LATE)
        )

        with pytest.raises(InvalidData, match=r"\$\.greeting\.at: .*Asia/Kolkata"):
            judge_greeting(late_greeting, KOLKATA_HOURS)

    def test_an_arrival_whose_date_in_utc_is_out_of_range_is_refused(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.arrived_at: .*UTC"):
            judge_greeting(visit(arrived_at=EARLY, ended_after=60), KOLKATA_HOURS)

    def test_around_the_clock_any_two_aware_times_are_measured(self) -> None:
        verdict = judge_greeting(visit(arrived_at=EARLY, ended_after=60))

        assert verdict.outcome is GreetingOutcome.NOT_GREETED

    def test_a_clock_started_out_of_range_is_refused(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.start: .*UTC"):
            FIFTEEN.read(EARLY, as_of=T0)
        with pytest.raises(InvalidData, match=r"\$\.stop: .*UTC"):
            FIFTEEN.read(T0, stop=datetime(9999, 12, 31, 20, tzinfo=MINUS_5), as_of=T0)

    def test_a_pause_out_of_range_is_refused(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.pauses\[1\]\[0\]: .*UTC"):
            FIFTEEN.read(T0, pauses=[(T0, None), (EARLY, None)], as_of=T0)

    def test_a_clock_read_as_of_a_local_date_out_of_range_is_refused(self) -> None:
        clock = TimeTarget(target=timedelta(hours=1), calendar=KOLKATA_HOURS.calendar)

        with pytest.raises(InvalidData, match=r"\$\.as_of: .*Asia/Kolkata"):
            clock.read(datetime(9999, 12, 31, 12, tzinfo=UTC), as_of=LATE)

    def test_a_recovery_that_failed_out_of_range_is_refused(self) -> None:
        failed = Recovery(failure_at=EARLY)

        with pytest.raises(InvalidData, match=r"\$\.recovery\.failure_at: .*UTC"):
            DEFAULT_RECOVERY_STANDARD.read(failed, as_of=T0)

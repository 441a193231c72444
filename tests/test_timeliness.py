"""Tests for moments.timeliness: greeting standards, policies, verdicts,
service levels, time targets and the recovery standard."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from moments import (
    DEFAULT_GREETING_POLICY,
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
    judge_greeting,
    service_level,
)
from moments.strategies import interactions

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)  # a Monday
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
    @given(interactions(), st.sampled_from([None, T0]))
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

    @given(interactions(channel=Channel.IN_PERSON))
    def test_in_person_wait_equals_the_interactions_greeting_wait(
        self, interaction: Interaction
    ) -> None:
        verdict = judge_greeting(interaction)

        if interaction.greeting is not None:
            assert verdict.wait == interaction.greeting_wait

    @given(st.lists(interactions(), max_size=20), st.booleans())
    def test_service_level_share_is_a_fraction_of_eligible(
        self, batch: list[Interaction], exclude: bool
    ) -> None:
        verdicts = [judge_greeting(i, as_of=T0) for i in batch]

        level = service_level(verdicts, exclude_early_leavers=exclude)

        assert level.total == len(batch)
        assert level.within_target <= level.eligible <= level.total
        if level.share is not None:
            assert 0.0 <= level.share <= 1.0

    def test_fast_verdicts_equal_validated_ones(self) -> None:
        verdict = judge_greeting(visit(greeted_after=3), STANDARD)

        rebuilt = GreetingVerdict(
            outcome=verdict.outcome, wait=verdict.wait, standard=verdict.standard
        )

        assert rebuilt == verdict
        assert hash(rebuilt) == hash(verdict)

"""Tests for moments.rules: promotion rules as data, their combinators, and
how each kind evaluates (moments.promotion.evaluate_rule)."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from _support import EARLY, LAST, LATE, only_moments_errors
from moments import (
    AllOf,
    AnyOf,
    Channel,
    Client,
    Consent,
    Consented,
    Contact,
    Criterion,
    Customer,
    Feedback,
    HasContact,
    HasName,
    Interaction,
    MinSpend,
    MinTenure,
    MinVisits,
    Money,
    Not,
    PartyKind,
    Profile,
    Promoter,
    Purchase,
    Purpose,
    RecentVisit,
    Recognised,
    WowCard,
    evaluate_rule,
)
from moments._limits import MAX_RULE_DEPTH
from moments.errors import CurrencyMismatch, InvalidData
from moments.rules import Rule, describe, span
from moments.serialization import dumps, loads, to_dict
from moments.strategies import (
    clients,
    customers,
    feedback,
    interactions,
    rules,
    visits,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
YEAR = relativedelta(days=365)


def eur(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="EUR")


def visit(n: int, at: datetime, party: str = "c-1", **kw: Any) -> Interaction:
    return Interaction(
        id=f"i-{n}",
        channel=Channel.IN_PERSON,
        arrived_at=at,
        party_kind=PartyKind.CUSTOMER,
        party_id=party,
        **kw,
    )


def ada(**kw: Any) -> Customer:
    fields: dict[str, Any] = {"id": "c-1", "first_seen": NOW - timedelta(days=400)}
    fields.update(kw)
    return Customer(**fields)


class TestRuleData:
    def test_each_rule_carries_its_kind_literal(self) -> None:
        rule = MinVisits(3, within=YEAR)

        assert rule.kind == "min_visits"
        assert HasName().kind == "has_name"
        assert (HasName() & HasContact()).kind == "all_of"

    def test_a_rule_refuses_another_kind(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.kind: expected 'has_name'"):
            HasName(kind="min_visits")  # type: ignore[arg-type]

    def test_rules_are_equal_by_value_and_hashable(self) -> None:
        a = MinVisits(3, within=relativedelta(days=365))
        b = MinVisits(n=3, within=relativedelta(days=365))

        assert a == b
        assert hash(a) == hash(b)

    @pytest.mark.parametrize(
        "within",
        [
            relativedelta(year=2026),
            relativedelta(month=1),
            relativedelta(days=-1),
            relativedelta(),
            relativedelta(weekday=0),
            timedelta(days=365),
            365,
        ],
    )
    def test_a_window_is_a_positive_relative_relativedelta(self, within: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.within: expected a relativedelta"):
            MinVisits(3, within=within)

    def test_absolute_fields_come_with_a_fix(self) -> None:
        with pytest.raises(InvalidData, match="use plural relative fields"):
            RecentVisit(within=relativedelta(years=1, month=2))

    def test_a_zero_tenure_is_allowed(self) -> None:
        rule = MinTenure(relativedelta())

        assert span(rule.tenure) == "0 days"

    @pytest.mark.parametrize("n", [0, -1, True, 2.0])
    def test_visits_need_a_positive_integer(self, n: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.n"):
            MinVisits(n)

    @pytest.mark.parametrize("amount", [eur("0"), eur("-1"), Decimal(5)])
    def test_spend_needs_positive_money(self, amount: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.amount"):
            MinSpend(amount)

    @pytest.mark.parametrize(
        "channels", [frozenset(), frozenset({"fax"}), "email", frozenset({1})]
    )
    def test_contact_channels_are_email_and_or_phone(self, channels: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.channels"):
            HasContact(channels=channels)

    @pytest.mark.parametrize("score", [11, -1, None])
    def test_a_promoter_threshold_is_an_nps_score(self, score: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.min_nps"):
            Promoter(min_nps=score)

    def test_zero_wow_cards_is_not_a_threshold(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.min_wow_cards"):
            Recognised(min_wow_cards=0)

    def test_combinators_need_at_least_one_rule(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.rules: expected at least one"):
            AllOf(rules=())

    def test_combinators_hold_only_rules(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.rules\[1\]"):
            AnyOf(rules=(HasName(), "name"))  # type: ignore[arg-type]

    def test_not_holds_a_rule(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.rule: expected a promotion rule"):
            Not("name")  # type: ignore[arg-type]


class TestCombinators:
    def test_and_builds_a_flat_all_of(self) -> None:
        a, b, c = HasName(), HasContact(), Consented()

        combined = a & b & c

        assert combined == AllOf(rules=(a, b, c))

    def test_or_builds_a_flat_any_of(self) -> None:
        a, b, c = Promoter(), Recognised(), HasName()

        assert (a | (b | c)) == AnyOf(rules=(a, b, c))

    def test_and_keeps_an_any_of_as_one_part(self) -> None:
        either = Promoter() | Recognised()

        combined = HasName() & either

        assert combined.rules == (HasName(), either)

    def test_invert_builds_not(self) -> None:
        assert ~HasName() == Not(HasName())

    def test_combining_with_a_non_rule_is_a_type_error(self) -> None:
        with pytest.raises(TypeError):
            HasName() & "consent"  # type: ignore[operator]
        with pytest.raises(TypeError):
            HasName() | 3  # type: ignore[operator]


class TestDescribe:
    @pytest.mark.parametrize(
        ("rule", "text"),
        [
            (HasName(), "name known"),
            (HasContact(channels=frozenset({"phone"})), "phone known"),
            (Consented(purpose=Purpose.MARKETING), "consent to send them marketing"),
            (MinVisits(1), "1 visit on distinct days"),
            (MinSpend(eur("50.00"), within=relativedelta(months=3)),
             "spent 50.00 EUR or more within 3 months"),
            (MinTenure(relativedelta(years=1)), "known for 1 year or more"),
            (RecentVisit(within=relativedelta(weeks=2)), "a visit within 14 days"),
            (Recognised(min_wow_cards=2), "recognised staff on 2 wow cards"),
        ],
    )  # fmt: skip
    def test_every_rule_reads_as_words(self, rule: Any, text: str) -> None:
        assert describe(rule) == text

    def test_describe_refuses_a_non_rule(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.rule"):
            describe("name")  # type: ignore[arg-type]


class TestLeafEvaluation:
    def test_visits_count_distinct_days_in_the_window(self) -> None:
        history = [
            visit(1, NOW - timedelta(days=400)),
            visit(2, NOW - timedelta(days=30, hours=2)),
            visit(3, NOW - timedelta(days=30)),
            visit(4, NOW - timedelta(days=2)),
            visit(5, NOW - timedelta(days=1), party="c-2"),
        ]

        c = evaluate_rule(MinVisits(3, within=YEAR), ada(), history, as_of=NOW)

        assert not c.passed
        assert c.actual == "2 distinct days"
        assert c.evidence == ("i-2", "i-3", "i-4")
        assert c.action == "1 more visit within 365 days"

    def test_the_window_start_is_inclusive(self) -> None:
        history = [visit(1, NOW - timedelta(days=365)), visit(2, NOW)]

        c = evaluate_rule(MinVisits(2, within=YEAR), ada(), history, as_of=NOW)

        assert c.passed
        assert c.action is None

    def test_days_are_local_dates_in_the_zone(self) -> None:
        # 23:30 and 00:30 UTC are two UTC dates but one date in New York.
        late = datetime(2026, 5, 1, 23, 30, tzinfo=UTC)
        history = [visit(1, late), visit(2, late + timedelta(hours=1))]

        utc_days = evaluate_rule(MinVisits(2), ada(), history, as_of=NOW)
        ny_days = evaluate_rule(
            MinVisits(2), ada(), history, as_of=NOW, zone="America/New_York"
        )

        assert utc_days.passed
        assert not ny_days.passed
        assert ny_days.action == "1 more visit"

    def test_interactions_after_as_of_are_ignored(self) -> None:
        history = [visit(1, NOW + timedelta(seconds=1))]

        c = evaluate_rule(RecentVisit(), ada(), history, as_of=NOW)

        assert not c.passed
        assert c.actual == "no visit"
        assert c.action == "invite them back (no visit within 90 days)"

    def test_a_recent_visit_names_the_latest_interaction(self) -> None:
        history = [visit(1, NOW - timedelta(days=100)), visit(2, NOW - timedelta(3))]

        c = evaluate_rule(RecentVisit(), ada(), history, as_of=NOW)

        assert c.passed
        assert c.evidence == ("i-2",)
        assert c.actual == "last visit 3 days ago"

    @pytest.mark.parametrize(
        ("channels", "action"),
        [
            (frozenset({"email", "phone"}), "ask for an email or phone number"),
            (frozenset({"email"}), "ask for an email address"),
            (frozenset({"phone"}), "ask for a phone number"),
        ],
    )
    def test_a_missing_contact_says_what_to_ask(
        self, channels: frozenset[str], action: str
    ) -> None:
        c = evaluate_rule(HasContact(channels=channels), ada(), [], as_of=NOW)

        assert c.action == action
        assert c.actual == "none"

    def test_a_contact_on_another_channel_does_not_count(self) -> None:
        party = ada(contact=Contact(postal_code="AB1 2CD", phone="+44 1"))

        c = evaluate_rule(
            HasContact(channels=frozenset({"email"})), party, [], as_of=NOW
        )

        assert not c.passed

    def test_consent_not_yet_given_at_as_of_does_not_count(self) -> None:
        party = ada(consent=Consent(given_at=NOW + timedelta(days=1)))

        c = evaluate_rule(Consented(), party, [], as_of=NOW)

        assert not c.passed
        assert c.actual.startswith("given from ")
        assert c.action == "ask for consent to keep their details"

    def test_consent_for_another_purpose_does_not_count(self) -> None:
        party = ada(consent=Consent(given_at=NOW, purposes={Purpose.CONTACT}))

        c = evaluate_rule(Consented(), party, [], as_of=NOW)

        assert c.actual == "not given for this purpose"

    def test_spend_sums_purchases_in_the_window_once_each(self) -> None:
        shared = Purchase(at=NOW - timedelta(days=10), amount=eur("20.00"), id="p-1")
        old = Purchase(at=NOW - timedelta(days=100), amount=eur("99.00"), id="p-0")
        party = ada(purchases=(shared, old))
        history = [
            visit(1, NOW - timedelta(days=10, hours=1), purchase=shared),
            visit(
                2,
                NOW - timedelta(days=5),
                purchase=Purchase(at=NOW - timedelta(days=5), amount=eur("17.50")),
            ),
        ]
        rule = MinSpend(eur("50.00"), within=relativedelta(days=90))

        c = evaluate_rule(rule, party, history, as_of=NOW)

        assert not c.passed
        assert c.actual == "37.50 EUR"
        assert c.evidence == ("p-1", "i-2")
        assert c.action == "spend 12.50 EUR more within 90 days"

    def test_spend_in_another_currency_is_a_mismatch(self) -> None:
        gbp = Money(amount=Decimal(5), currency="GBP")
        party = ada(purchases=(Purchase(at=NOW, amount=gbp),))

        with pytest.raises(CurrencyMismatch, match="GBP"):
            evaluate_rule(MinSpend(eur("1")), party, [], as_of=NOW)

    def test_tenure_counts_from_since_for_a_client(self) -> None:
        since = datetime(2025, 6, 11, 12, 0, tzinfo=UTC)
        client = Client(id="c-1", name="Ada", since=since)

        c = evaluate_rule(MinTenure(relativedelta(years=1)), client, [], as_of=NOW)

        assert not c.passed
        assert c.actual == "355 days"
        assert c.action == (
            "keep the relationship going 10 more days (until 2026-06-11)"
        )

    def test_tenure_counts_from_first_seen_for_a_customer(self) -> None:
        c = evaluate_rule(MinTenure(relativedelta(years=1)), ada(), [], as_of=NOW)

        assert c.passed

    def test_a_promoter_is_judged_on_the_latest_answer(self) -> None:
        history = [visit(1, NOW - timedelta(days=9)), visit(2, NOW - timedelta(2))]
        notes = [
            Feedback(interaction_id="i-1", at=NOW - timedelta(days=8), nps=10),
            Feedback(interaction_id="i-2", at=NOW - timedelta(days=1), nps=7),
        ]

        c = evaluate_rule(Promoter(), ada(), history, as_of=NOW, feedback=notes)

        assert not c.passed
        assert c.evidence == ("i-2",)
        assert c.action == "earn an NPS of 9 or more (latest 7)"

    def test_feedback_on_someone_elses_interaction_does_not_count(self) -> None:
        history = [visit(1, NOW - timedelta(days=9), party="c-2")]
        notes = [Feedback(interaction_id="i-1", at=NOW - timedelta(days=8), nps=10)]

        c = evaluate_rule(Promoter(), ada(), history, as_of=NOW, feedback=notes)

        assert not c.passed
        assert c.action == "ask how likely they are to recommend us (NPS)"

    def test_wow_cards_count_towards_recognition(self) -> None:
        card = WowCard(staff_id="s-ana", story="remembered my order")
        history = [visit(1, NOW - timedelta(days=9))]
        notes = [Feedback(interaction_id="i-1", at=NOW - timedelta(days=8), wow=card)]

        one = evaluate_rule(Recognised(), ada(), history, as_of=NOW, feedback=notes)
        two = evaluate_rule(
            Recognised(min_wow_cards=3), ada(), history, as_of=NOW, feedback=notes
        )

        assert one.passed
        assert one.evidence == ("i-1",)
        assert two.action == "exceed their expectations (2 more wow cards to go)"


class TestCombinedEvaluation:
    def test_any_of_lists_every_way_to_pass(self) -> None:
        rule = Promoter() | Recognised()

        c = evaluate_rule(rule, ada(), [], as_of=NOW)

        assert not c.passed
        assert c.actual == "0 of 2 pass"
        assert c.action == (
            "one of: ask how likely they are to recommend us (NPS); "
            "or exceed their expectations (1 more wow card to go)"
        )

    def test_not_passes_when_its_rule_fails(self) -> None:
        c = evaluate_rule(~HasName(), ada(), [], as_of=NOW)

        assert c.passed
        assert c.name == "not name known"

    def test_a_failed_not_says_what_to_stop_meeting(self) -> None:
        c = evaluate_rule(~HasName(), ada(name="Ada"), [], as_of=NOW)

        assert c.action == "no longer meet 'name known' (now known)"

    def test_a_nested_all_of_joins_the_failed_actions(self) -> None:
        rule = HasName() & (HasContact() & Consented())

        c = evaluate_rule(AllOf(rules=(rule,)), ada(name="Ada"), [], as_of=NOW)

        assert c.actual == "0 of 1 pass"
        assert c.action == (
            "ask for an email or phone number; ask for consent to keep their details"
        )


@st.composite
def situations(draw: st.DrawFn) -> tuple[Any, ...]:
    party = draw(customers() | clients(profile=Profile(), transitions=()))
    history = draw(st.lists(visits(party.id), max_size=6))
    ids = [i.id for i in history] or ["i-none"]
    notes = draw(
        st.lists(
            feedback(interaction_id=st.sampled_from(ids), at=st.just(NOW)), max_size=3
        )
    )
    as_of = draw(st.sampled_from([NOW, datetime(2025, 1, 1, tzinfo=UTC)]))
    return party, history, notes, as_of


class TestCriterionData:
    def test_a_passed_criterion_has_no_action(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.action: expected None"):
            Criterion(name="n", passed=True, threshold="t", actual="a", action="x")

    def test_a_failed_criterion_says_what_to_do(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.action"):
            Criterion(name="n", passed=False, threshold="t", actual="a")

    def test_evaluating_a_non_rule_is_refused(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.rule: expected a promotion rule"):
            evaluate_rule("name", ada(), [], as_of=NOW)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("history", "notes", "path"),
        [
            (["i-1"], [], r"\$\.interactions\[0\]"),
            ([], [None], r"\$\.feedback\[0\]"),
        ],
    )
    def test_items_must_be_interactions_and_feedback(
        self, history: list[Any], notes: list[Any], path: str
    ) -> None:
        with pytest.raises(InvalidData, match=path):
            evaluate_rule(HasName(), ada(), history, as_of=NOW, feedback=notes)

    def test_an_unknown_zone_is_refused(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.zone"):
            evaluate_rule(HasName(), ada(), [], as_of=NOW, zone="Mars/Olympus")


class TestStrategies:
    @pytest.mark.parametrize(
        "kind",
        [
            HasName,
            HasContact,
            Consented,
            MinVisits,
            MinSpend,
            MinTenure,
            RecentVisit,
            Promoter,
            Recognised,
            AllOf,
            AnyOf,
            Not,
        ],
    )
    def test_from_type_draws_the_asked_rule_kind(self, kind: type) -> None:
        @given(st.from_type(kind))
        def check(rule: Any) -> None:
            assert type(rule) is kind

        check()

    def test_rules_refuses_a_class_that_is_not_a_rule(self) -> None:
        with pytest.raises(TypeError):
            rules(kind=int)


class TestLaws:
    @given(rules(), situations())
    def test_double_negation_passes_like_the_rule(
        self, rule: Any, situation: tuple[Any, ...]
    ) -> None:
        party, history, notes, as_of = situation

        plain = evaluate_rule(rule, party, history, as_of=as_of, feedback=notes)
        twice = evaluate_rule(~~rule, party, history, as_of=as_of, feedback=notes)

        assert twice.passed == plain.passed

    @given(rules(), rules(), situations())
    def test_and_passes_exactly_when_both_pass(
        self, a: Any, b: Any, situation: tuple[Any, ...]
    ) -> None:
        party, history, notes, as_of = situation

        def passed(rule: Any) -> bool:
            return evaluate_rule(
                rule, party, history, as_of=as_of, feedback=notes
            ).passed

        assert passed(a & b) == (passed(a) and passed(b))
        assert passed(a | b) == (passed(a) or passed(b))

    @given(rules(), situations())
    def test_a_criterion_has_an_action_exactly_when_it_fails(
        self, rule: Any, situation: tuple[Any, ...]
    ) -> None:
        party, history, notes, as_of = situation

        c = evaluate_rule(rule, party, history, as_of=as_of, feedback=notes)

        assert (c.action is None) == c.passed
        assert c.name == describe(rule)
        assert attrs.evolve(c) == c  # re-validated: a valid Criterion

    @given(rules())
    def test_evolving_a_rule_keeps_it_valid(self, rule: Any) -> None:
        assert attrs.evolve(rule) == rule


class TestFuzzing:
    @given(
        st.one_of(st.none(), st.integers(), st.text(), customers()),
        st.lists(st.one_of(st.none(), st.integers(), interactions()), max_size=3),
        st.one_of(st.none(), st.datetimes(), st.just(NOW)),
    )
    def test_bad_input_fails_only_with_a_moments_error(
        self, party: Any, history: list[Any], as_of: Any
    ) -> None:
        with only_moments_errors():
            evaluate_rule(MinVisits(2), party, history, as_of=as_of)


class TestDateRangeEdges:
    def test_an_as_of_whose_date_in_utc_is_out_of_range_is_refused(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.as_of: .*UTC"):
            evaluate_rule(HasName(), ada(first_seen=EARLY), [], as_of=EARLY)

    def test_an_arrival_out_of_range_before_as_of_is_refused(self) -> None:
        history = [visit(1, NOW), visit(2, EARLY)]

        with pytest.raises(InvalidData, match=r"\$\.interactions\[1\]\.arrived_at"):
            evaluate_rule(MinVisits(1), ada(), history, as_of=NOW)

    def test_an_arrival_out_of_range_after_as_of_is_ignored(self) -> None:
        c = evaluate_rule(MinVisits(1), ada(), [visit(1, LAST)], as_of=NOW)

        assert not c.passed

    def test_a_visit_whose_local_date_is_out_of_range_is_refused(self) -> None:
        history = [visit(1, NOW), visit(2, LATE)]

        with pytest.raises(
            InvalidData, match=r"\$\.interactions\[1\]\.arrived_at: .*Asia/Kolkata"
        ):
            evaluate_rule(MinVisits(1), ada(), history, as_of=LATE, zone="Asia/Kolkata")

    def test_a_window_reaching_before_year_1_counts_every_visit(self) -> None:
        start = datetime(1, 1, 1, 12, tzinfo=UTC)
        history = [visit(1, start), visit(2, start + timedelta(days=2))]

        c = evaluate_rule(
            MinVisits(2, within=YEAR),
            ada(first_seen=start),
            history,
            as_of=history[1].arrived_at,
        )

        assert c.passed

    def test_a_purchase_out_of_range_before_as_of_is_refused(self) -> None:
        spender = ada(purchases=(Purchase(at=EARLY, amount=eur("5")),))

        with pytest.raises(InvalidData, match=r"\$\.party\.purchases\[0\]\.at: .*UTC"):
            evaluate_rule(MinSpend(eur("1")), spender, [], as_of=NOW)

    def test_a_purchase_out_of_range_after_as_of_is_ignored(self) -> None:
        spender = ada(purchases=(Purchase(at=LAST, amount=eur("5")),))

        c = evaluate_rule(MinSpend(eur("1")), spender, [], as_of=NOW)

        assert not c.passed

    def test_a_visit_purchase_out_of_range_before_as_of_is_refused(self) -> None:
        bought = visit(1, NOW, purchase=Purchase(at=EARLY, amount=eur("5")))

        with pytest.raises(
            InvalidData, match=r"\$\.interactions\[0\]\.purchase\.at: .*UTC"
        ):
            evaluate_rule(MinSpend(eur("1")), ada(), [bought], as_of=NOW)

    def test_feedback_out_of_range_is_refused_before_as_of_and_ignored_after(
        self,
    ) -> None:
        early = Feedback(interaction_id="i-1", at=EARLY, nps=10)
        late = Feedback(interaction_id="i-1", at=LAST, nps=10)

        c = evaluate_rule(
            Promoter(), ada(), [visit(1, NOW)], as_of=NOW, feedback=[late]
        )

        assert not c.passed
        with pytest.raises(InvalidData, match=r"\$\.feedback\[1\]\.at: .*UTC"):
            evaluate_rule(
                Promoter(), ada(), [visit(1, NOW)], as_of=NOW, feedback=[late, early]
            )

    def test_a_tenure_ending_after_the_year_9999_is_refused(self) -> None:
        newcomer = ada(first_seen=datetime(9999, 6, 1, tzinfo=UTC))

        with pytest.raises(InvalidData, match=r"\$\.party\.first_seen: .*10000"):
            evaluate_rule(MinTenure(relativedelta(years=1)), newcomer, [], as_of=LATE)


# -- nesting -----------------------------------------------------------------

Wrap = Callable[[Any, int], Any]
"""One more level around a rule: ``wrap(rule, level)``."""

WRAPS: dict[str, Wrap] = {
    "~": lambda r, n: ~r,
    "& and |": lambda r, n: (r & HasContact()) if n % 2 else (r | Promoter()),
    "Not()": lambda r, n: Not(r),
    "AllOf()": lambda r, n: AllOf(rules=(HasName(), r)),
    "AnyOf()": lambda r, n: AnyOf(rules=(r,)),
    "mixed": lambda r, n: [Not(r), AllOf(rules=(r,)), AnyOf(rules=(r, r))][n % 3],
}
"""Ways to nest one level deeper (``&`` and ``|`` alternate: ``a & b & c``
is one level, flattened)."""


def nested(depth: int, wrap: Wrap = WRAPS["~"], leaf: Any = None) -> Any:
    rule = HasName() if leaf is None else leaf
    for level in range(depth):
        rule = wrap(rule, level)
    return rule


def depth_of(rule: Any) -> int:
    """Levels of ~, & and | in ``rule``, counted from its fields."""
    if isinstance(rule, Not):
        return 1 + depth_of(rule.rule)
    if isinstance(rule, AllOf | AnyOf):
        return 1 + max(depth_of(part) for part in rule.rules)
    return 0


_TOO_DEEP = (
    "$.rule: expected a rule at most 31 levels of ~, & and | deep (this Not "
    "adds one, and moments._limits.MAX_RULE_DEPTH is 32), got a rule 32 levels "
    "deep"
)


class TestNesting:
    def test_rules_nest_at_most_max_rule_depth(self) -> None:
        deepest = nested(MAX_RULE_DEPTH)

        with pytest.raises(InvalidData) as caught:
            ~deepest

        assert depth_of(deepest) == MAX_RULE_DEPTH == 32
        assert caught.value.errors == (_TOO_DEEP,)

    @pytest.mark.parametrize("wrap", list(WRAPS.values()), ids=list(WRAPS))
    def test_every_combinator_stops_one_level_past_the_limit(self, wrap: Wrap) -> None:
        deepest = nested(MAX_RULE_DEPTH, wrap)

        with pytest.raises(InvalidData, match="MAX_RULE_DEPTH is 32"):
            wrap(deepest, MAX_RULE_DEPTH)

        assert depth_of(deepest) == MAX_RULE_DEPTH

    def test_inverting_a_rule_five_thousand_times_stops_at_the_limit(self) -> None:
        rule: Any = HasName()
        refused: list[InvalidData] = []

        for _ in range(5000):
            try:
                rule = ~rule
            except InvalidData as err:
                refused.append(err)

        assert depth_of(rule) == MAX_RULE_DEPTH
        assert len(refused) == 5000 - MAX_RULE_DEPTH
        assert {err.errors for err in refused} == {(_TOO_DEEP,)}

    def test_a_combinator_names_the_part_that_is_too_deep(self) -> None:
        deepest = nested(MAX_RULE_DEPTH)

        with pytest.raises(InvalidData) as caught:
            AnyOf(rules=(HasName(), Promoter(), deepest))

        assert caught.value.errors[0].startswith("$.rules[2]: expected a rule at")
        assert "this AnyOf adds one" in caught.value.errors[0]

    def test_evolve_cannot_nest_deeper_than_the_limit(self) -> None:
        shallow = Not(HasName())

        with pytest.raises(InvalidData, match="MAX_RULE_DEPTH"):
            attrs.evolve(shallow, rule=nested(MAX_RULE_DEPTH))

    @pytest.mark.parametrize("wrap", list(WRAPS.values()), ids=list(WRAPS))
    def test_the_deepest_rule_prints_hashes_compares_dumps_and_loads(
        self, wrap: Wrap
    ) -> None:
        deepest = nested(MAX_RULE_DEPTH, wrap, leaf=MinSpend(eur("5")))
        again = nested(MAX_RULE_DEPTH, wrap, leaf=MinSpend(eur("5")))

        back = loads(type(deepest), dumps(deepest))

        assert repr(deepest) == repr(again)
        assert hash(deepest) == hash(again)
        assert deepest == again == back
        assert to_dict(back) == to_dict(deepest)
        assert describe(deepest).count("spent") >= 1

    def test_the_deepest_rule_evaluates(self) -> None:
        deepest = nested(MAX_RULE_DEPTH)

        c = evaluate_rule(deepest, ada(name="Ada"), [], as_of=NOW)

        assert c.passed  # an even number of nots around "name known"

    def test_an_unpickled_rule_counts_its_own_depth(self) -> None:
        almost = pickle.loads(pickle.dumps(nested(MAX_RULE_DEPTH - 1)))

        deepest = ~almost

        with pytest.raises(InvalidData, match="MAX_RULE_DEPTH"):
            ~deepest
        with pytest.raises(InvalidData, match="MAX_RULE_DEPTH"):
            ~pickle.loads(pickle.dumps(deepest))

    def test_the_depth_is_not_part_of_the_value(self) -> None:
        rule = nested(3, WRAPS["mixed"])

        copy = pickle.loads(pickle.dumps(rule))

        assert copy == rule
        assert hash(copy) == hash(rule)
        assert "_depth" not in repr(rule)
        assert "_depth" not in dumps(rule)
        assert "_depth" not in attrs.fields_dict(Not)

    @given(
        st.lists(st.sampled_from(["~", "&", "|", "all", "any"]), max_size=45),
        rules(max_leaves=3),
    )
    def test_a_rule_builds_exactly_when_it_nests_at_most_the_limit(
        self, steps: list[str], start: Rule
    ) -> None:
        rule: Any = start
        depth = depth_of(start)
        for step in steps:
            flat = (step == "&" and type(rule) is AllOf) or (
                step == "|" and type(rule) is AnyOf
            )
            expected = depth if flat else depth + 1
            build = {
                "~": lambda r: ~r,
                "&": lambda r: r & HasName(),
                "|": lambda r: r | HasName(),
                "all": lambda r: AllOf(rules=(r,)),
                "any": lambda r: AnyOf(rules=(HasName(), r)),
            }[step]
            if expected > MAX_RULE_DEPTH:
                with pytest.raises(InvalidData, match="MAX_RULE_DEPTH"):
                    build(rule)
                return
            rule = build(rule)
            depth = expected

            assert depth_of(rule) == depth
        assert attrs.evolve(rule) == rule
        assert hash(rule) == hash(pickle.loads(pickle.dumps(rule)))

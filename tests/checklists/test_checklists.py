"""Checklists, audits and their scores: models, golden cases, laws, and the
compiled auditor held to a plain reference interpreter."""

from __future__ import annotations

import pickle
import random
import typing
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from moments import (
    Channel,
    Delivery,
    Expectation,
    Greeting,
    Interaction,
    InvalidData,
    Moment,
    NaiveDatetimeError,
    PartyKind,
)
from moments import checks as k
from moments._time import elapsed
from moments.checklists import (
    Audit,
    Auditor,
    Calibration,
    Checklist,
    ChecklistItem,
    ItemResult,
    Outcome,
    audit,
    calibrate,
)
from moments.standards import gold_standard
from moments.strategies import interactions
from moments.strategies._checklists import audits, checklist_items, checklists
from moments.timeliness import DEFAULT_GREETING_POLICY, GreetingOutcome, judge_greeting

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
PASS, FAIL, NA = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE
heavy = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def visit(**kw: Any) -> Interaction:
    fields: dict[str, Any] = {
        "id": "i-1",
        "channel": Channel.IN_PERSON,
        "party_kind": PartyKind.CLIENT,
        "arrived_at": T0,
    }
    fields.update(kw)
    return Interaction(**fields)


def observed(item_id: str, weight: int, **kw: Any) -> ChecklistItem:
    return ChecklistItem(
        id=item_id,
        moment=kw.pop("moment", Moment.GREETING),
        text=f"item {item_id}",
        check=k.Observed(),
        weight=weight,
        **kw,
    )


def rubric(**flags: dict[str, Any]) -> Checklist:
    """The 35-point rubric: a 10, b 8, c 6, d 5, e 4, f 2."""
    weights = {"a": 10, "b": 8, "c": 6, "d": 5, "e": 4, "f": 2}
    return Checklist(
        name="rubric",
        version=1,
        items=tuple(observed(i, w, **flags.get(i, {})) for i, w in weights.items()),
    )


RATED = {"a": PASS, "b": FAIL, "c": PASS, "d": PASS, "e": FAIL, "f": FAIL}


# -- a plain reference interpreter -----------------------------------------


def _reference_outcome(
    item: ChecklistItem,
    x: Interaction,
    as_of: datetime,
    ratings: Mapping[str, Outcome],
) -> Outcome:
    if x.channel not in item.channels or x.party_kind not in item.party_kinds:
        return NA
    c = item.check
    if isinstance(c, k.GreetingTimely):
        verdict = judge_greeting(x, c.standard or DEFAULT_GREETING_POLICY, as_of=as_of)
        if verdict.outcome.within_target:
            return PASS
        if verdict.outcome in (GreetingOutcome.LATE, GreetingOutcome.NOT_GREETED):
            return FAIL
        return NA
    if isinstance(c, k.Observed):
        return ratings.get(item.id, NA)
    ok: bool
    if isinstance(c, k.GreetedByName):
        ok = bool(x.greeting and x.greeting.used_name)
    elif isinstance(c, k.FarewellByName):
        ok = bool(x.goodbye and x.goodbye.used_name)
    elif isinstance(c, k.Thanked):
        ok = bool(x.goodbye and x.goodbye.thanked)
    elif isinstance(c, k.Probed):
        ok = bool(x.information and x.information.probed)
    elif isinstance(c, k.InformationCollected):
        got = x.information.collected if x.information else frozenset()
        ok = len(got & c.fields) >= c.min_count
    elif isinstance(c, k.OfferPersonalised):
        ok = bool(x.offer and x.offer.based_on & c.fields)
    elif isinstance(c, k.ExpectationMet):
        ok = bool(x.delivery and x.delivery.expectation >= Expectation.MET)
    elif isinstance(c, k.ExpectationExceeded):
        ok = bool(x.delivery and x.delivery.expectation is Expectation.EXCEEDED)
    elif isinstance(c, k.FollowUpScheduled):
        fu = x.follow_up
        end = x.ended_at or x.arrived_at
        ok = (
            fu is not None
            and (fu.set_at is None or elapsed(fu.set_at, as_of) >= timedelta(0))
            and elapsed(end, fu.due) <= c.within
        )
    elif isinstance(c, k.FollowUpDone):
        fu = x.follow_up
        if fu is None:
            return NA
        done = fu.done_at
        if done is not None and elapsed(done, as_of) >= timedelta(0):
            ok = elapsed(done, fu.due) >= timedelta(0)
        elif elapsed(fu.due, as_of) < timedelta(0):
            return NA
        else:
            ok = False
    elif isinstance(c, k.RecoveryAcknowledged | k.RecoveryResolved):
        r = x.recovery
        if r is None or elapsed(r.failure_at, as_of) < timedelta(0):
            return NA
        stamp = (
            r.acknowledged_at
            if isinstance(c, k.RecoveryAcknowledged)
            else r.resolved_at
        )
        if stamp is not None and elapsed(stamp, as_of) >= timedelta(0):
            ok = elapsed(r.failure_at, stamp) <= c.within
        elif elapsed(r.failure_at, as_of) > c.within:
            ok = False
        else:
            return NA
    else:  # pragma: no cover - every kind is listed above
        raise AssertionError(c)
    return PASS if ok else FAIL


def reference(
    checklist: Checklist,
    x: Interaction,
    as_of: datetime | None = None,
    ratings: Mapping[str, Outcome] | None = None,
) -> tuple[list[Outcome], Fraction | None, Fraction | None, bool]:
    """Outcomes, raw score, score and passed, computed the obvious way."""
    at = as_of or x.latest
    outcomes = [_reference_outcome(i, x, at, ratings or {}) for i in checklist.items]
    earned = possible = 0
    critical = False
    for item, outcome in zip(checklist.items, outcomes, strict=True):
        if outcome is PASS:
            earned += item.weight
        if outcome is not NA and not item.bonus:
            possible += item.weight
        if outcome is FAIL and item.critical:
            critical = True
    raw = None if possible == 0 else min(Fraction(1), Fraction(earned, possible))
    score = Fraction(0) if critical else raw
    passed = not critical and score is not None and score >= checklist.pass_mark
    return outcomes, raw, score, passed


# -- models ----------------------------------------------------------------


class TestChecklistValidation:
    def item(self, **kw: Any) -> ChecklistItem:
        fields: dict[str, Any] = {
            "id": "x",
            "moment": Moment.GOODBYE,
            "text": "Thanked",
            "check": k.Thanked(),
        }
        fields.update(kw)
        return ChecklistItem(**fields)

    def test_defaults_apply_to_every_party_kind_and_channel(self) -> None:
        item = self.item()

        assert item.party_kinds == frozenset(PartyKind)
        assert item.channels == frozenset(Channel)
        assert (item.weight, item.critical, item.bonus) == (1, False, False)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("id", ""),
            ("moment", "greeting"),
            ("text", 3),
            ("check", "thanked"),
            ("weight", -1),
            ("weight", 1.0),
            ("weight", True),
            ("critical", 1),
            ("party_kinds", frozenset()),
            ("channels", frozenset({"phone"})),
        ],
    )
    def test_invalid_item_fields_name_the_field(self, field: str, value: Any) -> None:
        with pytest.raises(InvalidData, match=rf"\$\.{field}"):
            self.item(**{field: value})

    def test_a_bonus_item_cannot_be_critical(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.bonus: .*critical"):
            self.item(critical=True, bonus=True)

    def test_weight_zero_is_allowed(self) -> None:
        assert self.item(weight=0).weight == 0

    def test_item_ids_must_be_unique(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.items\[1\]\.id: .*'x'"):
            Checklist(name="c", version=1, items=(self.item(), self.item()))

    def test_a_checklist_needs_at_least_one_item(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.items"):
            Checklist(name="c", version=1, items=())

    @pytest.mark.parametrize("version", [0, -1, "1", True])
    def test_version_is_an_integer_from_one(self, version: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.version"):
            Checklist(name="c", version=version, items=(self.item(),))

    @pytest.mark.parametrize("mark", [-0.01, 1.01, float("nan"), True, "0.8"])
    def test_pass_mark_is_a_number_from_zero_to_one(self, mark: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.pass_mark"):
            Checklist(name="c", version=1, items=(self.item(),), pass_mark=mark)

    def test_a_list_of_items_becomes_a_tuple(self) -> None:
        checklist = Checklist(name="c", version=1, items=[self.item()])

        assert checklist.items == (self.item(),)
        assert checklist.pass_mark == 0.85
        assert checklist.label == "c@1"

    def test_items_are_found_by_id(self) -> None:
        checklist = Checklist(name="c", version=1, items=(self.item(),))

        assert checklist["x"].text == "Thanked"
        with pytest.raises(KeyError):
            checklist["y"]

    def test_html_escapes_text(self) -> None:
        item = self.item(text="<b>Thanked</b>")

        html = Checklist(name="c", version=1, items=(item,))._repr_html_()

        assert "&lt;b&gt;Thanked" in html
        assert "<b>Thanked" not in html


class TestItemResultAndAudit:
    def test_a_result_cannot_be_bonus_and_critical(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.bonus"):
            ItemResult(
                item_id="a",
                moment=Moment.GREETING,
                outcome=PASS,
                weight=1,
                critical=True,
                bonus=True,
            )

    def test_audit_results_must_have_unique_ids(self) -> None:
        x = visit()
        one = Auditor(rubric()).audit(x)

        with pytest.raises(InvalidData, match=r"\$\.results\[1\]\.item_id"):
            attrs.evolve(one, results=(one.results[0], one.results[0]))

    def test_audits_pickle_and_compare_by_stored_fields(self) -> None:
        a = Auditor(rubric()).audit(visit(), ratings=RATED, reviewer="r-ana")
        a.score

        copy = pickle.loads(pickle.dumps(a))

        assert copy == a
        assert hash(copy) == hash(a)
        assert copy.score == Fraction(3, 5)

    @pytest.mark.parametrize(
        "cls",
        [
            Audit,
            Calibration,
            Checklist,
            ChecklistItem,
            ItemResult,
            *k.CHECK_KINDS.values(),
        ],
    )
    def test_annotations_resolve_for_serialization(self, cls: type) -> None:
        hints = typing.get_type_hints(cls)

        assert set(hints) >= {a.name for a in attrs.fields(cls)}

    def test_result_finds_an_item_by_id(self) -> None:
        a = Auditor(rubric()).audit(visit(), ratings=RATED)

        assert a.result("b").outcome is FAIL
        with pytest.raises(KeyError):
            a.result("z")

    def test_html_shows_the_score_and_escapes_details(self) -> None:
        a = Auditor(rubric()).audit(visit(id="<i>"), ratings=RATED)

        html = a._repr_html_()

        assert "60.0%" in html
        assert "&lt;i&gt;" in html


# -- scoring: golden cases -------------------------------------------------


class TestGoldenScores:
    def test_35_point_rubric_with_21_earned_scores_60_percent(self) -> None:
        a = Auditor(rubric()).audit(visit(), ratings=RATED)

        assert (a.earned, a.possible) == (21, 35)
        assert a.score == Fraction(3, 5)
        assert not a.passed

    def test_marking_a_5_point_section_na_gives_16_of_30(self) -> None:
        ratings = {**RATED, "d": NA}

        a = Auditor(rubric()).audit(visit(), ratings=ratings)

        assert a.score == Fraction(16, 30)
        assert round(float(a.score) * 100, 1) == 53.3

    def test_a_critical_failure_scores_zero_and_keeps_the_raw_score(self) -> None:
        checklist = rubric(b={"critical": True})

        a = Auditor(checklist).audit(visit(), ratings=RATED)

        assert a.score == 0
        assert a.raw_score == Fraction(3, 5)
        assert a.critical_failures == ("b",)
        assert a.by_moment == {Moment.GREETING: Fraction(3, 5)}
        assert not a.passed

    def test_everything_not_applicable_scores_none(self) -> None:
        a = Auditor(rubric()).audit(visit())

        assert a.score is None
        assert a.raw_score is None
        assert not a.passed
        assert a.by_moment == {Moment.GREETING: None}
        assert Auditor(rubric()).score(visit()) is None

    def test_bonus_items_only_add_and_the_score_caps_at_one(self) -> None:
        checklist = Checklist(
            name="c",
            version=1,
            items=(observed("a", 4), observed("b", 1), observed("x", 2, bonus=True)),
        )
        auditor = Auditor(checklist)

        with_bonus = auditor.audit(visit(), ratings={"a": PASS, "b": FAIL, "x": PASS})
        capped = auditor.audit(visit(), ratings={"a": PASS, "b": PASS, "x": PASS})
        missed = auditor.audit(visit(), ratings={"a": PASS, "b": FAIL, "x": FAIL})

        assert with_bonus.score == 1
        assert (with_bonus.bonus_earned, with_bonus.possible) == (2, 5)
        assert capped.score == 1
        assert missed.score == Fraction(4, 5)

    def test_a_score_exactly_at_the_pass_mark_passes(self) -> None:
        items = tuple(observed(f"i{n}", 1) for n in range(20))
        checklist = Checklist(name="c", version=1, items=items, pass_mark=0.85)
        everyone = {f"i{n}": PASS for n in range(20)}
        fails = {**everyone, "i0": FAIL, "i1": FAIL, "i2": FAIL}
        one_more = {**fails, "i3": FAIL}

        at_mark = Auditor(checklist).audit(visit(), ratings=fails)
        below = Auditor(checklist).audit(visit(), ratings=one_more)

        assert at_mark.score == Fraction(17, 20)
        assert at_mark.passed
        assert not below.passed

    def test_the_score_is_item_weighted_not_the_mean_of_moments(self) -> None:
        checklist = Checklist(
            name="c",
            version=1,
            items=(
                observed("a", 3, moment=Moment.GREETING),
                observed("b", 1, moment=Moment.GOODBYE),
            ),
        )

        a = Auditor(checklist).audit(visit(), ratings={"a": PASS, "b": FAIL})

        assert a.score == Fraction(3, 4)
        assert a.by_moment == {Moment.GREETING: 1, Moment.GOODBYE: 0}


class TestApplicability:
    def test_items_for_another_party_kind_or_channel_are_not_applicable(self) -> None:
        checklist = Checklist(
            name="c",
            version=1,
            items=(
                observed("clients", 1, party_kinds={PartyKind.CLIENT}),
                observed("phone", 1, channels={Channel.PHONE}),
            ),
        )
        x = visit(party_kind=PartyKind.CUSTOMER)

        a = Auditor(checklist).audit(x, ratings={"clients": PASS, "phone": PASS})

        assert [r.outcome for r in a.results] == [NA, NA]
        assert [r.detail for r in a.results] == [
            "does not apply to customers",
            "does not apply to the in_person channel",
        ]


class TestAuditor:
    def test_as_of_defaults_to_the_latest_timestamp(self) -> None:
        x = visit(greeting=Greeting(at=T0 + timedelta(seconds=4)))

        a = Auditor(rubric()).audit(x)

        assert a.as_of == x.latest == T0 + timedelta(seconds=4)

    def test_the_audit_records_who_where_and_what(self) -> None:
        x = visit(
            staff_id="s-ana",
            location_id="l-north",
            greeting=Greeting(at=T0 + timedelta(seconds=4)),
            delivery=Delivery(expectation=Expectation.EXCEEDED),
        )
        checklist = Checklist(
            name="g",
            version=2,
            items=(
                ChecklistItem(
                    id="g", moment=Moment.GREETING, text="t", check=k.GreetingTimely()
                ),
            ),
        )

        a = Auditor(checklist).audit(x, reviewer="r-ben")

        assert (a.staff_id, a.location_id, a.reviewer) == ("s-ana", "l-north", "r-ben")
        assert (a.checklist_name, a.checklist_version) == ("g", 2)
        assert a.greeting_outcome is GreetingOutcome.PROMPT
        assert a.greeting_wait == timedelta(seconds=4)
        assert a.expectation is Expectation.EXCEEDED

    def test_without_a_greeting_item_the_greeting_fields_are_none(self) -> None:
        a = Auditor(rubric()).audit(visit(greeting=Greeting(at=T0)))

        assert (a.greeting_outcome, a.greeting_wait, a.expectation) == (
            None,
            None,
            None,
        )

    def test_a_rating_for_an_unknown_item_is_invalid(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.ratings\.zz: .*rubric@1"):
            Auditor(rubric()).audit(visit(), ratings={"zz": PASS})

    def test_a_rating_for_a_computed_item_is_invalid(self) -> None:
        checklist = Checklist(
            name="c",
            version=1,
            items=(
                ChecklistItem(
                    id="t", moment=Moment.GOODBYE, text="t", check=k.Thanked()
                ),
            ),
        )

        with pytest.raises(InvalidData, match=r"\$\.ratings\.t: .*'thanked'"):
            Auditor(checklist).audit(visit(), ratings={"t": PASS})

    def test_a_rating_must_be_an_outcome(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.ratings\.a: .*'pass'"):
            Auditor(rubric()).audit(visit(), ratings={"a": "pass"})  # type: ignore[dict-item]

    def test_an_unknown_custom_name_fails_at_construction(self) -> None:
        checklist = Checklist(
            name="c",
            version=1,
            items=(
                ChecklistItem(
                    id="v", moment=Moment.GREETING, text="t", check=k.Custom(name="vip")
                ),
            ),
        )

        with pytest.raises(InvalidData, match=r"\$\.custom\.vip: .*item 'v'"):
            Auditor(checklist)
        with pytest.raises(InvalidData, match=r"\$\.custom\.vip: expected a callable"):
            Auditor(checklist, custom={"vip": "yes"})  # type: ignore[dict-item]

    @pytest.mark.parametrize("bad", [None, "c", rubric().items[0]])
    def test_the_checklist_must_be_a_checklist(self, bad: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.checklist"):
            Auditor(bad)

    def test_score_and_audit_reject_what_is_not_an_interaction(self) -> None:
        auditor = Auditor(rubric())

        with pytest.raises(InvalidData, match=r"\$\.interaction"):
            auditor.score("i-1")  # type: ignore[arg-type]
        with pytest.raises(InvalidData, match=r"\$\.interaction"):
            auditor.audit(None)  # type: ignore[arg-type]

    def test_a_naive_as_of_is_rejected(self) -> None:
        auditor = Auditor(rubric())
        naive = datetime(2026, 6, 1, 9, 0)

        with pytest.raises(NaiveDatetimeError, match=r"\$\.as_of"):
            auditor.score(visit(), as_of=naive)
        with pytest.raises(NaiveDatetimeError, match=r"\$\.as_of"):
            auditor.audit(visit(), as_of=naive)

    def test_an_auditor_keeps_its_checklist_read_only(self) -> None:
        auditor = Auditor(rubric())

        with pytest.raises(AttributeError):
            auditor.checklist = rubric()  # type: ignore[misc]
        assert repr(auditor) == "Auditor(rubric@1)"
        assert dict(auditor.custom) == {}

    def test_the_one_off_audit_matches_the_auditor(self) -> None:
        x = visit()

        assert audit(x, rubric(), ratings=RATED) == Auditor(rubric()).audit(
            x, ratings=RATED
        )


# -- laws ------------------------------------------------------------------


def _scores(a: Audit) -> tuple[Fraction | None, Fraction | None, bool]:
    return a.raw_score, a.score, a.passed


class TestLaws:
    @heavy
    @given(checklists(max_items=10), interactions(), st.data())
    def test_the_auditor_agrees_with_the_reference_interpreter(
        self, checklist: Checklist, x: Interaction, data: st.DataObject
    ) -> None:
        as_of = data.draw(
            st.none()
            | st.integers(-60, 40 * 86400).map(
                lambda s: x.arrived_at + timedelta(seconds=s)
            )
        )
        observed_ids = [i.id for i in checklist.items if type(i.check) is k.Observed]
        ratings = {i: data.draw(st.sampled_from(Outcome)) for i in observed_ids}
        auditor = Auditor(checklist)

        got = auditor.audit(x, as_of=as_of, ratings=ratings)
        outcomes, raw, score, passed = reference(checklist, x, as_of, ratings)
        fast = auditor.score(x, as_of=as_of)
        unrated = reference(checklist, x, as_of)[2]

        assert [r.outcome for r in got.results] == outcomes
        assert (got.raw_score, got.score, got.passed) == (raw, score, passed)
        assert fast == (None if unrated is None else float(unrated))

    @heavy
    @given(checklists(), interactions(), checklist_items())
    def test_adding_a_not_applicable_item_never_changes_the_score(
        self, checklist: Checklist, x: Interaction, extra: ChecklistItem
    ) -> None:
        others = frozenset(PartyKind) - {x.party_kind}
        extra = attrs.evolve(extra, id="extra-item", party_kinds=others)
        bigger = attrs.evolve(checklist, items=(*checklist.items, extra))

        before = Auditor(checklist).audit(x)
        after = Auditor(bigger).audit(x)

        assert after.results[-1].outcome is NA
        assert _scores(after) == _scores(before)
        assert after.by_moment.get(extra.moment) == before.by_moment.get(
            extra.moment
        ) or (extra.moment not in before.by_moment)

    @heavy
    @given(checklists(), interactions(), st.integers(1, 10), st.data())
    def test_raising_the_weight_of_a_passed_item_never_lowers_the_score(
        self, checklist: Checklist, x: Interaction, more: int, data: st.DataObject
    ) -> None:
        before = Auditor(checklist).audit(x)
        passed = [n for n, r in enumerate(before.results) if r.outcome is PASS]
        assume(passed and before.score is not None)
        n = data.draw(st.sampled_from(passed))
        items = list(checklist.items)
        items[n] = attrs.evolve(items[n], weight=items[n].weight + more)

        after = Auditor(attrs.evolve(checklist, items=tuple(items))).audit(x)

        assert after.score is not None
        assert after.score >= before.score

    @heavy
    @given(checklists(), interactions(), st.randoms(use_true_random=False))
    def test_reordering_items_never_changes_anything(
        self, checklist: Checklist, x: Interaction, rnd: random.Random
    ) -> None:
        items = list(checklist.items)
        rnd.shuffle(items)
        shuffled = attrs.evolve(checklist, items=tuple(items))

        a = Auditor(checklist).audit(x)
        b = Auditor(shuffled).audit(x)

        assert _scores(a) == _scores(b)
        assert dict(a.by_moment) == dict(b.by_moment)
        assert sorted(a.critical_failures) == sorted(b.critical_failures)
        assert {r.item_id: r for r in a.results} == {r.item_id: r for r in b.results}
        assert Auditor(checklist).score(x) == Auditor(shuffled).score(x)

    @heavy
    @given(audits())
    def test_derived_scores_follow_from_the_results(self, a: Audit) -> None:
        applicable = [r for r in a.results if r.outcome is not NA]

        possible = sum(r.weight for r in applicable if not r.bonus)
        earned = sum(r.weight for r in applicable if r.outcome is PASS and not r.bonus)

        assert (a.possible, a.earned) == (possible, earned)
        assert a.score is None or 0 <= a.score <= 1
        assert not (a.passed and a.critical_failures)
        assert pickle.loads(pickle.dumps(a)) == a

    @heavy
    @given(checklists(), interactions())
    def test_fuzzed_ratings_fail_only_with_invalid_data(
        self, checklist: Checklist, x: Interaction
    ) -> None:
        ratings: Any = {"no-such-item": PASS, checklist.items[0].id: "pass"}

        with pytest.raises(InvalidData):
            Auditor(checklist).audit(x, ratings=ratings)


# -- calibration -----------------------------------------------------------


class TestCalibrate:
    def panel(self, *ratings: dict[str, Outcome]) -> list[Audit]:
        auditor = Auditor(rubric())
        return [
            auditor.audit(visit(), ratings=r, reviewer=f"r-{n}")
            for n, r in enumerate(ratings)
        ]

    def test_consensus_is_the_majority_and_agreement_its_share(self) -> None:
        other = {**RATED, "b": PASS}

        c = calibrate(self.panel(RATED, RATED, other))

        assert c.consensus.result("b").outcome is FAIL
        assert c.consensus.score == Fraction(3, 5)
        assert c.consensus.reviewer is None
        assert c.agreement["b"] == Fraction(2, 3)
        assert c.agreement["a"] == 1
        assert c.disputed == ("b",)
        assert c.reviewers == ("r-0", "r-1", "r-2")

    def test_exactly_ten_points_from_the_consensus_is_within(self) -> None:
        # f (2 points) of 20 applicable: 18/20 vs 20/20 is 10 points.
        base = {"a": PASS, "b": PASS, "f": PASS, "c": NA, "d": NA, "e": NA}
        off_by_ten = {**base, "f": FAIL}
        further = {**base, "b": FAIL}

        within = calibrate(self.panel(base, base, off_by_ten))
        beyond = calibrate(self.panel(base, base, further))

        assert within.within_ten_points == 1
        assert beyond.within_ten_points == Fraction(2, 3)

    def test_a_tie_takes_the_stricter_outcome(self) -> None:
        c = calibrate(self.panel(RATED, {**RATED, "a": FAIL}))

        assert c.consensus.result("a").outcome is FAIL
        assert c.agreement["a"] == Fraction(1, 2)

    def test_audits_of_different_interactions_are_rejected(self) -> None:
        a = Auditor(rubric()).audit(visit(id="i-1"))
        b = Auditor(rubric()).audit(visit(id="i-2"))

        with pytest.raises(InvalidData, match=r"\$\.audits\[1\]\.interaction_id"):
            calibrate([a, b])

    def test_no_audits_is_invalid(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.audits"):
            calibrate([])

    def test_something_that_is_not_an_audit_is_invalid(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.audits\[0\]"):
            calibrate(["audit"])  # type: ignore[list-item]


class TestEdgeCases:
    def test_a_weightless_critical_item_only_ever_zeroes_the_score(self) -> None:
        checklist = Checklist(
            name="c",
            version=1,
            items=(
                ChecklistItem(
                    id="name",
                    moment=Moment.GREETING,
                    text="t",
                    check=k.GreetedByName(),
                    weight=0,
                    critical=True,
                ),
                observed("a", 1),
            ),
        )
        auditor = Auditor(checklist)
        named = visit(greeting=Greeting(at=T0, used_name=True))

        assert auditor.score(named) is None
        assert auditor.score(visit()) == 0.0
        assert auditor.audit(visit(), ratings={"a": PASS}).score == 0

    def test_ratings_must_be_a_mapping(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.ratings"):
            Auditor(rubric()).audit(visit(), ratings=[("a", PASS)])  # type: ignore[arg-type]

    def test_the_policy_must_be_a_greeting_policy(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.policy"):
            Auditor(rubric(), policy=None)  # type: ignore[arg-type]

    def test_many_different_explanations_are_all_kept_right(self) -> None:
        checklist = Checklist(
            name="c",
            version=1,
            items=(
                ChecklistItem(
                    id="g", moment=Moment.GREETING, text="t", check=k.GreetingTimely()
                ),
            ),
        )
        auditor = Auditor(checklist)

        details = [
            auditor.audit(visit(greeting=Greeting(at=T0 + timedelta(seconds=s))))
            .results[0]
            .detail
            for s in range(40)
        ]

        assert details[39] == "greeted after 39 s; target 10 s"
        assert len(set(details)) == 40

    @pytest.mark.parametrize(
        ("field", "value"),
        [("results", "abc"), ("greeting_wait", timedelta(seconds=-1))],
    )
    def test_invalid_audit_fields_name_the_field(self, field: str, value: Any) -> None:
        a = Auditor(rubric()).audit(visit())

        with pytest.raises(InvalidData, match=rf"\$\.{field}"):
            attrs.evolve(a, **{field: value})


class TestCalibrationModel:
    def test_overall_agreement_is_the_mean_item_agreement(self) -> None:
        auditor = Auditor(rubric())
        panel = [
            auditor.audit(visit(), ratings=RATED),
            auditor.audit(visit(), ratings={**RATED, "a": FAIL}),
        ]

        c = calibrate(panel)

        assert c.overall_agreement == Fraction(11, 12)

    def test_audits_against_another_checklist_are_rejected(self) -> None:
        a = Auditor(rubric()).audit(visit())
        other = attrs.evolve(rubric(), version=2)
        b = Auditor(other).audit(visit())

        with pytest.raises(InvalidData, match=r"\$\.audits\[1\]: .*rubric@1"):
            calibrate([a, b])

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("agreement", {"a": 2}),
            ("agreement", "a"),
            ("within_ten_points", Fraction(3, 2)),
            ("reviewers", ("",)),
        ],
    )
    def test_invalid_calibrations_name_the_field(self, field: str, value: Any) -> None:
        c = calibrate([Auditor(rubric()).audit(visit())])

        with pytest.raises(InvalidData, match=rf"\$\.{field}"):
            attrs.evolve(c, **{field: value})


class TestStrategies:
    @settings(heavy, max_examples=25)  # a registration smoke test
    @given(
        st.from_type(Checklist),
        st.from_type(ChecklistItem),
        st.from_type(ItemResult),
        st.from_type(k.InformationCollected),
        st.from_type(Audit),
    )
    def test_every_type_is_registered_for_from_type(
        self,
        checklist: Checklist,
        item: ChecklistItem,
        result: ItemResult,
        check: k.InformationCollected,
        a: Audit,
    ) -> None:
        assert type(checklist) is Checklist
        assert type(item) is ChecklistItem
        assert type(result) is ItemResult
        assert check.min_count <= len(check.fields)
        assert type(a) is Audit

    def test_pinning_an_unknown_field_is_a_type_error(self) -> None:
        with pytest.raises(TypeError, match="nope"):
            checklist_items(nope=1)


class TestDateRangeEdges:
    def test_an_email_that_arrived_out_of_range_is_refused(self) -> None:
        # Midnight at UTC+5 on 1 January of year 1 is year 0 in UTC, where
        # the email standard counts business hours.
        early = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))
        email = visit(channel=Channel.EMAIL, arrived_at=early)
        auditor = Auditor(gold_standard())

        with pytest.raises(InvalidData, match=r"\$\.arrived_at: .*UTC"):
            auditor.audit(email, as_of=T0)
        with pytest.raises(InvalidData, match=r"\$\.arrived_at: .*UTC"):
            auditor.score(email, as_of=T0)

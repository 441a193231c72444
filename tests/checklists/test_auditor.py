"""The Auditor (``moments.checklists.auditor`` and the compiler behind it):
applicability, what an audit records, its errors, the laws of scoring, and
the generated code held to the plain reference interpreter."""

from __future__ import annotations

import linecache
import pickle
import random
import traceback
from datetime import datetime, timedelta, timezone
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _reference import RATED, observed, reference, rubric
from _support import NA, PASS, T0, visit
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
from moments.checklists import (
    Audit,
    Auditor,
    Checklist,
    ChecklistItem,
    Outcome,
    audit,
)
from moments.standards import gold_standard
from moments.strategies import interactions
from moments.strategies._checklists import (
    audits,
    check_kinds,
    checklist_items,
    checklists,
)
from moments.timeliness import GreetingOutcome

heavy = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


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


#: An item's part in the score: its weight and flags.
ROLES: dict[str, dict[str, Any]] = {
    "plain": {"weight": 2},
    "weightless": {"weight": 0},
    "critical": {"weight": 2, "critical": True},
    "weightless critical": {"weight": 0, "critical": True},
    "bonus": {"weight": 2, "bonus": True},
    "weightless bonus": {"weight": 0, "bonus": True},
}


def _around(x: Interaction) -> st.SearchStrategy[datetime]:
    """Times from a minute before arrival to 40 days after."""
    return st.integers(-60, 40 * 86400).map(
        lambda s: x.arrived_at + timedelta(seconds=s)
    )


class TestLaws:
    @heavy
    @given(checklists(max_items=10), interactions(), st.data())
    def test_the_auditor_agrees_with_the_reference_interpreter(
        self, checklist: Checklist, x: Interaction, data: st.DataObject
    ) -> None:
        as_of = data.draw(st.none() | _around(x))
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

    @pytest.mark.parametrize("role", sorted(ROLES))
    @pytest.mark.parametrize(
        "kind",
        [c for c in k.CHECK_KINDS.values() if c is not k.Custom],
        ids=lambda c: c.kind,
    )
    @settings(heavy, max_examples=20)
    @given(data=st.data())
    def test_every_check_kind_in_every_role_agrees_with_the_reference(
        self, kind: type[k.Check], role: str, data: st.DataObject
    ) -> None:
        check = data.draw(check_kinds(kind))
        x = data.draw(interactions())
        as_of = data.draw(st.none() | _around(x))
        item = ChecklistItem(
            id="it", moment=Moment.DELIVERY, text="t", check=check, **ROLES[role]
        )
        checklist = Checklist(name="c", version=1, items=(item, observed("rated", 1)))
        ratings = {"rated": data.draw(st.sampled_from(Outcome))}
        auditor = Auditor(checklist)

        got = auditor.audit(x, as_of=as_of, ratings=ratings)
        outcomes, raw, score, passed = reference(checklist, x, as_of, ratings)
        unrated = reference(checklist, x, as_of)[2]

        assert [r.outcome for r in got.results] == outcomes
        assert (got.raw_score, got.score, got.passed) == (raw, score, passed)
        assert auditor.score(x, as_of=as_of) == (
            None if unrated is None else float(unrated)
        )

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
        # An observed item rated PASS makes sure something passed and the
        # score exists; the item raised is drawn among all that passed.
        sure = observed("rated-pass", data.draw(st.integers(1, 10)))
        checklist = attrs.evolve(checklist, items=(*checklist.items, sure))
        ratings = {
            i.id: data.draw(st.sampled_from(Outcome))
            for i in checklist.items
            if type(i.check) is k.Observed
        }
        ratings[sure.id] = PASS
        before = Auditor(checklist).audit(x, ratings=ratings)
        passed = [n for n, r in enumerate(before.results) if r.outcome is PASS]
        n = data.draw(st.sampled_from(passed))
        items = list(checklist.items)
        items[n] = attrs.evolve(items[n], weight=items[n].weight + more)

        raised = attrs.evolve(checklist, items=tuple(items))
        after = Auditor(raised).audit(x, ratings=ratings)

        assert before.score is not None
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


def _custom_only(*, weight: int = 1, critical: bool = False) -> Checklist:
    item = ChecklistItem(
        id="vip",
        moment=Moment.GREETING,
        text="Recognised a regular",
        check=k.Custom(name="regular"),
        weight=weight,
        critical=critical,
    )
    return Checklist(name="c", version=1, items=(item,))


def _broken(x: Interaction, as_of: datetime) -> Outcome:
    raise LookupError("the loyalty system is down")


def _generated_frames(err: BaseException, what: str) -> list[traceback.FrameSummary]:
    return [
        frame
        for frame in traceback.extract_tb(err.__traceback__)
        if frame.filename.startswith(f"<moments generated {what} c@1 in_person/client")
    ]


class TestGeneratedCode:
    @pytest.mark.parametrize("what", ["scorer", "audit"])
    def test_a_check_raising_inside_generated_code_shows_the_generated_line(
        self, what: str
    ) -> None:
        auditor = Auditor(_custom_only(), custom={"regular": _broken})
        run = auditor.score if what == "scorer" else auditor.audit

        with pytest.raises(LookupError) as caught:
            run(visit())

        frames = _generated_frames(caught.value, what)
        assert len(frames) == 1
        line = linecache.getline(frames[0].filename, frames[0].lineno)
        assert line.strip() == frames[0].line
        assert "custom_check_0(interaction, " in line

    def test_the_generated_file_names_say_which_checklist_channel_and_party(
        self,
    ) -> None:
        auditor = Auditor(_custom_only(), custom={"regular": _broken})
        phone = visit(channel=Channel.PHONE, party_kind=PartyKind.CUSTOMER)

        with pytest.raises(LookupError) as caught:
            auditor.score(phone)

        (frame,) = [
            f
            for f in traceback.extract_tb(caught.value.__traceback__)
            if f.filename.startswith("<moments generated")
        ]
        assert frame.filename.startswith("<moments generated scorer c@1 phone/customer")

    def test_a_custom_check_returning_something_else_names_it(self) -> None:
        def wrong(x: Interaction, as_of: datetime) -> Outcome:
            return "pass"  # type: ignore[return-value]

        auditor = Auditor(_custom_only(), custom={"regular": wrong})

        with pytest.raises(InvalidData, match=r"\$\.custom\.regular: .*'pass'"):
            auditor.score(visit())
        with pytest.raises(InvalidData, match=r"\$\.custom\.regular: .*'pass'"):
            auditor.audit(visit())

    def test_a_weightless_custom_check_is_not_called_when_scoring(self) -> None:
        auditor = Auditor(_custom_only(weight=0), custom={"regular": _broken})

        assert auditor.score(visit()) is None
        with pytest.raises(LookupError):
            auditor.audit(visit())

    @heavy
    @given(checklists(custom=True, max_items=10), interactions(), st.data())
    def test_the_scorer_agrees_with_the_audit_with_custom_checks(
        self, checklist: Checklist, x: Interaction, data: st.DataObject
    ) -> None:
        names = {i.check.name for i in checklist.items if type(i.check) is k.Custom}
        said = {name: data.draw(st.sampled_from(Outcome)) for name in names}
        custom = {name: (lambda o: lambda x, as_of: o)(said[name]) for name in names}
        as_of = data.draw(st.none() | st.just(x.latest + timedelta(days=3)))
        auditor = Auditor(checklist, custom=custom)

        audited = auditor.audit(x, as_of=as_of)
        fast = auditor.score(x, as_of=as_of)

        customs = [
            r.outcome
            for r, i in zip(audited.results, checklist.items, strict=True)
            if type(i.check) is k.Custom and i.applies_to(x.channel, x.party_kind)
        ]
        assert customs == [
            said[i.check.name]
            for i in checklist.items
            if type(i.check) is k.Custom and i.applies_to(x.channel, x.party_kind)
        ]
        assert fast == (None if audited.score is None else float(audited.score))

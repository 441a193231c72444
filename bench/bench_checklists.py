"""Benchmark: the compiled Auditor against hand-written scoring.

Two rows, each a ratio measured in one run:

* ``Auditor.score`` on the gold standard against a hand-written function
  computing the same score with direct attribute access (target <= 1.25);
* ``Auditor.audit`` (every item's result, with its explanation, and the
  Audit) against a hand-written function building the same results and
  the same Audit (target <= 2.5).

Before anything is timed, on every distinct interaction, the auditor and
both hand-written references are checked against the tests' plain
reference interpreter (``tests/_reference.py``: outcomes, raw score, score
and passed), and the hand-written audit against the auditor's (details
too). The hand-written functions are speed references only: the rules are
checked against the one reference the tests use.

Run ``python bench/bench_checklists.py`` (1,000,000 interactions) or with
``--quick`` (20,000) as CI does.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

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
    Offer,
    PartyKind,
    Recovery,
)
from moments._time import elapsed
from moments.checklists import Audit, Auditor, Checklist, ItemResult, Outcome
from moments.checklists.compiler import GREETING_SCORES, duration, greeting_detail
from moments.checks import ABOUT_THEM
from moments.interactions import Moment
from moments.standards import gold_standard
from moments.timeliness import DEFAULT_GREETING_POLICY

# The tests' reference interpreter (tests/_reference.py), whichever
# directory the bench is run from.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from _reference import reference

FULL = 1_000_000
QUICK = 20_000
DISTINCT = 2_000
SCORE_TARGET = 1.25
AUDIT_TARGET = 2.5

CLIENT = PartyKind.CLIENT
BELOW, EXCEEDED = Expectation.BELOW, Expectation.EXCEEDED
PASS, FAIL, NA = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE
REASON = frozenset({InfoField.REASON_FOR_VISIT})
ABOUT = frozenset(
    {InfoField.LIKES, InfoField.DISLIKES, InfoField.PLANS, InfoField.PERSONAL}
)
WEEK, QUARTER, DAY = timedelta(days=7), timedelta(minutes=15), timedelta(hours=24)
ZERO = timedelta(0)
STANDARDS = {c: DEFAULT_GREETING_POLICY.standard_for(c, CLIENT) for c in Channel}
ALWAYS = {c: s.calendar.always_open for c, s in STANDARDS.items()}
TARGETS = {c: s.target for c, s in STANDARDS.items()}


def _interactions(n: int, *, mixed: bool = True) -> list[Interaction]:
    """``n`` interactions from ``DISTINCT`` varied ones: mostly clients in
    person, some by phone, chat and email, a few customers; greetings
    prompt to late or missing; follow-ups and recoveries on some. With
    ``mixed=False``: in person, UTC only (the cheapest interactions, where
    the auditor's own overhead shows most)."""
    rng = random.Random(20260601)
    zones: list[Any] = [UTC, ZoneInfo("Europe/London"), ZoneInfo("America/New_York")]
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    channels = [Channel.IN_PERSON] * 6 + [Channel.PHONE, Channel.CHAT, Channel.EMAIL]
    if not mixed:
        zones, channels = [UTC], [Channel.IN_PERSON]
    fields = list(InfoField)
    distinct = []
    for k in range(DISTINCT):
        zone = rng.choice(zones)
        arrived = start + timedelta(minutes=37 * k)

        def at(seconds: float, base: datetime = arrived, z: object = zone) -> datetime:
            return (base + timedelta(seconds=seconds)).astimezone(z)  # type: ignore[arg-type]

        channel = rng.choice(channels)
        greeting = (
            None
            if rng.random() < 0.08
            else Greeting(at=at(rng.uniform(0, 14)), used_name=rng.random() < 0.7)
        )
        end = rng.uniform(60, 1800)
        follow_up = None
        if rng.random() < 0.6:
            follow_up = FollowUp(
                kind="thank_you",
                set_at=at(end),
                due=at(end + rng.uniform(3600, 9 * 86400)),
                done_at=None
                if rng.random() < 0.2
                else at(end + rng.uniform(600, 9 * 86400)),
            )
        recovery = None
        if rng.random() < 0.15:
            fail = rng.uniform(30, end)
            recovery = Recovery(
                failure_at=at(fail),
                acknowledged_at=at(fail + rng.uniform(10, 1200)),
                resolved_at=None
                if rng.random() < 0.2
                else at(fail + rng.uniform(600, 30 * 3600)),
            )
        distinct.append(
            Interaction(
                id=f"i-{k}",
                channel=channel,
                party_kind=CLIENT if rng.random() < 0.9 else PartyKind.CUSTOMER,
                arrived_at=at(0),
                staff_id=rng.choice(["s-ana", "s-ben", "s-cy"]),
                location_id=rng.choice(["l-north", "l-south"]),
                ended_at=at(end),
                greeting=greeting,
                information=None
                if rng.random() < 0.1
                else Information(
                    collected=frozenset(rng.sample(fields, rng.randint(0, 4))),
                    probed=rng.random() < 0.6,
                ),
                offer=None
                if rng.random() < 0.2
                else Offer(based_on=frozenset(rng.sample(fields, rng.randint(0, 2)))),
                delivery=None
                if rng.random() < 0.05
                else Delivery(expectation=rng.choice(list(Expectation))),
                goodbye=None
                if rng.random() < 0.1
                else Goodbye(
                    at=at(end),
                    thanked=rng.random() < 0.85,
                    used_name=rng.random() < 0.5,
                ),
                follow_up=follow_up,
                recovery=recovery,
            )
        )
    return (distinct * (n // DISTINCT + 1))[:n]


def hand_score(x: Interaction) -> float | None:
    """The gold standard's score, written out by hand."""
    if x.party_kind is not CLIENT:
        return None
    e = b = 0
    p = 18  # every always-judged item but the greeting
    g = x.greeting
    channel = x.channel
    if g is not None and ALWAYS[channel]:
        greeted = PASS if elapsed(x.arrived_at, g.at) <= TARGETS[channel] else FAIL
    else:
        judge_at = x.latest if g is None and x.ended_at is None else None
        greeted = GREETING_SCORES[STANDARDS[channel].judge(x, as_of=judge_at).outcome]
    if greeted is FAIL:
        return 0.0
    if greeted is PASS:
        e += 3
        p += 3
    if g is not None and g.used_name:
        e += 2
    info = x.information
    if info is not None:
        if not info.collected.isdisjoint(REASON):
            e += 2
        if info.probed:
            e += 2
        if not info.collected.isdisjoint(ABOUT):
            e += 1
    offer = x.offer
    if offer is not None and not offer.based_on.isdisjoint(ABOUT_THEM):
        e += 3
    delivery = x.delivery
    if delivery is not None and delivery.expectation is not BELOW:
        e += 3
        if delivery.expectation is EXCEEDED:
            b += 2
    bye = x.goodbye
    if bye is not None:
        if bye.thanked:
            e += 2
        if bye.used_name:
            e += 1
    fu = x.follow_up
    if fu is not None:
        end = x.arrived_at if x.ended_at is None else x.ended_at
        if elapsed(end, fu.due) <= WEEK:
            e += 2
        at = x.latest
        if fu.done_at is not None and elapsed(fu.done_at, at) >= ZERO:
            p += 2
            if elapsed(fu.done_at, fu.due) >= ZERO:
                e += 2
        elif elapsed(fu.due, at) >= ZERO:  # due and not done: a failure
            p += 2
    rc = x.recovery
    if rc is not None:
        for stamp, within in ((rc.acknowledged_at, QUARTER), (rc.resolved_at, DAY)):
            if stamp is not None:
                if elapsed(rc.failure_at, stamp) > within:
                    return 0.0
            elif elapsed(rc.failure_at, x.latest) > within:
                return 0.0
    e += b
    return 1.0 if e >= p else e / p


def _item(
    item_id: str, moment: Moment, outcome: Outcome, weight: int, detail: str
) -> ItemResult:
    return ItemResult(
        item_id=item_id,
        moment=moment,
        outcome=outcome,
        weight=weight,
        critical=False,
        bonus=False,
        detail=detail,
    )


def _flag(ok: bool, missing: bool, yes: str, no: str, none: str) -> tuple[Outcome, str]:
    if missing:
        return FAIL, none
    return (PASS, yes) if ok else (FAIL, no)


def _recovery_result(
    x: Interaction, at: datetime, stamp: datetime | None, verb: str, within: timedelta
) -> tuple[Outcome, str]:
    rc = x.recovery
    if rc is None:
        return NA, "nothing went wrong"
    limit = duration(within)
    if stamp is not None:
        took = elapsed(rc.failure_at, stamp)
        return (PASS if took <= within else FAIL), (
            f"{verb} after {duration(took)}; target {limit}"
        )
    waited = elapsed(rc.failure_at, at)
    if waited > within:
        return FAIL, f"not {verb} after {duration(waited)}; target {limit}"
    return NA, f"not {verb} yet; {duration(within - waited)} left"


def hand_audit(x: Interaction) -> Audit:
    """The gold standard's audit, written out by hand."""
    gold = gold_standard()
    at = x.latest
    verdict = None
    if x.party_kind is not CLIENT:
        results = [
            ItemResult(
                item_id=i.id,
                moment=i.moment,
                outcome=NA,
                weight=i.weight,
                critical=i.critical,
                bonus=i.bonus,
                detail="does not apply to customers",
            )
            for i in gold.items
        ]
    else:
        verdict = STANDARDS[x.channel].judge(x, as_of=at)
        g, info, offer, dl, bye, fu = (
            x.greeting,
            x.information,
            x.offer,
            x.delivery,
            x.goodbye,
            x.follow_up,
        )
        collected = info.collected if info is not None else frozenset()
        results = [
            ItemResult(
                item_id="greeting.timely",
                moment=Moment.GREETING,
                outcome=GREETING_SCORES[verdict.outcome],
                weight=3,
                critical=True,
                bonus=False,
                detail=greeting_detail(verdict),
            ),
        ]
        outcome, detail = _flag(
            g is not None and g.used_name,
            g is None,
            "greeted by name",
            "greeted without the name",
            "not greeted",
        )
        results.append(_item("greeting.name", Moment.GREETING, outcome, 2, detail))
        for item_id, wanted, weight in (
            ("information.reason", REASON, 2),
            ("information.about_them", ABOUT, 1),
        ):
            got = collected & wanted
            names = ", ".join(sorted(f.value for f in got)) or "nothing"
            row = _item(
                item_id,
                Moment.COLLECTING_INFORMATION,
                PASS if got else FAIL,
                weight,
                f"collected {len(got)} of those wanted ({names}); needs 1",
            )
            if item_id == "information.reason":
                results.append(row)
                outcome, detail = _flag(
                    info is not None and info.probed,
                    info is None,
                    "probed beyond the first answer",
                    "took the first answer",
                    "no questions asked",
                )
                results.append(
                    _item(
                        "information.probed",
                        Moment.COLLECTING_INFORMATION,
                        outcome,
                        2,
                        detail,
                    )
                )
            else:
                results.append(row)
        if offer is None:
            outcome, detail = FAIL, "no offer made"
        elif used := offer.based_on & ABOUT_THEM:
            names = ", ".join(sorted(f.value for f in used))
            outcome, detail = PASS, f"offer built on {names}"
        else:
            names = ", ".join(sorted(f.value for f in offer.based_on)) or "nothing"
            outcome, detail = FAIL, f"offer built on {names}, nothing about them"
        results.append(
            _item("storytelling.personalised", Moment.STORYTELLING, outcome, 3, detail)
        )
        if dl is None:
            met = exceeded = (FAIL, "delivery not recorded")
        else:
            text = f"expectation {dl.expectation.value}"
            met = (FAIL if dl.expectation is BELOW else PASS, text)
            exceeded = (PASS if dl.expectation is EXCEEDED else FAIL, text)
        results.append(_item("delivery.met", Moment.DELIVERY, met[0], 3, met[1]))
        results.append(
            ItemResult(
                item_id="delivery.exceeded",
                moment=Moment.DELIVERY,
                outcome=exceeded[0],
                weight=2,
                critical=False,
                bonus=True,
                detail=exceeded[1],
            )
        )
        for item_id, flag, yes, no, weight in (
            ("goodbye.thanked", "thanked", "thanked at the goodbye", "not thanked", 2),
            (
                "goodbye.name",
                "used_name",
                "said goodbye by name",
                "said goodbye without the name",
                1,
            ),
        ):
            outcome, detail = _flag(
                bye is not None and getattr(bye, flag),
                bye is None,
                yes,
                no,
                "no goodbye recorded",
            )
            results.append(_item(item_id, Moment.GOODBYE, outcome, weight, detail))
        if fu is None:
            scheduled = (FAIL, "no follow-up set")
            done = (NA, "no follow-up promised")
        else:
            end = x.arrived_at if x.ended_at is None else x.ended_at
            due = elapsed(end, fu.due)
            scheduled = (
                PASS if due <= WEEK else FAIL,
                f"{fu.kind} due {duration(due)} after the visit; "
                f"limit {duration(WEEK)}",
            )
            if fu.done_at is not None and elapsed(fu.done_at, at) >= ZERO:
                late = elapsed(fu.due, fu.done_at)
                done = (
                    (PASS, f"{fu.kind} done {duration(-late)} before due")
                    if late <= ZERO
                    else (FAIL, f"{fu.kind} done {duration(late)} late")
                )
            elif elapsed(fu.due, at) < ZERO:  # a deadline still ahead at `at`
                done = (NA, f"{fu.kind} not due yet")
            else:
                done = (FAIL, f"{fu.kind} not done by its due time")
        results.append(
            _item(
                "follow_up.scheduled", Moment.FOLLOW_UP, scheduled[0], 2, scheduled[1]
            )
        )
        results.append(_item("follow_up.done", Moment.FOLLOW_UP, done[0], 2, done[1]))
        rc = x.recovery
        for item_id, stamp, verb, within in (
            (
                "recovery.acknowledged",
                rc.acknowledged_at if rc else None,
                "acknowledged",
                QUARTER,
            ),
            ("recovery.resolved", rc.resolved_at if rc else None, "resolved", DAY),
        ):
            outcome, detail = _recovery_result(x, at, stamp, verb, within)
            results.append(
                ItemResult(
                    item_id=item_id,
                    moment=Moment.RECOVERY,
                    outcome=outcome,
                    weight=0,
                    critical=True,
                    bonus=False,
                    detail=detail,
                )
            )
    return Audit(
        interaction_id=x.id,
        checklist_name=gold.name,
        checklist_version=gold.version,
        pass_mark=gold.pass_mark,
        as_of=at,
        results=tuple(results),
        channel=x.channel,
        party_kind=x.party_kind,
        staff_id=x.staff_id,
        location_id=x.location_id,
        reviewer=None,
        greeting_outcome=None if verdict is None else verdict.outcome,
        greeting_wait=None if verdict is None else verdict.wait,
        expectation=None if x.delivery is None else x.delivery.expectation,
    )


def _best_pair(
    ours: Callable[[], object], ref: Callable[[], object], repeats: int
) -> tuple[float, float]:
    """Best times of ``ours`` and ``ref``, run alternately so that a busy
    machine slows both alike."""
    best = [float("inf"), float("inf")]
    for _ in range(repeats):
        for slot, fn in enumerate((ours, ref)):
            t0 = time.perf_counter()
            fn()
            best[slot] = min(best[slot], time.perf_counter() - t0)
    return best[0], best[1]


def _summary(audit: Audit) -> tuple[object, ...]:
    outcomes = [r.outcome for r in audit.results]
    return outcomes, audit.raw_score, audit.score, audit.passed


def _check_references(
    auditor: Auditor, checklist: Checklist, distinct: Sequence[Interaction]
) -> None:
    """The auditor and both hand-written references agree with the tests'
    reference interpreter on every interaction."""
    for x in distinct:
        outcomes, raw, score, passed = reference(checklist, x)
        expected = (outcomes, raw, score, passed)
        audited = auditor.audit(x)
        assert _summary(audited) == expected, (x, audited, expected)
        by_hand = hand_audit(x)
        assert _summary(by_hand) == expected, (x, by_hand, expected)
        assert by_hand == audited, (by_hand, audited)  # details too
        as_float = None if score is None else float(score)
        assert auditor.score(x) == as_float, (x, auditor.score(x), as_float)
        assert hand_score(x) == as_float, (x, hand_score(x), as_float)
        assert isinstance(audited.score, Fraction | None)


def run(quick: bool = False) -> list[dict[str, object]]:
    """Time the compiled auditor against the hand-written functions."""
    n = QUICK if quick else FULL
    repeats = 3
    batch = _interactions(n)
    gold = gold_standard()
    auditor = Auditor(gold)
    _check_references(auditor, gold, batch[:DISTINCT])
    score = auditor.score

    def ours_score() -> None:
        for x in batch:
            score(x)

    def ref_score() -> None:
        for x in batch:
            hand_score(x)

    audit_n = n // 10  # full audits are ~10-20x slower per interaction
    audits = batch[:audit_n]
    audit = auditor.audit

    def ours_audit() -> None:
        for x in audits:
            audit(x)

    def ref_audit() -> None:
        for x in audits:
            hand_audit(x)

    simple = _interactions(n, mixed=False)
    _check_references(auditor, gold, simple[:DISTINCT])

    def ours_simple() -> None:
        for x in simple:
            score(x)

    def ref_simple() -> None:
        for x in simple:
            hand_score(x)

    rows: list[dict[str, object]] = []
    for label, ours, ref, count, target in (
        ("Auditor.score (gold)", ours_score, ref_score, n, SCORE_TARGET),
        (
            "Auditor.score (gold, in person, UTC only)",
            ours_simple,
            ref_simple,
            n,
            SCORE_TARGET,
        ),
        (
            "Auditor.audit (gold, full results)",
            ours_audit,
            ref_audit,
            audit_n,
            AUDIT_TARGET,
        ),
    ):
        mine, theirs = _best_pair(ours, ref, repeats)
        ratio = mine / theirs
        rows.append(
            {
                "benchmark": f"{label} x{count:,}",
                "ratio": round(ratio, 2),
                "target": f"<= {target}",
                "ok": ratio <= target,
                "detail": (
                    f"auditor {mine:.3f}s vs hand-written {theirs:.3f}s, best of "
                    f"{repeats}, {DISTINCT:,} distinct interactions"
                ),
            }
        )
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv[1:]):
        print(row)

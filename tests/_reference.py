"""The references the checklist tests hold the code to.

* :func:`reference`, the plain reference interpreter of checklists: every
  check kind's rule and the scoring arithmetic written the obvious way,
  straight from DESIGN.md and the check kinds' docstrings, with no
  compilation, no caching and no shortcuts. The tests hold the
  :class:`~moments.checklists.Auditor` (its audits and its generated
  scorer) to it, and ``bench/bench_checklists.py`` checks its hand-written
  speed references against it before timing them.
* :func:`rubric` and :data:`RATED`, the 35-point rubric of the golden
  scoring cases (QA practice: 21 of 35 points is 60 %).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from moments import Expectation, Interaction, Moment
from moments import checks as k
from moments._time import elapsed
from moments.checklists import Checklist, ChecklistItem, Outcome
from moments.timeliness import DEFAULT_GREETING_POLICY, GreetingOutcome, judge_greeting

__all__ = ["RATED", "observed", "reference", "reference_outcome", "rubric"]

PASS, FAIL, NA = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE
_ZERO = timedelta(0)


def observed(item_id: str, weight: int, **fields: Any) -> ChecklistItem:
    """An observed item (a reviewer rates it) of the greeting, ``weight``
    points; any other field by keyword."""
    return ChecklistItem(
        id=item_id,
        moment=fields.pop("moment", Moment.GREETING),
        text=f"item {item_id}",
        check=k.Observed(),
        weight=weight,
        **fields,
    )


def rubric(**flags: dict[str, Any]) -> Checklist:
    """The 35-point rubric of observed items: a 10, b 8, c 6, d 5, e 4,
    f 2; ``flags`` sets fields of an item by id (``b={"critical": True}``)."""
    weights = {"a": 10, "b": 8, "c": 6, "d": 5, "e": 4, "f": 2}
    return Checklist(
        name="rubric",
        version=1,
        items=tuple(observed(i, w, **flags.get(i, {})) for i, w in weights.items()),
    )


#: Ratings of the rubric earning 21 of its 35 points.
RATED = {"a": PASS, "b": FAIL, "c": PASS, "d": PASS, "e": FAIL, "f": FAIL}


def reference_outcome(
    item: ChecklistItem,
    x: Interaction,
    as_of: datetime,
    ratings: Mapping[str, Outcome],
) -> Outcome:
    """The outcome of ``item`` for ``x`` judged at ``as_of`` (greetings
    by the default greeting policy)."""
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
            and (fu.set_at is None or elapsed(fu.set_at, as_of) >= _ZERO)
            and elapsed(end, fu.due) <= c.within
        )
    elif isinstance(c, k.FollowUpDone):
        fu = x.follow_up
        if fu is None:
            return NA
        done = fu.done_at
        if done is not None and elapsed(done, as_of) >= _ZERO:
            ok = elapsed(done, fu.due) >= _ZERO
        elif elapsed(fu.due, as_of) < _ZERO:
            return NA
        else:
            ok = False
    elif isinstance(c, k.RecoveryAcknowledged | k.RecoveryResolved):
        r = x.recovery
        if r is None or elapsed(r.failure_at, as_of) < _ZERO:
            return NA
        stamp = (
            r.acknowledged_at
            if isinstance(c, k.RecoveryAcknowledged)
            else r.resolved_at
        )
        if stamp is not None and elapsed(stamp, as_of) >= _ZERO:
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
    """Outcomes, raw score, score and passed, computed the obvious way
    (``as_of`` defaults to ``x.latest``)."""
    at = as_of or x.latest
    outcomes = [reference_outcome(i, x, at, ratings or {}) for i in checklist.items]
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

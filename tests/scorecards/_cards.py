"""What the scorecard tests share (import as ``scorecards._cards``): hand-built
item results and audits that pass or fail, feedback answers, and lists of
drawn audits and feedback. The general helpers (``T0``, ``make_audit``)
live in ``tests/_support.py``."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from _support import T0, make_audit
from moments import Feedback, Moment, WowCard
from moments.checklists import Audit, ItemResult
from moments.checklists import Outcome as O
from moments.strategies import feedback
from moments.strategies._scorecards import audit_samples

__all__ = [
    "answer",
    "audit_lists",
    "failing",
    "feedback_lists",
    "passing",
    "result",
]

audit_lists = st.lists(audit_samples(), max_size=10)
feedback_lists = st.lists(
    feedback(
        interaction_id=st.sampled_from([f"i-{n}" for n in range(8)]),
        at=st.just(T0),
    ),
    max_size=5,
)


def result(
    item_id: str,
    outcome: O,
    *,
    moment: Moment = Moment.GREETING,
    weight: int = 1,
    critical: bool = False,
    bonus: bool = False,
) -> ItemResult:
    """One item's result (a greeting item of weight 1 unless told)."""
    return ItemResult(
        item_id=item_id,
        moment=moment,
        outcome=outcome,
        weight=weight,
        critical=critical,
        bonus=bonus,
    )


def passing(**fields: Any) -> Audit:
    """An audit that greeted and thanked: it passes."""
    return make_audit(
        result("greet", O.PASS),
        result("thanks", O.PASS, moment=Moment.GOODBYE),
        **fields,
    )


def failing(**fields: Any) -> Audit:
    """An audit that thanked but missed the greeting: it fails."""
    return make_audit(
        result("greet", O.FAIL),
        result("thanks", O.PASS, moment=Moment.GOODBYE),
        **fields,
    )


def answer(
    *, nps_: int | None = None, csat_: int | None = None, wow: WowCard | None = None
) -> Feedback:
    """Feedback on ``i-1`` at ``T0`` with the answers given."""
    return Feedback(interaction_id="i-1", at=T0, nps=nps_, csat=csat_, wow=wow)

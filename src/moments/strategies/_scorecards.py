"""Strategies for scorecards, consistency readings and recognition.

Scorecards are drawn the way users get them: from drawn audits and
feedback, so every count agrees with every other.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from moments.checklists import Audit, ItemResult, Outcome
from moments.interactions import Channel, Expectation, Moment, PartyKind
from moments.scorecards import (
    WAIT_BUCKETS,
    Consistency,
    ItemSpread,
    Recognition,
    Scorecard,
    Standing,
    consistency,
    recognition,
)
from moments.strategies._base import feedback
from moments.timeliness import GreetingOutcome

__all__ = [
    "audit_samples",
    "consistencies",
    "item_spreads",
    "recognitions",
    "scorecards",
    "standings",
]

#: A small pool, so that drawn audits share items and merges collide.
ITEM_IDS = ("greet", "name", "probe", "offer", "deliver", "thanks", "follow-up")
STAFF = ("s-ana", "s-ben", "s-cy")
LOCATIONS = ("l-north", "l-south", "l-east")

_edge_waits = st.sampled_from(WAIT_BUCKETS).flatmap(
    lambda edge: st.sampled_from(
        (edge - timedelta(microseconds=1), edge, edge + timedelta(microseconds=1))
    )
)
_waits = (
    _edge_waits
    | st.integers(0, 2 * 3600 * 10**6).map(lambda us: timedelta(microseconds=us))
    | st.just(timedelta(0))
)
#: A few instants around midnight in zones east and west of UTC (cheap to
#: draw; ``as_of`` only matters to ``by_day``).
_AS_OF = tuple(
    datetime(2026, month, 1, hour, 30, tzinfo=zone)
    for month in (3, 10)
    for hour in (0, 23)
    for zone in (UTC, ZoneInfo("Europe/London"), ZoneInfo("America/New_York"))
)
_pass_marks = st.sampled_from((0, 1, 0.5, 0.85, 0.8, 2 / 3)) | st.floats(0, 1)


@st.composite
def _results(draw: st.DrawFn) -> tuple[ItemResult, ...]:
    ids = draw(st.lists(st.sampled_from(ITEM_IDS), unique=True, max_size=5))
    results = []
    for item_id in ids:
        critical = draw(st.booleans())
        results.append(
            ItemResult(
                item_id=item_id,
                moment=draw(st.sampled_from(Moment)),
                outcome=draw(st.sampled_from(Outcome)),
                weight=draw(st.integers(0, 3)),
                critical=critical,
                bonus=False if critical else draw(st.booleans()),
            )
        )
    return tuple(results)


def audit_samples(**pinned: Any) -> st.SearchStrategy[Audit]:
    """Audits built directly from drawn item results, from a small pool of
    item ids, staff and locations, with greeting waits on and around the
    bucket edges. Pin any Audit field by keyword (a value or a strategy).

    Raises:
        TypeError: a keyword is not an Audit field.
    """
    fields: dict[str, st.SearchStrategy[Any]] = {
        "interaction_id": st.sampled_from([f"i-{n}" for n in range(8)]),
        "checklist_name": st.sampled_from(("gold", "quick")),
        "checklist_version": st.integers(1, 3),
        "pass_mark": _pass_marks,
        "as_of": st.sampled_from(_AS_OF),
        "results": _results(),
        "channel": st.sampled_from(Channel),
        "party_kind": st.sampled_from(PartyKind),
        "staff_id": st.none() | st.sampled_from(STAFF),
        "location_id": st.none() | st.sampled_from(LOCATIONS),
        "reviewer": st.none() | st.just("r-1"),
        "greeting_outcome": st.none() | st.sampled_from(GreetingOutcome),
        "greeting_wait": st.none() | _waits,
        "expectation": st.none() | st.sampled_from(Expectation),
    }
    unknown = set(pinned) - set(fields)
    if unknown:
        raise TypeError(f"Audit has no field(s) {sorted(unknown)}")
    for name, value in pinned.items():
        fields[name] = value if isinstance(value, st.SearchStrategy) else st.just(value)
    return st.builds(Audit, **fields)


def _feedback() -> st.SearchStrategy[Any]:
    return feedback(
        interaction_id=st.sampled_from([f"i-{n}" for n in range(8)]),
        at=st.sampled_from(_AS_OF),
    )


def scorecards(
    *,
    audits: st.SearchStrategy[Audit] | None = None,
    max_audits: int = 8,
    max_feedback: int = 4,
) -> st.SearchStrategy[Scorecard]:
    """Scorecards built with ``Scorecard.from_audits`` from drawn audits
    (``audits``, default :func:`audit_samples`) and feedback."""
    return st.builds(
        Scorecard.from_audits,
        st.lists(
            audits if audits is not None else audit_samples(), max_size=max_audits
        ),
        st.lists(_feedback(), max_size=max_feedback),
    )


def recognitions() -> st.SearchStrategy[Recognition]:
    """Recognition counts from drawn feedback."""
    return st.lists(_feedback(), max_size=8).map(recognition)


def consistencies(**kwargs: Any) -> st.SearchStrategy[Consistency[str]]:
    """Consistency readings over up to four location scorecards;
    ``min_audits`` and ``threshold`` may be pinned."""
    unknown = set(kwargs) - {"min_audits", "threshold"}
    if unknown:
        raise TypeError(f"consistency() has no keyword(s) {sorted(unknown)}")
    min_audits = kwargs.get("min_audits", st.integers(1, 4))
    threshold = kwargs.get("threshold", st.sampled_from((0, 0.05, 0.1, 0.25)))
    groups = st.dictionaries(
        st.sampled_from((*LOCATIONS, "l-west")),
        scorecards(max_audits=6, max_feedback=0),
        max_size=4,
    )
    return st.builds(
        consistency,
        groups,
        min_audits=min_audits
        if isinstance(min_audits, st.SearchStrategy)
        else st.just(min_audits),
        threshold=threshold
        if isinstance(threshold, st.SearchStrategy)
        else st.just(threshold),
    )


def standings() -> st.SearchStrategy[Standing[str]]:
    """One location's standing, read from a drawn scorecard."""
    return st.builds(
        lambda key, card: Standing(
            key=key,
            audits=card.audits,
            mean_score=card.mean_score,
            pass_rate=card.pass_rate,
        ),
        st.sampled_from(LOCATIONS),
        scorecards(max_audits=6, max_feedback=0),
    )


# Rates from 0 to 1 with denominators up to 20. Not st.fractions: it
# builds a new strategy on every draw, which Hypothesis validates each time.
_rates = st.tuples(st.integers(1, 20), st.integers(0, 20)).map(
    lambda dn: Fraction(min(dn[1], dn[0]), dn[0])
)
# Built once: a strategy built inside a draw is validated on every example.
_location_rates = st.lists(
    st.tuples(st.sampled_from(LOCATIONS), _rates),
    min_size=2,
    unique_by=lambda row: row[0],
)


@st.composite
def _item_spread(draw: st.DrawFn) -> ItemSpread[str]:
    rates = draw(_location_rates)
    rates.sort(key=lambda row: (row[1], row[0]))
    return ItemSpread(
        item_id=draw(st.sampled_from(ITEM_IDS)),
        spread=rates[-1][1] - rates[0][1],
        rates=tuple(rates),
    )


def item_spreads() -> st.SearchStrategy[ItemSpread[str]]:
    """How one item's pass rate differs across two or more locations."""
    return _item_spread()

"""Notebook HTML and plain records for scorecards and consistency readings.

Records hold only str, int, float, bool, None and the group keys
themselves (enum members become their values), so pandas or polars can
read them without `moments` knowing either.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from moments import _html
from moments.checklists.audits import Outcome
from moments.scorecards.tally import WAIT_BUCKETS

if TYPE_CHECKING:
    from moments.scorecards.card import Scorecard
    from moments.scorecards.consistency import Consistency

__all__ = [
    "card_html",
    "card_records",
    "consistency_html",
    "consistency_records",
    "rates",
]

Records = dict[str, list[dict[str, object]]]


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _pct(value: Fraction | None) -> str:
    return "n/a" if value is None else f"{float(value):.1%}"


def _plain(key: object) -> object:
    return key.value if isinstance(key, Enum) else key


def _bucket(index: int) -> tuple[float, float | None]:
    low = WAIT_BUCKETS[index - 1].total_seconds() if index else 0.0
    high = WAIT_BUCKETS[index].total_seconds() if index < len(WAIT_BUCKETS) else None
    return low, high


def card_records(card: Scorecard) -> Records:
    """A scorecard as named tables of plain rows."""
    counts: dict[str, dict[str, int]] = {}
    for item_id, outcome, n in card.item_counts:
        counts.setdefault(item_id, {})[outcome.value] = n
    rates = card.item_pass_rates
    moments: dict[str, dict[str, int]] = {}
    for moment, outcome, n in card.moment_counts:
        moments.setdefault(moment.value, {})[outcome.value] = n
    moment_rates = {m.value: r for m, r in card.moment_pass_rates.items()}
    outcomes = ("pass", "fail", "not_applicable")
    return {
        "summary": [
            {
                "audits": card.audits,
                "passed": card.passed,
                "pass_rate": _float(card.pass_rate),
                "mean_score": _float(card.mean_score),
                "critical_failed": card.critical_failed,
                "greeting_service_level": _float(card.greeting_service_level),
                "exceeded_rate": _float(card.exceeded_rate),
                "nps": _float(card.nps),
                "csat": _float(card.csat),
                "wow_cards": card.wow_cards,
            }
        ],
        "items": [
            {
                "item_id": item_id,
                **{o: per.get(o, 0) for o in outcomes},
                "pass_rate": _float(rates[item_id]),
            }
            for item_id, per in counts.items()
        ],
        "moments": [
            {
                "moment": moment,
                **{o: per.get(o, 0) for o in outcomes},
                "pass_rate": _float(moment_rates[moment]),
            }
            for moment, per in moments.items()
        ],
        "greetings": [
            {"outcome": outcome.value, "count": n}
            for outcome, n in card.greeting_counts
        ],
        "waits": [
            {"low_s": _bucket(i)[0], "high_s": _bucket(i)[1], "count": n}
            for i, n in enumerate(card.wait_counts)
        ],
        "expectations": [
            {"expectation": e.value, "count": n} for e, n in card.expectation_counts
        ],
        "recognition": [
            {"staff_id": staff_id, "wow_cards": n}
            for staff_id, n in card.recognition.by_staff
        ],
    }


def card_html(card: Scorecard) -> str:
    """A compact, escaped summary: headline numbers, missed items, moments."""
    head = _html.key_values(
        "Scorecard",
        [
            ("audits", card.audits),
            ("pass rate", _pct(card.pass_rate)),
            ("mean score", _pct(card.mean_score)),
            ("critical failures", card.critical_failed),
            ("greeting service level", _pct(card.greeting_service_level)),
            ("exceeded expectations", _pct(card.exceeded_rate)),
            ("NPS", "n/a" if card.nps is None else f"{float(card.nps):+.0f}"),
            ("CSAT", _pct(card.csat)),
            ("wow cards", card.wow_cards),
        ],
    )
    missed = _html.table(
        "Most missed items", ["item", "failures"], card.missed_items[:5]
    )
    moments = _html.table(
        "Moments",
        ["moment", "pass rate"],
        [(m.value, _pct(r)) for m, r in card.moment_pass_rates.items()],
    )
    return head + missed + moments


def consistency_records(reading: Consistency[Any]) -> Records:
    """A consistency reading as ``groups`` and ``items`` tables."""
    below = set(reading.below_pooled)
    groups = [
        {
            "group": _plain(s.key),
            "audits": s.audits,
            "mean_score": _float(s.mean_score),
            "pass_rate": _float(s.pass_rate),
            "rank": rank,
            "below_pooled": s.key in below,
        }
        for rank, s in enumerate(reading.ranked, start=1)
    ] + [
        {
            "group": _plain(s.key),
            "audits": s.audits,
            "mean_score": _float(s.mean_score),
            "pass_rate": _float(s.pass_rate),
            "rank": None,
            "below_pooled": False,
        }
        for s in reading.too_small
    ]
    items = [
        {
            "item_id": spread.item_id,
            "spread": float(spread.spread),
            "group": _plain(key),
            "pass_rate": float(rate),
        }
        for spread in reading.item_spreads
        for key, rate in spread.rates
    ]
    return {"groups": groups, "items": items}


def consistency_html(reading: Consistency[Any]) -> str:
    """Groups ranked, too-small groups flagged, the most uneven items."""
    below = set(reading.below_pooled)
    rows = [
        (
            rank,
            _plain(s.key),
            s.audits,
            _pct(s.mean_score),
            _pct(s.pass_rate),
            "below pooled" if s.key in below else "",
        )
        for rank, s in enumerate(reading.ranked, start=1)
    ] + [
        ("", _plain(s.key), s.audits, _pct(s.mean_score), _pct(s.pass_rate), "too few")
        for s in reading.too_small
    ]
    groups = _html.table(
        f"Consistency (pooled mean {_pct(reading.pooled_mean_score)})",
        ["rank", "group", "audits", "mean score", "pass rate", ""],
        rows,
    )
    items = _html.table(
        "Least consistent items",
        ["item", "spread", "lowest", "highest"],
        [
            (s.item_id, _pct(s.spread), _plain(s.lowest), _plain(s.highest))
            for s in reading.item_spreads[:5]
        ],
    )
    return groups + items


def rates(rows: Iterable[tuple[Any, Outcome, int]]) -> dict[Any, Fraction | None]:
    """``PASS / (PASS + FAIL)`` per key of ``(key, outcome, count)`` rows;
    ``None`` for a key that never applied."""
    tallies: dict[Any, list[int]] = {}
    for key, outcome, n in rows:
        per = tallies.setdefault(key, [0, 0])
        if outcome is Outcome.PASS:
            per[0] += n
        if outcome is not Outcome.NOT_APPLICABLE:
            per[1] += n
    return {k: Fraction(p, t) if t else None for k, (p, t) in tallies.items()}

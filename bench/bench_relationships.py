"""Benchmark: purchase summaries against ``lifetimes``, and promotion
decisions against a hand-written eligibility check.

1. ``summarize_purchases_by`` on the transaction log of a synthetic shop
   ((customer, purchase) pairs: 70,000 purchases of 23,000 customers over
   two years) against the pandas-based
   ``lifetimes.utils.summary_data_from_transaction_data(..., freq="D")`` on
   the same log as a DataFrame, in the same run. The numbers must agree for
   every customer (frequency, recency, T exactly, monetary value to 1e-9);
   the ratio is ``lifetimes time / our time``, target at least 1.
2. ``decide_promotion`` with the default policy for 10,000 customers with
   about 5 interactions each, reported as decisions per second. It is
   compared with a bare loop that only computes the same yes/no (name,
   contact, consent, 3 distinct days within 365 days) without explaining
   anything; the ratio is ``decide_promotion time / bare loop time`` and
   the eligibility must agree.

Needs the ``bench`` extra (``lifetimes``, ``pandas``). Run
``python bench/bench_relationships.py`` or with ``--quick`` (a tenth of
the data) as CI does.
"""

from __future__ import annotations

import random
import sys
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from moments import (
    Channel,
    Consent,
    Contact,
    Customer,
    Interaction,
    Money,
    PartyKind,
    Purchase,
    PurchaseSummary,
    Purpose,
    decide_promotion,
    summarize_purchases_by,
)

START = datetime(2025, 1, 1, tzinfo=UTC)
AS_OF = datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC)
DAYS = 730
SUMMARY_TARGET = 1.0
DECISION_TARGET = 30.0


def _race(
    ours: Callable[[], Any], reference: Callable[[], Any], repeat: int
) -> tuple[float, Any, float, Any]:
    """Best-of-``repeat`` times of ``ours`` and ``reference``, run in
    turns so that a busy machine slows both alike; and their results. The
    previous run's result is freed before the clock starts: each time is
    the call alone, not the call plus freeing the last one's output."""
    best = [float("inf"), float("inf")]
    results: list[Any] = [None, None]
    for _ in range(repeat):
        for side, fn in enumerate((ours, reference)):
            results[side] = None
            t0 = time.perf_counter()
            results[side] = fn()
            best[side] = min(best[side], time.perf_counter() - t0)
    return best[0], results[0], best[1], results[1]


def _shop(customers: int, purchases: int, seed: int = 7) -> list[tuple[str, Purchase]]:
    """Purchases with a long tail: most customers buy once or twice, a
    few buy often; amounts from 0.00 to 120.00 EUR, some on one day."""
    rnd = random.Random(seed)
    rows = []
    for k in range(customers):  # everyone buys at least once
        rows.append(f"c-{k}")
    while len(rows) < purchases:
        rows.append(f"c-{int(customers * rnd.random() ** 2.5)}")
    found = []
    for n, who in enumerate(rows):
        at = START + timedelta(seconds=rnd.randrange(DAYS * 86400))
        cents = rnd.randrange(0, 12_001)
        amount = Money(amount=Decimal(cents).scaleb(-2), currency="EUR")
        found.append((who, Purchase(at=at, amount=amount, id=f"p-{n}")))
    return found


def _ours(rows: list[tuple[str, Purchase]]) -> dict[str, PurchaseSummary]:
    return summarize_purchases_by(rows, as_of=AS_OF)


def _summary_rows(quick: bool) -> list[dict[str, object]]:
    try:
        import pandas as pd
        from lifetimes.utils import summary_data_from_transaction_data
    except ImportError as exc:  # pragma: no cover - the bench extra is missing
        return [
            {
                "benchmark": "summarize_purchases_by vs lifetimes",
                "ratio": None,
                "target": f">= {SUMMARY_TARGET}",
                "ok": False,
                "detail": f"needs the bench extra: {exc}",
            }
        ]
    customers, purchases = (2_300, 7_000) if quick else (23_000, 70_000)
    rows = _shop(customers, purchases)
    frame = pd.DataFrame(
        {
            "customer": [who for who, _ in rows],
            "date": [p.at.replace(tzinfo=None) for _, p in rows],
            "value": [float(p.amount.amount) for _, p in rows],
        }
    )

    def reference() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return summary_data_from_transaction_data(
                frame,
                "customer",
                "date",
                monetary_value_col="value",
                observation_period_end=AS_OF.strftime("%Y-%m-%d"),
                freq="D",
            )

    def end_to_end() -> Any:
        built = pd.DataFrame(
            {
                "customer": [who for who, _ in rows],
                "date": [p.at.replace(tzinfo=None) for _, p in rows],
                "value": [float(p.amount.amount) for _, p in rows],
            }
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return summary_data_from_transaction_data(
                built,
                "customer",
                "date",
                monetary_value_col="value",
                observation_period_end=AS_OF.strftime("%Y-%m-%d"),
                freq="D",
            )

    repeat = 3 if quick else 7
    our_time, ours, ref_time, table = _race(lambda: _ours(rows), reference, repeat)
    _, _, full_time, _ = _race(lambda: None, end_to_end, 3 if quick else 5)
    disagree = 0
    for who, row in table.iterrows():
        s = ours.get(str(who))
        if s is None or (
            (s.repeat_count, s.active_span_days, s.age_days)
            != (int(row["frequency"]), int(row["recency"]), int(row["T"]))
            or abs(float(s.mean_repeat_value) - row["monetary_value"])
            > 1e-9 * max(1.0, abs(row["monetary_value"]))
        ):
            disagree += 1
    disagree += abs(len(ours) - len(table))
    ratio = ref_time / our_time
    return [
        {
            "benchmark": f"summarize_purchases_by x{customers:,} customers "
            f"({purchases:,} purchases) vs lifetimes",
            "ratio": round(ratio, 2),
            "target": f">= {SUMMARY_TARGET}",
            "ok": ratio >= SUMMARY_TARGET and disagree == 0,
            "detail": f"ours {our_time * 1000:.0f} ms, lifetimes "
            f"{ref_time * 1000:.0f} ms on a prebuilt DataFrame "
            f"({full_time * 1000:.0f} ms building it from the same Purchase "
            f"records: end-to-end ratio {full_time / our_time:.2f}); "
            f"{customers / our_time:,.0f} summaries/s; "
            f"{disagree} customers disagree",
        }
    ]


def _parties(n: int, seed: int = 11) -> list[tuple[Customer, list[Interaction]]]:
    """``n`` customers, some missing a name, contact or consent, with 1 to 9
    (about 5) interactions each over the last two years."""
    rnd = random.Random(seed)
    found = []
    for k in range(n):
        who = f"c-{k}"
        consent = None
        if rnd.random() < 0.8:
            consent = Consent(
                given_at=START,
                purposes={Purpose.KEEP_DETAILS},
                withdrawn_at=AS_OF - timedelta(days=3) if rnd.random() < 0.1 else None,
            )
        party = Customer(
            id=who,
            first_seen=START,
            name="Ada" if rnd.random() < 0.8 else None,
            contact=Contact(email="a@example.com") if rnd.random() < 0.8 else Contact(),
            consent=consent,
        )
        visits = [
            Interaction(
                id=f"i-{k}-{j}",
                channel=Channel.IN_PERSON,
                arrived_at=START + timedelta(seconds=rnd.randrange(DAYS * 86400)),
                party_kind=PartyKind.CUSTOMER,
                party_id=who,
            )
            for j in range(rnd.randint(1, 9))
        ]
        found.append((party, visits))
    return found


def _bare(party: Customer, visits: list[Interaction]) -> bool:
    """The same yes/no as the default policy's path to CLIENT, no
    explanation: what a careful user would write by hand."""
    if party.name is None or not party.contact.reachable:
        return False
    if party.consent is None or not party.consent.covers(
        Purpose.KEEP_DETAILS, at=AS_OF
    ):
        return False
    start = AS_OF - relativedelta(days=365)
    days = {
        i.arrived_at.astimezone(UTC).date()
        for i in visits
        if i.party_id == party.id and start <= i.arrived_at <= AS_OF
    }
    return len(days) >= 3


def _decision_rows(quick: bool) -> list[dict[str, object]]:
    n = 1_000 if quick else 10_000
    parties = _parties(n)
    ours_time, decisions, bare_time, bare = _race(
        lambda: [decide_promotion(p, v, as_of=AS_OF) for p, v in parties],
        lambda: [_bare(p, v) for p, v in parties],
        3 if quick else 5,
    )
    agree = [d.eligible for d in decisions] == bare
    ratio = ours_time / bare_time
    return [
        {
            "benchmark": f"decide_promotion x{n:,} customers (default policy)",
            "ratio": round(ratio, 2),
            "target": f"<= {DECISION_TARGET}",
            "ok": ratio <= DECISION_TARGET and agree,
            "detail": f"{n / ours_time:,.0f} decisions/s vs {n / bare_time:,.0f} "
            f"bare yes/no checks/s; {sum(bare):,} eligible; "
            f"eligibility {'agrees' if agree else 'DISAGREES'}",
        }
    ]


def run(quick: bool = False) -> list[dict[str, object]]:
    """The benchmark rows (see the module docstring)."""
    return _summary_rows(quick) + _decision_rows(quick)


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv[1:]):
        print(row)

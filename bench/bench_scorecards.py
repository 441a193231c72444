"""Benchmark: counting fresh audits into scorecards, merging scorecards,
and reading consistency across many groups.

Rows, each measured in one run, in CPU time of this process (one core;
a busy machine slows the wall clock, not this). Every timed input is
fresh and distinct: audits made ahead of timing by an ``Auditor`` from
generated visits (each with its own arrival, wait, staff member,
location, what was collected and offered, delivery and goodbye), never a
handful of prebuilt audits cycled.

1. ``Scorecard.from_audits`` over 100,000 (``--quick``: 10,000) fresh
   audits against a hand-written tally of the same audits: a
   ``collections.Counter`` of their (item, outcome) pairs, their passes and
   critical failures, each in the interpreter's own loops (``map``,
   ``chain``). Before each side's run the audits forget what was counted
   of them and of their results (as a new Auditor's would). Target <= 1.0:
   the scorecard counts far more (moments, greetings, waits, expectations,
   exact score sums) and must still be no slower.
2. The same over a fifth of those audits loaded from JSON (``loads``;
   distinct objects with nothing kept or derived, made again by a pickle
   round trip before each side's run). Target <= 2.0.
3. Row 1's throughput against 400,000 audits/s (machine-dependent).
4. Resident memory (``VmRSS``) after a tenth of a 1,000,000-audit stream
   (``--quick``: 50,000) and at its end: the growth over 20 MB (target
   <= 1.0). Memory only, nothing timed: the stream passes a few audits in
   turn.
5. ``Scorecard.merge`` of two large scorecards (300 item ids, every
   outcome, every wait bucket, 200 staff with wow cards each) against
   adding just their item counts as two ``collections.Counter`` objects
   (target <= 1.0).
6. The same merge's best time over 1 ms (target <= 1.0); the detail also
   gives the merge of two gold-standard (14-item) scorecards, and of the
   two large ones after a pickle round trip.
7. ``consistency()`` over 10 and over 10,000 (``--quick``: 1,000) staff
   groups of fresh audits: the per-group time at 10,000 over that at 10
   (target <= 2.0: its sorts' comparisons per group grow as log n; it
   sorts on exact integer keys, not Fractions). The
   inputs are frozen out of the cyclic GC's scans (``gc.freeze()``, as the
   how-to advises after loading a large log) while it is timed.

Run ``python bench/bench_scorecards.py`` or with ``--quick`` as CI does.
"""

from __future__ import annotations

import gc
import pickle
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from itertools import chain
from operator import attrgetter

from moments import (
    Channel,
    Delivery,
    Expectation,
    Feedback,
    Goodbye,
    Greeting,
    InfoField,
    Information,
    Interaction,
    Moment,
    Offer,
    PartyKind,
    WowCard,
    dumps,
    loads,
)
from moments.checklists import Audit, Auditor, ItemResult, Outcome
from moments.scorecards import (
    WAIT_BUCKETS,
    Scorecard,
    by_staff,
    consistency,
    scorecards_by,
)
from moments.standards import gold_standard
from moments.timeliness import GreetingOutcome

CONSISTENCY_TARGET = 2.0
"""consistency() sorts groups and each item's rows: comparisons per group
grow as log n (log 10,000 / log 10 = 4 times), each an integer or key
comparison in C; the rest (merging the cards, one Fraction per rate) is
flat. 2.0 leaves that growth, and no Fraction comparison, room."""
FRESH = 100_000  # fresh audits of generated visits (--quick: 10,000)
JSON_SHARE = 5  # a fifth of them also loaded from JSON (loads costs time)
RATE_TARGET = 400_000
RSS_GROWTH_MB = 20.0
MERGE_TARGET_S = 0.001
T0 = datetime(2026, 6, 5, 9, 0, tzinfo=UTC)


def _visits(n: int = 8, *, varied: bool = False) -> list[Interaction]:
    """In-person and phone visits, from exemplary to poor; ``varied``: each
    greeted after its own wait (to the millisecond), as in real data."""
    visits = []
    for k in range(n):
        at = T0 + timedelta(minutes=30 * k)
        good = k % 3 != 2
        wait = timedelta(seconds=2 + 3 * (k % 8))
        if varied:
            wait = timedelta(milliseconds=500 + k * 7919 % 40_000)
        visits.append(
            Interaction(
                id=f"i-{k}",
                channel=Channel.IN_PERSON if k % 4 else Channel.PHONE,
                party_kind=PartyKind.CLIENT if k % 2 else PartyKind.CUSTOMER,
                arrived_at=at,
                staff_id=f"s-{k % 3}",
                location_id=f"l-{k % 2}",
                greeting=Greeting(at=at + wait, used_name=good) if k % 8 != 7 else None,
                ended_at=at + timedelta(minutes=12),
                information=Information(
                    collected={InfoField.NAME, InfoField.LIKES} if good else set(),
                    probed=good,
                ),
                offer=Offer(based_on={InfoField.LIKES} if good else set()),
                delivery=Delivery(expectation=list(Expectation)[k % 3]),
                goodbye=Goodbye(at=at + timedelta(minutes=11), thanked=good),
            )
        )
    return visits


def _audits() -> list[Audit]:
    auditor = Auditor(gold_standard())
    return [auditor.audit(v) for v in _visits()]


_CHANNELS = (
    (Channel.IN_PERSON,) * 6 + (Channel.PHONE,) * 2 + (Channel.CHAT, Channel.EMAIL)
)
_FIELDS = tuple(InfoField)


def _interactions(n: int, seed: int, staff: int) -> list[Interaction]:
    """``n`` distinct visits over a month, as a shop's log would hold them:
    ``staff`` staff members across 50 locations, most greeted within
    seconds and some much later or never, what was collected, offered,
    delivered and said at the end drawn visit by visit."""
    rnd = random.Random(seed)
    visits = []
    for k in range(n):
        at = T0 + timedelta(seconds=rnd.randrange(30 * 86_400))
        channel = rnd.choice(_CHANNELS)
        wait = timedelta(milliseconds=int(rnd.lognormvariate(8.3, 1.0)))
        greeted = rnd.random() < 0.95
        collected = frozenset(f for f in _FIELDS if rnd.random() < 0.4)
        offered = frozenset(f for f in collected if rnd.random() < 0.7)
        ended = at + wait + timedelta(seconds=rnd.randrange(60, 1800))
        visits.append(
            Interaction(
                id=f"i-{seed}-{k}",
                channel=channel,
                party_kind=PartyKind.CLIENT
                if rnd.random() < 0.4
                else PartyKind.CUSTOMER,
                arrived_at=at,
                staff_id=f"s-{rnd.randrange(staff)}",
                location_id=f"l-{rnd.randrange(50)}",
                greeting=Greeting(at=at + wait, used_name=rnd.random() < 0.6)
                if greeted
                else None,
                ended_at=ended,
                information=Information(collected=collected, probed=rnd.random() < 0.5),
                offer=Offer(based_on=offered) if rnd.random() < 0.8 else None,
                delivery=Delivery(expectation=rnd.choice(_EXPECTATIONS))
                if rnd.random() < 0.9
                else None,
                goodbye=Goodbye(
                    at=ended - timedelta(seconds=30), thanked=rnd.random() < 0.85
                )
                if rnd.random() < 0.9
                else None,
            )
        )
    return visits


_EXPECTATIONS = (
    (Expectation.MET,) * 6 + (Expectation.EXCEEDED,) * 2 + (Expectation.BELOW,)
)
_PAIR = attrgetter("item_id", "outcome")
_RESULTS = attrgetter("results")
_PASSED = attrgetter("passed")
_CRITICAL = attrgetter("critical_failures")


def _counter_tally(
    audits: Sequence[Audit],
) -> tuple[Counter[tuple[str, Outcome]], int, int]:
    """What a careful user would write by hand: a Counter of the audits'
    (item, outcome) pairs, their passes and critical failures, each pass
    in the interpreter's own loops."""
    pairs = Counter(map(_PAIR, chain.from_iterable(map(_RESULTS, audits))))
    return pairs, sum(map(_PASSED, audits)), sum(map(bool, map(_CRITICAL, audits)))


def _same_counts(
    card: Scorecard, tally: tuple[Counter[tuple[str, Outcome]], int, int]
) -> bool:
    pairs, passed, critical = tally
    items = {(i, o): n for i, o, n in card.item_counts}
    return items == dict(pairs) and (card.passed, card.critical_failed) == (
        passed,
        critical,
    )


def _fresh_rows(quick: bool) -> tuple[list[dict[str, object]], float]:
    """``from_audits`` over fresh, distinct audits (an Auditor's, of
    generated visits, made ahead of timing) and over the same audits
    loaded from JSON, against a Counter tally of each, in one run."""
    n = 10_000 if quick else FRESH
    auditor = Auditor(gold_standard())
    visits = _interactions(n, seed=5, staff=max(10, n // 10))
    audits = [auditor.audit(v) for v in visits]
    del visits
    loaded = [loads(Audit, text) for text in map(dumps, audits[: n // JSON_SHARE])]

    def race(
        items: list[Audit], fresh: Callable[[list[Audit]], list[Audit]]
    ) -> tuple[float, float]:
        best = [float("inf"), float("inf")]
        for _ in range(3):
            items = fresh(items)
            t0 = time.process_time()
            card = Scorecard.from_audits(items)
            best[0] = min(best[0], time.process_time() - t0)
            items = fresh(items)
            t0 = time.process_time()
            tally = _counter_tally(items)
            best[1] = min(best[1], time.process_time() - t0)
            if not _same_counts(card, tally):
                raise AssertionError("from_audits and the Counter tally disagree")
        return best[0], best[1]

    forget = object.__setattr__

    def as_made(items: list[Audit]) -> list[Audit]:
        """As a new Auditor made them: nothing counted yet (the results
        it shares between audits not counted either)."""
        for audit in items:
            forget(audit, "_memo", None)
            for result in audit.results:
                forget(result, "_memo", None)
        return items

    def as_read(items: list[Audit]) -> list[Audit]:
        """As loads made them: distinct objects, nothing kept or derived
        (a pickle round trip clears what an audit keeps)."""
        return pickle.loads(pickle.dumps(items))  # type: ignore[no-any-return]

    ours_s, counter_s = race(audits, as_made)
    loaded_s, loaded_counter_s = race(loaded, as_read)
    return [
        {
            "benchmark": f"from_audits x{n:,} fresh audits / Counter tally",
            "ratio": round(ours_s / counter_s, 2),
            "target": "<= 1.0",
            "ok": ours_s <= counter_s,
            "detail": f"{ours_s:.3f} s ({n / ours_s:,.0f} audits/s) vs "
            f"{counter_s:.3f} s for a Counter of (item, outcome) pairs, passes "
            "and critical failures; "
            "distinct audits by an Auditor of generated visits, each counted once",
        },
        {
            "benchmark": f"from_audits x{len(loaded):,} audits loaded from JSON "
            "/ Counter tally",
            "ratio": round(loaded_s / loaded_counter_s, 2),
            "target": "<= 2.0",
            "ok": loaded_s <= 2 * loaded_counter_s,
            "detail": f"{loaded_s:.3f} s ({len(loaded) / loaded_s:,.0f} audits/s) vs "
            f"{loaded_counter_s:.3f} s; each audit read by loads (no kept signature, "
            "no derived score), on both sides",
        },
    ], n / ours_s


def _stream(audits: Sequence[Audit], n: int) -> Iterator[Audit]:
    k = len(audits)
    for i in range(n):
        yield audits[i % k]


def _rss_mb() -> float:
    """Current resident set size in MB (peak RSS where /proc is absent)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # not Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _sampled(stream: Iterator[Audit], at: int, samples: list[float]) -> Iterator[Audit]:
    """Pass the stream through, sampling RSS after ``at`` items and at
    the end."""
    for count, audit in enumerate(stream, start=1):
        yield audit
        if count == at:
            samples.append(_rss_mb())
    samples.append(_rss_mb())


def _large(seed: int) -> Scorecard:
    """A scorecard with many keys: 300 items, all buckets, 200 staff."""
    results = []
    for outcome in Outcome:  # outcome-major: any 48 in a row have distinct ids
        for i in range(300):
            results.append(
                ItemResult(
                    item_id=f"item-{seed}-{i}" if i % 2 else f"item-{i}",
                    moment=list(Moment)[i % 7],
                    outcome=outcome,
                    weight=1,
                    critical=False,
                    bonus=False,
                )
            )
    audits = []
    for b, edge in enumerate((*WAIT_BUCKETS, timedelta(hours=5))):
        chunk = tuple(results[b * 48 : (b + 1) * 48])
        audits.append(
            Audit(
                interaction_id=f"i-{b}",
                checklist_name="big",
                checklist_version=1,
                pass_mark=0.85,
                as_of=T0,
                results=chunk,
                channel=Channel.IN_PERSON,
                party_kind=PartyKind.CLIENT,
                greeting_outcome=list(GreetingOutcome)[b % 6],
                greeting_wait=edge,
                expectation=list(Expectation)[b % 3],
            )
        )
    feedback = [
        Feedback(
            interaction_id=f"i-{s}",
            at=T0,
            nps=s % 11,
            csat=1 + s % 5,
            wow=WowCard(staff_id=f"s-{seed}-{s}", story="wow", moment=Moment.GREETING),
        )
        for s in range(200)
    ]
    return Scorecard.from_audits(audits, feedback)


def _best(fn: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def _consistency_rows(quick: bool) -> list[dict[str, object]]:
    """``consistency()`` over 10 and over 10,000 groups (``--quick``:
    1,000) of staff scorecards from fresh audits: the cost per group must
    stay flat but for its sorts' ``log n`` (ratio of the per-group times,
    target <= 2.0: see :data:`CONSISTENCY_TARGET`)."""
    many = 1_000 if quick else 10_000
    auditor = Auditor(gold_standard())
    visits = _interactions(many * 5, seed=9, staff=many)
    groups = scorecards_by([auditor.audit(v) for v in visits], by_staff)
    del visits
    keys = list(groups)[:many]
    small = {k: groups[k] for k in keys[:10]}
    large = {k: groups[k] for k in keys}
    gc.collect()
    gc.freeze()  # as the how-to advises after loading: the inputs are not scanned
    try:
        small_s = _best(lambda: consistency(small, min_audits=2), 50) / len(small)
        large_s = _best(lambda: consistency(large, min_audits=2), 3) / len(large)
    finally:
        gc.unfreeze()
    ratio = large_s / small_s
    return [
        {
            "benchmark": f"consistency() per group: {len(large):,} groups / 10 groups",
            "ratio": round(ratio, 2),
            "target": f"<= {CONSISTENCY_TARGET}",
            "ok": ratio <= CONSISTENCY_TARGET,
            "detail": f"{large_s * 1e6:,.0f} us vs {small_s * 1e6:,.0f} us per group "
            "(staff scorecards of about 5 fresh audits each; rows sorted on exact "
            "integer keys, no Fraction comparisons)",
        }
    ]


def run(quick: bool = False) -> list[dict[str, object]]:
    """The benchmark rows (see the module docstring)."""
    n = 50_000 if quick else 1_000_000
    probe = n // 10
    audits = _audits()

    # Memory only (nothing timed): a long stream of a few audits in turn.
    samples: list[float] = []
    card = Scorecard.from_audits(_sampled(_stream(audits, n), probe, samples))
    if card.audits != n:
        raise AssertionError(f"counts disagree: {card.audits} != {n}")
    growth = samples[-1] - samples[0]

    a, b = _large(1), _large(2)
    merge_s = _best(lambda: a.merge(b), 50)
    ca = Counter({(i, o): c for i, o, c in a.item_counts})
    cb = Counter({(i, o): c for i, o, c in b.item_counts})
    counter_s = _best(lambda: ca + cb, 50)
    keys = len(a.item_counts) + len(b.item_counts)
    half = len(audits) // 2
    gold_a = Scorecard.from_audits(audits[:half])
    gold_b = Scorecard.from_audits(audits[half:])
    gold_s = _best(lambda: gold_a.merge(gold_b), 200)
    loaded_a, loaded_b = pickle.loads(pickle.dumps(a)), pickle.loads(pickle.dumps(b))
    loaded_s = _best(lambda: loaded_a.merge(loaded_b), 50)

    fresh, rate = _fresh_rows(quick)
    return [
        *fresh,
        {
            "benchmark": "from_audits throughput on fresh audits / 400,000 audits/s",
            "ratio": round(rate / RATE_TARGET, 2),
            "target": ">= 1.0",
            "ok": rate >= RATE_TARGET,
            "detail": f"{rate:,.0f} audits/s on this machine (one core), from the "
            "fresh-audits row",
        },
        {
            "benchmark": f"RSS growth {probe:,} -> {n:,} audits / 20 MB",
            "ratio": round(max(growth, 0.0) / RSS_GROWTH_MB, 3),
            "target": "<= 1.0",
            "ok": growth < RSS_GROWTH_MB,
            "detail": f"VmRSS {samples[0]:.1f} MB -> {samples[-1]:.1f} MB "
            f"({growth:+.2f} MB; memory only: a few audits streamed in turn)",
        },
        {
            "benchmark": "Scorecard.merge (large) / Counter + Counter of its items",
            "ratio": round(merge_s / counter_s, 2),
            "target": "<= 1.0",
            "ok": merge_s <= counter_s,
            "detail": f"{merge_s * 1e6:,.0f} us vs {counter_s * 1e6:,.0f} us for "
            f"{keys} item rows (the merge also adds moments, waits, 400 staff)",
        },
        {
            "benchmark": "Scorecard.merge of two large scorecards / 1 ms",
            "ratio": round(merge_s / MERGE_TARGET_S, 3),
            "target": "<= 1.0",
            "ok": merge_s < MERGE_TARGET_S,
            "detail": f"{merge_s * 1e6:,.0f} us; two gold-standard scorecards "
            f"(14 items) merge in {gold_s * 1e6:,.0f} us; the large ones after a "
            f"pickle round trip (no index) in {loaded_s * 1e6:,.0f} us",
        },
        *_consistency_rows(quick),
    ]


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv[1:]):
        print(row)

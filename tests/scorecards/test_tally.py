"""A scorecard counts what its audits say, however they were made.

An Auditor's audits, the same audits rebuilt with the constructor, loaded
from JSON, unpickled, copied or made without ``__init__`` all count alike
in ``Scorecard.from_audits``, the first time and every time after; and
whatever results stream by, the counts equal a plain count of what the
audits say.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable, Sequence
from datetime import timedelta
from fractions import Fraction
from typing import Any
from unittest.mock import patch

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _support import make_audit
from moments import Expectation, Moment, dumps, loads
from moments.checklists import Audit, Auditor, ItemResult
from moments.checklists import Outcome as O
from moments.scorecards import WAIT_BUCKETS, Scorecard, tally
from moments.standards import gold_standard
from moments.strategies import interactions
from moments.strategies._scorecards import audit_samples
from moments.timeliness import GreetingOutcome as G

GOLD = Auditor(gold_standard())
heavy = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def bare(value: Any) -> Any:
    """A copy made without ``__init__``, as a fast loader might make it."""
    made = object.__new__(type(value))
    for field in attrs.fields(type(value)):
        object.__setattr__(made, field.name, getattr(value, field.name))
    return made


def rebuilt(audit: Audit) -> Audit:
    """The same audit through the constructor, with its own result objects."""
    return attrs.evolve(audit, results=tuple(attrs.evolve(r) for r in audit.results))


#: Every way to get an audit equal to the one an Auditor made.
WAYS: dict[str, Callable[[Audit], Audit]] = {
    "as audited": lambda a: a,
    "rebuilt": rebuilt,
    "loaded from JSON": lambda a: loads(Audit, dumps(a)),
    "unpickled": lambda a: pickle.loads(pickle.dumps(a)),
    "copied": copy.copy,
    "made without __init__": lambda a: attrs.evolve(
        bare(a), results=tuple(map(bare, a.results))
    ),
    "made without __init__, results shared": bare,
}

# Ids made of the characters a key could be confused by.
ids = st.text(alphabet="ab1:,|", min_size=1, max_size=4).filter(str.strip)
item_results = st.builds(
    ItemResult,
    item_id=ids,
    moment=st.sampled_from(Moment),
    outcome=st.sampled_from(O),
    weight=st.integers(0, 12),
    critical=st.booleans(),
    bonus=st.just(False),
    detail=st.sampled_from(["", "x"]),
) | st.builds(
    ItemResult,
    item_id=ids,
    moment=st.sampled_from(Moment),
    outcome=st.sampled_from(O),
    weight=st.integers(0, 12),
    critical=st.just(False),
    bonus=st.just(True),
    detail=st.sampled_from(["", "x"]),
)
result_tuples = st.lists(item_results, max_size=4, unique_by=lambda r: r.item_id).map(
    tuple
)
tricky_audits = st.builds(
    make_audit,
    results=result_tuples,
    pass_mark=st.sampled_from([0.0, 0.5, 0.85, 1]),
    greeting_outcome=st.sampled_from([None, *G]),
    greeting_wait=st.sampled_from(
        [None, *WAIT_BUCKETS, timedelta(0), timedelta(seconds=10, microseconds=1)]
    )
    | st.timedeltas(timedelta(0), timedelta(hours=3)),
    expectation=st.sampled_from([None, *Expectation]),
)


def _made(results: tuple[ItemResult, ...] = (), **fields: Any) -> Audit:
    return make_audit(*results, **fields)


def plain_counts(audits: Sequence[Audit]) -> dict[str, Any]:
    """What a scorecard of ``audits`` must count, read the plain way."""
    items: dict[tuple[str, O], int] = {}
    moments: dict[tuple[Moment, O], int] = {}
    greetings: dict[G, int] = {}
    expectations: dict[Expectation, int] = {}
    waits = [0] * (len(WAIT_BUCKETS) + 1)
    for a in audits:
        for r in a.results:
            items[r.item_id, r.outcome] = items.get((r.item_id, r.outcome), 0) + 1
            moments[r.moment, r.outcome] = moments.get((r.moment, r.outcome), 0) + 1
        if a.greeting_outcome is not None:
            greetings[a.greeting_outcome] = greetings.get(a.greeting_outcome, 0) + 1
        if a.greeting_wait is not None:
            waits[sum(1 for edge in WAIT_BUCKETS if edge < a.greeting_wait)] += 1
        if a.expectation is not None:
            expectations[a.expectation] = expectations.get(a.expectation, 0) + 1
    scores = [a.score for a in audits if a.score is not None]
    return {
        "audits": len(audits),
        "passed": sum(a.passed for a in audits),
        "critical_failed": sum(bool(a.critical_failures) for a in audits),
        "scored": len(scores),
        "score_sum": sum(scores, Fraction(0)),
        "items": items,
        "moments": moments,
        "greetings": greetings,
        "waits": tuple(waits),
        "expectations": expectations,
    }


def counts_of(card: Scorecard) -> dict[str, Any]:
    return {
        "audits": card.audits,
        "passed": card.passed,
        "critical_failed": card.critical_failed,
        "scored": card.scored,
        "score_sum": card.score_sum,
        "items": {(i, o): n for i, o, n in card.item_counts},
        "moments": {(m, o): n for m, o, n in card.moment_counts},
        "greetings": dict(card.greeting_counts),
        "waits": card.wait_counts,
        "expectations": dict(card.expectation_counts),
    }


class TestEveryWayCountsAlike:
    @heavy
    @given(st.lists(interactions(), max_size=6), st.sampled_from(sorted(WAYS)))
    def test_audits_made_any_way_count_like_the_auditors(
        self, visits: list[Any], way: str
    ) -> None:
        audits = [GOLD.audit(v) for v in visits]
        others = [WAYS[way](a) for a in audits]

        card = Scorecard.from_audits(others)

        assert others == audits
        assert card == Scorecard.from_audits(audits)

    @heavy
    @given(st.lists(interactions(), max_size=6), st.sampled_from(sorted(WAYS)))
    def test_audits_made_two_ways_count_once_each(
        self, visits: list[Any], way: str
    ) -> None:
        audits = [GOLD.audit(v) for v in visits]
        card = Scorecard.from_audits(audits)

        both = Scorecard.from_audits(audits + [WAYS[way](a) for a in audits])

        assert both == card.merge(card)

    @heavy
    @given(st.lists(tricky_audits, max_size=8), st.sampled_from(sorted(WAYS)))
    def test_hand_built_audits_made_any_way_count_alike(
        self, audits: list[Audit], way: str
    ) -> None:
        others = [WAYS[way](a) for a in audits]

        assert Scorecard.from_audits(others) == Scorecard.from_audits(audits)

    @given(st.lists(interactions(), max_size=6))
    def test_counting_the_same_audits_again_gives_the_same_scorecard(
        self, visits: list[Any]
    ) -> None:
        audits = [GOLD.audit(v) for v in visits]

        first = Scorecard.from_audits(audits)
        again = Scorecard.from_audits(audits)
        unpickled = Scorecard.from_audits(pickle.loads(pickle.dumps(audits)))

        assert first == again == unpickled

    @given(interactions())
    def test_counting_leaves_eq_hash_repr_and_pickle_of_an_audit_alone(
        self, visit: Any
    ) -> None:
        audit = GOLD.audit(visit)
        twin = attrs.evolve(audit)

        Scorecard.from_audits([audit])

        assert audit == twin
        assert hash(audit) == hash(twin)
        assert repr(audit) == repr(twin)
        assert pickle.dumps(audit) == pickle.dumps(twin)
        assert dumps(audit) == dumps(twin)


class TestCountsAreWhatTheAuditsSay:
    @heavy
    @given(st.lists(tricky_audits, max_size=10), st.sampled_from([1, 2, 4096]))
    def test_hand_built_audits_count_as_a_plain_count_reads_them(
        self, audits: list[Audit], limit: int
    ) -> None:
        with patch.object(tally, "VECTOR_LIMIT", limit):
            card = Scorecard.from_audits(audits)

        assert counts_of(card) == plain_counts(audits)

    @heavy
    @given(st.lists(interactions(), max_size=6), st.sampled_from([1, 4096]))
    def test_auditor_audits_count_as_a_plain_count_reads_them(
        self, visits: list[Any], limit: int
    ) -> None:
        audits = [GOLD.audit(v) for v in visits]

        with patch.object(tally, "VECTOR_LIMIT", limit):
            card = Scorecard.from_audits(audits)

        assert counts_of(card) == plain_counts(audits)

    @heavy
    @given(st.lists(audit_samples(), max_size=8))
    def test_sampled_audits_count_as_a_plain_count_reads_them(
        self, audits: list[Audit]
    ) -> None:
        assert counts_of(Scorecard.from_audits(audits)) == plain_counts(audits)

    @given(result_tuples, result_tuples)
    def test_audits_differing_only_in_details_count_alike(
        self, a: tuple[ItemResult, ...], b: tuple[ItemResult, ...]
    ) -> None:
        redetailed = tuple(attrs.evolve(r, detail=r.detail + "!") for r in a)

        card = Scorecard.from_audits([_made(a), _made(b)])

        assert card == Scorecard.from_audits([_made(redetailed), _made(b)])

    @heavy
    @given(result_tuples.filter(bool), st.data())
    def test_audits_differing_in_one_counted_field_are_counted_apart(
        self, results: tuple[ItemResult, ...], data: st.DataObject
    ) -> None:
        index = data.draw(st.integers(0, len(results) - 1))
        old = results[index]
        fields = ["item_id", "moment", "outcome", "weight", "flags", "pass_mark"]
        field = data.draw(st.sampled_from(fields))
        changed = list(results)
        mark = 0.85
        if field == "pass_mark":
            mark = data.draw(st.sampled_from([0.0, 0.5, 1]))
        elif field == "flags":  # critical, bonus or neither, never both
            flags = [(False, False), (True, False), (False, True)]
            flags.remove((old.critical, old.bonus))
            critical, bonus = data.draw(st.sampled_from(flags))
            changed[index] = attrs.evolve(old, critical=critical, bonus=bonus)
        else:
            taken = {r.item_id for r in results}
            changed[index] = attrs.evolve(
                old,
                **{
                    field: data.draw(
                        {
                            "item_id": ids.filter(lambda i: i not in taken),
                            "moment": st.sampled_from(Moment).filter(
                                lambda m: m is not old.moment
                            ),
                            "outcome": st.sampled_from(O).filter(
                                lambda o: o is not old.outcome
                            ),
                            "weight": st.integers(0, 12).filter(
                                lambda w: w != old.weight
                            ),
                        }[field]
                    )
                },
            )
        audits = [_made(results), _made(tuple(changed), pass_mark=mark)]

        card = Scorecard.from_audits(audits)

        assert counts_of(card) == plain_counts(audits)
        assert card == Scorecard.from_audits(audits[:1]).merge(
            Scorecard.from_audits(audits[1:])
        )

    @pytest.mark.parametrize("mark", [0.5, 0.85])
    def test_equal_results_under_another_pass_mark_pass_by_their_own(
        self, mark: float
    ) -> None:
        result = ItemResult(
            item_id="a",
            moment=Moment.GREETING,
            outcome=O.PASS,
            weight=3,
            critical=False,
            bonus=False,
        )
        failed = attrs.evolve(result, item_id="b", outcome=O.FAIL, weight=1)
        strict, lenient = (
            _made((result, failed), pass_mark=0.85),
            _made((result, failed), pass_mark=mark),
        )

        card = Scorecard.from_audits([strict, lenient])

        assert card.passed == (mark <= 0.75)
        assert counts_of(card) == plain_counts([strict, lenient])

    @pytest.mark.parametrize(
        ("wait", "bucket"),
        [
            (timedelta(0), 0),
            (timedelta(seconds=1), 0),
            (timedelta(seconds=1, microseconds=1), 1),
            (timedelta(seconds=10), 7),
            (timedelta(hours=1), len(WAIT_BUCKETS) - 1),
            (timedelta(hours=1, microseconds=1), len(WAIT_BUCKETS)),
        ],
    )
    def test_a_wait_counts_in_the_bucket_closed_at_its_upper_edge(
        self, wait: timedelta, bucket: int
    ) -> None:
        card = Scorecard.from_audits([_made(greeting_wait=wait)])

        assert card.wait_counts[bucket] == 1
        assert sum(card.wait_counts) == 1

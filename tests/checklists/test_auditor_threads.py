"""Tests for moments.checklists.Auditor used from many threads.

An Auditor compiles its audit and score functions lazily, per channel and
party kind, on first use. One Auditor shared by 8 threads, from its very
first calls, gives the same audits and scores as the same Auditor's work
done sequentially: compiling twice at once may waste work, never change a
result.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from moments import Interaction
from moments.checklists import Audit, Auditor, Checklist
from moments.cli.demo import demo_day
from moments.standards import gold_standard, transactional_standard
from moments.strategies import interactions

THREADS = 8


@contextmanager
def switching_often() -> Iterator[None]:
    """Make the interpreter switch threads every microsecond, so that
    the threads interleave inside the lazy compilation."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def in_threads(
    work: Callable[[Interaction], object], items: Sequence[Interaction]
) -> list[object]:
    """``work`` of each item from 8 threads that start together, in the
    items' order."""
    start = threading.Barrier(THREADS)

    def job(chunk: Sequence[tuple[int, Interaction]]) -> list[tuple[int, object]]:
        start.wait()
        return [(index, work(item)) for index, item in chunk]

    indexed = list(enumerate(items))
    chunks = [indexed[k::THREADS] for k in range(THREADS)]
    with switching_often(), ThreadPoolExecutor(max_workers=THREADS) as pool:
        done = [pair for part in pool.map(job, chunks) for pair in part]
    return [result for _, result in sorted(done, key=lambda pair: pair[0])]


def both(auditor: Auditor, as_of: datetime | None) -> Callable[[Interaction], object]:
    """An interaction's audit and its fast score, from ``auditor``."""

    def work(item: Interaction) -> tuple[Audit, float | None]:
        return auditor.audit(item, as_of=as_of), auditor.score(item, as_of=as_of)

    return work


def test_one_auditor_in_8_threads_audits_the_demo_day_as_sequential_use() -> None:
    day = demo_day()
    # Each visit several times over, so that every thread starts on
    # channels and party kinds nothing has compiled yet.
    visits = list(day.interactions) * 4
    sequential = [both(Auditor(gold_standard()), day.as_of)(i) for i in visits]

    shared = Auditor(gold_standard())
    threaded = in_threads(both(shared, day.as_of), visits)

    assert threaded == sequential


@settings(max_examples=30)
@given(
    st.lists(
        interactions(), min_size=THREADS, max_size=4 * THREADS, unique_by=lambda i: i.id
    ),
    st.sampled_from([gold_standard, transactional_standard]),
)
def test_one_auditor_in_8_threads_gives_the_audits_and_scores_of_sequential_use(
    visits: list[Interaction], standard: Callable[[], Checklist]
) -> None:
    checklist = standard()
    sequential = [both(Auditor(checklist), None)(i) for i in visits]

    shared = Auditor(checklist)  # nothing compiled yet
    threaded = in_threads(both(shared, None), visits)

    assert threaded == sequential

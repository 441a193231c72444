"""Tests for scorecards on real clusters: a Dask ``LocalCluster`` of two
worker processes and a Spark session in local mode (``local[2]``).

Each partition of JSONL lines is read with ``loads``, audited with an
``Auditor`` and summed with ``Scorecard.from_audits`` (or grouped with
``scorecards_by``) in another process, so the lines, the functions and
the partial scorecards are all pickled between processes; the partials
merge (``Scorecard.merge``, ``merge_all``, ``merge_groups``) to exactly
the scorecards a single pass in this process gives.

One cluster and one Spark session serve the whole module. The engines
are optional locally: without ``distributed`` or ``pyspark`` (or Java)
their tests skip, unless ``CI`` is set, where a missing engine fails.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from types import ModuleType
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moments import Auditor, Interaction, PartyKind
from moments.checklists import Audit
from moments.cli.demo import demo_day
from moments.scorecards import Scorecard, by_location, scorecards_by
from moments.scorecards.partitions import merge_groups
from moments.serialization import dumps, loads
from moments.standards import gold_standard, transactional_standard
from moments.strategies import interactions

IN_CI = bool(os.environ.get("CI"))


def engine(name: str) -> ModuleType:
    """Import ``name``; skip when it is missing, except in CI (fail)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        if IN_CI:
            raise
        pytest.skip(f"{name} is not installed (CI installs it)")


def _shifted(value: Any, by: timedelta) -> Any:
    """``value`` with every datetime in it moved by ``by``."""
    if isinstance(value, datetime):
        return value + by
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return attrs.evolve(
            value,
            **{f.alias: _shifted(getattr(value, f.name), by) for f in fields if f.init},
        )
    return value


def _a_month() -> list[str]:
    """Thirty days of the demo's Friday, one JSON document per line."""
    day = demo_day().interactions
    return [
        dumps(attrs.evolve(_shifted(i, timedelta(days=n)), id=f"{n:02}-{i.id}"))
        for n in range(30)
        for i in day
    ]


MONTH = _a_month()


# The partition functions: each runs in a worker process, on one
# partition's lines, and builds its auditors there (an auditor compiles its
# checklist on first use, in the process that uses it).
def audited(lines: Iterable[str]) -> Iterator[Audit]:
    """Audit every line: clients on the gold standard, customers on the
    transactional one, each as of its own latest moment."""
    gold = Auditor(gold_standard())
    quick = Auditor(transactional_standard())
    for line in lines:
        interaction = loads(Interaction, line)
        auditor = gold if interaction.party_kind is PartyKind.CLIENT else quick
        yield auditor.audit(interaction)


def card_of(lines: Iterable[str]) -> Scorecard:
    return Scorecard.from_audits(audited(lines))


def cards_by_location(lines: Iterable[str]) -> dict[str | None, Scorecard]:
    return scorecards_by(audited(lines), by_location)


def card_and_pid(lines: Iterable[str]) -> list[tuple[Scorecard, int]]:
    return [(card_of(lines), os.getpid())]


def card_and_groups(
    lines: Iterable[str],
) -> tuple[Scorecard, dict[str | None, Scorecard]]:
    audits = list(audited(lines))
    return Scorecard.from_audits(audits), scorecards_by(audits, by_location)


def merged_cards_and_groups(
    partials: Iterable[tuple[Scorecard, dict[str | None, Scorecard]]],
) -> tuple[Scorecard, dict[str | None, Scorecard]]:
    partials = list(partials)
    return (
        Scorecard.merge_all(card for card, _ in partials),
        merge_groups(groups for _, groups in partials),
    )


def _pairs(lines: Iterable[str]) -> Iterator[tuple[str | None, Scorecard]]:
    return iter(cards_by_location(lines).items())


# -- Dask --------------------------------------------------------------------
@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    """A client of a local cluster of two worker processes (one thread
    each), on the loopback interface, without a dashboard."""
    distributed = engine("distributed")
    # Dask pickles functions with cloudpickle: this module's go by value,
    # since the workers cannot import a test module.
    engine("cloudpickle").register_pickle_by_value(sys.modules[__name__])
    with (
        distributed.LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.wait_for_workers(2)
        yield client


class TestDaskCluster:
    def test_the_workers_are_two_other_processes(self, dask_client: Any) -> None:
        pids = set(dask_client.run(os.getpid).values())

        assert len(pids) == 2
        assert os.getpid() not in pids

    def test_partitions_audited_on_the_workers_merge_to_the_sequential_card(
        self, dask_client: Any
    ) -> None:
        bag = engine("dask.bag")
        lines = bag.from_sequence(MONTH, npartitions=8)

        card = lines.reduction(card_of, Scorecard.merge_all).compute(
            scheduler=dask_client
        )

        assert card == card_of(MONTH)
        assert card.audits == len(MONTH)

    def test_each_partition_is_audited_in_a_worker_process(
        self, dask_client: Any
    ) -> None:
        bag = engine("dask.bag")
        workers = set(dask_client.run(os.getpid).values())

        partials = (
            bag.from_sequence(MONTH, npartitions=6)
            .map_partitions(card_and_pid)
            .compute(scheduler=dask_client)
        )

        assert len(partials) == 6
        assert {pid for _, pid in partials} <= workers
        assert Scorecard.merge_all(card for card, _ in partials) == card_of(MONTH)

    def test_per_location_partials_merge_to_the_sequential_groups(
        self, dask_client: Any
    ) -> None:
        bag = engine("dask.bag")
        lines = bag.from_sequence(MONTH, npartitions=7)

        groups = lines.reduction(cards_by_location, merge_groups).compute(
            scheduler=dask_client
        )

        whole = cards_by_location(MONTH)
        assert groups == whole
        assert list(groups) == list(whole) == ["harbour-street", "market-square"]

    @settings(
        max_examples=10,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.lists(interactions(), max_size=12), st.integers(1, 5))
    def test_any_interactions_in_any_partitions_merge_to_the_sequential_card(
        self, dask_client: Any, drawn: list[Interaction], partitions: int
    ) -> None:
        bag = engine("dask.bag")
        lines = [dumps(interaction) for interaction in drawn]

        card, groups = (
            bag.from_sequence(lines, npartitions=partitions)
            .reduction(card_and_groups, merged_cards_and_groups)
            .compute(scheduler=dask_client)
        )

        assert (card, groups) == card_and_groups(lines)


# -- Spark -------------------------------------------------------------------
@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """A Spark session in local mode with two cores, on the loopback
    interface, quiet; its Python workers run this interpreter."""
    sql = engine("pyspark.sql")
    if shutil.which("java") is None and "JAVA_HOME" not in os.environ:
        if IN_CI:
            pytest.fail("Spark needs Java: .ci/run installs openjdk-17-jre-headless")
        pytest.skip("Spark needs Java (openjdk-17-jre-headless)")
    # pyspark pickles functions with its own copy of cloudpickle.
    engine("pyspark.cloudpickle").register_pickle_by_value(sys.modules[__name__])
    saved = {k: os.environ.get(k) for k in ("PYSPARK_PYTHON", "SPARK_LOCAL_IP")}
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    session = (
        sql.SparkSession.builder.master("local[2]")
        .appName("moments-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class TestSparkLocal:
    def test_partitions_audited_on_the_workers_merge_to_the_sequential_card(
        self, spark: Any
    ) -> None:
        lines = spark.sparkContext.parallelize(MONTH, numSlices=8)

        card = lines.mapPartitions(lambda part: [card_of(part)]).treeReduce(
            Scorecard.merge
        )

        assert card == card_of(MONTH)
        assert card.audits == len(MONTH)

    def test_each_partition_is_audited_in_a_python_worker_process(
        self, spark: Any
    ) -> None:
        lines = spark.sparkContext.parallelize(MONTH, numSlices=4)

        partials = lines.mapPartitions(card_and_pid).collect()

        assert len(partials) == 4
        assert os.getpid() not in {pid for _, pid in partials}
        assert Scorecard.merge_all(card for card, _ in partials) == card_of(MONTH)

    def test_per_location_partials_merge_to_the_sequential_groups(
        self, spark: Any
    ) -> None:
        lines = spark.sparkContext.parallelize(MONTH, numSlices=6)

        groups = lines.mapPartitions(lambda part: [cards_by_location(part)]).treeReduce(
            lambda a, b: merge_groups((a, b))
        )

        whole = cards_by_location(MONTH)
        assert groups == whole
        assert list(groups) == list(whole)

    def test_per_location_cards_reduced_by_key_are_the_sequential_groups(
        self, spark: Any
    ) -> None:
        lines = spark.sparkContext.parallelize(MONTH, numSlices=5)

        pairs = lines.mapPartitions(_pairs).reduceByKey(Scorecard.merge).collect()

        assert merge_groups([dict(pairs)]) == cards_by_location(MONTH)

    def test_a_fold_audit_by_audit_gives_the_same_card(self, spark: Any) -> None:
        lines = spark.sparkContext.parallelize(MONTH[:85], numSlices=3)

        card = lines.mapPartitions(audited).treeAggregate(
            Scorecard.EMPTY, Scorecard.add, Scorecard.merge
        )

        assert card == card_of(MONTH[:85])

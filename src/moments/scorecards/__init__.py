"""Scorecards: exact, mergeable summaries of many audits and feedback.

A :class:`Scorecard` counts audits (passed, critical failures, exact score
sums, every item's and every moment's outcomes, greeting outcomes and
waits, expectations) and feedback (NPS, CSAT, wow cards). Its arithmetic
is integers and fractions, never float sums, so :meth:`Scorecard.merge`
is associative and commutative with :attr:`Scorecard.EMPTY` as identity:
build one scorecard per partition, anywhere, and merge.

With Dask (``dask.bag``)::

    import dask.bag as db
    from moments.scorecards import Scorecard

    bag = db.from_sequence(audits, npartitions=8)
    card = bag.reduction(Scorecard.from_audits, Scorecard.merge_all).compute()

With PySpark, folding audit by audit::

    card = rdd.treeAggregate(
        Scorecard.EMPTY, lambda acc, audit: acc.add(audit), Scorecard.merge
    )

or, faster (one frozen scorecard per partition, not per audit)::

    card = rdd.mapPartitions(
        lambda part: [Scorecard.from_audits(part)]
    ).treeReduce(Scorecard.merge)

:func:`scorecards_by` groups audits (by staff, location, channel, party
kind, day or any key), and :func:`~moments.scorecards.consistency` answers
"can everyone, everywhere get the same service from anyone?".

Example:
    >>> from datetime import datetime, UTC
    >>> from moments import Channel, Moment, PartyKind
    >>> from moments.checklists import Audit, ItemResult, Outcome
    >>> def visit(i, outcome):
    ...     item = ItemResult(item_id="thanked", moment=Moment.GOODBYE,
    ...                       outcome=outcome, weight=1, critical=False,
    ...                       bonus=False)
    ...     return Audit(interaction_id=i, checklist_name="demo",
    ...                  checklist_version=1, pass_mark=0.85,
    ...                  as_of=datetime(2026, 6, 1, tzinfo=UTC), results=(item,),
    ...                  channel=Channel.IN_PERSON, party_kind=PartyKind.CLIENT)
    >>> card = Scorecard.from_audits([visit("a", Outcome.PASS),
    ...                               visit("b", Outcome.FAIL)])
    >>> card.audits, card.pass_rate, card.missed_items
    (2, Fraction(1, 2), (('thanked', 1),))
"""

from moments.scorecards.card import Scorecard
from moments.scorecards.consistency import (
    Consistency,
    ItemSpread,
    Standing,
    consistency,
)
from moments.scorecards.feedback import Recognition, csat, nps, recognition
from moments.scorecards.groups import (
    by_channel,
    by_day,
    by_location,
    by_party_kind,
    by_staff,
    scorecards_by,
)
from moments.scorecards.partitions import merge_groups
from moments.scorecards.tally import WAIT_BUCKETS

__all__ = [
    "WAIT_BUCKETS",
    "Consistency",
    "ItemSpread",
    "Recognition",
    "Scorecard",
    "Standing",
    "by_channel",
    "by_day",
    "by_location",
    "by_party_kind",
    "by_staff",
    "consistency",
    "csat",
    "merge_groups",
    "nps",
    "recognition",
    "scorecards_by",
]

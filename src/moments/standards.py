"""The shipped service standards: gold for clients, transactional for
customers.

Both are ordinary :class:`~moments.checklists.Checklist` data, versioned:
whenever an item, weight or pass mark changes, the version goes up, so an
audit always says which edition of the standard it was scored against.
Copy and adapt them (``attrs.evolve``) to build your own; give the copy a
new name.

How the weights were chosen:

* Weights are points. The moments that decide whether a person feels
  known and looked after (a timely greeting, an offer about them,
  delivery as promised) weigh 3; the habits that make a relationship
  (names, questions, thanks, follow-up) weigh 1 or 2.
* Exceeding expectations is a **bonus**: meeting them is the standard, and
  going beyond is what keeps people, so it can lift a score but its absence
  never lowers one.
* Recovery items weigh **0 and are critical**. They only apply when
  something went wrong, and a well-handled failure must never score
  higher than the same visit without the failure; with no weight a
  recovery in time leaves the score where it was, while a recovery out of
  time fails the whole audit. (``by_moment`` has no number for recovery;
  the item results carry its outcome.)
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from moments.checklists import Checklist, ChecklistItem
from moments.checks import (
    ExpectationExceeded,
    ExpectationMet,
    FarewellByName,
    FollowUpDone,
    FollowUpScheduled,
    GreetedByName,
    GreetingTimely,
    InformationCollected,
    OfferPersonalised,
    Probed,
    RecoveryAcknowledged,
    RecoveryResolved,
    Thanked,
)
from moments.interactions import InfoField, Moment, PartyKind

__all__ = [
    "GOLD_STANDARD_VERSION",
    "TRANSACTIONAL_STANDARD_VERSION",
    "gold_standard",
    "transactional_standard",
]

GOLD_STANDARD_VERSION = 1
"""The edition :func:`gold_standard` returns."""

TRANSACTIONAL_STANDARD_VERSION = 1
"""The edition :func:`transactional_standard` returns."""

_CLIENTS = frozenset({PartyKind.CLIENT})
_CUSTOMERS = frozenset({PartyKind.CUSTOMER})


def _recovery(kinds: frozenset[PartyKind]) -> tuple[ChecklistItem, ...]:
    # Weight 0, critical: see the module docstring. 15 minutes to say "we
    # know, we are on it" and a day to put it right are the usual service
    # desk promises; a problem left longer than that is felt as neglect.
    return (
        ChecklistItem(
            id="recovery.acknowledged",
            moment=Moment.RECOVERY,
            text="When something went wrong, it was acknowledged within 15 minutes",
            check=RecoveryAcknowledged(within=timedelta(minutes=15)),
            weight=0,
            critical=True,
            party_kinds=kinds,
        ),
        ChecklistItem(
            id="recovery.resolved",
            moment=Moment.RECOVERY,
            text="When something went wrong, it was put right within 24 hours",
            check=RecoveryResolved(within=timedelta(hours=24)),
            weight=0,
            critical=True,
            party_kinds=kinds,
        ),
    )


def _gold_items() -> tuple[ChecklistItem, ...]:
    item = partial(ChecklistItem, party_kinds=_CLIENTS)

    return (
        # Greeting. Critical: a client left waiting beyond the limit (10 s
        # in person) has been failed before anything else can happen. The
        # channel's standard comes from the greeting policy.
        item(
            id="greeting.timely",
            moment=Moment.GREETING,
            text="Greeted within the standard for the channel (in person: 10 s)",
            check=GreetingTimely(),
            weight=3,
            critical=True,
        ),
        # Clients are people we know: using the name is the first proof.
        item(
            id="greeting.name",
            moment=Moment.GREETING,
            text="Greeted by name",
            check=GreetedByName(),
            weight=2,
        ),
        # Collecting information: why they came, then one more question.
        item(
            id="information.reason",
            moment=Moment.COLLECTING_INFORMATION,
            text="Asked the reason for the visit",
            check=InformationCollected(fields={InfoField.REASON_FOR_VISIT}),
            weight=2,
        ),
        item(
            id="information.probed",
            moment=Moment.COLLECTING_INFORMATION,
            text="Probed beyond the first answer",
            check=Probed(),
            weight=2,
        ),
        # Something about the person, not just contact details: it is what
        # the offer, the next visit and the relationship are built on.
        item(
            id="information.about_them",
            moment=Moment.COLLECTING_INFORMATION,
            text="Learned what they like, dislike, plan, or something personal",
            check=InformationCollected(
                fields={
                    InfoField.LIKES,
                    InfoField.DISLIKES,
                    InfoField.PLANS,
                    InfoField.PERSONAL,
                }
            ),
            weight=1,
        ),
        # Storytelling: an offer built on what they told us is about them;
        # one built on nothing is about us.
        item(
            id="storytelling.personalised",
            moment=Moment.STORYTELLING,
            text="Made an offer built on what they told us or what we know",
            check=OfferPersonalised(),
            weight=3,
        ),
        # Delivery: meeting expectations is the floor...
        item(
            id="delivery.met",
            moment=Moment.DELIVERY,
            text="Delivered at least what they expected",
            check=ExpectationMet(),
            weight=3,
        ),
        # ...exceeding them is what keeps people: a bonus, never a penalty.
        item(
            id="delivery.exceeded",
            moment=Moment.DELIVERY,
            text="Exceeded what they expected",
            check=ExpectationExceeded(),
            weight=2,
            bonus=True,
        ),
        item(
            id="goodbye.thanked",
            moment=Moment.GOODBYE,
            text="Thanked them",
            check=Thanked(),
            weight=2,
        ),
        item(
            id="goodbye.name",
            moment=Moment.GOODBYE,
            text="Said goodbye by name",
            check=FarewellByName(),
            weight=1,
        ),
        # Follow-up: promised within a week, while the visit is fresh, and
        # then kept. A promise not kept costs more than none made, so the
        # two weigh the same.
        item(
            id="follow_up.scheduled",
            moment=Moment.FOLLOW_UP,
            text="Set a follow-up due within 7 days of the visit",
            check=FollowUpScheduled(within=timedelta(days=7)),
            weight=2,
        ),
        item(
            id="follow_up.done",
            moment=Moment.FOLLOW_UP,
            text="Did the follow-up by its due time",
            check=FollowUpDone(),
            weight=2,
        ),
        *_recovery(_CLIENTS),
    )


def _transactional_items() -> tuple[ChecklistItem, ...]:
    item = partial(ChecklistItem, party_kinds=_CUSTOMERS)

    return (
        # Quick: a customer wants an easy transaction. Timed by the policy's
        # looser customer standard and weighty, but not critical: a busy
        # counter should lower the score, not zero it.
        item(
            id="greeting.timely",
            moment=Moment.GREETING,
            text="Acknowledged within the standard for the channel",
            check=GreetingTimely(),
            weight=3,
        ),
        # Correct: they got what they came for.
        item(
            id="delivery.met",
            moment=Moment.DELIVERY,
            text="Got what they came for",
            check=ExpectationMet(),
            weight=3,
        ),
        # Polite: a thank-you costs nothing.
        item(
            id="goodbye.thanked",
            moment=Moment.GOODBYE,
            text="Thanked them",
            check=Thanked(),
            weight=2,
        ),
        *_recovery(_CUSTOMERS),
    )


_GOLD = Checklist(
    name="gold",
    version=GOLD_STANDARD_VERSION,
    items=_gold_items(),
    pass_mark=0.85,
)
_TRANSACTIONAL = Checklist(
    name="transactional",
    version=TRANSACTIONAL_STANDARD_VERSION,
    items=_transactional_items(),
    pass_mark=0.85,
)


def gold_standard() -> Checklist:
    """The full Seven Moments standard for clients (``gold@1``).

    Every item applies to clients only (a customer's interaction scores
    ``None``); 23 points plus a 2-point bonus; pass mark 85 %. The timely
    greeting and both recovery items are critical. The module docstring and
    the comments in the source give the reasoning item by item.

    Returns:
        The checklist (an immutable value: share it freely).

    Example:
        >>> gold = gold_standard()
        >>> gold.label, gold.total_weight, gold["greeting.timely"].critical
        ('gold@1', 23, True)
    """
    return _GOLD


def transactional_standard() -> Checklist:
    """The quick standard for customers (``transactional@1``): greeted
    quickly, served correctly, thanked; recovery in time when needed.

    Every item applies to customers only; 8 points; pass mark 85 %.

    Returns:
        The checklist.

    Example:
        >>> transactional_standard().ids[:3]
        ('greeting.timely', 'delivery.met', 'goodbye.thanked')
    """
    return _TRANSACTIONAL

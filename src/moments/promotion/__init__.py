"""Explainable promotion: from customer to client, from client to advocate.

A :class:`PromotionPolicy` names the rules for each step. :func:`decide_promotion`
evaluates them for one party and returns a :class:`PromotionDecision` that
lists every criterion (threshold, actual value, evidence ids) and what staff
can do next. :func:`promote` performs an eligible decision and logs it on the
client's stage log. Automatic moves only go forward; a lapsing client is
flagged by :func:`review_relationship`, never demoted.

Example:
    >>> from datetime import datetime, UTC
    >>> from moments import Customer
    >>> walk_in = Customer(id="c-1", first_seen=datetime(2026, 1, 5, tzinfo=UTC))
    >>> d = decide_promotion(walk_in, [], as_of=datetime(2026, 3, 1, tzinfo=UTC))
    >>> (d.eligible, d.from_stage, d.to_stage, d.policy_label)
    (False, <Stage.ANONYMOUS: 'anonymous'>, <Stage.CLIENT: 'client'>, 'default@1')
    >>> d.missing[:2]
    ('ask for their name', 'ask for an email or phone number')
"""

from moments.promotion.criteria import Criterion
from moments.promotion.decisions import (
    PromotionDecision,
    PromotionPolicy,
    decide_promotion,
    default_promotion_policy,
    evaluate_rule,
    promote,
)
from moments.promotion.review import (
    RelationshipReview,
    RelationshipStatus,
    review_relationship,
)

__all__ = [
    "Criterion",
    "PromotionDecision",
    "PromotionPolicy",
    "RelationshipReview",
    "RelationshipStatus",
    "decide_promotion",
    "default_promotion_policy",
    "evaluate_rule",
    "promote",
    "review_relationship",
]

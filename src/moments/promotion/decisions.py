"""Promotion policies and decisions: who may move up a stage, and the move."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from moments import _html
from moments import _validate as v
from moments._time import aware, check_zone, elapsed, load_zone, require_aware
from moments.errors import InvalidData, NotEligible
from moments.interactions import Feedback, Interaction
from moments.parties import (
    Client,
    Customer,
    Preferences,
    Profile,
    Stage,
    StageTransition,
)
from moments.promotion.criteria import Criterion, context, evaluate, top_level
from moments.rules import (
    _RULE_TYPES,
    Consented,
    HasContact,
    HasName,
    MinTenure,
    MinVisits,
    Promoter,
    RecentVisit,
    Recognised,
    Rule,
)

__all__ = [
    "PromotionDecision",
    "PromotionPolicy",
    "decide_promotion",
    "default_promotion_policy",
    "evaluate_rule",
    "promote",
]


_rule = v.instance_of(_RULE_TYPES, "a promotion rule (moments.rules)")


@attrs.frozen(kw_only=True)
class PromotionPolicy:
    """The rules for each forward step, under a name and version.

    ``zone`` (an IANA key) decides which local date a visit falls on when
    rules count distinct days.

    Example:
        >>> policy = default_promotion_policy()
        >>> policy.label
        'default@1'
    """

    name: str = attrs.field(validator=v.non_empty_str)
    version: int = attrs.field(validator=v.strict_int(1))
    to_client: Rule = attrs.field(validator=_rule)
    to_advocate: Rule = attrs.field(validator=_rule)
    zone: str = attrs.field(default="UTC", validator=check_zone)

    @property
    def label(self) -> str:
        """``name@version``, as logged on stage transitions."""
        return f"{self.name}@{self.version}"


def default_promotion_policy() -> PromotionPolicy:
    """The standard's policy, ``default@1``.

    To CLIENT: name known, an email or phone number, consent to keep their
    details, and visits on 3 distinct days within 365 days. To ADVOCATE: a
    client for a year or more, a visit within 90 days, and a promoter (latest
    NPS 9 or more) or someone who has recognised staff on a wow card.
    """
    return PromotionPolicy(
        name="default",
        version=1,
        to_client=HasName()
        & HasContact()
        & Consented()
        & MinVisits(3, within=relativedelta(days=365)),
        to_advocate=MinTenure(relativedelta(years=1))
        & RecentVisit(within=relativedelta(days=90))
        & (Promoter(min_nps=9) | Recognised(min_wow_cards=1)),
    )


_DEFAULT = default_promotion_policy()
_criteria = v.tuple_of(lambda c: type(c) is Criterion, "Criterion records")
_actions = v.tuple_of(v.is_str, "actions")
_LAST = "already an advocate, the last stage: nothing to promote to"


def _check_decision(instance: PromotionDecision, attribute: Any, value: Any) -> None:
    v.tuple_of(v.is_str, "actions")(instance, attribute, value)
    to_stage = instance.to_stage
    if to_stage is None:
        if instance.eligible or instance.criteria or value:
            raise InvalidData.field(
                "to_stage", "a stage when there are criteria", to_stage
            )
        return
    if to_stage <= instance.from_stage:
        raise InvalidData.field(
            "to_stage", f"a stage after from_stage {instance.from_stage}", to_stage
        )
    expected = tuple(c.action for c in instance.criteria if c.action is not None)
    if value != expected:
        raise InvalidData.field("missing", f"the failed actions {expected!r}", value)
    if instance.eligible != (bool(instance.criteria) and not expected):
        raise InvalidData.field(
            "eligible", "True exactly when every criterion passed", instance.eligible
        )


@attrs.frozen(kw_only=True)
class PromotionDecision:
    """Whether a party may move to the next stage, and why.

    ``criteria`` lists every rule of the policy's step (a top-level
    :class:`~moments.rules.AllOf` rule by rule); ``missing`` holds the actions
    of the failed ones, in order. ``from_stage`` is the party's stage when
    decided, ``to_stage`` the next one, and ``policy_label`` the policy's
    ``name@version``. A party already at ``ADVOCATE`` gets
    ``to_stage=None``, no criteria, ``eligible=False`` and a ``note`` saying
    so. In a notebook it shows as a table of the criteria.

    Example:
        >>> from datetime import datetime, UTC
        >>> from moments import Contact, Customer
        >>> bo = Customer(id="c-2", first_seen=datetime(2026, 1, 5, tzinfo=UTC),
        ...               name="Bo", contact=Contact(phone="+44 20 7946 0000"))
        >>> d = decide_promotion(bo, [], as_of=datetime(2026, 3, 1, tzinfo=UTC))
        >>> (d.from_stage, d.to_stage, d.policy_label)
        (<Stage.IDENTIFIED: 'identified'>, <Stage.CLIENT: 'client'>, 'default@1')
        >>> [(c.name, c.passed) for c in d.criteria[:2]]
        [('name known', True), ('email or phone known', True)]
        >>> d.missing
        ('ask for consent to keep their details', '3 more visits within 365 days')
    """

    party_id: str = attrs.field(validator=v.non_empty_str)
    eligible: bool = attrs.field(validator=v.strict_bool)
    from_stage: Stage = attrs.field(validator=v.enum_of(Stage))
    to_stage: Stage | None = attrs.field(validator=v.optional(v.enum_of(Stage)))
    policy_label: str = attrs.field(validator=v.non_empty_str)
    as_of: datetime = attrs.field(validator=aware)
    criteria: tuple[Criterion, ...] = attrs.field(
        default=(), converter=v.as_tuple, validator=_criteria
    )
    missing: tuple[str, ...] = attrs.field(
        default=(), converter=v.as_tuple, validator=_check_decision
    )
    note: str | None = attrs.field(default=None, validator=v.optional(v.non_empty_str))

    @property
    def current(self) -> Stage:
        """Deprecated alias of :attr:`from_stage`."""
        _renamed("current", "from_stage")
        return self.from_stage

    @property
    def target(self) -> Stage | None:
        """Deprecated alias of :attr:`to_stage`."""
        _renamed("target", "to_stage")
        return self.to_stage

    @property
    def policy(self) -> str:
        """Deprecated alias of :attr:`policy_label` (the policy's
        ``name@version``, not the policy)."""
        _renamed("policy", "policy_label")
        return self.policy_label

    def _repr_html_(self) -> str:
        to_stage = "none" if self.to_stage is None else self.to_stage.value
        verdict = "eligible" if self.eligible else "not eligible"
        title = (
            f"{self.party_id}: {self.from_stage.value} -> {to_stage}, {verdict} "
            f"({self.policy_label}, as of {self.as_of.isoformat()})"
        )
        rows = [
            (c.name, c.threshold, c.actual, "yes" if c.passed else "no", c.action)
            for c in self.criteria
        ]
        if self.note:
            rows.append(("note", "", "", "", self.note))
        return _html.table(
            title, ["criterion", "threshold", "actual", "passed", "action"], rows
        )


def _renamed(old: str, new: str) -> None:
    warnings.warn(
        f"PromotionDecision.{old} is deprecated; use PromotionDecision.{new}",
        DeprecationWarning,
        stacklevel=3,
    )


def evaluate_rule(
    rule: Rule,
    party: Customer | Client,
    interactions: Iterable[Interaction],
    *,
    as_of: datetime,
    feedback: Iterable[Feedback] = (),
    zone: str = "UTC",
) -> Criterion:
    """Evaluate one rule for ``party`` as of ``as_of``.

    Only interactions with ``party_id == party.id`` that arrived at or before
    ``as_of`` count; feedback counts when it was given by ``as_of`` on one of
    those interactions. Days are local dates in ``zone``.

    Raises:
        InvalidArgument: ``interactions`` or ``feedback`` is not an iterable.
        InvalidData: a bad party, rule, zone or item.
        NaiveDatetimeError: ``as_of`` has no time zone.
        CurrencyMismatch: a spend rule meets a purchase in another currency.
    """
    ctx = context(party, interactions, feedback, as_of, load_zone(zone))
    return evaluate(rule, ctx)


def decide_promotion(
    party: Customer | Client,
    interactions: Iterable[Interaction],
    *,
    as_of: datetime,
    policy: PromotionPolicy | None = None,
    feedback: Iterable[Feedback] = (),
) -> PromotionDecision:
    """Decide whether ``party`` may move to its next stage under ``policy``.

    A customer (anonymous or identified) is judged against ``to_client``, a
    client against ``to_advocate``; an advocate is already at the last stage
    (see :class:`PromotionDecision`). Only ``party``'s interactions (by
    ``party_id``) up to ``as_of`` count, and ``feedback`` linked to them by
    ``interaction_id``. Pure: the same inputs give the same decision.

    Args:
        party: the customer or client.
        interactions: any interactions; other parties' are ignored.
        as_of: the instant of the decision (aware).
        policy: the rules; :func:`default_promotion_policy` when ``None``.
        feedback: NPS answers and wow cards, for ``Promoter``/``Recognised``.

    Returns:
        The decision, with every criterion and the missing actions.

    Raises:
        InvalidArgument: ``interactions`` or ``feedback`` is not an iterable.
        InvalidData: a bad party, policy or item.
        NaiveDatetimeError: ``as_of`` has no time zone.
        CurrencyMismatch: a spend rule meets a purchase in another currency.
    """
    policy = _DEFAULT if policy is None else policy
    if type(policy) is not PromotionPolicy:
        raise InvalidData.field("policy", "a PromotionPolicy or None", policy)
    ctx = context(party, interactions, feedback, as_of, load_zone(policy.zone))
    current = party.stage
    if current is Stage.ADVOCATE:
        return PromotionDecision(
            party_id=party.id,
            eligible=False,
            from_stage=current,
            to_stage=None,
            policy_label=policy.label,
            as_of=as_of,
            note=_LAST,
        )
    client = current is Stage.CLIENT
    rule = policy.to_advocate if client else policy.to_client
    criteria = top_level(rule, ctx)
    missing = tuple(c.action for c in criteria if c.action is not None)
    return PromotionDecision(
        eligible=not missing,
        to_stage=Stage.ADVOCATE if client else Stage.CLIENT,
        as_of=as_of,
        criteria=criteria,
        missing=missing,
        party_id=party.id,
        from_stage=current,
        policy_label=policy.label,
    )


def promote(
    party: Customer | Client,
    decision: PromotionDecision,
    *,
    at: datetime,
    profile: Profile | None = None,
    preferences: Preferences | None = None,
) -> Client:
    """Perform an eligible decision: the party moves to ``decision.to_stage``.

    A customer becomes a :class:`~moments.parties.Client` with the same id,
    name, contact, consent and purchases, ``since=at``; a client becomes an
    advocate. Either way a :class:`~moments.parties.StageTransition` naming
    the policy and the passed criteria is appended to ``transitions``.
    ``profile``/``preferences``, when given, replace the current ones.

    Raises:
        NotEligible: the decision is not eligible, was made for another party
            or for another stage, or a customer has no name.
        InvalidData: ``at`` is before the decision's ``as_of``, or bad input.
        NaiveDatetimeError: ``at`` has no time zone.
    """
    if not isinstance(party, Customer | Client):
        raise InvalidData.field("party", "a Customer or Client", party)
    if type(decision) is not PromotionDecision:
        raise InvalidData.field("decision", "a PromotionDecision", decision)
    require_aware("at", at)
    if elapsed(decision.as_of, at).total_seconds() < 0:
        raise InvalidData.field(
            "at", f"a time at or after the decision's as_of {decision.as_of}", at
        )
    if decision.party_id != party.id:
        raise NotEligible(
            f"the decision was made for party {decision.party_id!r}, "
            f"not {party.id!r}; decide for this party first"
        )
    if decision.from_stage is not party.stage:
        raise NotEligible(
            f"the decision was made at stage {decision.from_stage.value!r} but the "
            f"party is now {party.stage.value!r}; decide again"
        )
    if not decision.eligible or decision.to_stage is None:
        reason = decision.note or "not every criterion passed: " + "; ".join(
            decision.missing
        )
        raise NotEligible(f"{party.id!r} is not eligible: {reason}", decision.missing)
    step = StageTransition(
        from_stage=party.stage,
        to_stage=decision.to_stage,
        at=at,
        policy_label=decision.policy_label,
        reasons=tuple(c.name for c in decision.criteria if c.passed),
    )
    extra: dict[str, Any] = {}
    if profile is not None:
        extra["profile"] = profile
    if preferences is not None:
        extra["preferences"] = preferences
    if isinstance(party, Client):
        return attrs.evolve(
            party,
            stage=decision.to_stage,
            transitions=(*party.transitions, step),
            **extra,
        )
    if party.name is None:
        raise NotEligible(
            f"{party.id!r} has no name: a client's name is known; ask for their "
            "name (add HasName() to the policy)",
            ("ask for their name",),
        )
    return Client(
        id=party.id,
        name=party.name,
        since=at,
        contact=party.contact,
        consent=party.consent,
        purchases=party.purchases,
        transitions=(step,),
        **extra,
    )

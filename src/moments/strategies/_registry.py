"""The map from public model types to their strategies, for
``st.from_type``. Each capability adds its types here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from moments import calendars as ca
from moments import checklists as cl
from moments import checks as ck
from moments import followups as fu
from moments import interactions as i
from moments import money as m
from moments import parties as p
from moments import promotion as pr
from moments import rules as r
from moments import scorecards as sc
from moments import timeliness as ti
from moments import value as va
from moments.strategies import _base as b
from moments.strategies import _checklists as chk
from moments.strategies import _relationships as rel
from moments.strategies import _scorecards as scs
from moments.strategies import _timeliness as tis

__all__ = ["STRATEGIES", "register_all"]

STRATEGIES: dict[type, Callable[[], st.SearchStrategy[Any]]] = {
    m.Money: b.money,
    p.Contact: b.contacts,
    p.Profile: b.profiles,
    p.Preferences: b.preferences,
    p.Consent: b.consents,
    p.Purchase: b.purchases,
    p.StageTransition: b.stage_transitions,
    p.Customer: b.customers,
    p.Client: b.clients,
    i.Greeting: b.greetings,
    i.Information: b.information,
    i.Offer: b.offers,
    i.Delivery: b.deliveries,
    i.Goodbye: b.goodbyes,
    i.FollowUp: b.follow_ups,
    i.Recovery: b.recoveries,
    i.Interaction: b.interactions,
    i.WowCard: b.wow_cards,
    i.Feedback: b.feedback,
    # relationships
    **{kind: rel.rule_factory(kind) for kind in r._RULE_TYPES},
    pr.PromotionPolicy: rel.promotion_policies,
    pr.PromotionDecision: rel.promotion_decisions,
    pr.RelationshipReview: rel.relationship_reviews,
    va.PurchaseSummary: rel.purchase_summaries,
    va.RFMScore: rel.rfm_scores,
    pr.Criterion: rel.criteria,
    # scorecards
    sc.Scorecard: scs.scorecards,
    sc.Consistency: scs.consistencies,
    sc.Recognition: scs.recognitions,
    sc.Standing: scs.standings,
    sc.ItemSpread: scs.item_spreads,
    # checklists
    **{kind: chk.check_factory(kind) for kind in ck.CHECK_KINDS.values()},
    cl.ChecklistItem: chk.checklist_items,
    cl.Checklist: chk.checklists,
    cl.ItemResult: chk.item_results,
    cl.Audit: chk.audits,
    cl.Calibration: chk.calibrations,
    # timeliness
    ca.BusinessCalendar: tis.business_calendars,
    ti.GreetingStandard: tis.greeting_standards,
    ti.GreetingRule: tis.greeting_rules,
    ti.GreetingPolicy: tis.greeting_policies,
    ti.GreetingVerdict: tis.greeting_verdicts,
    ti.TimeTarget: tis.time_targets,
    ti.TimeReading: tis.time_readings,
    ti.RecoveryStandard: tis.recovery_standards,
    ti.RecoveryReading: tis.recovery_readings,
    ti.ServiceLevel: tis.service_levels,
    fu.FollowUpStep: tis.follow_up_steps,
    fu.FollowUpPlan: tis.follow_up_plans,
}


def register_all() -> None:
    """Register every strategy in :data:`STRATEGIES` with Hypothesis."""
    for cls, factory in STRATEGIES.items():
        st.register_type_strategy(cls, st.deferred(factory))

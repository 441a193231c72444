"""moments: a client-service standard as code.

Customers and clients, service interactions scored against the Seven
Moments of Truth, rules that decide when a customer has become a client,
and timeliness standards that start with the greeting.
"""

from moments.calendars import ALWAYS_OPEN, BusinessCalendar, NeverOpen
from moments.checklists import (
    Audit,
    Auditor,
    Calibration,
    Checklist,
    ChecklistItem,
    ItemResult,
    Outcome,
    audit,
    calibrate,
)
from moments.errors import (
    CurrencyMismatch,
    InvalidArgument,
    InvalidData,
    MomentsError,
    NaiveDatetimeError,
    NotEligible,
)
from moments.followups import (
    DEFAULT_FOLLOW_UP_PLAN,
    FollowUpPlan,
    FollowUpStep,
    overdue,
    schedule_follow_ups,
)
from moments.interactions import (
    Channel,
    Delivery,
    Expectation,
    Feedback,
    FollowUp,
    Goodbye,
    Greeting,
    InfoField,
    Information,
    Interaction,
    Moment,
    Offer,
    PartyKind,
    Recovery,
    WowCard,
)
from moments.money import Money
from moments.parties import (
    Client,
    Consent,
    Contact,
    Customer,
    Preferences,
    Profile,
    Purchase,
    Purpose,
    Stage,
    StageTransition,
    forget,
    redact,
)
from moments.promotion import (
    Criterion,
    PromotionDecision,
    PromotionPolicy,
    RelationshipReview,
    RelationshipStatus,
    decide_promotion,
    default_promotion_policy,
    evaluate_rule,
    promote,
    review_relationship,
)
from moments.rules import (
    AllOf,
    AnyOf,
    Consented,
    HasContact,
    HasName,
    MinSpend,
    MinTenure,
    MinVisits,
    Not,
    Promoter,
    RecentVisit,
    Recognised,
    Rule,
)
from moments.scorecards import (
    Consistency,
    ItemSpread,
    Recognition,
    Scorecard,
    Standing,
    by_channel,
    by_day,
    by_location,
    by_party_kind,
    by_staff,
    consistency,
    csat,
    merge_groups,
    nps,
    recognition,
    scorecards_by,
)
from moments.serialization import dumps, from_dict, loads, to_dict
from moments.standards import gold_standard, transactional_standard
from moments.timeliness import (
    DEFAULT_GREETING_POLICY,
    DEFAULT_RECOVERY_STANDARD,
    GreetingOutcome,
    GreetingPolicy,
    GreetingRule,
    GreetingStandard,
    GreetingVerdict,
    RecoveryReading,
    RecoveryStandard,
    ServiceLevel,
    TimeReading,
    TimerStatus,
    TimeTarget,
    judge_greeting,
    service_level,
)
from moments.value import (
    PurchaseSummary,
    RFMScore,
    rfm_scores,
    summarize_purchases,
    summarize_purchases_by,
)

__version__ = "0.1.0.dev0"

__all__ = [
    # errors
    "CurrencyMismatch",
    "InvalidArgument",
    "InvalidData",
    "MomentsError",
    "NaiveDatetimeError",
    "NotEligible",
    # money
    "Money",
    # parties
    "Client",
    "Consent",
    "Contact",
    "Customer",
    "Preferences",
    "Profile",
    "Purchase",
    "Purpose",
    "Stage",
    "StageTransition",
    "forget",
    "redact",
    # interactions
    "Channel",
    "Delivery",
    "Expectation",
    "Feedback",
    "FollowUp",
    "Goodbye",
    "Greeting",
    "InfoField",
    "Information",
    "Interaction",
    "Moment",
    "Offer",
    "PartyKind",
    "Recovery",
    "WowCard",
    # calendars
    "ALWAYS_OPEN",
    "BusinessCalendar",
    "NeverOpen",
    # timeliness
    "DEFAULT_GREETING_POLICY",
    "DEFAULT_RECOVERY_STANDARD",
    "GreetingOutcome",
    "GreetingPolicy",
    "GreetingRule",
    "GreetingStandard",
    "GreetingVerdict",
    "RecoveryReading",
    "RecoveryStandard",
    "ServiceLevel",
    "TimeReading",
    "TimeTarget",
    "TimerStatus",
    "judge_greeting",
    "service_level",
    # follow-ups
    "DEFAULT_FOLLOW_UP_PLAN",
    "FollowUpPlan",
    "FollowUpStep",
    "overdue",
    "schedule_follow_ups",
    # checklists and standards
    "Audit",
    "Auditor",
    "Calibration",
    "Checklist",
    "ChecklistItem",
    "ItemResult",
    "Outcome",
    "audit",
    "calibrate",
    "gold_standard",
    "transactional_standard",
    # rules
    "AllOf",
    "AnyOf",
    "Consented",
    "HasContact",
    "HasName",
    "MinSpend",
    "MinTenure",
    "MinVisits",
    "Not",
    "Promoter",
    "RecentVisit",
    "Recognised",
    "Rule",
    # promotion
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
    # value
    "PurchaseSummary",
    "RFMScore",
    "rfm_scores",
    "summarize_purchases",
    "summarize_purchases_by",
    # scorecards
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
    # serialization
    "dumps",
    "from_dict",
    "loads",
    "to_dict",
]

# Last, once every name above exists: if Hypothesis is already loaded,
# register the shipped strategies for st.from_type (see _hypothesis_hook;
# this never imports Hypothesis itself).
from moments._hypothesis_hook import register_if_hypothesis_is_loaded

register_if_hypothesis_is_loaded()
del register_if_hypothesis_is_loaded

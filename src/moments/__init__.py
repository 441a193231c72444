"""moments: a client-service standard as code.

Customers and clients, service interactions scored against the Seven
Moments of Truth, rules that decide when a customer has become a client,
and timeliness standards that start with the greeting.
"""

from moments.calendars import ALWAYS_OPEN, BusinessCalendar
from moments.errors import (
    CurrencyMismatch,
    InvalidData,
    MomentsError,
    NaiveDatetimeError,
    NotEligible,
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
from moments.timeliness import (
    DEFAULT_GREETING_POLICY,
    GreetingOutcome,
    GreetingPolicy,
    GreetingRule,
    GreetingStandard,
    GreetingVerdict,
    ServiceLevel,
    judge_greeting,
    service_level,
)
from moments.value import PurchaseSummary, RFMScore, rfm_scores, summarize_purchases

__version__ = "0.1.0.dev0"

__all__ = [
    # errors
    "CurrencyMismatch",
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
    # timeliness
    "DEFAULT_GREETING_POLICY",
    "GreetingOutcome",
    "GreetingPolicy",
    "GreetingRule",
    "GreetingStandard",
    "GreetingVerdict",
    "ServiceLevel",
    "judge_greeting",
    "service_level",
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
]

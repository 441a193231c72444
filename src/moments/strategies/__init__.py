"""Hypothesis strategies that draw only valid `moments` objects.

Needs the ``hypothesis`` extra (``pip install moments-of-truth[hypothesis]``).
Every strategy takes keyword arguments to pin fields, either to a value or to
a strategy of your own::

    from hypothesis import given
    from moments import Channel
    from moments.strategies import interactions

    @given(interactions(channel=Channel.IN_PERSON))
    def test_in_person(interaction): ...

Installing the package also registers these with ``st.from_type``, so
``st.from_type(moments.Client)`` works.
"""

from moments.strategies._base import (
    aware_datetimes,
    clients,
    consents,
    contacts,
    customers,
    deliveries,
    deltas,
    feedback,
    follow_ups,
    goodbyes,
    greetings,
    ids,
    information,
    interactions,
    money,
    offers,
    preferences,
    profiles,
    purchases,
    recoveries,
    stage_transitions,
    wow_cards,
    zones,
)
from moments.strategies._checklists import (
    audits,
    calibrations,
    check_kinds,
    checklist_items,
    checklists,
    checks,
    item_results,
)
from moments.strategies._relationships import (
    criteria,
    durations,
    promotion_decisions,
    promotion_policies,
    purchase_summaries,
    relationship_reviews,
    rfm_scores,
    rules,
    visits,
)
from moments.strategies._scorecards import (
    consistencies,
    item_spreads,
    recognitions,
    scorecards,
    standings,
)
from moments.strategies._timeliness import (
    business_calendars,
    follow_up_plans,
    follow_up_steps,
    greeting_policies,
    greeting_rules,
    greeting_standards,
    greeting_verdicts,
    opening_hours,
    recovery_readings,
    recovery_standards,
    service_levels,
    time_readings,
    time_targets,
)

__all__ = [
    "audits",
    "aware_datetimes",
    "business_calendars",
    "calibrations",
    "check_kinds",
    "checklist_items",
    "checklists",
    "checks",
    "clients",
    "consents",
    "consistencies",
    "contacts",
    "criteria",
    "customers",
    "deliveries",
    "deltas",
    "durations",
    "feedback",
    "follow_up_plans",
    "follow_up_steps",
    "follow_ups",
    "goodbyes",
    "greeting_policies",
    "greeting_rules",
    "greeting_standards",
    "greeting_verdicts",
    "greetings",
    "ids",
    "information",
    "interactions",
    "item_results",
    "item_spreads",
    "money",
    "offers",
    "opening_hours",
    "preferences",
    "profiles",
    "promotion_decisions",
    "promotion_policies",
    "purchase_summaries",
    "purchases",
    "recognitions",
    "recoveries",
    "recovery_readings",
    "recovery_standards",
    "relationship_reviews",
    "rfm_scores",
    "rules",
    "scorecards",
    "service_levels",
    "stage_transitions",
    "standings",
    "time_readings",
    "time_targets",
    "visits",
    "wow_cards",
    "zones",
]

# Hypothesis is loaded now (these modules import it): register the
# strategies for st.from_type here too, for the case where importing this
# package is what loaded Hypothesis (see moments._hypothesis_hook).
from moments.strategies import _registry

_registry.register_all()

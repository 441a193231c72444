"""The declarative check kinds a checklist item can use.

A check says *what* to look at, never *how* to compute it: each kind is a
small frozen value (data, serializable) and the
:class:`~moments.checklists.Auditor` compiles it. Every kind has a ``kind``
string, readable on the class and on instances (``Thanked.kind ==
"thanked"``), for serialization to tag on; it is a class constant, not a
field.

Most checks are *computed* from the evidence on an
:class:`~moments.interactions.Interaction`. Missing evidence fails (a
greeting nobody recorded is not a silent pass); a check that cannot be
judged yet (a follow-up not yet due, a recovery clock still running, a
greeting the person left before it was due) is not applicable. Two kinds
are not computed: :class:`Observed` takes a reviewer's rating, and
:class:`Custom` calls a function registered with the auditor by name, so
checklists stay data.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from types import MappingProxyType
from typing import Any, ClassVar, Literal, TypeAlias

import attrs

from moments import _validate as v
from moments.errors import InvalidData
from moments.interactions import InfoField
from moments.timeliness import GreetingStandard

__all__ = [
    "ABOUT_THEM",
    "CHECK_KINDS",
    "Check",
    "Custom",
    "ExpectationExceeded",
    "ExpectationMet",
    "FarewellByName",
    "FollowUpDone",
    "FollowUpScheduled",
    "GreetedByName",
    "GreetingTimely",
    "InformationCollected",
    "Observed",
    "OfferPersonalised",
    "Probed",
    "RecoveryAcknowledged",
    "RecoveryResolved",
    "Thanked",
]

#: What an offer can be built on that is *about the person*: why they came,
#: what they like and dislike, what they plan, their personal context.
#: Contact details (name, email, phone, postal code) do not personalise an
#: offer.
ABOUT_THEM: frozenset[InfoField] = frozenset(
    {
        InfoField.REASON_FOR_VISIT,
        InfoField.LIKES,
        InfoField.DISLIKES,
        InfoField.PLANS,
        InfoField.PERSONAL,
    }
)

_ALL_FIELDS: frozenset[InfoField] = frozenset(InfoField)
_ZERO = timedelta(0)


def _positive(instance: Any, attribute: Any, value: Any) -> None:
    if type(value) is not timedelta or value <= _ZERO:
        raise InvalidData.field(attribute.name, "a timedelta > 0", value)


def _fields(instance: Any, attribute: Any, value: Any) -> None:
    v.frozenset_of(lambda f: type(f) is InfoField, "InfoField members")(
        instance, attribute, value
    )
    if not value:
        raise InvalidData.field(attribute.name, "at least one InfoField", value)


def _min_count(instance: Any, attribute: Any, value: Any) -> None:
    v.strict_int(1, len(instance.fields))(instance, attribute, value)


_standard = v.optional(v.instance_of(GreetingStandard, "a GreetingStandard or None"))


@attrs.frozen(kw_only=True)
class GreetingTimely:
    """The person was greeted within the target wait.

    Judged by ``standard`` or, when it is ``None``, by the standard the
    auditor's greeting policy picks for the interaction's channel and party
    kind. Passes when the verdict is PROMPT or ON_TIME (boundaries
    inclusive); fails when LATE or NOT_GREETED; not applicable when the
    person left before the target or the wait cannot be judged yet.
    """

    kind: ClassVar[Literal["greeting_timely"]] = "greeting_timely"
    standard: GreetingStandard | None = attrs.field(default=None, validator=_standard)


@attrs.frozen(kw_only=True)
class GreetedByName:
    """The greeting used the person's name."""

    kind: ClassVar[Literal["greeted_by_name"]] = "greeted_by_name"


@attrs.frozen(kw_only=True)
class FarewellByName:
    """The goodbye used the person's name."""

    kind: ClassVar[Literal["farewell_by_name"]] = "farewell_by_name"


@attrs.frozen(kw_only=True)
class InformationCollected:
    """At least ``min_count`` of ``fields`` were collected.

    Args:
        fields: the kinds of information wanted (default: any kind).
        min_count: how many of them are enough, from 1 to ``len(fields)``.
    """

    kind: ClassVar[Literal["information_collected"]] = "information_collected"
    fields: frozenset[InfoField] = attrs.field(
        default=_ALL_FIELDS, converter=v.as_frozenset, validator=_fields
    )
    min_count: int = attrs.field(default=1, validator=_min_count)


@attrs.frozen(kw_only=True)
class Probed:
    """Staff asked beyond the first answer."""

    kind: ClassVar[Literal["probed"]] = "probed"


@attrs.frozen(kw_only=True)
class OfferPersonalised:
    """An offer was made and built on something about the person.

    The offer's ``based_on`` must include at least one of ``fields``,
    whether it was collected in this interaction or already known from the
    person's preferences (default: :data:`ABOUT_THEM`).
    """

    kind: ClassVar[Literal["offer_personalised"]] = "offer_personalised"
    fields: frozenset[InfoField] = attrs.field(
        default=ABOUT_THEM, converter=v.as_frozenset, validator=_fields
    )


@attrs.frozen(kw_only=True)
class ExpectationMet:
    """Delivery at least met what the person expected."""

    kind: ClassVar[Literal["expectation_met"]] = "expectation_met"


@attrs.frozen(kw_only=True)
class ExpectationExceeded:
    """Delivery exceeded what the person expected (usually a bonus item)."""

    kind: ClassVar[Literal["expectation_exceeded"]] = "expectation_exceeded"


@attrs.frozen(kw_only=True)
class Thanked:
    """The person was thanked at the goodbye."""

    kind: ClassVar[Literal["thanked"]] = "thanked"


@attrs.frozen(kw_only=True)
class FollowUpScheduled:
    """A follow-up was set, due no later than ``within`` after the
    interaction ended (or, with no end recorded, after arrival).

    A follow-up set after ``as_of`` did not exist yet and fails.

    Example:
        >>> FollowUpScheduled(within=timedelta(days=2)).kind
        'follow_up_scheduled'
    """

    kind: ClassVar[Literal["follow_up_scheduled"]] = "follow_up_scheduled"
    within: timedelta = attrs.field(default=timedelta(days=7), validator=_positive)


@attrs.frozen(kw_only=True)
class FollowUpDone:
    """The promised follow-up was done by its due time (early is fine).

    A follow-up done by ``as_of`` is judged at once. One not done is not
    applicable when nothing was promised and while its due time is after
    ``as_of`` (it cannot be judged yet), and fails once the due time has
    passed.
    """

    kind: ClassVar[Literal["follow_up_done"]] = "follow_up_done"


@attrs.frozen(kw_only=True)
class RecoveryAcknowledged:
    """After a failure, someone acknowledged it within ``within``.

    Not applicable when nothing went wrong, or while the clock is still
    running as of ``as_of``. Reaching the limit exactly is in time.
    """

    kind: ClassVar[Literal["recovery_acknowledged"]] = "recovery_acknowledged"
    within: timedelta = attrs.field(default=timedelta(minutes=15), validator=_positive)


@attrs.frozen(kw_only=True)
class RecoveryResolved:
    """After a failure, it was resolved within ``within``.

    Not applicable when nothing went wrong, or while the clock is still
    running as of ``as_of``. Reaching the limit exactly is in time.
    """

    kind: ClassVar[Literal["recovery_resolved"]] = "recovery_resolved"
    within: timedelta = attrs.field(default=timedelta(hours=24), validator=_positive)


@attrs.frozen(kw_only=True)
class Observed:
    """Judged by a reviewer: the outcome comes from the audit's
    ``ratings``; with no rating the item is not applicable."""

    kind: ClassVar[Literal["observed"]] = "observed"


@attrs.frozen(kw_only=True)
class Custom:
    """Judged by a function registered with the auditor under ``name``.

    The function takes ``(interaction, as_of)`` and returns an
    :class:`~moments.checklists.Outcome`.
    """

    kind: ClassVar[Literal["custom"]] = "custom"
    name: str = attrs.field(validator=v.non_empty_str)


Check: TypeAlias = (
    GreetingTimely
    | GreetedByName
    | FarewellByName
    | InformationCollected
    | Probed
    | OfferPersonalised
    | ExpectationMet
    | ExpectationExceeded
    | Thanked
    | FollowUpScheduled
    | FollowUpDone
    | RecoveryAcknowledged
    | RecoveryResolved
    | Observed
    | Custom
)
"""Any check kind."""

#: Every check class by its ``kind``.
CHECK_KINDS: Mapping[str, type[Check]] = MappingProxyType(
    {
        cls.kind: cls
        for cls in (
            GreetingTimely,
            GreetedByName,
            FarewellByName,
            InformationCollected,
            Probed,
            OfferPersonalised,
            ExpectationMet,
            ExpectationExceeded,
            Thanked,
            FollowUpScheduled,
            FollowUpDone,
            RecoveryAcknowledged,
            RecoveryResolved,
            Observed,
            Custom,
        )
    }
)

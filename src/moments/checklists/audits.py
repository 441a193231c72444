"""Outcomes, item results and audits: the arithmetic of a score.

Public through :mod:`moments.checklists`. Scoring follows QA and
mystery-shopping practice:

* ``raw_score = (earned + bonus_earned) / possible``, capped at 1, where
  ``earned`` and ``possible`` count the weights of passed and of applicable
  non-bonus items; not-applicable items leave both sides; nothing
  applicable gives ``None``.
* A failed critical item makes ``score`` 0 (``raw_score`` and
  ``by_moment`` are still reported) and the audit fails.
* ``passed = no critical failure and score >= pass_mark``.

All of it is exact (:class:`~fractions.Fraction`), so scorecards can sum
scores without float drift.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from datetime import datetime, timedelta
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType
from typing import Any

import attrs

from moments import _html
from moments import _validate as v
from moments._time import aware
from moments.errors import InvalidData
from moments.interactions import Channel, Expectation, Moment, PartyKind
from moments.timeliness import GreetingOutcome
from moments.timeliness.timers import non_negative_duration

__all__ = [
    "Audit",
    "ItemResult",
    "Outcome",
    "check_pass_mark",
    "clears_on_setstate",
    "ratio",
]


class Outcome(enum.Enum):
    """How one checklist item came out for one interaction."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"


_PASS = Outcome.PASS
_FAIL = Outcome.FAIL
_ZERO = Fraction(0)


def _check_bonus(instance: Any, attribute: Any, value: Any) -> None:
    v.strict_bool(instance, attribute, value)
    if value and instance.critical:
        raise InvalidData.field(
            "bonus",
            "False on a critical item (a bonus item only adds, so it cannot be "
            "critical)",
            value,
        )


def check_pass_mark(instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: a real number from 0 to 1 (an ``int`` or
    ``float``, never a ``bool`` or NaN)."""
    if type(value) not in (int, float) or math.isnan(value) or not 0 <= value <= 1:
        raise InvalidData.field(attribute.name, "a number from 0 to 1", value)


class _Memo:
    """A private slot for what a reader computes from the value once and
    keeps with it (a scorecard keeps what it counts of an audit or a
    result there): outside the attrs fields, so no part of eq, hash, repr,
    pickle or serialization; ``None`` on every new, copied or unpickled
    instance, and unset on one made without ``__init__``."""

    __slots__ = ("_memo",)

    _memo: Any


@attrs.frozen(kw_only=True)
class ItemResult(_Memo):
    """The outcome of one checklist item for one interaction.

    Carries the item's weight and flags so that an :class:`Audit` can be
    scored (and scorecards built) without the checklist at hand.

    Example:
        >>> r = ItemResult(item_id="thanked", moment=Moment.GOODBYE,
        ...                outcome=Outcome.PASS, weight=2, critical=False,
        ...                bonus=False, detail="thanked at the goodbye")
        >>> r.applicable
        True
    """

    item_id: str = attrs.field(validator=v.non_empty_str)
    moment: Moment = attrs.field(validator=v.enum_of(Moment))
    outcome: Outcome = attrs.field(validator=v.enum_of(Outcome))
    weight: int = attrs.field(validator=v.strict_int(0))
    critical: bool = attrs.field(validator=v.strict_bool)
    bonus: bool = attrs.field(validator=_check_bonus)
    detail: str = attrs.field(default="", validator=v.type_is(str, "a string"))

    @property
    def applicable(self) -> bool:
        """Whether the item counted (passed or failed)."""
        return self.outcome is not Outcome.NOT_APPLICABLE

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_memo", None)


def ratio(earned: int, possible: int) -> Fraction | None:
    """``earned / possible`` capped at 1, or ``None`` when ``possible`` is 0."""
    if possible == 0:
        return None
    if earned >= possible:
        return Fraction(1)
    return Fraction(earned, possible)


def _results(instance: Any, attribute: Any, value: Any) -> None:
    if type(value) is not tuple:
        raise InvalidData.field(attribute.name, "a tuple of ItemResult", value)
    seen: set[str] = set()
    for index, item in enumerate(value):
        if type(item) is not ItemResult:
            raise InvalidData(
                f"$.results[{index}]: expected an ItemResult, got {item!r}"
            )
        if item.item_id in seen:
            raise InvalidData(
                f"$.results[{index}].item_id: expected an id not used by an "
                f"earlier result, got {item.item_id!r}"
            )
        seen.add(item.item_id)


_opt_str = v.optional(v.non_empty_str)


_opt_wait = v.optional(non_negative_duration)


@attrs.frozen(kw_only=True)
class _Tally:
    earned: int
    bonus_earned: int
    possible: int
    critical_failures: tuple[str, ...]
    by_moment: Mapping[Moment, Fraction | None]
    raw_score: Fraction | None
    score: Fraction | None
    passed: bool


@attrs.frozen(kw_only=True)
class Audit(_Memo):
    """One interaction scored against one version of a checklist.

    The stored fields say what was audited, when and by whom, and every
    item's result; the scores are derived from ``results`` (exactly, as
    fractions) and cached. Two audits are equal when their stored fields
    are.

    Build audits with :class:`~moments.checklists.Auditor` or
    :func:`~moments.checklists.audit`.

    Example:
        >>> from datetime import datetime, UTC
        >>> def item(i, outcome, weight):
        ...     return ItemResult(item_id=i, moment=Moment.GREETING,
        ...                       outcome=outcome, weight=weight,
        ...                       critical=False, bonus=False)
        >>> a = Audit(interaction_id="i-1", checklist_name="demo",
        ...           checklist_version=1, pass_mark=0.85,
        ...           as_of=datetime(2026, 6, 1, tzinfo=UTC),
        ...           results=(item("a", Outcome.PASS, 21),
        ...                    item("b", Outcome.FAIL, 14)),
        ...           channel=Channel.IN_PERSON, party_kind=PartyKind.CLIENT)
        >>> a.score, a.passed
        (Fraction(3, 5), False)
    """

    interaction_id: str = attrs.field(validator=v.non_empty_str)
    checklist_name: str = attrs.field(validator=v.non_empty_str)
    checklist_version: int = attrs.field(validator=v.strict_int(1))
    pass_mark: float = attrs.field(validator=check_pass_mark)
    as_of: datetime = attrs.field(validator=aware)
    results: tuple[ItemResult, ...] = attrs.field(
        converter=v.as_tuple, validator=_results
    )
    channel: Channel = attrs.field(validator=v.enum_of(Channel))
    party_kind: PartyKind = attrs.field(validator=v.enum_of(PartyKind))
    staff_id: str | None = attrs.field(default=None, validator=_opt_str)
    location_id: str | None = attrs.field(default=None, validator=_opt_str)
    reviewer: str | None = attrs.field(default=None, validator=_opt_str)
    greeting_outcome: GreetingOutcome | None = attrs.field(
        default=None, validator=v.optional(v.enum_of(GreetingOutcome))
    )
    greeting_wait: timedelta | None = attrs.field(default=None, validator=_opt_wait)
    expectation: Expectation | None = attrs.field(
        default=None, validator=v.optional(v.enum_of(Expectation))
    )

    @cached_property
    def _tally(self) -> _Tally:
        earned = bonus = possible = 0
        critical: list[str] = []
        moments: dict[Moment, list[int]] = {}
        for r in self.results:
            per = moments.setdefault(r.moment, [0, 0])
            outcome = r.outcome
            if outcome is _PASS:
                if r.bonus:
                    bonus += r.weight
                else:
                    earned += r.weight
                    possible += r.weight
                per[0] += r.weight
                if not r.bonus:
                    per[1] += r.weight
            elif outcome is _FAIL:
                if not r.bonus:
                    possible += r.weight
                    per[1] += r.weight
                if r.critical:
                    critical.append(r.item_id)
        by_moment = {m: ratio(*moments[m]) for m in sorted(moments)}
        # Scores are computed once here: scorecards read them per audit.
        raw = ratio(earned + bonus, possible)
        score = _ZERO if critical else raw
        return _Tally(
            earned=earned,
            bonus_earned=bonus,
            possible=possible,
            critical_failures=tuple(critical),
            by_moment=MappingProxyType(by_moment),
            raw_score=raw,
            score=score,
            passed=not critical and score is not None and score >= self.pass_mark,
        )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_memo", None)

    @property
    def earned(self) -> int:
        """Total weight of the passed, non-bonus items."""
        return self._tally.earned

    @property
    def bonus_earned(self) -> int:
        """Total weight of the passed bonus items."""
        return self._tally.bonus_earned

    @property
    def possible(self) -> int:
        """Total weight of the applicable, non-bonus items."""
        return self._tally.possible

    @property
    def raw_score(self) -> Fraction | None:
        """``(earned + bonus_earned) / possible`` capped at 1, ignoring
        critical failures; ``None`` when nothing applicable had weight."""
        return self._tally.raw_score

    @property
    def critical_failures(self) -> tuple[str, ...]:
        """Ids of the critical items that failed, in checklist order."""
        return self._tally.critical_failures

    @property
    def score(self) -> Fraction | None:
        """0 after a critical failure, else :attr:`raw_score`."""
        return self._tally.score

    @property
    def passed(self) -> bool:
        """No critical failure, and a score of at least ``pass_mark``."""
        return self._tally.passed

    @property
    def by_moment(self) -> Mapping[Moment, Fraction | None]:
        """The raw score of each moment the checklist covers (read-only,
        in moment order; ``None`` where nothing applied)."""
        return self._tally.by_moment

    def result(self, item_id: str) -> ItemResult:
        """The result of item ``item_id``.

        Raises:
            KeyError: no such item in this audit.
        """
        for r in self.results:
            if r.item_id == item_id:
                return r
        raise KeyError(item_id)

    def _repr_html_(self) -> str:
        score = self.score
        head = _html.key_values(
            f"Audit of {self.interaction_id} against "
            f"{self.checklist_name} v{self.checklist_version}",
            [
                ("score", "n/a" if score is None else f"{float(score):.1%}"),
                ("passed", self.passed),
                ("critical failures", ", ".join(self.critical_failures) or "none"),
                ("staff", self.staff_id),
                ("reviewer", self.reviewer),
                ("as of", self.as_of.isoformat()),
            ],
        )
        rows = [
            (r.item_id, r.moment.value, r.outcome.value, r.weight, r.detail)
            for r in self.results
        ]
        return head + _html.table(
            "Items", ["item", "moment", "outcome", "weight", "detail"], rows
        )


def clears_on_setstate(cls: type, slot: str) -> None:
    """Make unpickled and copied instances of ``cls`` start with ``slot``
    set to ``None``, as ``__attrs_post_init__`` does for new ones (attrs'
    ``__setstate__`` sets the fields only)."""
    setstate = cls.__setstate__  # type: ignore[attr-defined]  # made by attrs

    def __setstate__(self: object, state: dict[str, object]) -> None:
        setstate(self, state)
        object.__setattr__(self, slot, None)

    cls.__setstate__ = __setstate__  # type: ignore[attr-defined]


clears_on_setstate(ItemResult, "_memo")
clears_on_setstate(Audit, "_memo")

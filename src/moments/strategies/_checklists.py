"""Strategies for checks, checklists and audits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import attrs
from hypothesis import strategies as st

from moments import checks as k
from moments.checklists import (
    Audit,
    Auditor,
    Calibration,
    Checklist,
    ChecklistItem,
    ItemResult,
    Outcome,
    calibrate,
)
from moments.interactions import Channel, InfoField, Moment, PartyKind
from moments.strategies._base import _builds, ids, interactions
from moments.timeliness import GreetingStandard

__all__ = [
    "audits",
    "calibrations",
    "check_factory",
    "check_kinds",
    "checklist_items",
    "checklists",
    "checks",
    "item_results",
]

_seconds = st.integers(0, 600).map(lambda s: timedelta(seconds=s))


@st.composite
def _standards(draw: st.DrawFn) -> GreetingStandard:
    aspiration = draw(_seconds)
    target = aspiration + draw(_seconds)
    return GreetingStandard(aspiration=aspiration, target=target)


def _positive(max_hours: int) -> st.SearchStrategy[timedelta]:
    return st.integers(1, max_hours * 3600).map(lambda s: timedelta(seconds=s))


@st.composite
def _information(draw: st.DrawFn) -> k.InformationCollected:
    fields = draw(st.frozensets(st.sampled_from(InfoField), min_size=1))
    return k.InformationCollected(
        fields=fields, min_count=draw(st.integers(1, len(fields)))
    )


def check_kinds(kind: type[k.Check], **pinned: Any) -> st.SearchStrategy[k.Check]:
    """Checks of one kind, e.g. ``check_kinds(FollowUpScheduled)``; fields
    can be pinned by keyword."""
    if kind is k.InformationCollected and not pinned:
        return _information()
    by_kind: dict[type, dict[str, Any]] = {
        k.GreetingTimely: {"standard": st.none() | _standards()},
        k.InformationCollected: {
            "fields": st.frozensets(st.sampled_from(InfoField), min_size=1),
            "min_count": st.just(1),
        },
        k.OfferPersonalised: {
            "fields": st.frozensets(st.sampled_from(InfoField), min_size=1)
        },
        k.FollowUpScheduled: {"within": _positive(24 * 30)},
        k.RecoveryAcknowledged: {"within": _positive(4)},
        k.RecoveryResolved: {"within": _positive(72)},
        k.Custom: {"name": ids()},
    }
    return _builds(kind, by_kind.get(kind, {}), pinned)


def check_factory(kind: type[k.Check]) -> Callable[[], st.SearchStrategy[k.Check]]:
    """A zero-argument factory of :func:`check_kinds` for ``kind`` (what
    ``st.register_type_strategy`` wants)."""

    def factory() -> st.SearchStrategy[k.Check]:
        return check_kinds(kind)

    return factory


def checks(*, custom: bool = False) -> st.SearchStrategy[k.Check]:
    """Any check; :class:`~moments.checks.Custom` only with
    ``custom=True`` (an auditor needs a function for each name)."""
    kinds = [c for c in k.CHECK_KINDS.values() if custom or c is not k.Custom]
    return st.one_of([check_kinds(c) for c in kinds])


def checklist_items(
    *, custom: bool = False, **pinned: Any
) -> st.SearchStrategy[ChecklistItem]:
    """Valid items (a bonus is never critical)."""
    unknown = set(pinned) - {a.name for a in attrs.fields(ChecklistItem)}
    if unknown:
        raise TypeError(f"ChecklistItem has no field(s) {sorted(unknown)}")

    # Built once, outside the draw: a strategy built anew for every example
    # costs Hypothesis far more than drawing from it.
    fields: dict[str, st.SearchStrategy[Any]] = {
        name: _value(pinned.get(name, default))
        for name, default in {
            "id": ids("item-"),
            "moment": st.sampled_from(Moment),
            "text": st.sampled_from(["Greeted warmly", "Asked why", "Thanked"]),
            "check": checks(custom=custom),
            "weight": st.integers(0, 5),
            "critical": st.booleans(),
            "party_kinds": st.frozensets(st.sampled_from(PartyKind), min_size=1),
            "channels": st.frozensets(st.sampled_from(Channel), min_size=1),
        }.items()
    }
    pinned_bonus = _value(pinned["bonus"]) if "bonus" in pinned else None
    never_bonus = st.just(False)
    maybe_bonus = st.booleans()

    @st.composite
    def draw(draw: st.DrawFn) -> ChecklistItem:
        values = {name: draw(strategy) for name, strategy in fields.items()}
        if pinned_bonus is not None:
            bonus = pinned_bonus
        else:
            bonus = never_bonus if values["critical"] else maybe_bonus
        values["bonus"] = draw(bonus)
        return ChecklistItem(**values)

    return draw()


def _value(value: Any) -> st.SearchStrategy[Any]:
    return value if isinstance(value, st.SearchStrategy) else st.just(value)


def checklists(
    *, custom: bool = False, min_items: int = 1, max_items: int = 8, **pinned: Any
) -> st.SearchStrategy[Checklist]:
    """Valid checklists: unique item ids, at least one item."""
    items = st.lists(
        checklist_items(custom=custom),
        min_size=min_items,
        max_size=max_items,
        unique_by=lambda i: i.id,
    ).map(tuple)
    fields: dict[str, Any] = {
        "name": st.sampled_from(["gold", "transactional", "house"]),
        "version": st.integers(1, 9),
        "items": items,
        "pass_mark": st.sampled_from([0.0, 0.5, 0.8, 0.85, 0.9, 1.0]),
    }
    return _builds(Checklist, fields, pinned)


def item_results(**pinned: Any) -> st.SearchStrategy[ItemResult]:
    """Item results (a bonus is never critical)."""
    fields: dict[str, Any] = {
        "item_id": ids("item-"),
        "moment": st.sampled_from(Moment),
        "outcome": st.sampled_from(Outcome),
        "weight": st.integers(0, 5),
        "critical": st.booleans(),
        "bonus": st.just(False),
        "detail": st.sampled_from(["", "greeted after 4 s; target 10 s"]),
    }
    return _builds(ItemResult, fields, pinned)


def _subjects(
    checklist: Checklist | st.SearchStrategy[Checklist] | None, interaction: Any
) -> tuple[st.SearchStrategy[Checklist], st.SearchStrategy[Any]]:
    """The checklist and interaction strategies of an audit, built once."""
    return (
        _value(checklist if checklist is not None else checklists()),
        _value(interaction if interaction is not None else interactions()),
    )


def audits(
    *,
    checklist: Checklist | st.SearchStrategy[Checklist] | None = None,
    interaction: Any = None,
    reviewer: str | st.SearchStrategy[str | None] | None = None,
) -> st.SearchStrategy[Audit]:
    """Audits made by auditing a drawn interaction against a drawn
    checklist, observed items rated at random.

    Args:
        checklist: a checklist or a strategy of them (default
            :func:`checklists`).
        interaction: an interaction or a strategy of them (default
            :func:`~moments.strategies.interactions`).
        reviewer: a reviewer id, ``None``, or a strategy of them (default:
            none or a few names).
    """

    checklist_strategy, interaction_strategy = _subjects(checklist, interaction)
    reviewer_strategy = _value(
        reviewer
        if reviewer is not None
        else st.none() | st.sampled_from(["r-ana", "r-ben"])
    )

    @st.composite
    def draw(draw: st.DrawFn) -> Audit:
        chosen = draw(checklist_strategy)
        x = draw(interaction_strategy)
        who = draw(reviewer_strategy)
        observed = [i.id for i in chosen.items if type(i.check) is k.Observed]
        ratings = {
            item_id: draw(st.sampled_from(Outcome))
            for item_id in observed
            if draw(st.booleans())
        }
        return Auditor(chosen).audit(x, ratings=ratings, reviewer=who)

    return draw()


def calibrations(
    *,
    checklist: Checklist | st.SearchStrategy[Checklist] | None = None,
    interaction: Any = None,
    max_reviewers: int = 4,
) -> st.SearchStrategy[Calibration]:
    """Calibrations of one interaction audited by one to ``max_reviewers``
    reviewers, each rating the observed items at random."""

    checklist_strategy, interaction_strategy = _subjects(checklist, interaction)

    @st.composite
    def draw(draw: st.DrawFn) -> Calibration:
        chosen = draw(checklist_strategy)
        x = draw(interaction_strategy)
        auditor = Auditor(chosen)  # compiled once for every reviewer
        observed = [i.id for i in chosen.items if type(i.check) is k.Observed]
        reviewed = []
        for n in range(draw(st.integers(1, max_reviewers))):
            ratings = {
                item_id: draw(st.sampled_from(Outcome))
                for item_id in observed
                if draw(st.booleans())
            }
            reviewed.append(auditor.audit(x, ratings=ratings, reviewer=f"r-{n}"))
        return calibrate(reviewed)

    return draw()

"""Checklist items and checklists: the standard as data (public through
:mod:`moments.checklists`)."""

from __future__ import annotations

from typing import Any

import attrs

from moments import _html
from moments import _validate as v
from moments.checklists.audits import check_pass_mark
from moments.checks import CHECK_KINDS, Check
from moments.errors import InvalidData
from moments.interactions import Channel, Moment, PartyKind

__all__ = ["Checklist", "ChecklistItem"]

_ALL_KINDS: frozenset[PartyKind] = frozenset(PartyKind)
_ALL_CHANNELS: frozenset[Channel] = frozenset(Channel)
_CHECK_TYPES = frozenset(CHECK_KINDS.values())


def _check(instance: Any, attribute: Any, value: Any) -> None:
    if type(value) not in _CHECK_TYPES:
        raise InvalidData.field(attribute.name, "a check from moments.checks", value)


def _non_empty_set_of(cls: type, what: str) -> v.Validator:
    members = v.frozenset_of(lambda m: type(m) is cls, f"{cls.__name__} members")

    def check(instance: Any, attribute: Any, value: Any) -> None:
        members(instance, attribute, value)
        if not value:
            raise InvalidData.field(
                attribute.name, f"at least one {what} (use all of them for any)", value
            )

    return check


def _bonus(instance: Any, attribute: Any, value: Any) -> None:
    v.strict_bool(instance, attribute, value)
    if value and instance.critical:
        raise InvalidData.field(
            "bonus", "False on a critical item (a bonus only adds)", value
        )


@attrs.frozen(kw_only=True)
class ChecklistItem:
    """One line of a checklist.

    Args:
        id: unique within the checklist; ratings and results refer to it.
        moment: the Moment of Truth the item belongs to.
        text: what the item asks, in words staff understand.
        check: how it is judged (a kind from :mod:`moments.checks`).
        weight: points, an integer >= 0 (0 records without scoring).
        critical: a failure makes the whole audit score 0.
        bonus: only adds when passed, never counts against (cannot be
            critical).
        party_kinds: the party kinds the item applies to; every kind by
            default. Never empty: list them all to mean "any".
        channels: the channels the item applies to; every channel by
            default. Never empty.

    Raises:
        InvalidData: any field is invalid.

    Example:
        >>> from moments.checks import Thanked
        >>> item = ChecklistItem(id="thanks", moment=Moment.GOODBYE,
        ...                      text="Thanked them", check=Thanked())
        >>> item.applies_to(Channel.PHONE, PartyKind.CUSTOMER)
        True
    """

    id: str = attrs.field(validator=v.non_empty_str)
    moment: Moment = attrs.field(validator=v.enum_of(Moment))
    text: str = attrs.field(validator=v.non_empty_str)
    check: Check = attrs.field(validator=_check)
    weight: int = attrs.field(default=1, validator=v.strict_int(0))
    critical: bool = attrs.field(default=False, validator=v.strict_bool)
    bonus: bool = attrs.field(default=False, validator=_bonus)
    party_kinds: frozenset[PartyKind] = attrs.field(
        default=_ALL_KINDS,
        converter=v.as_frozenset,
        validator=_non_empty_set_of(PartyKind, "party kind"),
    )
    channels: frozenset[Channel] = attrs.field(
        default=_ALL_CHANNELS,
        converter=v.as_frozenset,
        validator=_non_empty_set_of(Channel, "channel"),
    )

    def applies_to(self, channel: Channel, party_kind: PartyKind) -> bool:
        """Whether the item is judged for this channel and party kind."""
        return channel in self.channels and party_kind in self.party_kinds


def _items(instance: Any, attribute: Any, value: Any) -> None:
    v.tuple_of(lambda i: type(i) is ChecklistItem, "ChecklistItem")(
        instance, attribute, value
    )
    if not value:
        raise InvalidData.field(attribute.name, "at least one ChecklistItem", value)
    seen: set[str] = set()
    for index, item in enumerate(value):
        if item.id in seen:
            raise InvalidData(
                f"$.items[{index}].id: expected an id not used by an earlier "
                f"item, got {item.id!r}"
            )
        seen.add(item.id)


@attrs.frozen(kw_only=True)
class Checklist:
    """A versioned service standard: named, numbered items.

    Args:
        name: the standard's name (e.g. ``"gold"``).
        version: an integer >= 1; bump it whenever an item changes, so
            audits stay comparable.
        items: at least one item, ids unique.
        pass_mark: the score (0 to 1) an audit needs to pass.

    Raises:
        InvalidData: any field is invalid.

    Example:
        >>> from moments.checks import Thanked, GreetedByName
        >>> c = Checklist(name="mini", version=1, items=(
        ...     ChecklistItem(id="name", moment=Moment.GREETING,
        ...                   text="Greeted by name", check=GreetedByName()),
        ...     ChecklistItem(id="thanks", moment=Moment.GOODBYE,
        ...                   text="Thanked them", check=Thanked(), weight=2),
        ... ))
        >>> c.total_weight, c["thanks"].weight
        (3, 2)
    """

    name: str = attrs.field(validator=v.non_empty_str)
    version: int = attrs.field(validator=v.strict_int(1))
    items: tuple[ChecklistItem, ...] = attrs.field(
        converter=v.as_tuple, validator=_items
    )
    pass_mark: float = attrs.field(default=0.85, validator=check_pass_mark)

    def __getitem__(self, item_id: str) -> ChecklistItem:
        """The item with id ``item_id``.

        Raises:
            KeyError: no such item.
        """
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def ids(self) -> tuple[str, ...]:
        """The item ids, in order."""
        return tuple(item.id for item in self.items)

    @property
    def total_weight(self) -> int:
        """The weight of every non-bonus item (the most ``possible`` can
        be)."""
        return sum(item.weight for item in self.items if not item.bonus)

    @property
    def label(self) -> str:
        """``name@version``, as audits and reports cite it."""
        return f"{self.name}@{self.version}"

    def _repr_html_(self) -> str:
        rows = [
            (
                i.id,
                i.moment.value,
                i.text,
                i.check.kind,
                i.weight,
                "critical" if i.critical else "bonus" if i.bonus else "",
            )
            for i in self.items
        ]
        return _html.table(
            f"Checklist {self.label} (pass mark {self.pass_mark:.0%})",
            ["id", "moment", "text", "check", "weight", ""],
            rows,
        )

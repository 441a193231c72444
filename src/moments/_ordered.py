"""Enums whose members are ordered as they are declared."""

from __future__ import annotations

import enum
from typing import TypeVar

__all__ = ["OrderedEnum", "ranked"]

E = TypeVar("E", bound="type[OrderedEnum]")


class OrderedEnum(enum.Enum):
    """An enum with ``<`` and friends following declaration order.

    The values stay readable strings (they are what JSON carries); the
    order lives in ``_rank_``, set once by :func:`ranked`.
    """

    _rank_: int

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._rank_ < other._rank_

    def __le__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._rank_ <= other._rank_

    def __gt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._rank_ > other._rank_

    def __ge__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._rank_ >= other._rank_


def ranked(cls: E) -> E:
    """Class decorator: number the members in declaration order."""
    for rank, member in enumerate(cls):
        member._rank_ = rank
    return cls

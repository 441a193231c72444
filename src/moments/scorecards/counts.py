"""Validators for :class:`~moments.scorecards.Scorecard` fields.

A scorecard's counts are canonical (sorted, no zero entries) so that
equality is exact however the scorecard was built; these validators refuse
anything else, naming the field, what was expected and what arrived.
"""

from __future__ import annotations

from enum import Enum
from fractions import Fraction
from typing import Any

from moments._validate import Validator
from moments.errors import InvalidData

__all__ = ["counts_of", "dense", "invariants", "non_negative", "score_total"]


def non_negative(instance: Any, attribute: Any, value: Any) -> None:
    """An ``int`` (not a ``bool``) >= 0."""
    if type(value) is not int or value < 0:
        raise InvalidData.field(attribute.name, "an integer >= 0", value)


def score_total(instance: Any, attribute: Any, value: Any) -> None:
    """A Fraction >= 0 (an exact sum of scores)."""
    if type(value) is not Fraction or value < 0:
        raise InvalidData.field(attribute.name, "a Fraction >= 0", value)


def _rank(value: object) -> object:
    if isinstance(value, Enum):
        return list(type(value)).index(value)
    return value


def counts_of(*kinds: type) -> Validator:
    """A tuple of ``(*key, count)`` rows: keys of ``kinds`` (str keys
    non-empty), counts > 0, strictly increasing by key (enums in declaration
    order)."""
    names = ", ".join(k.__name__ for k in kinds)
    expected = f"a tuple of ({names}, count > 0) rows"

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if type(value) is not tuple:
            raise InvalidData.field(attribute.name, expected, value)
        previous: tuple[object, ...] | None = None
        for index, row in enumerate(value):
            if (
                type(row) is not tuple
                or len(row) != len(kinds) + 1
                or any(type(k) is not kind for k, kind in zip(row, kinds, strict=False))
                or any(type(k) is str and not k.strip() for k in row[:-1])
                or type(row[-1]) is not int
                or row[-1] <= 0
            ):
                raise InvalidData(
                    f"$.{attribute.name}[{index}]: expected a ({names}, count > 0) "
                    f"row, got {row!r}"
                )
            order = tuple(_rank(k) for k in row[:-1])
            if previous is not None and not previous < order:
                raise InvalidData(
                    f"$.{attribute.name}[{index}]: expected rows sorted by key "
                    f"without repeats, got {row!r} after {value[index - 1]!r}"
                )
            previous = order

    return check


def dense(length: int) -> Validator:
    """A tuple of exactly ``length`` integers >= 0."""
    expected = f"a tuple of {length} integers >= 0"

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if (
            type(value) is not tuple
            or len(value) != length
            or any(type(n) is not int or n < 0 for n in value)
        ):
            raise InvalidData.field(attribute.name, expected, value)

    return check


def invariants(instance: Any, attribute: Any, value: Any) -> None:
    """``wow_cards`` is an integer >= 0, and the counts agree with each
    other (attrs runs this after every field is set)."""
    non_negative(instance, attribute, value)
    c = instance
    problems: list[str] = []

    def need(ok: bool, path: str, expected: str, got: object) -> None:
        if not ok:
            problems.append(f"$.{path}: expected {expected}, got {got!r}")

    need(
        c.passed + c.critical_failed <= c.audits,
        "passed",
        f"at most audits - critical_failed = {c.audits - c.critical_failed}",
        c.passed,
    )
    need(c.scored <= c.audits, "scored", f"at most audits = {c.audits}", c.scored)
    need(
        c.passed + c.critical_failed <= c.scored,
        "scored",
        "at least passed + critical_failed "
        f"= {c.passed + c.critical_failed} (both have a score)",
        c.scored,
    )
    need(
        c.score_sum <= c.scored - c.critical_failed,
        "score_sum",
        f"at most {c.scored - c.critical_failed} (one per non-zero score)",
        c.score_sum,
    )
    for name, total in (
        ("greeting_counts", sum(row[-1] for row in c.greeting_counts)),
        ("wait_counts", sum(c.wait_counts)),
        ("expectation_counts", sum(row[-1] for row in c.expectation_counts)),
    ):
        need(total <= c.audits, name, f"at most {c.audits} in all", total)
    items = sum(row[-1] for row in c.item_counts)
    moments = sum(row[-1] for row in c.moment_counts)
    need(moments == items, "moment_counts", f"{items} in all, as items", moments)
    staff = sum(n for _, n in c.wow_by_staff)
    need(staff == value, "wow_by_staff", f"{value} cards in all", staff)
    by_moment = sum(n for _, n in c.wow_by_moment)
    need(by_moment <= value, "wow_by_moment", f"at most {value} cards", by_moment)
    if problems:
        raise InvalidData(problems)

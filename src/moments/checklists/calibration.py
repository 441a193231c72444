"""Calibration: do several reviewers score one interaction alike?
(public through :mod:`moments.checklists`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

import attrs

from moments import _validate as v
from moments._arguments import iterate, wrong_item
from moments._frozenmap import FrozenMap
from moments._limits import MAX_DIGITS
from moments.checklists.audits import Audit, ItemResult, Outcome
from moments.errors import InvalidData

__all__ = ["Calibration", "calibrate"]

#: Points (out of 100) within which a reviewer agrees with the consensus.
TOLERANCE = Fraction(1, 10)

# On a tie the stricter outcome wins: a split panel never passes an item.
_PRECEDENCE = (Outcome.FAIL, Outcome.PASS, Outcome.NOT_APPLICABLE)


_SHARE = f"a Fraction from 0 to 1 of at most {MAX_DIGITS} digits"


def _is_share(value: object) -> bool:
    # fits_digits first: a huge fraction costs no big comparison
    return type(value) is Fraction and v.fits_digits(value) and 0 <= value <= 1


def _shown(value: object) -> str:
    """A value as an error shows it: a fraction too long to print by its
    size."""
    if type(value) is Fraction and not v.fits_digits(value):
        return f"a Fraction of more than {MAX_DIGITS} digits"
    return repr(value)


def _shares(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, FrozenMap):
        raise InvalidData.field(
            attribute.name, f"a mapping of item id to {_SHARE}", value
        )
    for key, share in value.items():
        if not v.is_str(key):
            raise InvalidData(
                f"$.{attribute.name}: expected item ids (non-empty strings) as "
                f"keys, got {key!r}"
            )
        if not _is_share(share):
            raise InvalidData(
                f"$.{attribute.name}[{key!r}]: expected {_SHARE}, got {_shown(share)}"
            )


def _as_map(value: Any) -> Any:
    if isinstance(value, Mapping) and not isinstance(value, FrozenMap):
        return FrozenMap(value)
    return value


_share = v.strict_fraction(0, 1)


def _panel_agrees(instance: Any, attribute: Any, value: Any) -> None:
    """What calibrate() gives: a consensus without a reviewer, one
    agreement per consensus item, and shares counted over the panel
    (attrs runs this after every field has passed its own check)."""
    panel = len(value)
    if not panel:
        raise InvalidData.field("reviewers", "at least one reviewer slot", value)
    consensus = instance.consensus
    if consensus.reviewer is not None:
        raise InvalidData.field(
            "consensus.reviewer",
            "None (the consensus has no reviewer)",
            consensus.reviewer,
        )
    items = [r.item_id for r in consensus.results]
    if sorted(instance.agreement) != sorted(items):
        raise InvalidData(
            f"$.agreement: expected one share per consensus item {items!r}, "
            f"got {sorted(instance.agreement)!r}"
        )
    for name, share in (
        *((f"agreement[{k!r}]", s) for k, s in instance.agreement.items()),
        ("within_ten_points", instance.within_ten_points),
    ):
        if panel % share.denominator:
            raise InvalidData(
                f"$.{name}: expected a count of the {panel} audits over {panel}, "
                f"got {share!r}"
            )


@attrs.frozen(kw_only=True)
class Calibration:
    """How far several reviewers' audits of one interaction agree.

    Attributes:
        consensus: the audit built from each item's majority outcome (on a
            tie the stricter outcome: fail, then pass, then not applicable),
            with no reviewer; its ``score`` is the consensus score.
        agreement: per item id, the share of audits whose outcome is the
            consensus outcome.
        within_ten_points: the share of audits scoring within 10 points of
            the consensus score (exactly 10 points is within; two ``None``
            scores agree, ``None`` against a number does not).
        reviewers: who reviewed, in the order the audits came.
    """

    consensus: Audit = attrs.field(validator=v.instance_of(Audit, "an Audit"))
    agreement: Mapping[str, Fraction] = attrs.field(
        converter=_as_map, validator=_shares
    )
    within_ten_points: Fraction = attrs.field(validator=_share)
    reviewers: tuple[str | None, ...] = attrs.field(
        converter=v.as_tuple,
        validator=v.all_of(
            v.tuple_of(lambda r: r is None or v.is_str(r), "reviewer ids or None"),
            _panel_agrees,
        ),
    )

    @property
    def overall_agreement(self) -> Fraction:
        """The mean item agreement."""
        shares = list(self.agreement.values())
        return sum(shares, Fraction(0)) / len(shares) if shares else Fraction(1)

    @property
    def disputed(self) -> tuple[str, ...]:
        """Item ids on which not every reviewer agreed, least agreed first."""
        return tuple(
            item_id
            for item_id, share in sorted(self.agreement.items(), key=lambda kv: kv[1])
            if share < 1
        )


def _majority(outcomes: list[Outcome]) -> Outcome:
    counts = Counter(outcomes)
    top = max(counts.values())
    return next(o for o in _PRECEDENCE if counts.get(o) == top)


def calibrate(audits: Iterable[Audit]) -> Calibration:
    """Compare several reviewers' audits of the same interaction.

    Args:
        audits: at least one audit, all of one interaction against one
            checklist version.

    Returns:
        The :class:`Calibration`: per-item agreement, the share within 10
        points of the consensus, and the consensus itself.

    Raises:
        InvalidArgument: ``audits`` is not an iterable.
        InvalidData: no audits, something that is not an :class:`Audit`,
            or audits of different interactions or checklist versions.

    Example:
        >>> from datetime import UTC, datetime
        >>> from moments import Channel, Moment, PartyKind
        >>> def rated(reviewer, outcome):
        ...     item = ItemResult(item_id="smile", moment=Moment.GREETING,
        ...                       outcome=outcome, weight=1, critical=False,
        ...                       bonus=False)
        ...     return Audit(interaction_id="i-1", checklist_name="gold",
        ...                  checklist_version=1, pass_mark=0.85,
        ...                  as_of=datetime(2026, 6, 1, tzinfo=UTC),
        ...                  results=(item,), channel=Channel.IN_PERSON,
        ...                  party_kind=PartyKind.CLIENT, reviewer=reviewer)
        >>> c = calibrate([rated("ana", Outcome.PASS), rated("ben", Outcome.PASS),
        ...                rated("cy", Outcome.FAIL)])
        >>> c.agreement["smile"], c.within_ten_points, c.consensus.score
        (Fraction(2, 3), Fraction(2, 3), Fraction(1, 1))
    """
    panel = list(iterate("audits", audits, "Audit"))
    if not panel:
        raise InvalidData.field("audits", "at least one Audit", panel)
    for index, a in enumerate(panel):
        if type(a) is not Audit:
            raise wrong_item("audits", index, "an Audit", a)
    first = panel[0]
    ids = tuple(r.item_id for r in first.results)
    problems = []
    for index, a in enumerate(panel[1:], start=1):
        if a.interaction_id != first.interaction_id:
            problems.append(
                f"$.audits[{index}].interaction_id: expected "
                f"{first.interaction_id!r} like the first audit, got "
                f"{a.interaction_id!r}"
            )
        if (a.checklist_name, a.checklist_version) != (
            first.checklist_name,
            first.checklist_version,
        ) or tuple(r.item_id for r in a.results) != ids:
            problems.append(
                f"$.audits[{index}]: expected an audit against "
                f"{first.checklist_name}@{first.checklist_version} like the first, "
                f"got {a.checklist_name}@{a.checklist_version}"
            )
    if problems:
        raise InvalidData(problems)
    results: list[ItemResult] = []
    agreement: dict[str, Fraction] = {}
    for position, template in enumerate(first.results):
        outcomes = [a.results[position].outcome for a in panel]
        winner = _majority(outcomes)
        agree = outcomes.count(winner)
        agreement[template.item_id] = Fraction(agree, len(panel))
        results.append(
            attrs.evolve(
                template,
                outcome=winner,
                detail=f"{agree} of {len(panel)} reviewers: {winner.value}",
            )
        )
    consensus = attrs.evolve(first, results=tuple(results), reviewer=None)
    target = consensus.score
    close = sum(
        1
        for a in panel
        if (a.score is None and target is None)
        or (
            a.score is not None
            and target is not None
            and abs(a.score - target) <= TOLERANCE
        )
    )
    return Calibration(
        consensus=consensus,
        agreement=agreement,
        within_ten_points=Fraction(close, len(panel)),
        reviewers=tuple(a.reviewer for a in panel),
    )

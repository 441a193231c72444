"""The Auditor: a checklist compiled once, to audit and score many interactions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import TypeAlias, cast

from moments._arguments import wrong_type
from moments._time import require_aware
from moments.checklists.audits import Audit, Outcome
from moments.checklists.compiler import (
    AuditFunction,
    ScoreFunction,
    compile_audit,
    compile_scorer,
)
from moments.checklists.items import Checklist
from moments.checks import Custom, Observed
from moments.errors import InvalidData
from moments.interactions import Channel, Interaction, PartyKind
from moments.timeliness import DEFAULT_GREETING_POLICY, GreetingPolicy

__all__ = ["Auditor", "CustomCheck", "audit"]

CustomCheck: TypeAlias = Callable[[Interaction, datetime], Outcome]
"""A custom check: ``(interaction, as_of) -> Outcome``."""
_NO_RATINGS: Mapping[str, Outcome] = MappingProxyType({})


class Auditor:
    """A checklist compiled once, to audit and score many interactions.

    Args:
        checklist: the standard to apply.
        custom: the functions behind the checklist's :class:`~moments.checks.Custom`
            checks, by name; each takes ``(interaction, as_of)`` and returns
            an :class:`Outcome`.
        policy: the greeting policy for :class:`~moments.checks.GreetingTimely`
            checks without a standard of their own.

    Raises:
        InvalidArgument: ``custom`` is not a mapping.
        InvalidData: ``checklist`` is not a :class:`Checklist`, a custom
            check has no function, or a function is not callable.

    Example:
        >>> from datetime import UTC, datetime, timedelta
        >>> from moments import Goodbye, Interaction, Moment
        >>> from moments.checklists import ChecklistItem
        >>> from moments.checks import Thanked, FarewellByName
        >>> checklist = Checklist(name="goodbye", version=1, items=(
        ...     ChecklistItem(id="thanks", moment=Moment.GOODBYE,
        ...                   text="Thanked them", check=Thanked(), weight=3),
        ...     ChecklistItem(id="name", moment=Moment.GOODBYE,
        ...                   text="Used their name", check=FarewellByName()),
        ... ))
        >>> t0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
        >>> visit = Interaction(
        ...     id="i-1", channel=Channel.IN_PERSON, party_kind=PartyKind.CLIENT,
        ...     arrived_at=t0, goodbye=Goodbye(at=t0 + timedelta(minutes=5),
        ...                                    thanked=True),
        ... )
        >>> auditor = Auditor(checklist)
        >>> auditor.score(visit)
        0.75
        >>> auditor.audit(visit).result("name").detail
        'said goodbye without the name'
    """

    __slots__ = ("_audits", "_checklist", "_custom", "_policy", "_scorers")

    _checklist: Checklist
    _custom: Mapping[str, CustomCheck]
    _policy: GreetingPolicy
    _audits: dict[Channel, dict[PartyKind, AuditFunction]]
    _scorers: dict[Channel, dict[PartyKind, ScoreFunction]]

    def __init__(
        self,
        checklist: Checklist,
        *,
        custom: Mapping[str, CustomCheck] | None = None,
        policy: GreetingPolicy = DEFAULT_GREETING_POLICY,
    ) -> None:
        if type(checklist) is not Checklist:
            raise InvalidData.field("checklist", "a Checklist", checklist)
        if type(policy) is not GreetingPolicy:
            raise InvalidData.field("policy", "a GreetingPolicy", policy)
        if custom is not None and not isinstance(custom, Mapping):
            raise wrong_type("custom", "a mapping of names to functions", custom)
        registry: dict[str, object] = dict(custom or {})
        problems = [
            f"$.custom.{name}: expected a callable, got {fn!r}"
            for name, fn in registry.items()
            if not callable(fn)
        ]
        problems += [
            f"$.custom.{i.check.name}: expected a function for the custom check "
            f"of item {i.id!r}, got nothing; pass custom={{{i.check.name!r}: fn}}"
            for i in checklist.items
            if type(i.check) is Custom and i.check.name not in registry
        ]
        if problems:
            raise InvalidData(problems)
        self._checklist = checklist
        self._custom = MappingProxyType(cast(dict[str, CustomCheck], registry))
        self._policy = policy
        # Compiled lazily, per channel and party kind, on first use.
        self._audits = {c: {} for c in Channel}
        self._scorers = {c: {} for c in Channel}

    @property
    def checklist(self) -> Checklist:
        """The checklist this auditor applies (read-only: build another
        auditor for another checklist)."""
        return self._checklist

    @property
    def custom(self) -> Mapping[str, CustomCheck]:
        """The custom check functions, by name (read-only)."""
        return self._custom

    def __repr__(self) -> str:
        return f"Auditor({self._checklist.label})"

    def score(
        self, interaction: Interaction, *, as_of: datetime | None = None
    ) -> float | None:
        """The audit score of ``interaction`` as a float, fast.

        The same number as ``float(auditor.audit(interaction).score)``, with
        observed items not applicable (no ratings).

        Args:
            interaction: what to score.
            as_of: when it is judged; default ``interaction.latest``.

        Returns:
            The score from 0 to 1, or ``None`` when no item applied.

        Raises:
            InvalidData: ``interaction`` is not an :class:`Interaction`, or a
                custom check returned something other than an Outcome.
            NaiveDatetimeError: ``as_of`` has no time zone.
        """
        if type(interaction) is not Interaction:
            raise InvalidData.field("interaction", "an Interaction", interaction)
        if as_of is not None:
            require_aware("as_of", as_of)
        channel, kind = interaction.channel, interaction.party_kind
        try:
            scorer = self._scorers[channel][kind]
        except KeyError:
            scorer = self._scorers[channel][kind] = compile_scorer(
                self._checklist, channel, kind, self._policy, self._custom
            )
        return scorer(interaction, as_of)

    def audit(
        self,
        interaction: Interaction,
        *,
        as_of: datetime | None = None,
        ratings: Mapping[str, Outcome] | None = None,
        reviewer: str | None = None,
    ) -> Audit:
        """Audit ``interaction``: every item's result, and the scores.

        Args:
            interaction: what to audit.
            as_of: when it is judged; default ``interaction.latest``.
                Follow-ups due later and recovery clocks still running are
                not applicable yet.
            ratings: a reviewer's outcome for observed items, by item id;
                an observed item without a rating is not applicable.
            reviewer: who rated (a mystery shopper, a manager).

        Returns:
            The :class:`Audit`.

        Raises:
            InvalidData: ``interaction`` is not an :class:`Interaction`; a
                rating names an unknown or non-observed item, or is not an
                :class:`Outcome`; ``reviewer`` is an empty string; a custom
                check returned something other than an Outcome.
            NaiveDatetimeError: ``as_of`` has no time zone.
        """
        x = interaction
        if type(x) is not Interaction:
            raise InvalidData.field("interaction", "an Interaction", x)
        at = x.latest if as_of is None else require_aware("as_of", as_of)
        rated = self._check_ratings(ratings) if ratings else _NO_RATINGS
        channel, kind = x.channel, x.party_kind
        try:
            run = self._audits[channel][kind]
        except KeyError:
            run = self._audits[channel][kind] = compile_audit(
                self._checklist, channel, kind, self._policy, self._custom
            )
        results, verdict = run(x, at, rated)
        delivery = x.delivery
        return Audit(
            interaction_id=x.id,
            checklist_name=self.checklist.name,
            checklist_version=self.checklist.version,
            pass_mark=self.checklist.pass_mark,
            as_of=at,
            results=results,
            channel=x.channel,
            party_kind=x.party_kind,
            staff_id=x.staff_id,
            location_id=x.location_id,
            reviewer=reviewer,
            greeting_outcome=None if verdict is None else verdict.outcome,
            greeting_wait=None if verdict is None else verdict.wait,
            expectation=None if delivery is None else delivery.expectation,
        )

    def _check_ratings(self, ratings: Mapping[str, Outcome]) -> Mapping[str, Outcome]:
        if not isinstance(ratings, Mapping):
            raise InvalidData.field(
                "ratings", "a mapping of item id to Outcome", ratings
            )
        problems = []
        for key, value in ratings.items():
            try:
                item = self.checklist[key]
            except (KeyError, TypeError):
                problems.append(
                    f"$.ratings.{key}: expected the id of an item of "
                    f"{self.checklist.label}, got {key!r}"
                )
                continue
            if type(item.check) is not Observed:
                problems.append(
                    f"$.ratings.{key}: expected an observed item, got item {key!r} "
                    f"checked by {item.check.kind!r}; only Observed items are rated"
                )
            elif type(value) is not Outcome:
                problems.append(f"$.ratings.{key}: expected an Outcome, got {value!r}")
        if problems:
            raise InvalidData(problems)
        return ratings


def audit(
    interaction: Interaction,
    checklist: Checklist,
    *,
    as_of: datetime | None = None,
    ratings: Mapping[str, Outcome] | None = None,
    reviewer: str | None = None,
    custom: Mapping[str, CustomCheck] | None = None,
) -> Audit:
    """Audit one interaction against ``checklist`` (compiles it each time;
    use an :class:`Auditor` for many).

    Args and raises as :class:`Auditor` and :meth:`Auditor.audit`.

    Returns:
        The :class:`Audit`.
    """
    return Auditor(checklist, custom=custom).audit(
        interaction, as_of=as_of, ratings=ratings, reviewer=reviewer
    )

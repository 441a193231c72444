"""The Auditor: a checklist compiled once, to audit and score many interactions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, TypeAlias, cast

from moments._time import require_aware
from moments.checklists.audits import Audit, ItemResult, Outcome, signed
from moments.checklists.compiler import (
    GREETING_CODES,
    Evaluator,
    evaluator,
    greeting_detail,
    score_source,
)
from moments.checklists.items import Checklist, ChecklistItem
from moments.checks import Check, Custom, GreetingTimely, Observed
from moments.errors import InvalidData
from moments.interactions import Channel, Interaction, PartyKind
from moments.timeliness import (
    DEFAULT_GREETING_POLICY,
    GreetingPolicy,
    GreetingStandard,
)

__all__ = ["Auditor", "CustomCheck", "audit"]

CustomCheck: TypeAlias = Callable[[Interaction, datetime], Outcome]
"""A custom check: ``(interaction, as_of) -> Outcome``."""
_Scorer = Callable[[Interaction, datetime | None], float | None]
NA = Outcome.NOT_APPLICABLE
_GREETING = {
    verdict: (NA, Outcome.PASS, Outcome.FAIL)[code]
    for verdict, code in GREETING_CODES.items()
}

_RESULT_CACHE = 32  # prebuilt results kept per item (fixed explanations)


class _Step:
    """One applicable item of a compiled plan."""

    __slots__ = ("cache", "item", "run", "standard", "tag")

    def __init__(
        self,
        item: ChecklistItem,
        tag: int,
        run: Evaluator | None = None,
        standard: GreetingStandard | None = None,
    ) -> None:
        self.item = item
        self.tag = tag  # 0 prebuilt, 1 computed, 2 greeting, 3 observed
        self.run = run
        self.standard = standard
        self.cache: dict[tuple[Outcome, str], ItemResult] = {}

    def result(self, outcome: Outcome, detail: str) -> ItemResult:
        key = (outcome, detail)
        found = self.cache.get(key)
        if found is None:
            i = self.item
            found = ItemResult(
                item_id=i.id,
                moment=i.moment,
                outcome=outcome,
                weight=i.weight,
                critical=i.critical,
                bonus=i.bonus,
                detail=detail,
            )
            if len(self.cache) < _RESULT_CACHE:
                self.cache[key] = found
        return found


def _inapplicable(item: ChecklistItem, channel: Channel, kind: PartyKind) -> str:
    if kind not in item.party_kinds:
        return f"does not apply to {kind.value}s"
    return f"does not apply to the {channel.value} channel"


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
        InvalidData: ``checklist`` is not a :class:`Checklist`, a custom
            check has no function, or a function is not callable.

    Example:
        >>> from datetime import UTC, datetime, timedelta
        >>> from moments import Goodbye, Interaction, Moment
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

    __slots__ = ("_checklist", "_custom", "_plans", "_policy", "_scorers")

    _checklist: Checklist
    _custom: Mapping[str, CustomCheck]
    _policy: GreetingPolicy
    _plans: dict[Channel, dict[PartyKind, tuple[_Step, ...]]]
    _scorers: dict[Channel, dict[PartyKind, _Scorer]]

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
        self._plans = {c: {} for c in Channel}
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

    def _compile(
        self, channel: Channel, kind: PartyKind
    ) -> tuple[tuple[_Step, ...], _Scorer]:
        steps: list[_Step] = []
        scored: list[tuple[Check, int, bool, bool, GreetingStandard | None]] = []
        for item in self.checklist.items:
            check = item.check
            if not item.applies_to(channel, kind):
                step = _Step(item, 0)
                step.cache[NA, ""] = step.result(NA, _inapplicable(item, channel, kind))
                steps.append(step)
                continue
            standard = None
            if type(check) is GreetingTimely:
                standard = check.standard or self._policy.standard_for(channel, kind)
                steps.append(_Step(item, 2, standard=standard))
            elif type(check) is Observed:
                steps.append(_Step(item, 3))
            else:
                steps.append(_Step(item, 1, evaluator(check, self._custom)))
            scored.append((check, item.weight, item.critical, item.bonus, standard))
        env: dict[str, Any] = {}
        exec(score_source(scored, env, self._custom), env)  # our generated source
        plan = self._plans[channel][kind] = tuple(steps)
        scorer = self._scorers[channel][kind] = env["score"]
        return plan, scorer

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
        try:
            scorer = self._scorers[interaction.channel][interaction.party_kind]
        except KeyError:
            scorer = self._compile(interaction.channel, interaction.party_kind)[1]
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
        rated = self._check_ratings(ratings) if ratings else {}
        results: list[ItemResult] = []
        verdict = None
        try:
            plan = self._plans[x.channel][x.party_kind]
        except KeyError:
            plan = self._compile(x.channel, x.party_kind)[0]
        for step in plan:
            tag = step.tag
            if tag == 0:
                results.append(step.cache[NA, ""])
                continue
            if tag == 1:
                outcome, detail = step.run(x, at)  # type: ignore[misc]
            elif tag == 2:
                judged = step.standard.judge(x, as_of=at)  # type: ignore[union-attr]
                if verdict is None:
                    verdict = judged
                outcome = _GREETING[judged.outcome]
                detail = greeting_detail(judged)
            else:
                outcome = rated.get(step.item.id, NA)
                detail = "no rating" if outcome is NA else f"rated {outcome.value}"
            results.append(step.result(outcome, detail))
        delivery = x.delivery
        made = Audit(
            interaction_id=x.id,
            checklist_name=self.checklist.name,
            checklist_version=self.checklist.version,
            pass_mark=self.checklist.pass_mark,
            as_of=at,
            results=tuple(results),
            channel=x.channel,
            party_kind=x.party_kind,
            staff_id=x.staff_id,
            location_id=x.location_id,
            reviewer=reviewer,
            greeting_outcome=None if verdict is None else verdict.outcome,
            greeting_wait=None if verdict is None else verdict.wait,
            expectation=None if delivery is None else delivery.expectation,
        )
        return signed(made)  # scorecards count audits by their signature

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

"""Strategies for relationships: promotion rules, policies, decisions,
reviews and purchase summaries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

from moments.interactions import Channel, Interaction, PartyKind
from moments.parties import Preferences, Profile, Purchase, Purpose, Stage
from moments.promotion import (
    Criterion,
    PromotionDecision,
    PromotionPolicy,
    RelationshipReview,
    decide_promotion,
    review_relationship,
)
from moments.rules import (
    AllOf,
    AnyOf,
    Consented,
    HasContact,
    HasName,
    MinSpend,
    MinTenure,
    MinVisits,
    Not,
    Promoter,
    RecentVisit,
    Recognised,
    Rule,
)
from moments.strategies._base import (
    ZONE_KEYS,
    clients,
    customers,
    feedback,
    ids,
    money,
    purchases,
    zones,
)
from moments.value import PurchaseSummary, RFMScore, summarize_purchases

__all__ = [
    "criteria",
    "durations",
    "promotion_decisions",
    "promotion_policies",
    "purchase_summaries",
    "relationship_reviews",
    "rfm_scores",
    "rules",
    "visits",
]


def durations(*, allow_zero: bool = False) -> st.SearchStrategy[relativedelta]:
    """Relative, non-negative ``relativedelta`` windows (days, weeks,
    months or years)."""
    low = 0 if allow_zero else 1
    return st.one_of(
        st.integers(low, 730).map(lambda n: relativedelta(days=n)),
        st.integers(low, 52).map(lambda n: relativedelta(weeks=n)),
        st.integers(low, 24).map(lambda n: relativedelta(months=n)),
        st.integers(low, 3).map(lambda n: relativedelta(years=n)),
    )


_windows = st.none() | durations()

_LEAVES: dict[type, st.SearchStrategy[Any]] = {
    HasName: st.just(HasName()),
    HasContact: st.builds(
        HasContact,
        channels=st.sampled_from(
            [frozenset({"email"}), frozenset({"phone"}), frozenset({"email", "phone"})]
        ),
    ),
    Consented: st.builds(Consented, purpose=st.sampled_from(Purpose)),
    MinVisits: st.builds(MinVisits, st.integers(1, 6), within=_windows),
    MinSpend: st.builds(
        MinSpend, money(min_cents=1, max_cents=100_000), within=_windows
    ),
    MinTenure: st.builds(MinTenure, durations(allow_zero=True)),
    RecentVisit: st.builds(RecentVisit, within=durations()),
    Promoter: st.builds(Promoter, min_nps=st.integers(0, 10)),
    Recognised: st.builds(Recognised, min_wow_cards=st.integers(1, 3)),
}


def rules(*, max_leaves: int = 6, kind: type | None = None) -> st.SearchStrategy[Rule]:
    """Promotion rules, leaves and combinations (``AllOf``, ``AnyOf``,
    ``Not``) up to about ``max_leaves`` leaves; ``kind`` pins the rule's
    class (``rules(kind=MinVisits)``)."""
    if kind in _LEAVES:
        return _LEAVES[kind]
    leaves: st.SearchStrategy[Rule] = st.one_of(*_LEAVES.values())

    def extend(
        children: st.SearchStrategy[Rule], kinds: tuple[type, ...] = (AllOf, AnyOf, Not)
    ) -> st.SearchStrategy[Rule]:
        many = st.lists(children, min_size=1, max_size=3).map(tuple)
        made: dict[type, st.SearchStrategy[Rule]] = {
            AllOf: many.map(lambda rs: AllOf(rules=rs)),
            AnyOf: many.map(lambda rs: AnyOf(rules=rs)),
            Not: children.map(Not),
        }
        return st.one_of(*(made[k] for k in kinds))

    tree = st.recursive(leaves, extend, max_leaves=max_leaves)
    if kind is None:
        return tree
    if kind not in (AllOf, AnyOf, Not):
        raise TypeError(f"{kind!r} is not a promotion rule class")
    return extend(tree, (kind,))


def rule_factory(kind: type) -> Callable[[], st.SearchStrategy[Rule]]:
    """A no-argument factory of ``rules(kind=kind)`` (for the registry)."""

    def factory() -> st.SearchStrategy[Rule]:
        return rules(kind=kind)

    return factory


def promotion_policies(**pinned: Any) -> st.SearchStrategy[PromotionPolicy]:
    """Promotion policies with drawn rules and zone."""
    fields: dict[str, Any] = {
        "name": ids(),
        "version": st.integers(1, 20),
        "to_client": rules(),
        "to_advocate": rules(),
        "zone": st.sampled_from(ZONE_KEYS),
    }
    fields.update(
        {
            k: v if isinstance(v, st.SearchStrategy) else st.just(v)
            for k, v in pinned.items()
        }
    )
    return st.builds(PromotionPolicy, **fields)


_START = datetime(2024, 1, 1, tzinfo=UTC)
_ARRIVALS = st.integers(0, 730 * 24).map(lambda h: _START + timedelta(hours=h))


def visits(party_id: str) -> st.SearchStrategy[Interaction]:
    """Interactions of ``party_id`` over two years from 2024, some with a
    purchase (EUR). The moments' evidence plays no part in promotion, so it
    is left out and drawing stays fast."""

    @st.composite
    def draw(draw: st.DrawFn) -> Interaction:
        arrived = draw(_ARRIVALS)
        bought = draw(st.none() | money(max_cents=20_000))
        return Interaction(
            id=draw(ids("i-")),
            channel=draw(st.sampled_from(Channel)),
            arrived_at=arrived,
            party_kind=draw(st.sampled_from(PartyKind)),
            party_id=party_id,
            purchase=None if bought is None else Purchase(at=arrived, amount=bought),
        )

    return draw()


# A party id the histories are drawn with, replaced by the drawn party's:
# the strategies are built once, not for every example (building a
# strategy costs Hypothesis far more than drawing from it).
_SOMEONE = "c-someone"


def _histories() -> st.SearchStrategy[tuple[Any, ...]]:
    """About five interactions over two years, some feedback on them, and
    an ``as_of`` in the same span, for :func:`_history_of`."""
    return st.tuples(
        st.lists(visits(_SOMEONE), max_size=6, unique_by=lambda i: i.id),
        st.lists(st.tuples(st.integers(0, 5), feedback(at=_ARRIVALS)), max_size=3),
        _ARRIVALS,
    )


def _history_of(party_id: str, drawn: tuple[Any, ...]) -> tuple[Any, ...]:
    """A drawn history made ``party_id``'s: the visits name the party and
    each feedback names one of the visits (when there are any)."""
    found, notes, as_of = drawn
    visited = tuple(attrs.evolve(i, party_id=party_id) for i in found)
    if visited:
        notes = [
            attrs.evolve(note, interaction_id=visited[k % len(visited)].id)
            for k, note in notes
        ]
    else:
        notes = [note for _, note in notes]
    return visited, tuple(notes), as_of


def promotion_decisions(
    *, policy: PromotionPolicy | st.SearchStrategy[PromotionPolicy] | None = None
) -> st.SearchStrategy[PromotionDecision]:
    """Decisions made by :func:`~moments.promotion.decide_promotion` on
    drawn customers and clients with their history (default policy unless
    ``policy`` is given)."""
    policies: st.SearchStrategy[PromotionPolicy | None] = (
        st.just(None)
        if policy is None
        else policy
        if isinstance(policy, st.SearchStrategy)
        else st.just(policy)
    )

    parties = customers() | clients(profile=Profile(), preferences=Preferences())
    histories = _histories()

    @st.composite
    def draw(draw: st.DrawFn) -> PromotionDecision:
        party = draw(parties)
        history, notes, as_of = _history_of(party.id, draw(histories))
        return decide_promotion(
            party, history, as_of=as_of, policy=draw(policies), feedback=notes
        )

    return draw()


def relationship_reviews() -> st.SearchStrategy[RelationshipReview]:
    """Reviews made by :func:`~moments.promotion.review_relationship` on
    drawn clients and their visits."""

    reviewed = clients(since=st.just(_START), stage=Stage.CLIENT)
    histories = _histories()

    @st.composite
    def draw(draw: st.DrawFn) -> RelationshipReview:
        client = draw(reviewed)
        history, _, as_of = _history_of(client.id, draw(histories))
        return review_relationship(client, history, as_of=as_of)

    return draw()


_texts = st.text(
    alphabet=st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=30
).filter(lambda t: bool(t.strip()))


def criteria(**pinned: Any) -> st.SearchStrategy[Criterion]:
    """Criteria as decisions list them: an action exactly when not passed."""

    @st.composite
    def draw(draw: st.DrawFn) -> Criterion:
        def pick(name: str, default: st.SearchStrategy[Any]) -> Any:
            value = pinned.get(name, default)
            return draw(value) if isinstance(value, st.SearchStrategy) else value

        passed = pick("passed", st.booleans())
        return Criterion(
            name=pick("name", _texts),
            passed=passed,
            threshold=pick("threshold", _texts),
            actual=pick("actual", _texts),
            evidence=pick("evidence", st.lists(ids("i-"), max_size=3).map(tuple)),
            action=None if passed else pick("action", _texts),
        )

    return draw()


def rfm_scores(*, bins: int = 5) -> st.SearchStrategy[RFMScore]:
    """RFM scores from 1 to ``bins`` (at most 9). Not to be confused with
    :func:`moments.rfm_scores`, which computes them."""
    level = st.integers(1, bins)
    return st.builds(RFMScore, recency=level, frequency=level, monetary=level)


def purchase_summaries(
    *, currency: str = "EUR", zone: str = "UTC"
) -> st.SearchStrategy[PurchaseSummary]:
    """Summaries of one to eight purchases in ``currency``, as of a time
    after the last one."""

    @st.composite
    def draw(draw: st.DrawFn) -> PurchaseSummary:
        bought = draw(st.lists(purchases(currency=currency), min_size=1, max_size=8))
        last = max(p.at.astimezone(UTC) for p in bought)
        later = timedelta(seconds=draw(st.integers(0, 3 * 365 * 86400)))
        as_of = (last + later).astimezone(draw(zones()))
        summary = summarize_purchases(bought, as_of=as_of, zone=zone)
        if summary is None:  # pragma: no cover - as_of is after every purchase
            raise AssertionError("a summary of purchases before as_of")
        return summary

    return draw()

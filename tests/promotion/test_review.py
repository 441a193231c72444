"""RelationshipReview holds only what review_relationship can give
(``moments.promotion.review``; issue 14, defect 2)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from moments import (
    Channel,
    Client,
    Interaction,
    InvalidData,
    PartyKind,
    dumps,
    loads,
)
from moments.promotion import (
    RelationshipReview,
    RelationshipStatus,
    review_relationship,
)
from moments.strategies import relationship_reviews

SINCE = datetime(2026, 1, 1, tzinfo=UTC)


def review(**fields: object) -> RelationshipReview:
    values: dict[str, object] = {
        "status": RelationshipStatus.ACTIVE,
        "days_since_last_visit": 3,
        "usual_gap_days": 7.0,
        "visit_days": 4,
        "reason": "visits every 7 days",
        "next_step": "keep in touch",
    }
    values.update(fields)
    return RelationshipReview(**values)  # type: ignore[arg-type]


class TestRelationshipReviewIsValid:
    @pytest.mark.parametrize("gap", [math.inf, -math.inf, math.nan])
    def test_relationship_review_gaps_are_finite(self, gap: float) -> None:
        with pytest.raises(InvalidData, match=r"\$\.usual_gap_days: expected a finite"):
            review(usual_gap_days=gap)

    @pytest.mark.parametrize("gap", [-1.0, 7, "7.0", True])
    def test_a_usual_gap_is_a_float_of_at_least_zero(self, gap: object) -> None:
        with pytest.raises(InvalidData, match=r"\$\.usual_gap_days"):
            review(usual_gap_days=gap)

    def test_evolve_checks_the_gap_too(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.usual_gap_days"):
            attrs.evolve(review(), usual_gap_days=math.nan)

    def test_no_gap_and_the_largest_float_are_gaps(self) -> None:
        assert review(usual_gap_days=None).usual_gap_days is None
        assert review(usual_gap_days=1.7976931348623157e308).usual_gap_days > 0

    @given(st.integers(1, 60), st.integers(3, 12))
    def test_a_computed_review_is_valid_and_round_trips(
        self, gap: int, visits: int
    ) -> None:
        client = Client(id="c-1", name="Ada", since=SINCE)
        history = [
            Interaction(
                id=f"i-{n}",
                channel=Channel.IN_PERSON,
                party_kind=PartyKind.CLIENT,
                party_id="c-1",
                arrived_at=SINCE + timedelta(days=n * gap),
            )
            for n in range(visits)
        ]

        got = review_relationship(
            client, history, as_of=SINCE + timedelta(days=visits * gap)
        )

        attrs.validate(got)
        assert got.usual_gap_days == float(gap)
        assert loads(RelationshipReview, dumps(got)) == got

    @given(relationship_reviews())
    def test_drawn_reviews_round_trip(self, drawn: RelationshipReview) -> None:
        assert loads(RelationshipReview, dumps(drawn)) == drawn

"""Tests for moments.value: purchase summaries (frequency, recency, T,
monetary value) and RFM scores."""

from __future__ import annotations

import contextlib
import decimal
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _support import assert_only_field_errors
from moments import (
    Money,
    Purchase,
    PurchaseSummary,
    RFMScore,
    dumps,
    loads,
    rfm_scores,
    summarize_purchases,
    summarize_purchases_by,
)
from moments.errors import CurrencyMismatch, InvalidData, MomentsError
from moments.strategies import aware_datetimes, purchase_summaries, purchases

NEW_YORK = ZoneInfo("America/New_York")


def eur(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="EUR")


def bought(at: datetime, amount: str, currency: str = "EUR") -> Purchase:
    return Purchase(at=at, amount=Money(amount=Decimal(amount), currency=currency))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def summary(**kw: Any) -> PurchaseSummary:
    fields: dict[str, Any] = {
        "repeat_count": 0,
        "active_span_days": 0,
        "age_days": 0,
        "days_since_last": 0,
        "mean_repeat_value": Decimal(0),
        "total_spend": eur("1"),
        "first_purchase_day": date(2026, 1, 1),
        "last_purchase_day": date(2026, 1, 1),
    }
    fields.update(kw)
    return PurchaseSummary(**fields)


class TestHandWorkedSummaries:
    def test_out_of_order_same_day_and_later_purchases(self) -> None:
        # Days: 1 Mar (5.00), 5 Mar (8.00 + 2.00), 20 Mar (4.00); the April
        # purchase is after as_of. frequency 2, recency 19, T 30,
        # monetary (10 + 4) / 2 = 7.
        purchases = [
            bought(utc(2026, 3, 5, 10), "8.00"),
            bought(utc(2026, 3, 1, 9), "5.00"),
            bought(utc(2026, 4, 2, 10), "100.00"),
            bought(utc(2026, 3, 5, 17), "2.00"),
            bought(utc(2026, 3, 20, 11), "4.00"),
        ]

        s = summarize_purchases(purchases, as_of=utc(2026, 3, 31, 12))

        assert s is not None
        assert s.repeat_count == 2
        assert s.active_span_days == 19
        assert s.age_days == 30
        assert s.mean_repeat_value == Decimal("7.00")
        assert s.days_since_last == 11
        assert s.total_spend == eur("19.00")
        assert (s.first_purchase_day, s.last_purchase_day) == (
            date(2026, 3, 1),
            date(2026, 3, 20),
        )

    def test_a_purchase_later_on_the_as_of_day_is_ignored(self) -> None:
        # frequency 0, recency 0, T 30, monetary 0.
        purchases = [
            bought(utc(2026, 3, 1, 9), "5.00"),
            bought(utc(2026, 3, 31, 12, 0, 1), "9.00"),
        ]

        s = summarize_purchases(purchases, as_of=utc(2026, 3, 31, 12))

        assert s is not None
        assert (s.repeat_count, s.active_span_days, s.age_days) == (0, 0, 30)
        assert s.mean_repeat_value == Decimal(0)

    def test_a_purchase_at_exactly_as_of_counts(self) -> None:
        purchases = [bought(utc(2026, 3, 1, 9), "5"), bought(utc(2026, 3, 31), "9")]

        s = summarize_purchases(purchases, as_of=utc(2026, 3, 31))

        assert s is not None
        assert (s.repeat_count, s.active_span_days, s.age_days) == (1, 30, 30)
        assert s.mean_repeat_value == Decimal(9)

    def test_just_before_local_midnight_belongs_to_that_local_day(self) -> None:
        # 23:59 on 10 June in New York is 03:59 on 11 June in UTC.
        purchases = [
            bought(datetime(2026, 6, 1, 12, tzinfo=NEW_YORK), "3.00"),
            bought(datetime(2026, 6, 10, 23, 59, tzinfo=NEW_YORK), "6.00"),
        ]
        as_of = datetime(2026, 6, 20, 12, tzinfo=NEW_YORK)

        local = summarize_purchases(purchases, as_of=as_of, zone="America/New_York")
        in_utc = summarize_purchases(purchases, as_of=as_of)

        # New York: frequency 1, recency 9, T 19, monetary 6.00.
        assert local is not None
        assert (local.repeat_count, local.active_span_days, local.age_days) == (
            1,
            9,
            19,
        )
        assert local.mean_repeat_value == Decimal("6.00")
        assert local.last_purchase_day == date(2026, 6, 10)
        # UTC: frequency 1, recency 10, T 19.
        assert in_utc is not None
        assert (in_utc.active_span_days, in_utc.age_days) == (10, 19)

    def test_two_purchases_either_side_of_local_midnight_are_two_days(self) -> None:
        purchases = [
            bought(datetime(2026, 6, 10, 23, 59, tzinfo=NEW_YORK), "1"),
            bought(datetime(2026, 6, 11, 0, 1, tzinfo=NEW_YORK), "1"),
        ]

        s = summarize_purchases(
            purchases, as_of=utc(2026, 6, 12), zone="America/New_York"
        )

        assert s is not None
        assert (s.repeat_count, s.active_span_days, s.age_days) == (1, 1, 1)

    def test_zero_value_purchases_still_make_purchase_days(self) -> None:
        # frequency 2, recency 4, T 9, monetary (0 + 0) / 2 = 0.
        purchases = [
            bought(utc(2026, 1, 1, 10), "10.00"),
            bought(utc(2026, 1, 3, 10), "0.00"),
            bought(utc(2026, 1, 5, 10), "0.00"),
        ]

        s = summarize_purchases(purchases, as_of=utc(2026, 1, 10))

        assert s is not None
        assert (s.repeat_count, s.active_span_days, s.age_days) == (2, 4, 9)
        assert s.mean_repeat_value == Decimal(0)
        assert s.total_spend == eur("10.00")

    def test_the_mean_is_exact_to_28_digits(self) -> None:
        # Repeat days of 1, 1 and 2: monetary 4 / 3.
        purchases = [
            bought(utc(2026, 1, day), amount)
            for day, amount in [(1, "5"), (2, "1"), (3, "1"), (4, "2")]
        ]

        s = summarize_purchases(purchases, as_of=utc(2026, 1, 4))

        assert s is not None
        assert s.mean_repeat_value == Decimal("1.333333333333333333333333333")

    def test_nothing_on_or_before_as_of_gives_none(self) -> None:
        later = [bought(utc(2026, 5, 1), "5")]

        assert summarize_purchases([], as_of=utc(2026, 1, 1)) is None
        assert summarize_purchases(later, as_of=utc(2026, 1, 1)) is None

    def test_mixed_currencies_are_a_mismatch(self) -> None:
        purchases = [bought(utc(2026, 1, 1), "5"), bought(utc(2026, 1, 2), "5", "GBP")]

        with pytest.raises(CurrencyMismatch, match="EUR and GBP"):
            summarize_purchases(purchases, as_of=utc(2026, 2, 1))

    def test_a_purchase_after_as_of_is_not_checked_for_currency(self) -> None:
        purchases = [bought(utc(2026, 1, 1), "5"), bought(utc(2026, 3, 1), "5", "GBP")]

        s = summarize_purchases(purchases, as_of=utc(2026, 2, 1))

        assert s is not None
        assert s.total_spend == eur("5")

    def test_a_naive_as_of_is_refused(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.as_of"):
            summarize_purchases([], as_of=datetime(2026, 1, 1))

    def test_an_unknown_zone_is_refused(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.zone"):
            summarize_purchases([], as_of=utc(2026, 1, 1), zone="Mars/Olympus")

    def test_items_must_be_purchases(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.purchases\[0\]"):
            summarize_purchases([eur("5")], as_of=utc(2026, 1, 1))  # type: ignore[list-item]

    def test_a_time_whose_date_is_out_of_range_is_refused(self) -> None:
        # 23:30 UTC on 31 December 9999 is 1 January 10000 in Kolkata; 00:30
        # UTC on 1 January of year 1 is year 0 in New York; midnight at
        # UTC+5 on 1 January of year 1 is year 0 in UTC.
        early = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))
        out = [bought(utc(1, 1, 1, 0, 30), "5")]
        with pytest.raises(InvalidData, match=r"\$\.as_of: .*Asia/Kolkata"):
            summarize_purchases(
                [], as_of=utc(9999, 12, 31, 23, 30), zone="Asia/Kolkata"
            )
        with pytest.raises(InvalidData, match=r"\$\.as_of: .*UTC"):
            summarize_purchases([], as_of=early)
        with pytest.raises(InvalidData, match=r"\$\.purchases\[0\]\.at"):
            summarize_purchases(out, as_of=utc(2026, 1, 1), zone="America/New_York")
        with pytest.raises(InvalidData, match=r"\$\.purchases\[1\]\.at"):
            summarize_purchases([*out, bought(early, "1")], as_of=utc(2026, 1, 1))
        with pytest.raises(InvalidData, match=r"\$\.transactions\[0\]\[1\]\.at"):
            summarize_purchases_by(
                [("ann", out[0])], as_of=utc(2026, 1, 1), zone="America/New_York"
            )

    @pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
    def test_a_purchase_out_of_range_after_as_of_is_ignored(self, zone: str) -> None:
        # 20:00 on 31 December 9999 at UTC-5 is in the year 10000 in UTC.
        late = bought(
            datetime(9999, 12, 31, 20, tzinfo=timezone(-timedelta(hours=5))), "5"
        )
        ok = bought(utc(2026, 1, 1), "2")

        assert summarize_purchases([late], as_of=utc(2026, 1, 2), zone=zone) is None
        by = summarize_purchases_by(
            [("ann", late), ("ann", ok)], as_of=utc(2026, 1, 2), zone=zone
        )
        assert by["ann"].total_spend == eur("2")


class TestSummaryInvariants:
    def test_the_span_must_match_the_days(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.active_span_days"):
            summary(active_span_days=3, age_days=3)

    def test_age_is_span_plus_days_since_last(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.age_days"):
            summary(age_days=4)

    def test_repeats_fit_in_the_span(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.repeat_count"):
            summary(repeat_count=1)

    def test_days_are_dates(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.last_purchase_day"):
            summary(last_purchase_day="2026-01-01")

    def test_the_mean_is_a_decimal(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.mean_repeat_value"):
            summary(mean_repeat_value=1.5)

    @pytest.mark.parametrize("field", ["first_purchase_day", "last_purchase_day"])
    def test_a_datetime_is_not_a_purchase_day(self, field: str) -> None:
        # Defect 2 of issue 14: a datetime passed instance_of(date) and the
        # days' check raised TypeError.
        day = datetime(2026, 1, 1, tzinfo=UTC)

        with pytest.raises(InvalidData, match=rf"\$\.{field}: expected a date"):
            summary(**{field: day})
        with pytest.raises(InvalidData, match=rf"\$\.{field}: expected a date"):
            attrs.evolve(summary(), **{field: day})

    def test_as_ofs_day_fits_in_the_calendar(self) -> None:
        last = date(9999, 12, 30)

        with pytest.raises(InvalidData, match=r"\$\.days_since_last: expected at"):
            summary(
                first_purchase_day=last,
                last_purchase_day=last,
                age_days=2,
                days_since_last=2,
            )

        assert (
            summary(
                first_purchase_day=last,
                last_purchase_day=last,
                age_days=1,
                days_since_last=1,
            ).age_days
            == 1
        )

    def test_the_mean_is_zero_without_repeats(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.mean_repeat_value: expected 0"):
            summary(mean_repeat_value=Decimal("2.50"))

        assert summary(mean_repeat_value=Decimal("0.00")).repeat_count == 0

    @given(purchase_summaries())
    def test_a_wrong_value_in_any_field_is_invalid_data(
        self, s: PurchaseSummary
    ) -> None:
        for field in [a.name for a in attrs.fields(PurchaseSummary)]:
            for wrong in _WRONG:
                try:
                    built = attrs.evolve(s, **{field: wrong})
                except InvalidData as err:
                    assert_only_field_errors(err, PurchaseSummary)
                else:
                    assert loads(PurchaseSummary, dumps(built)) == built


_WRONG = (
    None,
    "2026-01-01",
    True,
    -1,
    10**5000,
    1.5,
    Decimal("NaN"),
    Decimal("1"),
    datetime(2026, 1, 1),
    datetime(2026, 1, 1, tzinfo=UTC),
    date(1, 1, 1),
    date.max,
    Money(amount=Decimal(1), currency="EUR"),
    object(),
)


class TestSummaryProperties:
    @given(
        st.lists(purchases(), max_size=8),
        aware_datetimes(),
        st.randoms(use_true_random=False),
        st.sampled_from(["UTC", "America/New_York", "Asia/Kolkata"]),
    )
    def test_order_does_not_matter_and_counts_fit_in_the_age(
        self, items: list[Purchase], as_of: datetime, rnd: Any, zone: str
    ) -> None:
        shuffled = list(items)
        rnd.shuffle(shuffled)

        s = summarize_purchases(items, as_of=as_of, zone=zone)
        t = summarize_purchases(shuffled, as_of=as_of, zone=zone)

        assert s == t
        if s is not None:
            assert s.repeat_count <= s.age_days
            assert s.active_span_days <= s.age_days
            counted = [p for p in items if p.at.astimezone(UTC) <= as_of]
            assert s.total_spend == Money.total((p.amount for p in counted), "EUR")

    @given(st.from_type(PurchaseSummary))
    def test_drawn_summaries_survive_evolve(self, s: PurchaseSummary) -> None:
        assert attrs.evolve(s) == s

    @given(
        st.lists(st.one_of(purchases(), st.integers(), st.none()), max_size=3),
        st.one_of(aware_datetimes(), st.datetimes(), st.none()),
        st.one_of(st.just("UTC"), st.text(max_size=5), st.none()),
    )
    def test_bad_input_fails_only_with_a_moments_error(
        self, items: list[Any], as_of: Any, zone: Any
    ) -> None:
        with contextlib.suppress(MomentsError):
            summarize_purchases(items, as_of=as_of, zone=zone)


def ranked(**days_since_last: int) -> dict[str, PurchaseSummary]:
    return {
        key: summary(age_days=days, days_since_last=days)
        for key, days in days_since_last.items()
    }


class TestRFMScores:
    def test_five_customers_take_one_score_each_and_recent_is_high(self) -> None:
        summaries = ranked(a=50, b=10, c=30, d=40, e=20)

        scores = rfm_scores(summaries)

        assert {k: s.recency for k, s in scores.items()} == {
            "a": 1,
            "b": 5,
            "c": 3,
            "d": 2,
            "e": 4,
        }

    def test_frequency_and_monetary_rank_upwards(self) -> None:
        summaries = {
            "low": summary(total_spend=eur("1")),
            "high": summary(
                repeat_count=2,
                active_span_days=2,
                age_days=2,
                last_purchase_day=date(2026, 1, 3),
                total_spend=eur("90"),
            ),
        }

        scores = rfm_scores(summaries, bins=2)

        assert scores["high"] == RFMScore(recency=2, frequency=2, monetary=2)
        assert scores["low"].code == "111"

    def test_ties_are_broken_by_the_mappings_order(self) -> None:
        summaries = ranked(first=7, second=7)

        forward = rfm_scores(summaries, bins=2)
        backward = rfm_scores(dict(reversed(summaries.items())), bins=2)

        assert (forward["first"].recency, forward["second"].recency) == (1, 2)
        assert (backward["second"].recency, backward["first"].recency) == (1, 2)

    def test_ten_customers_fill_each_quintile_twice(self) -> None:
        summaries = ranked(**{f"c{n}": n for n in range(10)})

        scores = rfm_scores(summaries)

        recency = sorted(s.recency for s in scores.values())
        assert recency == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]

    @pytest.mark.parametrize(
        ("count", "expected"), [(1, [3]), (2, [2, 4]), (3, [1, 3, 5])]
    )
    def test_fewer_customers_than_bins_spread_around_the_middle(
        self, count: int, expected: list[int]
    ) -> None:
        summaries = ranked(**{f"c{n}": n for n in range(count)})

        scores = rfm_scores(summaries)

        assert sorted(s.monetary for s in scores.values()) == expected
        assert sorted(s.recency for s in scores.values()) == expected

    def test_no_summaries_give_no_scores(self) -> None:
        assert rfm_scores({}) == {}

    @pytest.mark.parametrize("bins", [0, 10, True, 5.0])
    def test_bins_run_from_1_to_9(self, bins: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.bins"):
            rfm_scores(ranked(a=1), bins=bins)

    def test_total_spends_in_two_currencies_are_a_mismatch(self) -> None:
        gbp = Money(amount=Decimal(1), currency="GBP")
        summaries = {"a": summary(), "b": summary(total_spend=gbp)}

        with pytest.raises(CurrencyMismatch):
            rfm_scores(summaries)

    def test_values_must_be_summaries(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.summaries\['a'\]"):
            rfm_scores({"a": 3})  # type: ignore[dict-item]

    @given(st.lists(purchase_summaries(), max_size=7), st.integers(1, 9))
    def test_every_score_is_within_the_bins(
        self, items: list[PurchaseSummary], bins: int
    ) -> None:
        summaries = dict(enumerate(items))

        scores = rfm_scores(summaries, bins=bins)

        assert list(scores) == list(summaries)
        for score in scores.values():
            assert {score.recency, score.frequency, score.monetary} <= set(
                range(1, bins + 1)
            )
            assert len(score.code) == 3
            assert RFMScore(**attrs.asdict(score)) == score

    @given(st.lists(purchase_summaries(), max_size=9), st.integers(1, 9))
    def test_scores_are_the_plain_quantiles_of_the_ranks(
        self, items: list[PurchaseSummary], bins: int
    ) -> None:
        summaries = dict(enumerate(items))
        n = len(items)

        scores = rfm_scores(summaries, bins=bins)

        def plain(values: list[Any]) -> list[int]:
            order = sorted(range(n), key=lambda i: (values[i], i))
            ranks = {i: rank for rank, i in enumerate(order)}
            return [(2 * ranks[i] + 1) * bins // (2 * n) + 1 for i in range(n)]

        recency = plain([-s.days_since_last for s in items])
        frequency = plain([s.repeat_count for s in items])
        monetary = plain([s.total_spend.amount for s in items])
        assert [(s.recency, s.frequency, s.monetary) for s in scores.values()] == list(
            zip(recency, frequency, monetary, strict=True)
        )


def log_of(*items: tuple[str, datetime, str]) -> list[tuple[str, Purchase]]:
    return [(who, bought(at, amount)) for who, at, amount in items]


def exact(s: PurchaseSummary | None) -> tuple[Any, ...] | None:
    """Every field, with the Decimals' digits and exponents."""
    if s is None:
        return None
    return (
        s.repeat_count,
        s.active_span_days,
        s.age_days,
        s.days_since_last,
        s.mean_repeat_value.as_tuple(),
        s.total_spend.amount.as_tuple(),
        s.total_spend.currency,
        s.first_purchase_day,
        s.last_purchase_day,
    )


class TestSummariesOfALog:
    def test_each_customer_is_summarized_from_their_own_purchases(self) -> None:
        # ann: 1 Mar (5.00), 5 Mar (8.00 + 2.00), 20 Mar (4.00), April
        # after as_of: frequency 2, recency 19, T 30, monetary (10 + 4) / 2.
        # bob: 10 Mar (3.00): frequency 0, recency 0, T 21, monetary 0.
        log = log_of(
            ("ann", utc(2026, 3, 5, 10), "8.00"),
            ("bob", utc(2026, 3, 10, 9), "3.00"),
            ("ann", utc(2026, 3, 1, 9), "5.00"),
            ("ann", utc(2026, 4, 2, 10), "100.00"),
            ("ann", utc(2026, 3, 5, 17), "2.00"),
            ("ann", utc(2026, 3, 20, 11), "4.00"),
        )

        by = summarize_purchases_by(log, as_of=utc(2026, 3, 31, 12))

        assert list(by) == ["ann", "bob"]
        ann, bob = by["ann"], by["bob"]
        assert (ann.repeat_count, ann.active_span_days, ann.age_days) == (2, 19, 30)
        assert ann.mean_repeat_value == Decimal("7.00")
        assert ann.total_spend == eur("19.00")
        assert (bob.repeat_count, bob.active_span_days, bob.age_days) == (0, 0, 21)
        assert bob.mean_repeat_value == Decimal(0)
        assert bob.total_spend == eur("3.00")

    def test_a_customer_with_nothing_up_to_as_of_is_absent(self) -> None:
        log = log_of(
            ("ann", utc(2026, 3, 1), "5"),
            ("cid", utc(2026, 4, 1), "5"),
        )

        by = summarize_purchases_by(log, as_of=utc(2026, 3, 31))

        assert list(by) == ["ann"]
        assert summarize_purchases_by([], as_of=utc(2026, 3, 31)) == {}

    def test_local_days_near_midnight_in_a_zone(self) -> None:
        # 23:59 on 10 June in New York is 03:59 on 11 June in UTC:
        # frequency 1, recency 9, T 19, monetary 6.00 in New York.
        log = [
            ("ann", bought(datetime(2026, 6, 1, 12, tzinfo=NEW_YORK), "3.00")),
            ("ann", bought(datetime(2026, 6, 10, 23, 59, tzinfo=NEW_YORK), "6.00")),
        ]
        as_of = datetime(2026, 6, 20, 12, tzinfo=NEW_YORK)

        s = summarize_purchases_by(log, as_of=as_of, zone="America/New_York")["ann"]

        assert (s.repeat_count, s.active_span_days, s.age_days) == (1, 9, 19)
        assert s.mean_repeat_value == Decimal("6.00")
        assert s.last_purchase_day == date(2026, 6, 10)

    def test_zero_value_purchases_still_make_purchase_days(self) -> None:
        # frequency 2, recency 4, T 9, monetary (0 + 0) / 2 = 0.
        log = log_of(
            ("ann", utc(2026, 1, 5, 10), "0.00"),
            ("ann", utc(2026, 1, 1, 10), "10.00"),
            ("ann", utc(2026, 1, 3, 10), "0.00"),
        )

        s = summarize_purchases_by(log, as_of=utc(2026, 1, 10))["ann"]

        assert (s.repeat_count, s.active_span_days, s.age_days) == (2, 4, 9)
        assert s.mean_repeat_value == Decimal(0)
        assert s.total_spend == eur("10.00")

    def test_customers_may_use_different_currencies(self) -> None:
        log = [
            ("ann", bought(utc(2026, 1, 1), "5", "EUR")),
            ("bob", bought(utc(2026, 1, 2), "7", "GBP")),
            ("bob", bought(utc(2026, 1, 3), "1", "GBP")),
        ]

        by = summarize_purchases_by(log, as_of=utc(2026, 2, 1))

        assert by["ann"].total_spend == eur("5")
        assert by["bob"].total_spend == Money(amount=Decimal(8), currency="GBP")

    @pytest.mark.parametrize(
        "currencies", [("EUR", "GBP"), ("GBP", "EUR"), ("GBP", "USD")]
    )
    def test_one_customer_in_two_currencies_is_a_mismatch_naming_them(
        self, currencies: tuple[str, str]
    ) -> None:
        first, second = currencies
        log = [
            ("ann", bought(utc(2026, 1, 1), "5", "EUR")),
            ("bob", bought(utc(2026, 1, 1), "5", first)),
            ("bob", bought(utc(2026, 1, 2), "5", second)),
        ]

        with pytest.raises(CurrencyMismatch, match=f"{first} and {second}.*'bob'"):
            summarize_purchases_by(log, as_of=utc(2026, 2, 1))

    @pytest.mark.parametrize(
        "item", [None, ("ann",), ("ann", eur("5")), ([], bought(utc(2026, 1, 1), "5"))]
    )
    def test_items_must_be_pairs_of_a_hashable_key_and_a_purchase(
        self, item: Any
    ) -> None:
        log = [("ann", bought(utc(2026, 1, 1), "5")), item]

        with pytest.raises(InvalidData, match=r"\$\.transactions\[1\]"):
            summarize_purchases_by(log, as_of=utc(2026, 2, 1))

    def test_the_result_does_not_depend_on_the_callers_decimal_context(
        self,
    ) -> None:
        log = log_of(
            ("ann", utc(2026, 1, 1), "1"),
            ("ann", utc(2026, 1, 2), "12345.678"),
            ("ann", utc(2026, 1, 3), "2"),
        )
        as_of = utc(2026, 2, 1)
        expected = exact(summarize_purchases_by(log, as_of=as_of)["ann"])

        with decimal.localcontext(decimal.Context(prec=3, rounding="ROUND_FLOOR")):
            got = summarize_purchases_by(log, as_of=as_of)["ann"]
            single = summarize_purchases([p for _, p in log], as_of=as_of)

        assert exact(got) == expected == exact(single)
        assert got.mean_repeat_value == Decimal("6173.839")

    def test_the_callers_decimal_context_is_left_as_it_was(self) -> None:
        # 1234.5 + 2.25 + 1.125 would round in 3 digits, setting its flags.
        log = log_of(
            ("ann", utc(2026, 1, 1), "1234.5"),
            ("ann", utc(2026, 1, 2), "2.25"),
            ("ann", utc(2026, 1, 2), "1.125"),
        )
        mine = decimal.Context(prec=3, rounding=decimal.ROUND_FLOOR)

        with decimal.localcontext(mine) as ctx:
            summarize_purchases_by(log, as_of=utc(2026, 2, 1))
            with pytest.raises(InvalidData):
                summarize_purchases_by([*log, None], as_of=utc(2026, 2, 1))  # type: ignore[list-item]
            after = decimal.getcontext()

        assert after is ctx
        assert (after.prec, after.rounding) == (3, decimal.ROUND_FLOOR)
        assert not any(after.flags.values())


# Amounts with any exponent and sign, -0 and more than 28 digits included:
# the summaries must match digit for digit.
_amounts = st.builds(
    lambda sign, digits, exponent: Decimal((sign, digits, exponent)),
    st.sampled_from([0, 0, 0, 1]),
    # Up to 28 digits before the point (moments.money.MAX_WHOLE_DIGITS).
    st.lists(st.integers(0, 9), min_size=1, max_size=25).map(tuple),
    st.integers(-6, 3),
)
_logs = st.lists(
    st.tuples(
        st.sampled_from(["ann", "bob", "cid"]),
        purchases(
            at=aware_datetimes().filter(lambda d: 2020 <= d.year <= 2030),
            amount=_amounts.map(lambda a: Money(amount=a, currency="EUR")),
        ),
    ),
    max_size=12,
)


class TestSummariesOfALogProperties:
    @given(
        _logs,
        aware_datetimes(),
        st.sampled_from(["UTC", "America/New_York", "Asia/Kolkata"]),
    )
    def test_each_summary_is_summarize_purchases_of_that_key(
        self, log: list[tuple[str, Purchase]], as_of: datetime, zone: str
    ) -> None:
        by = summarize_purchases_by(log, as_of=as_of, zone=zone)

        keys = dict.fromkeys(key for key, _ in log)
        one_by_one = {
            key: summarize_purchases(
                [p for k, p in log if k == key], as_of=as_of, zone=zone
            )
            for key in keys
        }
        assert {k: exact(s) for k, s in by.items()} == {
            k: exact(s) for k, s in one_by_one.items() if s is not None
        }

    @given(_logs, aware_datetimes())
    def test_summarize_purchases_is_the_log_summary_of_one_key(
        self, log: list[tuple[str, Purchase]], as_of: datetime
    ) -> None:
        bought = [p for _, p in log]

        alone = summarize_purchases(bought, as_of=as_of)

        by = summarize_purchases_by([("k", p) for p in bought], as_of=as_of)
        assert exact(alone) == exact(by.get("k"))

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["ann", "bob", "cid"]),
                aware_datetimes().filter(lambda d: 2020 <= d.year <= 2030),
                _amounts,
            ),
            max_size=12,
        ),
        aware_datetimes(),
        st.sampled_from(["UTC", "America/New_York", "Asia/Kolkata"]),
    )
    def test_fast_built_summaries_equal_the_validated_constructors(
        self, drawn: list[tuple[str, datetime, Decimal]], as_of: datetime, zone: str
    ) -> None:
        # Each customer buys in their own currency: the summaries' Money is
        # built for the first currency of the log and for the others.
        own = {"ann": "EUR", "bob": "GBP", "cid": "JPY"}
        log = [
            (who, Purchase(at=at, amount=Money(amount=amount, currency=own[who])))
            for who, at, amount in drawn
        ]

        by = summarize_purchases_by(log, as_of=as_of, zone=zone)

        for who, s in by.items():
            spend = Money(amount=s.total_spend.amount, currency=s.total_spend.currency)
            fields = {a.name: getattr(s, a.name) for a in attrs.fields(PurchaseSummary)}
            rebuilt = PurchaseSummary(**{**fields, "total_spend": spend})
            assert rebuilt == s
            assert exact(rebuilt) == exact(s)
            assert hash(rebuilt) == hash(s)
            assert s.total_spend.currency == own[who]

    @given(_logs, aware_datetimes())
    def test_summaries_match_the_formulas_digit_for_digit(
        self, log: list[tuple[str, Purchase]], as_of: datetime
    ) -> None:
        # The definition, written plainly: daily totals, their sum from
        # Decimal(0), and the mean of the repeat days in 28 digits.
        ctx = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)
        by = summarize_purchases_by(log, as_of=as_of)

        for key, s in by.items():
            days: dict[date, Decimal] = {}
            for k, p in log:
                at = p.at.astimezone(UTC)
                if k == key and at <= as_of:
                    day = at.date()
                    days[day] = (
                        ctx.add(days[day], p.amount.amount)
                        if day in days
                        else p.amount.amount
                    )
            total = Decimal(0)
            for value in days.values():
                total = ctx.add(total, value)
            first = min(days)
            repeats = len(days) - 1
            mean = (
                ctx.divide(ctx.subtract(total, days[first]), repeats)
                if repeats
                else Decimal(0)
            )
            assert s.total_spend.amount.as_tuple() == total.as_tuple()
            assert s.mean_repeat_value.as_tuple() == mean.as_tuple()
            assert (s.first_purchase_day, s.last_purchase_day) == (first, max(days))
            assert s.repeat_count == repeats

    @given(
        st.lists(
            st.one_of(
                st.tuples(st.sampled_from(["a", "b"]), purchases()),
                st.tuples(
                    st.just("a"),
                    purchases(
                        amount=st.builds(
                            Money, amount=st.just(Decimal(1)), currency=st.just("GBP")
                        )
                    ),
                ),
                st.tuples(st.lists(st.integers(), max_size=1), purchases()),
                st.tuples(st.text(max_size=2)),
                st.integers(),
                st.none(),
                purchases(),
            ),
            max_size=4,
        ),
        st.one_of(aware_datetimes(), st.datetimes(), st.none()),
        st.one_of(st.just("UTC"), st.text(max_size=5), st.none()),
    )
    def test_bad_input_fails_only_with_a_moments_error(
        self, items: list[Any], as_of: Any, zone: Any
    ) -> None:
        with contextlib.suppress(InvalidData, CurrencyMismatch):
            summarize_purchases_by(items, as_of=as_of, zone=zone)


class TestExactSums:
    """Issue 14, defect 4: purchase sums never round and never read the
    caller's decimal context."""

    @staticmethod
    def _log(*amounts: str) -> list[Purchase]:
        start = datetime(2026, 1, 1, 12, tzinfo=UTC)
        return [
            Purchase(
                at=start + timedelta(days=i),
                amount=Money(amount=Decimal(a), currency="EUR"),
            )
            for i, a in enumerate(amounts)
        ]

    def test_a_total_past_28_digits_is_exact(self) -> None:
        log = self._log("1234567890123456789012345678.01", "0.01")
        summary = summarize_purchases(log, as_of=datetime(2026, 2, 1, tzinfo=UTC))
        assert summary.total_spend.amount == Decimal("1234567890123456789012345678.02")

    def test_sums_ignore_the_callers_decimal_context(self) -> None:
        log = self._log("12345.67", "0.01", "100.10")
        as_of = datetime(2026, 2, 1, tzinfo=UTC)
        expected = summarize_purchases(log, as_of=as_of)
        with decimal.localcontext(decimal.Context(prec=3, traps=[])):
            assert summarize_purchases(log, as_of=as_of) == expected
        assert expected.total_spend.amount == Decimal("12445.78")

    def test_a_total_beyond_money_bounds_is_refused_naming_the_bound(self) -> None:
        log = self._log("9" * 28 + ".5", "0.5")
        with pytest.raises(InvalidData, match=r"\$\.total_spend: .*MAX_WHOLE_DIGITS"):
            summarize_purchases(log, as_of=datetime(2026, 2, 1, tzinfo=UTC))

"""Tests for moments.frames: purchase summaries and RFM codes on columns,
equal to the object path (moments.value) for every customer."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moments import Money, Purchase, PurchaseSummary, rfm_scores
from moments import summarize_purchases_by as summarize_objects
from moments.errors import InvalidArgument, InvalidData, NaiveDatetimeError
from moments.frames import FIELDS, rfm_score_frame, summarize_purchase_frame

AS_OF = datetime(2026, 1, 31, 12, tzinfo=UTC)
NEW_YORK = ZoneInfo("America/New_York")
#: Zones with clock changes (over midnight in Sao Paulo's past, half an
#: hour in Lord Howe, forty-five minutes in Chatham), none, or far ahead.
ZONES = (
    "UTC",
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Pacific/Kiritimati",
)


def frame_of(
    log: list[tuple[str, datetime, str]], kind: str = "polars", unit: str = "us"
) -> Any:
    """A log of (customer, aware time, amount string) rows as a frame of
    ``kind``, the times in UTC, the amounts Decimal."""
    table = pl.DataFrame(
        {
            "customer": [who for who, _, _ in log],
            "at": pl.Series(
                [at.astimezone(UTC) for _, at, _ in log],
                dtype=pl.Datetime(unit, "UTC"),  # type: ignore[arg-type]
            ),
            "amount": pl.Series([a for _, _, a in log], dtype=pl.String),
        },
        schema={
            "customer": pl.String,
            "at": pl.Datetime(unit, "UTC"),  # type: ignore[arg-type]
            "amount": pl.String,
        },
    )
    return convert(table, kind)


def convert(table: pl.DataFrame, kind: str) -> Any:
    if kind == "polars":
        return table
    if kind == "lazy":
        return table.lazy()
    if kind == "pandas":
        return table.to_pandas()
    assert kind == "pyarrow"
    return table.to_arrow()


def objects(log: list[tuple[str, datetime, str]]) -> list[tuple[str, Purchase]]:
    return [
        (who, Purchase(at=at, amount=Money(amount=Decimal(a), currency="EUR")))
        for who, at, a in log
    ]


def summaries(table: pl.DataFrame, customer: str = "customer") -> dict[Any, Any]:
    """The frame's rows as the object path's result: key -> summary."""
    found = {}
    for row in table.iter_rows(named=True):
        fields = {name: row[name] for name in FIELDS}
        fields["total_spend"] = Money(amount=fields["total_spend"], currency="EUR")
        found[row[customer]] = PurchaseSummary(**fields)
    return found


def summarize(frame: Any, **kw: Any) -> pl.DataFrame:
    args: dict[str, Any] = {
        "customer": "customer",
        "at": "at",
        "amount": "amount",
        "currency": "EUR",
        "as_of": AS_OF,
    }
    args.update(kw)
    return summarize_purchase_frame(frame, **args)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


# -- the property: the frame path is the object path ------------------------

_amounts = st.builds(
    lambda cents, scale: str(Decimal(cents).scaleb(-scale)),
    st.integers(0, 10**9),
    st.integers(0, 4),
)
_instants = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31)
).map(lambda t: t.replace(tzinfo=UTC))


@st.composite
def logs(draw: st.DrawFn) -> tuple[list[tuple[str, datetime, str]], datetime]:
    """A purchase log with repeat customers, several purchases on one day
    (minutes apart, across local midnights), and an ``as_of`` inside it."""
    customers = draw(st.lists(st.text("abc", min_size=1, max_size=3), min_size=1))
    centre = draw(_instants)
    spread = draw(
        st.sampled_from([timedelta(hours=3), timedelta(days=40), timedelta(days=400)])
    )
    log = []
    for _ in range(draw(st.integers(0, 25))):
        who = draw(st.sampled_from(customers))
        at = centre + draw(st.timedeltas(-spread, spread))
        for _ in range(draw(st.integers(1, 3))):  # same-day neighbours
            log.append((who, at, draw(_amounts)))
            at += draw(st.timedeltas(timedelta(0), timedelta(minutes=90)))
    as_of = centre + draw(st.timedeltas(-spread, 2 * spread))
    return log, as_of


class TestTheFramePathIsTheObjectPath:
    @given(
        logs(),
        st.sampled_from(ZONES),
        st.sampled_from(["polars", "lazy", "pandas", "pyarrow"]),
        st.sampled_from(["us", "ns", "ms"]),
    )
    @settings(max_examples=300)
    def test_every_customer_summary_equals_summarize_purchases_by(
        self,
        drawn: tuple[list[tuple[str, datetime, str]], datetime],
        zone: str,
        kind: str,
        unit: str,
    ) -> None:
        log, as_of = drawn
        if unit != "us":  # the unit's resolution: whole ms, or ns in range
            log = [
                (w, t.replace(microsecond=t.microsecond // 1000 * 1000), a)
                for w, t, a in log
            ]
        expected = summarize_objects(objects(log), as_of=as_of, zone=zone)

        got = summarize(frame_of(log, kind, unit), as_of=as_of, zone=zone)

        assert summaries(got) == expected
        assert list(got["customer"]) == list(expected)

    @given(logs(), st.sampled_from(ZONES), st.sampled_from(["polars", "pyarrow"]))
    def test_a_date_column_is_local_days_bought_at_their_first_instant(
        self,
        drawn: tuple[list[tuple[str, datetime, str]], datetime],
        zone: str,
        kind: str,
    ) -> None:
        log, as_of = drawn
        tz = ZoneInfo(zone)
        days = [(who, at.astimezone(tz).date(), a) for who, at, a in log]
        starts = [(who, datetime.combine(d, time(0), tz), a) for who, d, a in days]
        expected = summarize_objects(objects(starts), as_of=as_of, zone=zone)
        table = pl.DataFrame(
            {
                "customer": [w for w, _, _ in days],
                "at": pl.Series([d for _, d, _ in days], dtype=pl.Date),
                "amount": pl.Series([a for _, _, a in days], dtype=pl.String),
            }
        )

        got = summarize(convert(table, kind), as_of=as_of, zone=zone)

        assert summaries(got) == expected


# -- example tests ------------------------------------------------------------


def one_log(*rows: tuple[str, datetime, str]) -> pl.DataFrame:
    return frame_of(list(rows))


class TestHandWorkedSummaries:
    def test_a_summary_has_the_customer_and_every_summary_field_as_columns(
        self,
    ) -> None:
        got = summarize(one_log(("ann", utc(2026, 1, 1, 10), "5")))

        assert got.columns == ["customer", *FIELDS]
        assert got.schema["repeat_count"] == pl.Int64
        assert isinstance(got.schema["mean_repeat_value"], pl.Decimal)
        assert isinstance(got.schema["total_spend"], pl.Decimal)
        assert got.schema["first_purchase_day"] == pl.Date

    def test_purchases_on_one_local_day_collapse_into_one_day(self) -> None:
        # 23:30 and 00:30 UTC the next day: one evening in New York.
        log = one_log(
            ("ann", utc(2026, 1, 5, 23, 30), "2"),
            ("ann", utc(2026, 1, 6, 0, 30), "3"),
            ("ann", utc(2026, 1, 1, 12), "1"),
        )

        got = summarize(log, zone="America/New_York").row(0, named=True)

        assert got["repeat_count"] == 1
        assert got["mean_repeat_value"] == Decimal(5)
        assert got["last_purchase_day"] == date(2026, 1, 5)

    def test_the_same_purchases_are_two_days_in_utc(self) -> None:
        log = one_log(
            ("ann", utc(2026, 1, 5, 23, 30), "2"),
            ("ann", utc(2026, 1, 6, 0, 30), "3"),
        )

        assert summarize(log)["repeat_count"].to_list() == [1]

    def test_purchases_after_as_of_are_ignored(self) -> None:
        log = one_log(
            ("ann", utc(2026, 1, 1), "5"),
            ("ann", AS_OF + timedelta(microseconds=1), "7"),
            ("bob", AS_OF + timedelta(days=1), "9"),
        )

        got = summarize(log)

        assert got["customer"].to_list() == ["ann"]
        assert got["total_spend"].to_list() == [Decimal(5)]

    def test_a_purchase_exactly_at_as_of_counts(self) -> None:
        got = summarize(one_log(("ann", AS_OF, "5")))

        assert got["days_since_last"].to_list() == [0]

    def test_customers_come_in_the_order_of_their_first_purchase_counted(
        self,
    ) -> None:
        log = one_log(
            ("cy", AS_OF + timedelta(days=1), "1"),
            ("bo", utc(2026, 1, 9), "1"),
            ("al", utc(2026, 1, 3), "1"),
            ("cy", utc(2026, 1, 20), "1"),
            ("bo", utc(2026, 1, 1), "1"),
        )

        assert summarize(log)["customer"].to_list() == ["bo", "al", "cy"]

    def test_the_mean_is_rounded_to_28_significant_digits_as_decimal_does(
        self,
    ) -> None:
        log = one_log(
            ("ann", utc(2026, 1, 1), "1"),
            ("ann", utc(2026, 1, 2), "10.00"),
            ("ann", utc(2026, 1, 3), "0"),
            ("ann", utc(2026, 1, 4), "0"),
        )

        mean = summarize(log)["mean_repeat_value"].item()

        assert mean == Decimal("3.333333333333333333333333333")

    @pytest.mark.parametrize(
        ("odd", "even"),
        [
            ("2469135780246913578024691359", "1234567890123456789012345680"),
            ("2469135780246913578024691357", "1234567890123456789012345678"),
        ],
    )
    def test_a_mean_exactly_half_way_rounds_to_even(self, odd: str, even: str) -> None:
        # 28 digits over 2 repeat days: the 29th significant digit is a 5.
        log = one_log(
            ("ann", utc(2026, 1, 1), "1"),
            ("ann", utc(2026, 1, 2), odd),
            ("ann", utc(2026, 1, 3), "0"),
        )
        expected = summarize_objects(objects(log_rows(log)), as_of=AS_OF)

        mean = summarize(log)["mean_repeat_value"].item()

        assert mean == Decimal(even)
        assert mean == expected["ann"].mean_repeat_value

    def test_a_mean_keeps_only_the_decimals_it_needs(self) -> None:
        log = one_log(
            ("ann", utc(2026, 1, 1), "5.00"),
            ("ann", utc(2026, 1, 4), "3.00"),
            ("ann", utc(2026, 1, 11), "10.00"),
        )

        got = summarize(log)

        assert got["mean_repeat_value"].to_list() == [Decimal("6.50")]
        assert got.schema["mean_repeat_value"] == pl.Decimal(38, 2)

    def test_one_repeat_day_has_its_total_as_the_mean(self) -> None:
        log = one_log(("ann", utc(2026, 1, 1), "5"), ("ann", utc(2026, 1, 4), "2.25"))

        assert summarize(log)["mean_repeat_value"].to_list() == [Decimal("2.25")]

    def test_local_days_after_2037_follow_tzdata_not_polars_own_rules(self) -> None:
        # 04:30 UTC on 1 July 2100 is 00:30 EDT: polars' own zone database
        # has no daylight saving time after 2037 and would say 30 June.
        log = one_log(("ann", utc(2100, 7, 1, 4, 30), "1"))

        got = summarize(log, as_of=utc(2100, 8, 1), zone="America/New_York")

        assert got["first_purchase_day"].to_list() == [date(2100, 7, 1)]

    def test_a_date_column_counts_a_purchase_on_as_of_s_local_day(self) -> None:
        table = pl.DataFrame(
            {
                "customer": ["ann", "bob"],
                "at": [date(2026, 1, 31), date(2026, 2, 1)],
                "amount": ["5", "6"],
            }
        )

        got = summarize(table, as_of=datetime(2026, 1, 31, 0, 1, tzinfo=UTC))

        assert got["customer"].to_list() == ["ann"]
        assert got["days_since_last"].to_list() == [0]

    def test_integer_amounts_are_exact_amounts(self) -> None:
        table = pl.DataFrame(
            {"customer": ["ann", "ann"], "at": [AS_OF, AS_OF], "amount": [3, 4]}
        )

        assert summarize(table)["total_spend"].to_list() == [Decimal(7)]

    def test_an_empty_log_gives_an_empty_table_with_every_column(self) -> None:
        got = summarize(frame_of([]))

        assert got.height == 0
        assert got.columns == ["customer", *FIELDS]

    def test_a_lazy_parquet_scan_reads_only_the_three_columns(
        self, tmp_path: Any
    ) -> None:
        table = frame_of([("ann", utc(2026, 1, 1), "5")]).with_columns(
            pl.col("amount").cast(pl.Decimal(10, 2)), extra=pl.lit("x")
        )
        table.write_parquet(tmp_path / "log.parquet")

        got = summarize(pl.scan_parquet(tmp_path / "log.parquet"))

        assert got["total_spend"].to_list() == [Decimal("5.00")]

    def test_a_pandas_frame_with_a_zone_and_decimal_objects_is_read(self) -> None:
        table = pd.DataFrame(
            {
                "customer": ["ann", "ann"],
                "at": pd.to_datetime(["2026-01-01T10:00Z", "2026-01-05T10:00Z"]),
                "amount": [Decimal("1.25"), Decimal("2.50")],
            }
        )

        got = summarize(table)

        assert got["mean_repeat_value"].to_list() == [Decimal("2.50")]

    def test_a_pyarrow_table_is_read(self) -> None:
        table = pa.table(
            {
                "customer": ["ann"],
                "at": pa.array([utc(2026, 1, 1)], pa.timestamp("ms", "UTC")),
                "amount": pa.array([Decimal("1.25")], pa.decimal128(10, 2)),
            }
        )

        assert summarize(table)["total_spend"].to_list() == [Decimal("1.25")]


def log_rows(table: pl.DataFrame) -> list[tuple[str, datetime, str]]:
    return [(w, t, a) for w, t, a in table.iter_rows()]


class Broken:
    """Says it is an Arrow table, then fails to give its stream."""

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        raise ValueError("a personal value")


# -- refusals -----------------------------------------------------------------


def refused(error: type[Exception], frame: Any, **kw: Any) -> str:
    with pytest.raises(error) as caught:
        summarize(frame, **kw)
    return str(caught.value)


class TestRefusals:
    def test_a_float_amount_column_is_refused_saying_what_to_read_instead(
        self,
    ) -> None:
        table = pl.DataFrame({"customer": ["a"], "at": [AS_OF], "paid": [1.5]})

        text = refused(InvalidData, table, amount="paid")

        assert text == (
            "$.frame['paid']: expected a column of exact amounts (Decimal, integers "
            "or decimal strings), got Float64; floats are inexact and "
            "pl.col('paid').cast(pl.Decimal(12, 2)) keeps their binary error: read "
            "the amounts as decimals or strings from the source instead, e.g. "
            "pl.read_csv(path, schema_overrides={'paid': pl.String}) or a Parquet "
            "decimal column"
        )

    def test_a_null_customer_is_refused_naming_the_column_and_row(self) -> None:
        table = pl.DataFrame(
            {"customer": ["a", None, None], "at": [AS_OF] * 3, "amount": ["1"] * 3}
        )

        text = refused(InvalidData, table)

        assert text == "$.frame['customer'][1]: expected a customer key, got None"

    def test_null_times_and_amounts_are_refused_together(self) -> None:
        table = pl.DataFrame(
            {"customer": ["a", "b", "c"], "at": [AS_OF, None, AS_OF]},
            schema={"customer": pl.String, "at": pl.Datetime("us", "UTC")},
        ).with_columns(amount=pl.Series(["1", "2", None]))

        text = refused(InvalidData, table)

        assert text == (
            "2 problems:\n"
            "  $.frame['at'][1]: expected a timezone-aware time, got None\n"
            "  $.frame['amount'][2]: expected an amount, got None"
        )

    def test_a_negative_amount_is_refused_with_its_value(self) -> None:
        table = pl.DataFrame(
            {
                "customer": ["a", "b", "c"],
                "at": [AS_OF] * 3,
                "amount": pl.Series(["1.00", "-2.50", "-1.00"]).cast(pl.Decimal(10, 2)),
            }
        )

        text = refused(InvalidData, table)

        assert text == (
            "$.frame['amount'][1]: expected an amount >= 0, got Decimal('-2.50')"
        )

    @pytest.mark.parametrize("text", ["1e3", "12,50", "NaN", "", "1.2.3", "- 1"])
    def test_a_string_that_is_not_a_decimal_number_is_refused(self, text: str) -> None:
        table = pl.DataFrame(
            {"customer": ["a", "b"], "at": [AS_OF] * 2, "amount": ["1", text]}
        )

        message = refused(InvalidData, table)

        assert message == (
            "$.frame['amount'][1]: expected a decimal number such as '12.50', "
            f"got {text!r}"
        )

    def test_a_naive_time_column_is_refused_saying_how_to_attach_a_zone(
        self,
    ) -> None:
        table = pl.DataFrame(
            {"customer": ["a"], "at": [datetime(2026, 1, 1)], "amount": ["1"]}
        )

        text = refused(NaiveDatetimeError, table)

        assert text == (
            "$.frame['at']: expected a column of timezone-aware times, got "
            "Datetime(time_unit='us', time_zone=None); attach the zone the times "
            "were written in, e.g. "
            "pl.col('at').dt.replace_time_zone(\"Europe/London\")"
        )

    def test_a_time_column_of_text_is_refused(self) -> None:
        table = pl.DataFrame({"customer": ["a"], "at": ["2026-01-01"], "amount": ["1"]})

        text = refused(InvalidData, table)

        assert text == (
            "$.frame['at']: expected a column of timezone-aware times (Datetime "
            "with a time zone) or of local days (Date), got String"
        )

    def test_a_missing_column_is_refused_listing_the_frame_s_columns(self) -> None:
        text = refused(InvalidData, one_log(), customer="who")

        assert text == (
            "$.customer: expected a column of the frame, got 'who' (the frame has "
            "['customer', 'at', 'amount'])"
        )

    def test_a_customer_column_named_like_a_summary_field_is_refused(self) -> None:
        table = one_log().rename({"customer": "age_days"})

        text = refused(InvalidData, table, customer="age_days")

        assert text.startswith(
            "$.customer: expected a column name other than the summary's columns"
        )
        assert text.endswith("got 'age_days'; rename it")

    def test_one_column_for_two_arguments_is_refused(self) -> None:
        text = refused(InvalidData, one_log(), amount="customer")

        assert (
            text == "$.amount: expected a column other than customer's, got 'customer'"
        )

    @pytest.mark.parametrize("frame", [5, None, "frame", [("a", AS_OF, "1")]])
    def test_what_is_not_a_frame_is_an_invalid_argument(self, frame: Any) -> None:
        text = refused(InvalidArgument, frame)

        assert text.startswith(
            "$.frame: expected a polars DataFrame or LazyFrame, a pandas "
            "DataFrame or a pyarrow Table, got "
        )

    @pytest.mark.parametrize("name", ["customer", "at", "amount"])
    def test_a_column_name_that_is_not_a_string_is_an_invalid_argument(
        self, name: str
    ) -> None:
        text = refused(InvalidArgument, one_log(), **{name: 3})

        assert text == f"$.{name}: expected a column name (a str), got int"

    def test_the_currency_is_checked_as_money_checks_it(self) -> None:
        with pytest.raises(InvalidData) as money:
            Money(amount=Decimal(1), currency="eur")

        text = refused(InvalidData, one_log(), currency="eur")

        assert text == str(money.value)

    def test_as_of_and_zone_are_checked_as_the_object_path_checks_them(
        self,
    ) -> None:
        naive = datetime(2026, 1, 1)
        with pytest.raises(NaiveDatetimeError) as objects_as_of:
            summarize_objects([], as_of=naive)
        with pytest.raises(InvalidData) as objects_zone:
            summarize_objects([], as_of=AS_OF, zone="Mars/Base")

        assert refused(NaiveDatetimeError, one_log(), as_of=naive) == str(
            objects_as_of.value
        )
        assert refused(InvalidData, one_log(), zone="Mars/Base") == str(
            objects_zone.value
        )

    def test_a_total_past_28_significant_digits_is_refused(self) -> None:
        big = "9" * 28
        log = one_log(("a", utc(2026, 1, 1), big), ("a", utc(2026, 1, 2), big))

        text = refused(InvalidData, log)

        assert text == (
            "$.frame['amount']: expected every customer's total within 28 "
            "significant digits (the precision of moments' means), got one of 29 "
            "digits at scale 0"
        )

    def test_means_too_far_apart_for_one_decimal_column_are_refused(self) -> None:
        log = one_log(
            *[("tiny", utc(2026, 1, d), a) for d, a in [(1, "1"), (2, "0.01")]],
            *[("tiny", utc(2026, 1, d), a) for d, a in [(3, "0.01"), (4, "0")]],
            *[("huge", utc(2026, 1, d), "1" + "0" * 15) for d in (1, 2, 3)],
        )

        text = refused(InvalidData, log)

        assert text == (
            "$.frame['amount']: expected means of the repeat days that fit one "
            "Decimal column (38 digits), got means that need 16 digits before "
            "the point and 30 after it; round the amounts or summarize the "
            "customers in groups of similar spend"
        )

    def test_a_time_before_year_1_is_refused_naming_its_row(self) -> None:
        table = pl.DataFrame(
            {
                "customer": ["a", "b"],
                "at": pl.Series([0, -63_000_000_000_000_000], dtype=pl.Int64).cast(
                    pl.Datetime("us", "UTC")
                ),
                "amount": ["1", "2"],
            }
        )

        text = refused(InvalidData, table)

        assert text.startswith(
            "$.frame['at'][1]: expected a time whose date in UTC is within years "
            "1-9999, got '"
        )

    def test_an_amount_past_28_significant_digits_is_refused(self) -> None:
        text = refused(InvalidData, one_log(("a", AS_OF, "1" + "0" * 28)))

        assert text == (
            "$.frame['amount']: expected amounts within 28 significant digits "
            "(the precision of moments' means), got one of 29 digits at scale 0"
        )

    def test_an_amount_with_more_decimals_than_money_takes_is_refused(self) -> None:
        table = one_log(("a", AS_OF, "1.5"), ("b", AS_OF, "0.0000000000001"))

        text = refused(InvalidData, table)

        assert text == (
            "$.frame['amount'][1]: expected an amount with at most 12 digits after "
            "the point (moments.money.MAX_FRACTION_DIGITS), as Money takes it, got "
            "'0.0000000000001'"
        )

    def test_trailing_zeros_past_money_s_decimals_are_no_more_decimals(self) -> None:
        table = one_log(("a", AS_OF, "1.500000000000000000"))

        assert summarize(table)["total_spend"].to_list() == [Decimal("1.5")]

    def test_the_sums_have_the_precision_of_the_object_path(self) -> None:
        from moments import frames, value

        assert value._CONTEXT.prec == frames._PRECISION

    def test_an_amount_string_past_38_digits_is_refused(self) -> None:
        text = refused(InvalidData, one_log(("a", AS_OF, "1" * 30 + "." + "1" * 9)))

        assert text == (
            "$.frame['amount']: expected amounts of at most 38 digits, got 30 "
            "before the point and 9 after it"
        )

    def test_columns_of_nothing_but_nulls_are_refused_row_by_row(self) -> None:
        table = pl.DataFrame({"customer": ["a"], "at": [None], "amount": [None]})

        text = refused(InvalidData, table)

        assert text == (
            "2 problems:\n"
            "  $.frame['at'][0]: expected a timezone-aware time, got None\n"
            "  $.frame['amount'][0]: expected an amount, got None"
        )

    def test_a_time_whose_local_date_is_before_year_1_is_refused(self) -> None:
        log = one_log(("a", datetime(1, 1, 1, 2, tzinfo=UTC), "1"))

        text = refused(InvalidData, log, zone="America/New_York")

        assert text == (
            "$.frame['at'][0]: expected a time whose date in UTC and in "
            "America/New_York is within years 1-9999, got "
            "'0001-01-01 02:00:00.000000+00:00'"
        )

    def test_an_as_of_whose_local_date_is_past_9999_is_refused_as_objects_do(
        self,
    ) -> None:
        late = datetime(9999, 12, 31, 23, tzinfo=UTC)
        with pytest.raises(InvalidData) as objects_error:
            summarize_objects([], as_of=late, zone="Pacific/Kiritimati")

        text = refused(InvalidData, one_log(), as_of=late, zone="Pacific/Kiritimati")

        assert text == str(objects_error.value)

    def test_a_table_polars_cannot_read_is_invalid_data(self) -> None:
        text = refused(InvalidData, Broken())

        assert text == (
            "$.frame: expected a polars DataFrame or LazyFrame, a pandas DataFrame "
            "or a pyarrow Table that polars can read, got a Broken it cannot "
            "(ValueError); convert it with polars.from_pandas or polars.from_arrow "
            "to see why"
        )


# -- RFM scores ---------------------------------------------------------------


class TestRfmScoreFrame:
    @given(logs(), st.sampled_from(ZONES), st.integers(1, 9))
    def test_the_codes_are_rfm_scores_of_the_same_summaries(
        self,
        drawn: tuple[list[tuple[str, datetime, str]], datetime],
        zone: str,
        bins: int,
    ) -> None:
        log, as_of = drawn
        expected = rfm_scores(
            summarize_objects(objects(log), as_of=as_of, zone=zone), bins=bins
        )

        got = rfm_score_frame(
            summarize(frame_of(log), as_of=as_of, zone=zone), bins=bins
        )

        assert dict(zip(got["customer"], got["code"], strict=True)) == {
            k: s.code for k, s in expected.items()
        }
        assert got["customer"].to_list() == list(expected)

    def test_ties_are_ranked_in_row_order(self) -> None:
        table = pl.DataFrame(
            {
                "who": ["a", "b", "c", "d", "e"],
                "days_since_last": [5] * 5,
                "repeat_count": [1] * 5,
                "total_spend": pl.Series(["2"] * 5).cast(pl.Decimal(10, 0)),
            }
        )

        assert rfm_score_frame(table)["code"].to_list() == [
            "111",
            "222",
            "333",
            "444",
            "555",
        ]

    def test_the_other_columns_are_kept_and_the_summary_s_dropped(self) -> None:
        got = rfm_score_frame(summarize(one_log(("ann", AS_OF, "1"))))

        assert got.columns == ["customer", "recency", "frequency", "monetary", "code"]
        assert got.row(0) == ("ann", 3, 3, 3, "333")

    def test_bins_out_of_range_is_refused_as_the_object_path_words_it(self) -> None:
        with pytest.raises(InvalidData) as caught:
            rfm_score_frame(summarize(one_log()), bins=10)

        assert str(caught.value) == "$.bins: expected an integer from 1 to 9, got 10"

    def test_a_frame_without_the_summary_columns_is_refused(self) -> None:
        with pytest.raises(InvalidData) as caught:
            rfm_score_frame(pl.DataFrame({"who": ["a"], "repeat_count": [1]}))

        assert str(caught.value) == (
            "$.summaries: expected the columns ['days_since_last', 'repeat_count', "
            "'total_spend'], got none named ['days_since_last', 'total_spend'] in "
            "['who', 'repeat_count']"
        )

    def test_a_frame_that_already_has_score_columns_is_refused(self) -> None:
        table = summarize(one_log(("ann", AS_OF, "1"))).with_columns(code=pl.lit("1"))

        with pytest.raises(InvalidData) as caught:
            rfm_score_frame(table)

        assert str(caught.value) == (
            "$.summaries: expected no columns named ['recency', 'frequency', "
            "'monetary', 'code'] (the scores'), got ['code']; rename or drop them "
            "first"
        )

    def test_a_null_in_a_scored_column_is_refused_naming_its_row(self) -> None:
        table = pl.DataFrame(
            {
                "who": ["a", "b"],
                "days_since_last": [1, None],
                "repeat_count": [1, 2],
                "total_spend": ["1", "2"],
            }
        )

        with pytest.raises(InvalidData) as caught:
            rfm_score_frame(table)

        assert str(caught.value) == (
            "$.summaries['days_since_last'][1]: expected a value, got None"
        )

    def test_what_is_not_a_frame_is_an_invalid_argument(self) -> None:
        with pytest.raises(InvalidArgument) as caught:
            rfm_score_frame({"a": 1})  # type: ignore[arg-type]

        assert str(caught.value).startswith("$.summaries: expected a polars DataFrame")


# -- the optional extra ---------------------------------------------------------


def python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )


class TestTheExtra:
    def test_import_moments_never_imports_polars(self) -> None:
        run = python(
            "import sys, moments, moments.value, moments.reporting\n"
            "print('polars' in sys.modules, 'pyarrow' in sys.modules)"
        )

        assert run.stdout.split() == ["False", "False"], run.stderr

    def test_without_polars_the_import_error_says_what_to_install(self) -> None:
        run = python(
            "import sys\n"
            "sys.modules['polars'] = None\n"
            "try:\n"
            "    import moments.frames\n"
            "except ImportError as error:\n"
            "    print(error)\n"
        )

        assert run.stdout.strip() == (
            "moments.frames needs polars: pip install 'moments-of-truth[polars]'"
        ), run.stderr

    def test_a_pandas_frame_without_pyarrow_says_what_to_install(self) -> None:
        run = python(
            "import sys\n"
            "sys.modules['pyarrow'] = None\n"
            "import pandas, moments.frames\n"
            "try:\n"
            "    moments.frames.summarize_purchase_frame(pandas.DataFrame(),\n"
            "        customer='c', at='t', amount='a', currency='EUR',\n"
            "        as_of=__import__('datetime').datetime.now().astimezone())\n"
            "except ImportError as error:\n"
            "    print(error)\n"
        )

        assert run.stdout.strip() == (
            "reading a pandas DataFrame needs pyarrow: "
            "pip install 'moments-of-truth[polars]'"
        ), run.stderr

"""Tests for moments.frames: purchase summaries and RFM codes on columns,
equal to the object path (moments.value) for every customer."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from moments import Money, Purchase, PurchaseSummary
from moments import summarize_purchases_by as summarize_objects
from moments.frames import FIELDS, summarize_purchase_frame

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
    spread = draw(st.sampled_from([timedelta(hours=3), timedelta(days=40)]))
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

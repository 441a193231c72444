"""Columnar purchase summaries on polars: the path for millions of rows.

:func:`summarize_purchase_frame` computes, column-wise, the summaries that
:func:`moments.value.summarize_purchases_by` computes one object at a time,
from a polars DataFrame or LazyFrame, a pandas DataFrame or a pyarrow
Table: one row per customer, one column per
:class:`~moments.value.PurchaseSummary` field, equal to the object path
for every customer, exactly (money stays in Decimal columns; no float is
used anywhere). :func:`rfm_score_frame` ranks such a frame into the same
RFM codes as :func:`moments.value.rfm_scores`.

It needs the ``polars`` extra (``pip install 'moments-of-truth[polars]'``,
which brings pyarrow for pandas and Arrow input); ``import moments`` never
imports it.

The rules are those of the object path, restated for columns:

* a day is a local date in ``zone``; the local dates come from the same
  tzdata clock changes that :mod:`moments.calendars` reads (not from the
  time zone database compiled into polars, which stops at 2037 and may be
  another release than the one :mod:`zoneinfo` reads);
* sums are exact (Int128 underneath) and refused past 28 significant
  digits, where the object path's decimal context would start rounding;
* ``mean_repeat_value`` is the repeat days' total divided by their count,
  rounded half to even to 28 significant digits as :mod:`decimal` does,
  computed exactly in integers and stored at the one scale that holds
  every customer's mean.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol, TypeAlias
from zoneinfo import ZoneInfo

import attrs

try:
    import polars as pl
except ImportError as error:  # pragma: no cover - the extra is missing
    raise ImportError(
        "moments.frames needs polars: pip install 'moments-of-truth[polars]'"
    ) from error

from moments._arguments import integer, kind, wrong_type
from moments._time import load_zone, out_of_range, require_aware
from moments._zones import EPOCH as _EPOCH  # naive UTC, as the table is
from moments._zones import changes_of
from moments.errors import InvalidData, NaiveDatetimeError
from moments.money import MAX_FRACTION_DIGITS, Money
from moments.value import PurchaseSummary

__all__ = ["ArrowTabular", "Frame", "rfm_score_frame", "summarize_purchase_frame"]


class ArrowTabular(Protocol):
    """A table that exports itself as an Arrow stream (the Arrow PyCapsule
    interface): a pyarrow Table, a pandas DataFrame (pandas 2.2 and later),
    and the tables of other Arrow-speaking libraries."""

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """The table as an ``ArrowArrayStream`` capsule."""


Frame: TypeAlias = "pl.DataFrame | pl.LazyFrame | ArrowTabular"
"""What the functions of this module read: a polars DataFrame or LazyFrame,
a pandas DataFrame or a pyarrow Table."""

#: The summary's columns: the PurchaseSummary fields, in their order.
FIELDS: tuple[str, ...] = tuple(a.name for a in attrs.fields(PurchaseSummary))
#: The RFM columns :func:`rfm_score_frame` adds.
RFM_COLUMNS: tuple[str, ...] = ("recency", "frequency", "monetary", "code")

_FRAMES = "a polars DataFrame or LazyFrame, a pandas DataFrame or a pyarrow Table"
_PRECISION = 28  # significant digits of value.py's decimal context (tests pin it)
_MAX_DIGITS = 38  # polars' Decimal is 128 bits: at most 38 digits
_EPOCH_DAY = date(1970, 1, 1).toordinal()
_FIRST_DAY = date.min.toordinal() - _EPOCH_DAY  # days since 1970-01-01
_LAST_DAY = date.max.toordinal() - _EPOCH_DAY
_US = timedelta(microseconds=1)
#: Ticks of each polars time unit per microsecond, as (multiply, divide).
_PER_US = {"ns": (1000, 1), "us": (1, 1), "ms": (1, 1000)}
_INT64 = (-(2**63), 2**63 - 1)
_I128 = pl.Int128
_POWERS = pl.Series("powers", [10**i for i in range(_MAX_DIGITS + 1)], dtype=_I128)
_FRACTION = (
    f"an amount with at most {MAX_FRACTION_DIGITS} digits after the point "
    "(moments.money.MAX_FRACTION_DIGITS), as Money takes it"
)
_TEXT_AMOUNT = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$"


def summarize_purchase_frame(
    frame: Frame,
    *,
    customer: str,
    at: str,
    amount: str,
    currency: str,
    as_of: datetime,
    zone: str = "UTC",
) -> pl.DataFrame:
    """Summarize a transaction log held in columns: a row per customer.

    The frame holds one purchase a row: who bought (column ``customer``,
    any type), when (``at``: timezone-aware times, or local dates in
    ``zone``) and how much (``amount``, in ``currency``). The result has
    one row per customer with a purchase up to ``as_of``, in the order of
    their first such purchase (the order of
    :func:`~moments.value.summarize_purchases_by`): the ``customer`` column
    and one column per :class:`~moments.value.PurchaseSummary` field,
    named as the field, with the values the object path gives:

    * ``repeat_count``, ``active_span_days``, ``age_days`` and
      ``days_since_last``: Int64;
    * ``mean_repeat_value`` and ``total_spend`` (the amount of the
      ``Money``, in ``currency``): Decimal, exact;
    * ``first_purchase_day`` and ``last_purchase_day``: Date.

    Purchases on the same local day in ``zone`` collapse into one day;
    purchases after the instant ``as_of`` are ignored. A ``Date`` column
    says only the local day, so a purchase on ``as_of``'s local day counts
    (as if bought at the day's first instant).

    Example:
        >>> from datetime import UTC, datetime
        >>> import polars as pl
        >>> log = pl.DataFrame({
        ...     "who": ["ann", "bob", "ann", "ann"],
        ...     "at": [datetime(2026, 1, d, 10, tzinfo=UTC) for d in (1, 3, 4, 11)],
        ...     "paid": ["5", "9", "3", "8"],
        ... })
        >>> end = datetime(2026, 1, 31, tzinfo=UTC)
        >>> table = summarize_purchase_frame(log, customer="who", at="at",
        ...     amount="paid", currency="EUR", as_of=end)
        >>> table.select("who", "repeat_count", "age_days",
        ...              "mean_repeat_value").rows()
        [('ann', 2, 30, Decimal('5.5')), ('bob', 0, 28, Decimal('0.0'))]

    Args:
        frame: the purchases: a polars DataFrame or LazyFrame, a pandas
            DataFrame or a pyarrow Table.
        customer: the name of the column of customer keys.
        at: the name of the column of purchase times: a ``Datetime`` with
            a time zone (any zone, any unit), or a ``Date`` of local days
            in ``zone``.
        amount: the name of the column of amounts: ``Decimal``, integers,
            or strings of decimal numbers (``"12.50"``), parsed exactly.
        currency: the ISO 4217 code of every amount (``"EUR"``).
        as_of: the end of the observation period (aware).
        zone: the IANA zone whose local dates define a day.

    Returns:
        One row per customer, as described above.

    Raises:
        InvalidArgument: ``frame`` is not one of the frames above, or a
            column name is not a string.
        InvalidData: a column is missing, or named like a summary field;
            a float amount column (floats are inexact: the message says
            what to read instead); a null customer, time or amount, a
            negative amount, or an amount string that is not a decimal
            number (each naming the column and the first such row); a
            total past 28 significant digits; a wrong currency code or
            zone; a time whose date is outside years 1-9999.
        NaiveDatetimeError: ``as_of``, or the ``at`` column, has no time
            zone.
    """
    data = _polars("frame", frame)
    for name, value in (("customer", customer), ("at", at), ("amount", amount)):
        if type(value) is not str:
            raise wrong_type(name, "a column name (a str)", value)
    Money.zero(currency)  # refuses what Money refuses, with its message
    end, tz, today = _observation(as_of, zone)
    schema = data.collect_schema()
    _check_columns(schema.names(), customer=customer, at=at, amount=amount)
    when = _Times(at, schema[at], end, today, tz)
    money = _Amounts(amount, schema[amount])
    # Read the three columns once: a LazyFrame's source is scanned once.
    table = data.select(customer, at, amount).collect()
    money.parse(table)
    problems = _first_problems(table, customer, when, money)
    if problems:
        raise InvalidData(problems)
    return _summaries(table, customer, when, money, today)


def rfm_score_frame(summaries: Frame, *, bins: int = 5) -> pl.DataFrame:
    """Score each row of a summary frame against the others: RFM codes.

    The frame in is what :func:`summarize_purchase_frame` returns (any of
    the frames it reads will do); the frame out keeps its other columns
    (the customer) and adds ``recency``, ``frequency``, ``monetary`` and
    their ``code`` (``"545"``), row for row the codes that
    :func:`moments.value.rfm_scores` gives for the same summaries in the
    same order: recency from ``days_since_last`` (inverted), frequency from
    ``repeat_count``, monetary from ``total_spend``; position ``i`` of
    ``n`` by value scores ``floor((2i + 1) * bins / (2n)) + 1``, equal
    values ranked in row order.

    Example:
        >>> import polars as pl
        >>> from decimal import Decimal
        >>> table = pl.DataFrame({"who": ["ann", "bob"], "days_since_last": [3, 9],
        ...     "repeat_count": [2, 0],
        ...     "total_spend": pl.Series([Decimal("16"), Decimal("9")])})
        >>> rfm_score_frame(table).select("who", "code").rows()
        [('ann', '444'), ('bob', '222')]

    Args:
        summaries: one row per customer, with at least the columns
            ``days_since_last``, ``repeat_count`` and ``total_spend``.
        bins: the number of score levels, 1 to 9.

    Raises:
        InvalidArgument: ``summaries`` is not a frame, or ``bins`` not an
            integer.
        InvalidData: ``bins`` out of range, a missing column, a null, or
            a ``total_spend`` column of floats.
    """
    data = _polars("summaries", summaries)
    integer("bins", bins, 1, 9)
    schema = data.collect_schema()
    needed = ("days_since_last", "repeat_count", "total_spend")
    missing = [c for c in needed if c not in schema]
    if missing:
        raise InvalidData(
            f"$.summaries: expected the columns {list(needed)}, got none named "
            f"{missing} in {schema.names()}"
        )
    taken = [c for c in RFM_COLUMNS if c in schema]
    if taken:
        raise InvalidData(
            f"$.summaries: expected no columns named {list(RFM_COLUMNS)} (the "
            f"scores'), got {taken}; rename or drop them first"
        )
    spend = _Amounts("total_spend", schema["total_spend"], "summaries")
    keys = [c for c in schema.names() if c not in FIELDS]
    table = data.select(*keys, *needed).collect()
    spend.parse(table)
    spend.widen(table.select(spend.unscaled.abs().max()).item(), table.height)
    lines = [
        _row_error(table, "summaries", c, "a value", pl.col(c).is_null())
        for c in needed
    ]
    problems = [line for line in lines if line is not None]
    if problems:
        raise InvalidData(problems)
    n = table.height

    def score(value: pl.Expr) -> pl.Expr:
        rank = value.rank("ordinal").cast(pl.Int64)  # ties in row order
        return ((2 * rank - 1) * bins // (2 * n) + 1).cast(pl.Int8)

    scored = table.select(
        *keys,
        recency=score(-pl.col("days_since_last").cast(pl.Int64)),
        frequency=score(pl.col("repeat_count")),
        monetary=score(spend.unscaled),
    )
    return scored.with_columns(
        code=pl.concat_str(pl.col("recency", "frequency", "monetary").cast(pl.String))
    )


# -- reading the input ---------------------------------------------------


def _polars(name: str, frame: Any) -> pl.LazyFrame:
    """``frame`` as a polars LazyFrame (pandas and Arrow tables converted).

    Raises:
        InvalidArgument: not a frame of a kind this module reads.
        ImportError: a pandas or Arrow table without pyarrow installed.
    """
    if isinstance(frame, pl.LazyFrame):
        return frame
    if isinstance(frame, pl.DataFrame):
        return frame.lazy()
    cls = type(frame)
    if cls.__module__.partition(".")[0] == "pandas" and cls.__name__ == "DataFrame":
        try:  # polars reads pandas through pyarrow
            importlib.import_module("pyarrow")
        except ImportError as error:
            raise ImportError(
                "reading a pandas DataFrame needs pyarrow: "
                "pip install 'moments-of-truth[polars]'"
            ) from error
        reader: Callable[[Any], pl.DataFrame] = pl.from_pandas
    elif hasattr(cls, "__arrow_c_stream__"):
        reader = pl.DataFrame
    else:
        raise wrong_type(name, _FRAMES, frame)
    try:
        return reader(frame).lazy()
    except Exception as error:  # polars says why (with the values: not here)
        raise InvalidData(
            f"$.{name}: expected {_FRAMES} that polars can read, got a "
            f"{kind(frame)} it cannot ({type(error).__name__}); convert it "
            "with polars.from_pandas or polars.from_arrow to see why"
        ) from None


def _check_columns(names: list[str], **columns: str) -> None:
    problems = []
    seen: dict[str, str] = {}
    for argument, column in columns.items():
        if column not in names:
            problems.append(
                f"$.{argument}: expected a column of the frame, got {column!r} "
                f"(the frame has {names})"
            )
        elif column in seen:
            problems.append(
                f"$.{argument}: expected a column other than {seen[column]}'s, "
                f"got {column!r}"
            )
        seen.setdefault(column, argument)
    if columns["customer"] in FIELDS:
        problems.append(
            f"$.customer: expected a column name other than the summary's "
            f"columns {list(FIELDS)}, got {columns['customer']!r}; rename it"
        )
    if problems:
        raise InvalidData(problems)


def _observation(as_of: datetime, zone: str) -> tuple[datetime, ZoneInfo | None, int]:
    """``as_of`` in UTC, the zone of the local days (``None`` for UTC) and
    ``as_of``'s local day (days since 1970-01-01), checked as the object
    path checks them."""
    tz = None if zone == "UTC" else load_zone(zone)
    try:
        end = require_aware("as_of", as_of).astimezone(UTC)
        local = end if tz is None else end.astimezone(tz)
    except OverflowError:
        raise out_of_range("as_of", as_of, zone) from None
    return end, tz, local.toordinal() - _EPOCH_DAY


def _cell(column: str, row: int, where: str = "frame") -> str:
    """The path of one cell in an error: ``frame['amount'][3]``."""
    return f"{where}[{column!r}][{row}]"


def _row_error(
    table: pl.DataFrame,
    where: str,
    column: str,
    expected: str,
    bad: pl.Expr,
    show: pl.Expr | None = None,
) -> str | None:
    """The error line for the first row where ``bad`` holds, if any: the
    cell, what was expected and what arrived (``show`` of it, else its
    value)."""
    row = table.select(bad.arg_true().first()).item()
    if row is None:
        return None
    got = table.select((pl.col(column) if show is None else show).gather(row)).item()
    return InvalidData.field(_cell(column, row, where), expected, got).errors[0]


class _Amounts:
    """How to read an amount column exactly, as integers in units of its
    scale (``unscaled``): Decimal as it is, integers as they are, strings
    parsed at the scale that holds every one of them; floats refused."""

    def __init__(self, column: str, dtype: pl.DataType, where: str = "frame") -> None:
        self.column = column
        self.where = where
        self.text = dtype == pl.String
        col = pl.col(column)
        self.scale = 0
        if isinstance(dtype, pl.Decimal):
            self.scale = dtype.scale
            self.unscaled = col.to_physical()
        elif dtype.is_integer() or dtype == pl.Null:  # nulls are found later
            self.unscaled = col.cast(_I128)
        elif self.text:
            self.unscaled = col  # until parse() knows the scale
        else:
            cast = f"pl.col({column!r}).cast(pl.Decimal(12, 2))"
            fix = (
                "read the amounts as decimals or strings from the source instead, "
                f"e.g. pl.read_csv(path, schema_overrides={{{column!r}: pl.String}}) "
                "or a Parquet decimal column"
            )
            if dtype.is_float():
                fix = f"floats are inexact and {cast} keeps their binary error: {fix}"
            raise InvalidData(
                f"$.{where}[{column!r}]: expected a column of exact amounts "
                f"(Decimal, integers or decimal strings), got {dtype}; {fix}"
            )

    def parse(self, table: pl.DataFrame) -> None:
        """For a string column: refuse a string that is not a decimal number
        (naming its row), and find the scale that holds every amount."""
        if not self.text:
            return
        col = pl.col(self.column)
        problem = _row_error(
            table,
            self.where,
            self.column,
            "a decimal number such as '12.50'",
            col.is_not_null() & ~col.str.contains(_TEXT_AMOUNT),
        )
        if problem is not None:
            raise InvalidData(problem)
        parts = col.str.strip_chars_start("+-").str.split_exact(".", 1)
        digits = table.select(
            whole=parts.struct.field("field_0")
            .str.strip_chars_start("0")
            .str.len_chars()
            .max(),
            fraction=parts.struct.field("field_1").str.len_chars().max(),
        ).row(0)
        whole_digits, scale = (d or 0 for d in digits)
        if whole_digits + scale > _MAX_DIGITS:
            raise InvalidData(
                f"$.{self.where}[{self.column!r}]: expected amounts of at most "
                f"{_MAX_DIGITS} digits, got {whole_digits} before the point and "
                f"{scale} after it"
            )
        self.scale = scale
        self.unscaled = col.cast(pl.Decimal(_MAX_DIGITS, scale)).to_physical()

    def widen(self, largest: int | None, height: int) -> None:
        """Refuse an amount past 28 significant digits; sum in Int64 where
        no total of ``height`` amounts up to ``largest`` can overflow it."""
        if largest is not None and largest >= 10**_PRECISION:
            raise InvalidData(
                f"$.{self.where}[{self.column!r}]: expected amounts within "
                f"{_PRECISION} significant digits (the precision of moments' means), "
                f"got one of {len(str(largest))} digits at scale {self.scale}"
            )
        wide = largest is not None and largest * max(height, 1) >= 2**63
        self.unscaled = self.unscaled.cast(_I128 if wide else pl.Int64)

    def decimal(self, unscaled: pl.Expr, scale: int) -> pl.Expr:
        """Integers in units of ``10 ** -scale`` as a Decimal column."""
        unit = pl.lit(Decimal(1).scaleb(-scale), dtype=pl.Decimal(_MAX_DIGITS, scale))
        return unscaled.cast(_I128).cast(pl.Decimal(_MAX_DIGITS, 0)) * unit


class _Times:
    """How to read a time column: the instants (ticks of its unit since
    1970 in UTC, or days for a Date column), which of them count (up to
    ``as_of``) and their local days (days since 1970-01-01 in ``zone``)."""

    def __init__(
        self,
        column: str,
        dtype: pl.DataType,
        end: datetime,
        today: int,
        tz: ZoneInfo | None,
    ) -> None:
        self.column = column
        self.tz = tz
        col = pl.col(column)
        if dtype == pl.Date:
            self.dates = True
            self.instant = col.cast(pl.Int32).cast(pl.Int64)
            self.counted = self.instant <= today
            self.first = _FIRST_DAY
            self.ticks = (1, 1)
            return
        if dtype == pl.Null:  # every time is missing: found later
            dtype = pl.Datetime("us", "UTC")
            col = col.cast(dtype)
        if not isinstance(dtype, pl.Datetime):
            raise InvalidData(
                f"$.frame[{column!r}]: expected a column of timezone-aware times "
                f"(Datetime with a time zone) or of local days (Date), got {dtype}"
            )
        if dtype.time_zone is None:
            raise NaiveDatetimeError(
                f"$.frame[{column!r}]: expected a column of timezone-aware times, "
                f"got {dtype}; attach the zone the times were written in, e.g. "
                f'pl.col({column!r}).dt.replace_time_zone("Europe/London")'
            )
        self.dates = False
        self.ticks = _PER_US[dtype.time_unit]
        self.instant = col.to_physical()
        last = min(max(self.tick(end), _INT64[0]), _INT64[1])
        self.counted = self.instant <= last
        self.first = self.tick(datetime.min.replace(tzinfo=UTC))

    def tick(self, instant: datetime) -> int:
        """``instant`` (aware) in ticks of the column's unit, rounded down."""
        mul, div = self.ticks
        return (instant - _EPOCH_UTC) // _US * mul // div

    def day(self, table: pl.DataFrame) -> pl.Expr:
        """The local day of each time, from the clock changes between the
        earliest and the latest one counted.

        Raises:
            InvalidData: the earliest time's wall clock in ``zone`` is out
                of Python's range.
        """
        if self.dates:
            return self.instant
        mul, div = self.ticks
        per_day = 86_400_000_000 * mul // div
        if self.tz is None:
            return self.instant // per_day
        times = self.instant.filter(self.counted)
        low, high, low_row = table.select(
            low=times.min(),
            high=times.max(),
            row=pl.when(self.counted).then(self.instant).arg_min(),
        ).row(0)
        if low is None:
            return self.instant // per_day
        changes = changes_of(self.tz)
        start = _EPOCH + timedelta(microseconds=low * div // mul)
        try:
            offsets = [changes.offset(start)]
        except OverflowError:
            shown = table[self.column].cast(pl.String)[low_row]
            cell = _cell(self.column, low_row)
            raise out_of_range(cell, shown, self.tz.key) from None
        starts = []
        for instant, offset in changes.after(start):
            at = -((_EPOCH - instant) // _US * mul // div)  # rounded up
            if at > high:
                break
            starts.append(at)
            offsets.append(offset)
        if not starts:
            return (self.instant + offsets[0] // _US * mul // div) // per_day
        shift = pl.Series([o // _US * mul // div for o in offsets], dtype=pl.Int64)
        where = pl.lit(pl.Series(starts, dtype=pl.Int64)).search_sorted(
            self.instant, side="right"
        )
        return (self.instant + pl.lit(shift).gather(where)) // per_day


_EPOCH_UTC = _EPOCH.replace(tzinfo=UTC)


def _first_problems(
    table: pl.DataFrame, customer: str, when: _Times, money: _Amounts
) -> list[str]:
    """The first bad row of each kind, as error lines: a null customer,
    time or amount, a negative amount, a time before year 1. (One query,
    which also sizes the sums.)"""
    at, amount = when.column, money.column
    early = (
        "a day within years 1-9999"
        if when.dates
        else "a time whose date in UTC is within years 1-9999"
    )
    checks = {
        (customer, "a customer key"): pl.col(customer).is_null(),
        (at, "a local day" if when.dates else "a timezone-aware time"): (
            pl.col(at).is_null()
        ),
        (amount, "an amount"): pl.col(amount).is_null(),
        (amount, "an amount >= 0"): money.unscaled < 0,
        (amount, _FRACTION): money.unscaled
        % 10 ** max(money.scale - MAX_FRACTION_DIGITS, 0)
        != 0,
        (at, early): when.counted & (when.instant < when.first),
    }
    *firsts, largest = table.select(
        *(
            mask.arg_true().first().alias(str(i))
            for i, mask in enumerate(checks.values())
        ),
        _largest=money.unscaled.abs().max(),
    ).row(0)
    problems = []
    for (column, expected), row in zip(checks, firsts, strict=True):
        if row is None:
            continue
        if column == at and row is not None and expected == early:
            got: object = table[at].cast(pl.String)[row]
        elif expected in ("an amount >= 0", _FRACTION):
            got = table[amount][row]
        else:
            got = None
        problems.append(InvalidData.field(_cell(column, row), expected, got).errors[0])
    if not problems:
        money.widen(largest, table.height)
    return problems


def _summaries(
    table: pl.DataFrame, customer: str, when: _Times, money: _Amounts, today: int
) -> pl.DataFrame:
    """One row per customer: the purchase days' totals, then the summary,
    in one query plan (what is checked after it comes along as columns)."""
    day = when.day(table)
    days = (
        table.lazy()
        .with_row_index("_row")
        .filter(when.counted)
        .select("_row", customer, _day=day, _amount=money.unscaled)
        .group_by(customer, "_day")
        .agg(pl.col("_row").min(), pl.col("_amount").sum())
    )
    people = (
        days.group_by(customer)
        .agg(
            pl.col("_row").min(),
            _first=pl.col("_day").min(),
            _last=pl.col("_day").max(),
            _days=pl.len(),
            _total=pl.col("_amount").sum(),
            _opening=pl.col("_amount").get(pl.col("_day").arg_min()),
        )
        .sort("_row")
        .collect()
    )
    scale = money.scale
    divided, most, whole = _divided_means(people, scale)
    repeat = (pl.col("_total") - pl.col("_opening")).cast(_I128)
    ones = pl.col("_days") == 2  # one repeat day: its total is the mean
    low, high, largest, ones_digits = people.select(
        pl.col("_first").min(),
        pl.col("_last").max(),
        pl.col("_total").max(),
        _digits(repeat.filter(ones)).max(),
    ).row(0)
    if low is not None and (low < _FIRST_DAY or high > _LAST_DAY):
        _refuse_day(table, when, day)  # pragma: no cover - see there
    if largest is not None and largest >= 10**_PRECISION:
        raise InvalidData(
            f"$.frame[{money.column!r}]: expected every customer's total within "
            f"{_PRECISION} significant digits (the precision of moments' means), "
            f"got one of {len(str(largest))} digits at scale {scale}"
        )
    whole = max(whole, (ones_digits or 0) - scale)
    if most + whole > _MAX_DIGITS:
        raise InvalidData(
            f"$.frame[{money.column!r}]: expected means of the repeat days that "
            f"fit one Decimal column ({_MAX_DIGITS} digits), got means that need "
            f"{whole} digits before the point and {most} after it; round the "
            "amounts or summarize the customers in groups of similar spend"
        )
    mean = (
        pl.when(ones)
        .then(repeat * pl.lit(10 ** (most - scale), _I128))
        .otherwise(pl.lit(0, _I128))
    )
    columns = {
        "repeat_count": (pl.col("_days") - 1).cast(pl.Int64),
        "active_span_days": pl.col("_last") - pl.col("_first"),
        "age_days": today - pl.col("_first"),
        "days_since_last": today - pl.col("_last"),
        "mean_repeat_value": mean,
        "total_spend": pl.col("_total"),
        "first_purchase_day": pl.col("_first").cast(pl.Int32).cast(pl.Date),
        "last_purchase_day": pl.col("_last").cast(pl.Int32).cast(pl.Date),
    }
    found = people.select(customer, *(columns[name].alias(name) for name in FIELDS))
    if divided.height:  # the divided means in their rows
        found = (
            found.with_row_index("_at")
            .join(
                divided.select("_at", "_mean"),
                on="_at",
                how="left",
                maintain_order="left",
            )
            .with_columns(mean_repeat_value=pl.coalesce("_mean", "mean_repeat_value"))
        )
    return found.select(
        customer,
        *(_decimal_field(money, name, most) for name in FIELDS),
    )


def _decimal_field(money: _Amounts, name: str, most: int) -> pl.Expr:
    """Column ``name`` of the summary, its money as Decimal."""
    if name == "mean_repeat_value":
        return money.decimal(pl.col(name), most).alias(name)
    if name == "total_spend":
        return money.decimal(pl.col(name), money.scale).alias(name)
    return pl.col(name)


def _refuse_day(  # pragma: no cover - a safety net (see the docstring)
    table: pl.DataFrame, when: _Times, day: pl.Expr
) -> None:
    """Refuse a local day outside Python's dates (years 1-9999), naming the
    first row counted that has one. (A safety net: times before year 1 are
    refused before, by the same rule as the object path's, and a local
    day past 9999 would need a clock set back over midnight at the very
    end of year 9999.)"""
    outside = (day < _FIRST_DAY) | (day > _LAST_DAY)
    row = table.select((when.counted & outside).arg_true().first()).item()
    cell = _cell(when.column, row)
    shown = table[when.column].cast(pl.String)[row]
    zone = "UTC" if when.tz is None else when.tz.key
    raise out_of_range(cell, shown, zone)


def _power(exponent: pl.Expr) -> pl.Expr:
    """10 ** ``exponent`` (0 to 38), exact, as Int128."""
    return pl.lit(_POWERS).gather(exponent.clip(0, _MAX_DIGITS))


def _digits(value: pl.Expr) -> pl.Expr:
    """The decimal digits of a positive Int128: how many powers of ten
    are at most it."""
    return pl.lit(_POWERS).search_sorted(value, side="right").cast(pl.Int64)


def _divided_means(people: pl.DataFrame, scale: int) -> tuple[pl.DataFrame, int, int]:
    """The means of the customers with two repeat days or more (the rest
    need no division): their rows (``_at``) and means (``_mean``) in units
    of ``10 ** -most``, where ``most`` is the finest scale any of them
    needs; and the most digits any has before the point.

    The mean is the repeat days' total over their count, rounded half to
    even to 28 significant digits as Decimal division in moments' context
    gives it, in integers throughout: with ``q`` the repeat total in units
    of the amounts' scale and ``n`` the repeat days, the quotient's first
    digit is at ``10 ** e``, so its 28 digits are
    ``m = round(q * 10 ** (27 - e) / n)``, in units of
    ``10 ** -(scale + 27 - e)``; ``m``'s trailing zeros are dropped (a mean
    of 6.5 needs one decimal, not 27).
    """
    n = pl.col("_n")
    steps = (
        people.lazy()
        .with_row_index("_at")
        .select(
            "_at",
            _q=(pl.col("_total") - pl.col("_opening")).cast(_I128),
            _n=(pl.col("_days") - 1).cast(_I128),
        )
        .filter((pl.col("_n") > 1) & (pl.col("_q") > 0))
    )
    # e = floor(log10(q / n)) is the digits of q * 10 ** 7 // n, less 8
    # (n, a count of days, is below 10 ** 7), so 27 - e digits are kept.
    steps = steps.with_columns(
        _kept=_PRECISION + 7 - _digits(pl.col("_q") * pl.lit(10**7, _I128) // n)
    )
    steps = steps.with_columns(_num=pl.col("_q") * _power(pl.col("_kept")))
    steps = steps.with_columns(_low=pl.col("_num") // n)
    twice, low = 2 * (pl.col("_num") - pl.col("_low") * n), pl.col("_low")
    half_up = (twice > n) | ((twice == n) & (low % 2 == 1))
    steps = steps.with_columns(_m=low + half_up.cast(_I128))
    need = (pl.col("_kept") - _trailing_zeros(pl.col("_m"))).max()
    whole = (_digits(pl.col("_m")) - pl.col("_kept")).max()
    steps = steps.with_columns(
        _most=scale + need.clip(0), _whole=(whole - scale).clip(0)
    )
    shift = pl.col("_most") - scale - pl.col("_kept")
    found = steps.select(
        "_at",
        "_most",
        "_whole",
        _mean=pl.when(shift >= 0)
        .then(pl.col("_m") * _power(shift))
        .otherwise(pl.col("_m") // _power(-shift)),
    ).collect()
    if found.height == 0:
        return found, scale, 0
    most, whole = found.select("_most", "_whole").row(0)
    return found, most, whole


def _trailing_zeros(value: pl.Expr) -> pl.Expr:
    """How many zeros a positive Int128 ends with (in its decimal text:
    one pass, cheaper than any arithmetic search)."""
    text = value.cast(pl.String)
    return (text.str.len_chars() - text.str.strip_chars_end("0").str.len_chars()).cast(
        pl.Int64
    )

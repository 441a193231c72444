"""Client value: purchase summaries and RFM scores.

:func:`summarize_purchases` condenses one person's purchases into the four
numbers of the buy-till-you-die models (frequency, recency, T and monetary
value) under explicit names; :func:`summarize_purchases_by` does the same
for a whole transaction log of ``(customer, purchase)`` pairs in one pass;
:func:`rfm_scores` ranks many summaries into the usual
recency/frequency/monetary quintile codes.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Hashable, Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, localcontext
from itertools import repeat
from typing import Any, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

import attrs

from moments import _validate as v
from moments._arguments import iterate, mapping, wrong_item
from moments._time import load_zone, out_of_range, require_aware
from moments._trusted import builder
from moments.errors import CurrencyMismatch, InvalidData
from moments.money import EXACT_PRECISION, MAX_WHOLE_DIGITS, Money
from moments.parties import Purchase

__all__ = [
    "PurchaseSummary",
    "RFMScore",
    "rfm_scores",
    "summarize_purchases",
    "summarize_purchases_by",
]

K = TypeVar("K", bound=Hashable)

_UTC_ZONE = ZoneInfo("UTC")
_LAST_DAY = date.max.toordinal()
_NO_KEY: Any = object()


def check_summary(instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator of a summary's last field: its days add up."""
    if type(value) is not date:
        raise InvalidData.field(attribute.name, "a date", value)
    span = (instance.last_purchase_day - instance.first_purchase_day).days
    if span != instance.active_span_days:
        raise InvalidData.field(
            "active_span_days",
            f"last - first purchase day ({span})",
            instance.active_span_days,
        )
    if instance.active_span_days + instance.days_since_last != instance.age_days:
        raise InvalidData.field(
            "age_days", "active_span_days + days_since_last", instance.age_days
        )
    if instance.repeat_count > instance.active_span_days:
        raise InvalidData.field(
            "repeat_count", "at most active_span_days", instance.repeat_count
        )
    room = _LAST_DAY - value.toordinal()
    if instance.days_since_last > room:
        raise InvalidData.field(
            "days_since_last",
            f"at most {room} (as_of's day is at most {date.max})",
            instance.days_since_last,
        )
    if not instance.repeat_count and instance.mean_repeat_value:
        raise InvalidData.field(
            "mean_repeat_value", "0 with no repeats", instance.mean_repeat_value
        )


def check_mean(instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: the mean is a finite Decimal."""
    if type(value) is not Decimal or not value.is_finite():
        raise InvalidData.field("mean_repeat_value", "a finite Decimal", value)


def observation(as_of: datetime, zone: str) -> tuple[datetime, ZoneInfo | None, int]:
    """``as_of`` in UTC; the zone of the local days (``None`` for UTC: a
    UTC stamp's own date is its day); and ``as_of``'s local day ordinal.

    Raises:
        InvalidData: an unknown zone, or ``as_of`` (or its local day) out
            of Python's date range.
        NaiveDatetimeError: ``as_of`` has no time zone.
    """
    tz = _UTC_ZONE if zone == "UTC" else load_zone(zone)
    end = as_of
    try:
        if type(end) is not datetime or end.tzinfo is not UTC:
            end = require_aware("as_of", as_of).astimezone(UTC)
        today = end.toordinal() if tz is _UTC_ZONE else end.astimezone(tz).toordinal()
    except OverflowError:
        raise out_of_range("as_of", as_of, zone) from None
    return end, None if tz is _UTC_ZONE else tz, today


def mismatch(currency: str, money: Money, key: object = _NO_KEY) -> CurrencyMismatch:
    whose = "" if key is _NO_KEY else f" of {key!r}"
    return CurrencyMismatch(
        f"cannot summarise {currency} and {money.currency} purchases{whose} "
        f"together: expected one currency, got {money!r}; convert first"
    )


def one_currency(
    key: K,
    money: Money,
    currency: str | None,
    days: dict[int, Decimal] | None,
    other: dict[K, str],
) -> str:
    """The log's first currency after ``key`` buys in ``money.currency``,
    which is not that one; ``other`` notes the keys in another currency."""
    if currency is None:  # the first purchase counted
        return money.currency
    own = other.get(key)
    if own is None:
        if days is not None:  # the key bought in the first currency before
            raise mismatch(currency, money, key)
        other[key] = money.currency
    elif own != money.currency:
        raise mismatch(own, money, key)
    return currency


def quantile_scores(values: list[Any], bins: int) -> list[int]:
    """Quantile bins by rank, for each position of ``values``: the one of
    rank ``i`` of ``n`` (sorted by value, ties in position order) gets
    ``floor((2i + 1) * bins / 2n) + 1``."""
    n = len(values)
    binned = [0] * n
    # C-level keys: ints and Decimals compare exactly, without a Python call.
    for rank, i in enumerate(sorted(range(n), key=values.__getitem__)):
        binned[i] = (2 * rank + 1) * bins // (2 * n) + 1
    return binned


# Explicit contexts: nothing depends on the caller's decimal context
# (thread-local global state). Sums are exact: Money's precision holds any
# realistic number of in-bound amounts, and an inexact sum would raise
# rather than round. The mean is rounded half to even to 28 digits.
_SUMS = decimal.Context(
    prec=EXACT_PRECISION,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.Inexact, decimal.InvalidOperation, decimal.Overflow],
)
_CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)
_mean = _CONTEXT.divide
_days = v.strict_int(0)


@attrs.frozen(kw_only=True)
class PurchaseSummary:
    """One person's purchases, summarised by local day.

    ===================== =================== ====================================
    field                 BTYD name           meaning
    ===================== =================== ====================================
    ``repeat_count``      ``frequency``       distinct purchase days - 1
    ``active_span_days``  ``recency``         last purchase day - first
    ``age_days``          ``T``               ``as_of``'s day - first purchase day
    ``mean_repeat_value`` ``monetary_value``  mean total of the repeat days
    ===================== =================== ====================================

    Example:
        >>> from datetime import datetime, UTC
        >>> from decimal import Decimal
        >>> eur = lambda s: Money(amount=Decimal(s), currency="EUR")
        >>> bought = [Purchase(at=datetime(2026, 1, d, 10, tzinfo=UTC), amount=eur(a))
        ...           for d, a in [(1, "5"), (4, "3"), (4, "2"), (11, "8")]]
        >>> s = summarize_purchases(bought, as_of=datetime(2026, 1, 31, tzinfo=UTC))
        >>> (s.repeat_count, s.active_span_days, s.age_days, s.mean_repeat_value)
        (2, 10, 30, Decimal('6.5'))
    """

    repeat_count: int = attrs.field(validator=_days)
    active_span_days: int = attrs.field(validator=_days)
    age_days: int = attrs.field(validator=_days)
    days_since_last: int = attrs.field(validator=_days)
    mean_repeat_value: Decimal = attrs.field(validator=check_mean)
    total_spend: Money = attrs.field(validator=v.instance_of(Money, "a Money"))
    # Exactly a date: a datetime is an instance of date, but not a day.
    first_purchase_day: date = attrs.field(validator=v.type_is(date, "a date"))
    last_purchase_day: date = attrs.field(validator=check_summary)


def summarize_purchases(
    purchases: Iterable[Purchase], *, as_of: datetime, zone: str = "UTC"
) -> PurchaseSummary | None:
    """Summarize one person's purchases as of ``as_of``.

    Purchases are grouped by their local date in ``zone`` (an IANA key);
    purchases after the instant ``as_of`` are ignored; purchases on one day
    collapse into one day whose value is their sum (zero-value purchases
    still make a purchase day). Then:

    * ``repeat_count`` = distinct purchase days - 1;
    * ``active_span_days`` = last purchase day - first purchase day;
    * ``age_days`` = ``as_of``'s local day - first purchase day;
    * ``days_since_last`` = ``age_days - active_span_days``;
    * ``mean_repeat_value`` = mean of the repeat days' totals (first day
      excluded), ``Decimal(0)`` with no repeats;
    * ``total_spend`` = every purchase up to ``as_of``, first day included.

    Sums and the mean are exact to 28 significant digits (rounding half to
    even) whatever the caller's :mod:`decimal` context.

    These are the frequency, recency, T and monetary value of the
    buy-till-you-die models, exactly as the ``lifetimes`` package's
    ``summary_data_from_transaction_data(..., freq="D")`` computes them
    (with ``observation_period_end`` on ``as_of``'s day), so the summaries
    feed CLV models (BG/NBD, Gamma-Gamma) directly. For a whole
    transaction log, :func:`summarize_purchases_by` gives every customer's
    summary in one pass.

    Args:
        purchases: the person's purchases, in any order.
        as_of: the end of the observation period (aware).
        zone: the IANA zone whose local dates define a day.

    Returns:
        The summary, or ``None`` when no purchase is on or before ``as_of``.

    Raises:
        InvalidArgument: ``purchases`` is not an iterable.
        CurrencyMismatch: purchases in more than one currency.
        InvalidData: an item that is not a Purchase, an unknown zone, or
            a time whose date is out of Python's range (years 1-9999) in
            UTC or in ``zone``.
        NaiveDatetimeError: ``as_of`` has no time zone.
    """
    # One person is a log with one key.
    log = zip(repeat(_NO_KEY), iterate("purchases", purchases, "Purchase"))
    return _summarize(log, as_of, zone, _ONE_PERSON).get(_NO_KEY)


def summarize_purchases_by(
    transactions: Iterable[tuple[K, Purchase]], *, as_of: datetime, zone: str = "UTC"
) -> dict[K, PurchaseSummary]:
    """Summarize a whole transaction log in one pass: a summary per key.

    The log is what ``lifetimes``' ``summary_data_from_transaction_data``
    takes: ``(customer key, purchase)`` pairs in any order. Each key's
    summary is exactly :func:`summarize_purchases` of that key's purchases,
    without grouping them first. A key with no purchase on or before
    ``as_of`` is absent from the result (as it has no row in ``lifetimes``);
    keys come in the order of their first purchase counted. Each key's
    purchases are in one currency; different keys may use different ones.

    Example:
        >>> from datetime import datetime, UTC
        >>> from decimal import Decimal
        >>> eur = lambda s: Money(amount=Decimal(s), currency="EUR")
        >>> log = [(who, Purchase(at=datetime(2026, 1, d, 10, tzinfo=UTC),
        ...                       amount=eur(a)))
        ...        for who, d, a in [("ann", 1, "5"), ("bob", 3, "9"),
        ...                          ("ann", 4, "3"), ("ann", 11, "8")]]
        >>> by = summarize_purchases_by(log, as_of=datetime(2026, 1, 31, tzinfo=UTC))
        >>> {k: (s.repeat_count, s.age_days, s.mean_repeat_value)
        ...  for k, s in by.items()}
        {'ann': (2, 30, Decimal('5.5')), 'bob': (0, 28, Decimal('0'))}

    Args:
        transactions: ``(key, purchase)`` pairs; a key is any hashable
            (a customer id...).
        as_of: the end of the observation period (aware).
        zone: the IANA zone whose local dates define a day.

    Returns:
        The summary of each key with a purchase on or before ``as_of``.

    Raises:
        InvalidArgument: ``transactions`` is not an iterable.
        CurrencyMismatch: one key's purchases in more than one currency.
        InvalidData: an item that is not a ``(hashable key, Purchase)``
            pair, an unknown zone, or a time whose date is out of Python's
            range (years 1-9999) in UTC or in ``zone``.
        NaiveDatetimeError: ``as_of`` has no time zone.
    """
    pairs = iterate("transactions", transactions, "(key, Purchase) pairs")
    return _summarize(pairs, as_of, zone, _LOG)


class _Input(NamedTuple):
    """How the errors of one summarizing function name its input."""

    item: str
    """The name of the argument whose items these are."""
    expected: str
    """What an item must be."""
    at: str
    """The path of item ``{}``'s purchase time."""
    pairs: bool
    """Whether the caller gave the pairs (else only their purchases)."""


_ONE_PERSON = _Input("purchases", "a Purchase", "purchases[{}].at", pairs=False)
_LOG = _Input(
    "transactions",
    "a (hashable key, Purchase) pair",
    "transactions[{}][1].at",
    pairs=True,
)


def _summarize(
    transactions: Iterable[tuple[K, Purchase]],
    as_of: datetime,
    zone: str,
    source: _Input,
) -> dict[K, PurchaseSummary]:
    """The one loop behind both summarizing functions: each key's purchase
    days, then their summaries."""
    end, tz, today = observation(as_of, zone)
    logged: dict[K, dict[int, Decimal]] = {}  # key -> local day ordinal -> total
    currency = None  # the currency of the first purchase counted ...
    other: dict[K, str] = {}  # ... and of the keys that buy in another one
    for index, item in enumerate(transactions):
        try:
            key, purchase = item
            days = logged.get(key)
        except (TypeError, ValueError):  # not a pair, or an unhashable key
            purchase = None
        if type(purchase) is not Purchase:
            shown = item if source.pairs else purchase
            raise wrong_item(source.item, index, source.expected, shown)
        # The local day of a purchase up to as_of, else the next purchase,
        # inlined (a call would cost more than the work). In UTC only a
        # purchase on as_of's day or later can be after it; in a zone the
        # instants come first: local days can run backwards (a clock set
        # back over midnight), and a purchase after as_of may have no local
        # date in Python's range.
        at = purchase.at
        try:
            if tz is None:
                if at.tzinfo is not UTC:
                    if at > end:
                        continue
                    at = at.astimezone(UTC)
                day = at.toordinal()
                if day >= today and at > end:
                    continue
            elif at > end:
                continue
            else:
                day = at.astimezone(tz).toordinal()
        except OverflowError:
            raise out_of_range(source.at.format(index), at, zone) from None
        money = purchase.amount
        if money.currency != currency:
            currency = one_currency(key, money, currency, days, other)
        elif other and key in other:
            raise mismatch(other[key], money, key)
        if days is None:
            logged[key] = {day: money.amount}
        elif day in days:
            days[day] = _add(days[day], money.amount)
        else:
            days[day] = money.amount
    if currency is None:
        return {}
    return _summaries(logged, currency, other, today)


def _summaries(
    logged: dict[K, dict[int, Decimal]], currency: str, other: dict[K, str], today: int
) -> dict[K, PurchaseSummary]:
    """The summary of each key's purchase days (local day ordinal -> total)
    as of the local day ``today``: in ``currency``, or the key's own one in
    ``other``."""
    made: dict[K, PurchaseSummary] = {}
    known: dict[int, date] = {}  # ordinal -> date: one object per day in a call
    known_day = known.get
    summary, money, zero = _build_summary, _build_money, _ZERO
    # Only this loop runs in the context (no caller's code): one switch for
    # all the sums, which then add as fast as under the caller's own.
    with localcontext(_SUMS):
        for key, days in logged.items():
            # The total adds the days in their order, from zero (which also
            # makes Decimal("-0") a "0"), as the definition does.
            repeats = len(days) - 1
            if repeats == 0:
                for first in days:
                    total = days[first] + zero
                last = first
                mean = zero
            elif repeats == 1:  # as below, without sorting or dividing
                first, last = days
                if first > last:
                    first, last = last, first
                total = sum(days.values(), zero)
                mean = _mean(total - days[first], 1)
            else:
                ordered = sorted(days)
                first = ordered[0]
                last = ordered[-1]
                total = sum(days.values(), zero)
                mean = _mean(total - days[first], repeats)
            if total.adjusted() >= MAX_WHOLE_DIGITS:
                raise InvalidData(
                    f"$.total_spend: expected a total below 10**{MAX_WHOLE_DIGITS} "
                    "(moments.money.MAX_WHOLE_DIGITS), got one of "
                    f"{total.adjusted() + 1} digits before the point"
                )
            first_day = known_day(first)
            if first_day is None:
                first_day = known[first] = _from_ordinal(first)
            last_day = known_day(last)
            if last_day is None:
                last_day = known[last] = _from_ordinal(last)
            # Trusted: every field is computed here and the invariants hold
            # by construction (the tests rebuild them through the validated
            # constructor); validating every summary would double the cost.
            made[key] = summary(
                repeats,
                last - first,
                today - first,
                today - last,
                mean,
                money(total, other.get(key, currency) if other else currency),
                first_day,
                last_day,
            )
    return made


_ZERO = Decimal(0)
_add = _SUMS.add  # a day's total, outside the context (keys' code runs there)
_build_summary: Callable[..., PurchaseSummary] = builder(PurchaseSummary)
_build_money: Callable[..., Money] = builder(Money)
_from_ordinal = date.fromordinal


@attrs.frozen(kw_only=True)
class RFMScore:
    """Recency, frequency and monetary scores from 1 (lowest) to ``bins``,
    and their ``code`` (``"545"``). A high recency score means a recent
    purchase."""

    recency: int = attrs.field(validator=v.strict_int(1, 9))
    frequency: int = attrs.field(validator=v.strict_int(1, 9))
    monetary: int = attrs.field(validator=v.strict_int(1, 9))

    @property
    def code(self) -> str:
        """The three scores as one code, recency first: ``"545"``."""
        return f"{self.recency}{self.frequency}{self.monetary}"


_build_score: Callable[[int, int, int], RFMScore] = builder(RFMScore)


def rfm_scores(
    summaries: Mapping[K, PurchaseSummary], *, bins: int = 5
) -> dict[K, RFMScore]:
    """Score each summary against the others: the usual RFM quintiles.

    * recency from ``days_since_last``, inverted: the most recent buyers
      score highest;
    * frequency from ``repeat_count``;
    * monetary from ``total_spend`` (all in one currency).

    Scores are quantile bins of the rank: the summaries are sorted by value
    and position ``i`` of ``n`` scores ``floor((2i + 1) * bins / (2n)) + 1``,
    so each score holds ``n / bins`` summaries when ``n`` is a multiple of
    ``bins``. Equal values are ranked in the mapping's order (a stable
    tie-break, as ``pandas.qcut`` on ``rank(method="first")``), so the
    result is deterministic. With fewer summaries than bins the scores
    spread over the range around the middle: one summary scores 3 of 5.

    Example:
        >>> from datetime import date
        >>> s = PurchaseSummary(repeat_count=0, active_span_days=0, age_days=3,
        ...     days_since_last=3, mean_repeat_value=Decimal(0),
        ...     total_spend=Money(amount=Decimal(5), currency="EUR"),
        ...     first_purchase_day=date(2026, 1, 1), last_purchase_day=date(2026, 1, 1))
        >>> rfm_scores({"c-1": s})["c-1"].code
        '333'

    Args:
        summaries: one summary per key (customer id...).
        bins: the number of score levels, 1 to 9.

    Raises:
        InvalidArgument: ``summaries`` is not a mapping.
        InvalidData: ``bins`` out of range or a value that is not a summary.
        CurrencyMismatch: total spends in more than one currency.
    """
    if type(bins) is not int or not 1 <= bins <= 9:
        raise InvalidData.field("bins", "an integer from 1 to 9", bins)
    keys = list(mapping("summaries", summaries, "key to PurchaseSummary"))
    items = [summaries[k] for k in keys]
    currencies = set()
    for key, item in zip(keys, items, strict=True):
        if type(item) is not PurchaseSummary:
            raise wrong_item("summaries", repr(key), "a PurchaseSummary", item)
        currencies.add(item.total_spend.currency)
    if len(currencies) > 1:
        raise CurrencyMismatch(
            "cannot rank total spends in different currencies: expected one "
            f"currency, got {sorted(currencies)}; convert first"
        )
    if not keys:
        return {}
    recency = quantile_scores([-s.days_since_last for s in items], bins)
    frequency = quantile_scores([s.repeat_count for s in items], bins)
    monetary = quantile_scores([s.total_spend.amount for s in items], bins)
    # Trusted: every score is a bin from 1 to bins (the tests rebuild them
    # through the validated constructor).
    return dict(zip(keys, map(_build_score, recency, frequency, monetary), strict=True))

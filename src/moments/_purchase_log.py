"""The pieces of :mod:`moments.value` that do not need its classes: the
summary's validators, the observation period, the one-currency rule and
rank scores.

Private: used by :mod:`moments.value`.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from moments._time import load_zone, out_of_range, require_aware
from moments.errors import CurrencyMismatch, InvalidData
from moments.money import Money

__all__ = [
    "check_mean",
    "check_summary",
    "mismatch",
    "observation",
    "one_currency",
    "quantile_scores",
]

K = TypeVar("K", bound=Hashable)

_UTC_ZONE = ZoneInfo("UTC")
_NO_KEY: Any = object()


def check_summary(instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator of a summary's last field: its days add up."""
    if type(value) is not date:
        raise InvalidData.field(attribute.name, "a date", value)
    span = (instance.last_purchase_day - instance.first_purchase_day).days
    if span != instance.active_span_days:
        raise InvalidData.field(
            "active_span_days", f"last - first purchase day ({span})", instance
        )
    if instance.active_span_days + instance.days_since_last != instance.age_days:
        raise InvalidData.field(
            "age_days", "active_span_days + days_since_last", instance.age_days
        )
    if instance.repeat_count > instance.active_span_days:
        raise InvalidData.field(
            "repeat_count", "at most active_span_days", instance.repeat_count
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


def quantile_scores(keys: list[K], values: list[Any], bins: int) -> dict[K, int]:
    """Quantile bins by rank: position ``i`` of ``n`` (sorted by value,
    ties in key order) gets ``floor((2i + 1) * bins / 2n) + 1``."""
    order = sorted(range(len(keys)), key=lambda i: values[i])
    n = len(keys)
    return {
        keys[i]: (2 * rank + 1) * bins // (2 * n) + 1 for rank, i in enumerate(order)
    }

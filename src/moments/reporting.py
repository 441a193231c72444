"""Flat records and columns for notebooks, data frames and terminals.

:func:`to_records` turns audits, scorecards and purchase summaries into a
list of flat dicts of plain standard-library values (``str``, ``int``,
``float``, ``bool``, ``None``, :class:`~decimal.Decimal` for money,
:class:`~datetime.date`, and :class:`~datetime.datetime` always in UTC), so
``pandas.DataFrame(to_records(audits))`` or ``polars.DataFrame(...)`` needs
no further conversion. :func:`to_columns` gives the same data column by
column. :func:`format_table` renders records as an aligned plain-text
table, as ``python -m moments`` prints them.

Enums become their string values, scores (exact fractions in the models)
become floats, waits become seconds. Keyed collections such as the result
of :func:`~moments.scorecards.scorecards_by` gain a leading ``key`` column.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeAlias, cast

from moments._arguments import integer, iterate, wrong_item, wrong_type
from moments._time import out_of_range, utc
from moments.checklists import Audit
from moments.errors import InvalidData
from moments.scorecards import Scorecard
from moments.scorecards.card import as_float
from moments.value import PurchaseSummary

__all__ = ["Record", "Value", "format_table", "to_columns", "to_records"]

Value: TypeAlias = str | int | float | bool | Decimal | date | datetime | None
"""A cell: a plain standard-library value (datetimes in UTC)."""

Record: TypeAlias = dict[str, Value]
"""One flat row."""


def _seconds(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds()


def _audit_row(a: Audit) -> Record:
    outcome = a.greeting_outcome
    row: Record = {
        "interaction_id": a.interaction_id,
        "checklist": a.checklist_name,
        "checklist_version": a.checklist_version,
        "as_of": utc(a.as_of),
        "channel": a.channel.value,
        "party_kind": a.party_kind.value,
        "staff_id": a.staff_id,
        "location_id": a.location_id,
        "reviewer": a.reviewer,
        "score": as_float(a.score),
        "raw_score": as_float(a.raw_score),
        "passed": a.passed,
        "critical_failures": ",".join(a.critical_failures),
        "greeting_outcome": None if outcome is None else str(outcome.value),
        "greeting_wait_s": _seconds(a.greeting_wait),
        "expectation": None if a.expectation is None else a.expectation.value,
    }
    for moment, score in a.by_moment.items():
        row[f"moment_{moment.value}"] = as_float(score)
    return row


def _item_rows(a: Audit) -> list[Record]:
    head: Record = {
        "interaction_id": a.interaction_id,
        "checklist": a.checklist_name,
        "checklist_version": a.checklist_version,
        "staff_id": a.staff_id,
        "location_id": a.location_id,
    }
    return [
        {
            **head,
            "item_id": r.item_id,
            "moment": r.moment.value,
            "outcome": r.outcome.value,
            "weight": r.weight,
            "critical": r.critical,
            "bonus": r.bonus,
            "detail": r.detail,
        }
        for r in a.results
    ]


def _summary_row(s: PurchaseSummary) -> Record:
    return {
        "repeat_count": s.repeat_count,
        "active_span_days": s.active_span_days,
        "age_days": s.age_days,
        "days_since_last": s.days_since_last,
        "mean_repeat_value": s.mean_repeat_value,
        "total_spend": s.total_spend.amount,
        "currency": s.total_spend.currency,
        "first_purchase_day": s.first_purchase_day,
        "last_purchase_day": s.last_purchase_day,
    }


def _scorecard_row(c: Scorecard) -> Record:
    # The card's own summary record, plus one pass-rate column per moment.
    row = cast(Record, dict(c.to_records()["summary"][0]))
    for moment, rate in c.moment_pass_rates.items():
        row[f"moment_{moment.value}"] = as_float(rate)
    return row


_ROWS: dict[type, Callable[[Any], Record]] = {
    Audit: _audit_row,
    PurchaseSummary: _summary_row,
    Scorecard: _scorecard_row,
}


def _key(value: object) -> Value:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime):
        return utc(value)
    if isinstance(value, tuple):
        return "/".join("" if part is None else str(_key(part)) for part in value)
    enum_value = getattr(value, "value", None)
    return enum_value if isinstance(enum_value, str) else str(value)


def to_records(
    items: Iterable[object] | Mapping[Any, object], *, detail: str = "summary"
) -> list[Record]:
    """Flatten audits, scorecards or purchase summaries into records.

    Args:
        items: an iterable of one kind of :class:`~moments.checklists.Audit`,
            :class:`~moments.scorecards.Scorecard` or
            :class:`~moments.value.PurchaseSummary`, or a mapping from keys
            (staff ids, locations, party ids, ...) to them; a mapping's key
            becomes the first column, ``key``.
        detail: ``"summary"`` (one record per object) or, for audits,
            ``"items"`` (one record per checklist item result).

    Returns:
        A list of flat dicts, one per object (or item), all with the same
        keys in the same order for one kind of object.

    Raises:
        InvalidArgument: ``items`` is not an iterable or a mapping.
        InvalidData: an object of an unsupported kind, a mix of kinds, an
            unknown ``detail``, or an audit's ``as_of`` (or a datetime key)
            whose date in UTC is outside years 1-9999.

    Example:
        >>> from moments.cli.demo import demo_day
        >>> from moments.standards import gold_standard
        >>> from moments.checklists import Auditor
        >>> day = demo_day()
        >>> auditor = Auditor(gold_standard())
        >>> rows = to_records(auditor.audit(i, as_of=day.as_of)
        ...                   for i in day.interactions[:2])
        >>> rows[0]["interaction_id"], rows[0]["as_of"].isoformat()
        ('m-08', '2026-06-12T18:00:00+00:00')
    """
    if detail not in ("summary", "items"):
        raise InvalidData.field("detail", "'summary' or 'items'", detail)
    pairs: Iterable[tuple[object, object]]
    keyed = isinstance(items, Mapping)
    if isinstance(items, Mapping):
        pairs = items.items()
    else:
        stream = iterate("items", items, "audits, scorecards or purchase summaries")
        pairs = ((None, x) for x in stream)
    records: list[Record] = []
    first: type | None = None
    for index, (key, obj) in enumerate(pairs):
        cls = type(obj)
        if first is None:
            first = cls
        if cls is not first or cls not in _ROWS:
            raise wrong_item(
                "items",
                index,
                "audits, scorecards or purchase summaries, all of one kind"
                + (f" (first was {first.__name__})" if cls is not first else ""),
                obj,
            )
        if detail == "items" and cls is not Audit:
            raise InvalidData.field("detail", "'summary' for non-audits", detail)
        try:
            rows = _item_rows(obj) if detail == "items" else [_ROWS[cls](obj)]
            for row in rows:
                records.append({"key": _key(key), **row} if keyed else row)
        except OverflowError:  # a datetime converted to UTC
            raise _out_of_range(index, key, obj) from None
    return records


def _out_of_range(index: int, key: object, obj: object) -> InvalidData:
    """The error for item ``index`` (``key``: ``obj``), whose ``as_of`` or
    key holds a datetime with a date in UTC outside years 1-9999."""
    if isinstance(obj, Audit):
        try:
            utc(obj.as_of)
        except OverflowError:
            return out_of_range(f"items[{index}].as_of", obj.as_of)
    return InvalidData.field(
        f"items[{index}]", "a key whose dates in UTC are within years 1-9999", key
    )


def to_columns(
    items: Iterable[object] | Mapping[Any, object], *, detail: str = "summary"
) -> dict[str, list[Value]]:
    """The same data as :func:`to_records`, one list per column.

    Columns missing from some records (moments a checklist does not cover)
    are filled with ``None``.

    Example:
        >>> to_columns([])
        {}
    """
    records = to_records(items, detail=detail)
    names: dict[str, None] = {}
    for record in records:
        names.update(dict.fromkeys(record))
    return {name: [r.get(name) for r in records] for name in names}


def _text(value: Value, digits: int, percent: bool = False) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if percent and isinstance(value, int | float):
        return f"{value:.{digits}%}"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return str(value)


def _numeric(value: Value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def format_table(
    records: Sequence[Mapping[str, Value]],
    columns: Sequence[str] | None = None,
    *,
    title: str | None = None,
    digits: int = 2,
    percent: Collection[str] = (),
) -> str:
    """Render records as an aligned plain-text table.

    Numbers are right-aligned, floats shown with ``digits`` decimals,
    ``None`` as ``-`` and booleans as ``yes``/``no``.

    Args:
        records: the rows (for example from :func:`to_records`).
        columns: which columns, in order; default: the first record's keys.
        title: an optional line above the table.
        digits: decimals for floats.
        percent: columns whose numbers are shares, shown as percentages
            (``0.875`` as ``87.50%`` with ``digits=2``).

    Raises:
        InvalidArgument: ``records`` is not a sequence, ``columns`` or
            ``percent`` not an iterable, ``title`` not a string, or
            ``digits`` not an integer.
        InvalidData: a record that is not a mapping, a column name that is
            not a string, or ``digits`` outside 0 to 20.

    Example:
        >>> print(format_table([{"staff": "amira", "score": 0.9125},
        ...                     {"staff": "bruno", "score": None}]))
        staff  score
        -----  -----
        amira   0.91
        bruno      -
    """
    given: object = records  # any object may arrive, whatever the annotation
    if not isinstance(given, Sequence) or isinstance(given, str | bytes):
        raise wrong_type("records", "a sequence of mappings", records)
    for index, record in enumerate(records):
        if not isinstance(record, Mapping):
            raise wrong_item("records", index, "a mapping", record)
    integer("digits", digits, 0, 20)
    if title is not None and type(title) is not str:
        raise wrong_type("title", "a string or None", title)
    names = (
        _names("columns", columns)
        if columns is not None
        else _names("records[0]", records[0] if records else [])
    )
    shares = frozenset(_names("percent", percent))
    cells = [[_text(r.get(n), digits, n in shares) for n in names] for r in records]
    right = [any(_numeric(r.get(n)) for r in records) for n in names]
    widths = [
        max([len(n), *(len(row[i]) for row in cells)]) for i, n in enumerate(names)
    ]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if r else v.ljust(w)
            for v, w, r in zip(values, widths, right, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [title] if title else []
    out.append(line(names))
    out.append(line(["-" * w for w in widths]))
    out.extend(line(row) for row in cells)
    return "\n".join(out)


def _names(name: str, value: Iterable[str]) -> list[str]:
    """Argument ``name``, column names (strings), as a list."""
    names = list(iterate(name, value, "column names"))
    for index, item in enumerate(names):
        if type(item) is not str:
            raise wrong_item(name, index, "a column name (a string)", item)
    return names

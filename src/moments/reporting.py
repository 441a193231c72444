"""Flat records and columns for notebooks, data frames and terminals.

:func:`to_records` turns audits, scorecards, purchase summaries,
interactions, customers, clients and purchases into a list of flat dicts of
plain standard-library values (``str``, ``int``, ``float``, ``bool``,
``None``, :class:`~decimal.Decimal` for money, :class:`~datetime.date`, and
:class:`~datetime.datetime` always in UTC), so
``pandas.DataFrame(to_records(audits))`` or ``polars.DataFrame(...)`` needs
no further conversion. :func:`to_columns` gives the same data column by
column. :func:`format_table` renders records as an aligned plain-text
table, as ``python -m moments`` prints them.

Enums become their string values, scores (exact fractions in the models)
become floats, waits become seconds, money becomes an amount column and a
currency column, and a set becomes its members sorted and joined by commas.
Keyed collections such as the result of
:func:`~moments.scorecards.scorecards_by` gain a leading ``key`` column.

Personal data (a customer's or client's name, contact, profile and
preferences) is left out: a record carries a personal field only when the
caller names it in ``personal=``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any, TypeAlias, cast

import attrs

from moments._arguments import integer, iterate, wrong_item, wrong_type
from moments._personal import is_personal
from moments._time import out_of_range, utc
from moments.checklists import Audit
from moments.errors import InvalidData
from moments.interactions import Interaction
from moments.parties import Client, Consent, Customer, Purchase
from moments.scorecards import Scorecard
from moments.scorecards.card import as_float
from moments.value import PurchaseSummary

__all__ = [
    "PERSONAL_FIELDS",
    "Record",
    "Value",
    "format_table",
    "to_columns",
    "to_records",
]

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


class _OutOfRange(Exception):
    """A time at ``path`` whose date in UTC is outside years 1-9999."""

    def __init__(self, path: str, value: datetime) -> None:
        super().__init__(path)
        self.path = path
        self.value = value


def _utc_at(path: str, value: datetime) -> datetime:
    """``value`` (the time at ``path``) in UTC."""
    try:
        return utc(value)
    except OverflowError:
        raise _OutOfRange(path, value) from None


def _at(path: str, value: datetime | None) -> datetime | None:
    """``value`` in UTC (``None`` stays ``None``)."""
    return None if value is None else _utc_at(path, value)


def _joined(values: Iterable[object]) -> str:
    """A set as one cell: its members (enums by value) sorted, joined by
    commas."""
    return ",".join(sorted(str(getattr(v, "value", v)) for v in values))


def _purchase_row(p: Purchase, asked: frozenset[str]) -> Record:
    return {
        "at": _at("at", p.at),
        "amount": p.amount.amount,
        "currency": p.amount.currency,
        "id": p.id,
    }


def _interaction_row(i: Interaction, asked: frozenset[str]) -> Record:
    g, info, offer, goodbye = i.greeting, i.information, i.offer, i.goodbye
    f, r, p = i.follow_up, i.recovery, i.purchase
    return {
        "id": i.id,
        "channel": i.channel.value,
        "arrived_at": _at("arrived_at", i.arrived_at),
        "party_kind": i.party_kind.value,
        "party_id": i.party_id,
        "staff_id": i.staff_id,
        "location_id": i.location_id,
        "ended_at": _at("ended_at", i.ended_at),
        "greeted_at": _at("greeting.at", None if g is None else g.at),
        "greeting_wait_s": _seconds(i.greeting_wait),
        "greeted_by": None if g is None else g.by,
        "greeting_used_name": None if g is None else g.used_name,
        "information_collected": None if info is None else _joined(info.collected),
        "information_probed": None if info is None else info.probed,
        "offer_based_on": None if offer is None else _joined(offer.based_on),
        "offer_accepted": None if offer is None else offer.accepted,
        "delivery_expectation": (
            None if i.delivery is None else i.delivery.expectation.value
        ),
        "goodbye_at": _at("goodbye.at", None if goodbye is None else goodbye.at),
        "goodbye_thanked": None if goodbye is None else goodbye.thanked,
        "goodbye_used_name": None if goodbye is None else goodbye.used_name,
        "follow_up_kind": None if f is None else f.kind,
        "follow_up_set_at": _at("follow_up.set_at", None if f is None else f.set_at),
        "follow_up_due": _at("follow_up.due", None if f is None else f.due),
        "follow_up_done_at": _at("follow_up.done_at", None if f is None else f.done_at),
        "recovery_failure_at": _at(
            "recovery.failure_at", None if r is None else r.failure_at
        ),
        "recovery_acknowledged_at": _at(
            "recovery.acknowledged_at", None if r is None else r.acknowledged_at
        ),
        "recovery_resolved_at": _at(
            "recovery.resolved_at", None if r is None else r.resolved_at
        ),
        "recovery_owner_id": None if r is None else r.owner_id,
        "recovery_steps": None if r is None else _joined(r.steps),
        "purchase_at": _at("purchase.at", None if p is None else p.at),
        "purchase_amount": None if p is None else p.amount.amount,
        "purchase_currency": None if p is None else p.amount.currency,
        "purchase_id": None if p is None else p.id,
    }


def _personal_names(cls: type) -> tuple[str, ...]:
    """The personal fields of a party kind as record columns, in declared
    order: a personal field, or each field of a personal record (a
    contact's ``email``)."""
    names: list[str] = []
    for a in attrs.fields(cls):
        if not is_personal(a):
            continue
        made: Any = getattr(a.default, "factory", None)  # a record's factory
        if isinstance(made, type) and attrs.has(made):
            names.extend(b.name for b in attrs.fields(made))
        else:
            names.append(a.name)
    return tuple(names)


def _cell(value: object) -> Value:
    if isinstance(value, frozenset):
        return _joined(value)
    return cast(Value, value)


def _personal_columns(party: Customer | Client, asked: frozenset[str]) -> Record:
    """The personal values the caller asked for, in declared order."""
    row: Record = {}
    if not asked:
        return row
    for a in attrs.fields(type(party)):
        if not is_personal(a):
            continue
        value = getattr(party, a.name)
        if attrs.has(type(value)):
            for b in attrs.fields(type(value)):
                if b.name in asked:
                    row[b.name] = _cell(getattr(value, b.name))
        elif a.name in asked:
            row[a.name] = _cell(value)
    return row


def _consent_columns(c: Consent | None) -> Record:
    return {
        "consent_given_at": _at("consent.given_at", None if c is None else c.given_at),
        "consent_purposes": None if c is None else _joined(c.purposes),
        "consent_withdrawn_at": _at(
            "consent.withdrawn_at", None if c is None else c.withdrawn_at
        ),
    }


def _history_columns(purchases: Sequence[Purchase]) -> Record:
    times = [_utc_at(f"purchases[{n}].at", p.at) for n, p in enumerate(purchases)]
    return {
        "purchase_count": len(purchases),
        "first_purchase_at": min(times, default=None),
        "last_purchase_at": max(times, default=None),
    }


def _customer_row(c: Customer, asked: frozenset[str]) -> Record:
    return {
        "id": c.id,
        "first_seen": _at("first_seen", c.first_seen),
        "stage": c.stage.value,
        **_personal_columns(c, asked),
        **_consent_columns(c.consent),
        **_history_columns(c.purchases),
    }


def _client_row(c: Client, asked: frozenset[str]) -> Record:
    moves = [_utc_at(f"transitions[{n}].at", t.at) for n, t in enumerate(c.transitions)]
    return {
        "id": c.id,
        "since": _at("since", c.since),
        "stage": c.stage.value,
        **_personal_columns(c, asked),
        "internal": c.internal,
        "redacted": c.redacted,
        "forgotten_at": _at("forgotten_at", c.forgotten_at),
        **_consent_columns(c.consent),
        **_history_columns(c.purchases),
        "transition_count": len(c.transitions),
        "last_transition_at": max(moves, default=None),
    }


def _plain(row: Callable[[Any], Record]) -> Callable[[Any, frozenset[str]], Record]:
    """A row builder for a kind with no personal fields."""
    return lambda obj, asked: row(obj)


_ROWS: dict[type, Callable[[Any, frozenset[str]], Record]] = {
    Audit: _plain(_audit_row),
    PurchaseSummary: _plain(_summary_row),
    Scorecard: _plain(_scorecard_row),
    Interaction: _interaction_row,
    Customer: _customer_row,
    Client: _client_row,
    Purchase: _purchase_row,
}

PERSONAL_FIELDS: Mapping[type, tuple[str, ...]] = MappingProxyType(
    {cls: _personal_names(cls) if attrs.has(cls) else () for cls in _ROWS}
)
"""The personal fields that ``personal=`` may name, by kind of object:
``name``, ``email``, ``phone`` and ``postal_code`` for a
:class:`~moments.parties.Customer`; those, the profile's and the
preferences' fields for a :class:`~moments.parties.Client`; none for the
other kinds."""

_KINDS = (
    "audits, scorecards, purchase summaries, interactions, customers, clients "
    "or purchases"
)


def _asked(personal: Iterable[str]) -> tuple[str, ...]:
    """Argument ``personal``, field names (strings), as a tuple."""
    names = tuple(iterate("personal", personal, "personal field names"))
    for index, item in enumerate(names):
        if type(item) is not str:
            raise wrong_item("personal", index, "a field name (a string)", item)
    return names


def _check_asked(names: tuple[str, ...], kind: type | None) -> None:
    """Each asked name is a personal field of ``kind`` (of any kind when
    no object arrived)."""
    if kind is None:
        known = tuple(dict.fromkeys(n for ns in PERSONAL_FIELDS.values() for n in ns))
        what = "a personal field of a customer or client"
    else:
        known = PERSONAL_FIELDS.get(kind, ())
        what = (
            f"a personal field of {kind.__name__}"
            if known
            else f"no name: {kind.__name__} records hold no personal field"
        )
    for index, name in enumerate(names):
        if name not in known:
            listed = f" ({', '.join(known)})" if known else ""
            raise InvalidData.field(f"personal[{index}]", what + listed, name)


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
    items: Iterable[object] | Mapping[Any, object],
    *,
    detail: str = "summary",
    personal: Iterable[str] = (),
) -> list[Record]:
    """Flatten audits, scorecards, purchase summaries, interactions,
    customers, clients or purchases into records.

    Args:
        items: an iterable of one kind of :class:`~moments.checklists.Audit`,
            :class:`~moments.scorecards.Scorecard`,
            :class:`~moments.value.PurchaseSummary`,
            :class:`~moments.interactions.Interaction`,
            :class:`~moments.parties.Customer`,
            :class:`~moments.parties.Client` or
            :class:`~moments.parties.Purchase`, or a mapping from keys
            (staff ids, locations, party ids, ...) to them; a mapping's key
            becomes the first column, ``key``.
        detail: ``"summary"`` (one record per object) or, for audits,
            ``"items"`` (one record per checklist item result).
        personal: the personal fields to include, by name (see
            :data:`PERSONAL_FIELDS`): a customer's or client's ``name``,
            ``email``, ``phone``, ``postal_code``, and a client's
            ``hometown``, ``residence``, ``children``, ``occupation``,
            ``notes``, ``likes``, ``dislikes``, ``wishlist``. By default
            none: records of parties carry no personal data.

    Returns:
        A list of flat dicts, one per object (or item), all with the same
        keys in the same order for one kind of object. Times are aware
        datetimes in UTC, money an amount (a Decimal) and a currency
        column, enums their values, sets their members sorted and joined
        by commas.

    Raises:
        InvalidArgument: ``items`` is not an iterable or a mapping, or
            ``personal`` not an iterable of names.
        InvalidData: an object of an unsupported kind, a mix of kinds, an
            unknown ``detail``, a name in ``personal`` that is not a
            personal field of the objects' kind, or a time (or a datetime
            key) whose date in UTC is outside years 1-9999.

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

        Interactions, one row each; a client's name only when asked for:

        >>> rows = to_records(day.interactions)
        >>> len(rows) == len(day.interactions), rows[1]["id"], rows[1]["channel"]
        (True, 'h-01', 'in_person')
        >>> from datetime import datetime, UTC
        >>> from moments.parties import Client, Contact
        >>> ada = Client(id="c-1", name="Ada", since=datetime(2026, 5, 4, tzinfo=UTC),
        ...              contact=Contact(email="ada@example.com"))
        >>> "name" in to_records([ada])[0]
        False
        >>> row = to_records([ada], personal=("name", "email"))[0]
        >>> row["id"], row["name"], row["email"]
        ('c-1', 'Ada', 'ada@example.com')
    """
    if detail not in ("summary", "items"):
        raise InvalidData.field("detail", "'summary' or 'items'", detail)
    names = _asked(personal)
    asked = frozenset(names)
    pairs: Iterable[tuple[object, object]]
    keyed = isinstance(items, Mapping)
    if isinstance(items, Mapping):
        pairs = items.items()
    else:
        stream = iterate("items", items, _KINDS)
        pairs = ((None, x) for x in stream)
    records: list[Record] = []
    first: type | None = None
    for index, (key, obj) in enumerate(pairs):
        cls = type(obj)
        if first is None:
            first = cls
            if cls in _ROWS:
                _check_asked(names, cls)
        if cls is not first or cls not in _ROWS:
            raise wrong_item(
                "items",
                index,
                _KINDS
                + ", all of one kind"
                + (f" (first was {first.__name__})" if cls is not first else ""),
                obj,
            )
        if detail == "items" and cls is not Audit:
            raise InvalidData.field("detail", "'summary' for non-audits", detail)
        try:
            rows = _item_rows(obj) if detail == "items" else [_ROWS[cls](obj, asked)]
            for row in rows:
                records.append({"key": _key(key), **row} if keyed else row)
        except _OutOfRange as error:
            raise out_of_range(f"items[{index}].{error.path}", error.value) from None
        except OverflowError:  # a datetime converted to UTC
            raise _out_of_range(index, key, obj) from None
    if first is None:
        _check_asked(names, None)
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
    items: Iterable[object] | Mapping[Any, object],
    *,
    detail: str = "summary",
    personal: Iterable[str] = (),
) -> dict[str, list[Value]]:
    """The same data as :func:`to_records`, one list per column.

    Columns missing from some records (moments a checklist does not cover)
    are filled with ``None``. ``personal`` names the personal fields to
    include, as for :func:`to_records`.

    Example:
        >>> to_columns([])
        {}
        >>> from datetime import datetime, UTC
        >>> from moments.parties import Customer
        >>> walk_in = Customer(id="c-9", name="Bo",
        ...                    first_seen=datetime(2026, 1, 2, tzinfo=UTC))
        >>> to_columns([walk_in], personal=["name"])["name"]
        ['Bo']
    """
    records = to_records(items, detail=detail, personal=personal)
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

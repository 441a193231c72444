"""Tiny, escaped HTML tables for ``_repr_html_`` in notebooks.

Every value goes through :func:`html.escape`, so names and free text from
data can never inject markup into a notebook.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import attrs

from moments._personal import is_personal

__all__ = ["key_values", "record", "table"]

_STYLE = "border-collapse:collapse;font-size:0.9em"
_CELL = "padding:2px 8px;text-align:left;border-bottom:1px solid #ddd"


def _cell(tag: str, value: object) -> str:
    text = "" if value is None else str(value)
    return f'<{tag} style="{_CELL}">{html.escape(text)}</{tag}>'


def table(title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """An HTML table with a caption, a header row and one row per item.

    Example:
        >>> "&lt;b&gt;" in table("Staff", ["id", "score"], [["<b>", 1]])
        True
    """
    head = "".join(_cell("th", h) for h in headers)
    body = "".join(
        "<tr>" + "".join(_cell("td", value) for value in row) + "</tr>" for row in rows
    )
    return (
        f'<table style="{_STYLE}"><caption style="text-align:left;'
        f'font-weight:bold">{html.escape(title)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def key_values(title: str, pairs: Iterable[tuple[str, object]]) -> str:
    """A two-column HTML table of labels and values."""
    return table(title, ["", ""], pairs)


def _masked(attribute: Any, value: object) -> str:
    """A field's text as ``repr`` shows it: its masker's output when it has
    one (personal fields do), else ``'***'`` for a personal value that no
    masker covers."""
    if callable(attribute.repr):
        return str(attribute.repr(value))
    return "None" if value is None else "'***'"


def _leaf(value: object) -> str | None:
    """The text of a plain value (``None`` for one that is not plain)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, frozenset):
        return ", ".join(sorted(str(_leaf(item)) for item in value))
    if isinstance(value, tuple):
        return ", ".join(str(_leaf(item)) for item in value)
    return str(value)


def _is_record(value: object) -> bool:
    """An attrs record to show field by field (one with its own ``str``,
    such as Money, is shown as that text)."""
    return attrs.has(type(value)) and type(value).__str__ is object.__str__


def _records(value: object) -> bool:
    return isinstance(value, tuple) and bool(value) and all(map(_is_record, value))


def _pairs(obj: Any, prefix: str, personal: bool) -> list[tuple[str, object]]:
    """``(label, text)`` for every field ``repr`` shows, nested records
    flattened as ``outer.inner``; a personal field (or any field inside
    one) shows only its mask."""
    pairs: list[tuple[str, object]] = []
    for attribute in attrs.fields(type(obj)):
        if attribute.repr is False:
            continue
        value = getattr(obj, attribute.name)
        label = prefix + attribute.name
        hidden = personal or is_personal(attribute)
        if _is_record(value):
            pairs.extend(_pairs(value, label + ".", hidden))
        elif hidden:
            pairs.append((label, _masked(attribute, value)))
        elif _records(value):
            pairs.append((label, f"{len(value)} (below)"))
        else:
            pairs.append((label, _leaf(value)))
    return pairs


def record(obj: Any, title: str | None = None) -> str:
    """An attrs record as HTML: one row per field ``repr`` shows, nested
    records flattened (``greeting.at``), each personal field masked as
    ``repr`` masks it, and a table under it for each non-personal field
    that holds records (a client's purchases).

    Example:
        >>> from datetime import datetime, UTC
        >>> from moments.parties import Customer
        >>> bo = Customer(id="<b>c-9</b>", name="Bo",
        ...               first_seen=datetime(2026, 1, 2, tzinfo=UTC))
        >>> markup = record(bo)
        >>> "&lt;b&gt;c-9" in markup, "Bo" in markup
        (True, False)
    """
    name = type(obj).__name__
    head = key_values(title or name, _pairs(obj, "", False))
    tables = []
    for attribute in attrs.fields(type(obj)):
        value = getattr(obj, attribute.name)
        if attribute.repr is False or is_personal(attribute) or not _records(value):
            continue
        rows = [_pairs(item, "", False) for item in value]
        tables.append(
            table(
                f"{attribute.name} ({len(rows)})",
                [label for label, _ in rows[0]],
                [[text for _, text in row] for row in rows],
            )
        )
    return head + "".join(tables)

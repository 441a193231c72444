"""Tiny, escaped HTML tables for ``_repr_html_`` in notebooks.

Every value goes through :func:`html.escape`, so names and free text from
data can never inject markup into a notebook.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

__all__ = ["key_values", "table"]

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

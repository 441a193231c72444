"""Tests for moments._html: tables for notebooks never let data inject
markup."""

from __future__ import annotations

import html
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from moments import _html

INJECTION = '<script>alert("x")</script>&\'"'


class _Cells(HTMLParser):
    """Collects the tags and the text of every cell and the caption."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.texts: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in {"td", "th", "caption"}:
            self._open = True
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th", "caption"}:
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self.texts[-1] += data


def _parse(markup: str) -> _Cells:
    parser = _Cells()
    parser.feed(markup)
    parser.close()
    return parser


class TestEscaping:
    def test_values_are_escaped(self) -> None:
        markup = _html.table("t", ["h"], [[INJECTION]])

        assert "<script>" not in markup
        assert html.escape(INJECTION) in markup

    def test_the_title_is_escaped(self) -> None:
        markup = _html.table(INJECTION, ["h"], [])

        assert "<script>" not in markup
        assert _parse(markup).texts[0] == INJECTION

    def test_headers_are_escaped(self) -> None:
        markup = _html.table("t", [INJECTION], [])

        assert "<script>" not in markup
        assert _parse(markup).texts[1] == INJECTION

    def test_quotes_are_escaped_so_no_attribute_can_be_closed(self) -> None:
        markup = _html.table("t", ["h"], [['" onmouseover="x']])

        assert 'onmouseover="x"' not in markup
        assert "&quot; onmouseover=&quot;x" in markup

    @given(
        st.text(),
        st.lists(st.text(), max_size=3),
        st.lists(
            st.lists(st.text() | st.integers() | st.none(), max_size=3), max_size=3
        ),
    )
    def test_any_text_round_trips_as_text_and_adds_no_tags(
        self, title: str, headers: list[str], rows: list[list[object]]
    ) -> None:
        markup = _html.table(title, headers, rows)

        parsed = _parse(markup)

        expected = [
            title,
            *headers,
            *("" if v is None else str(v) for row in rows for v in row),
        ]
        assert parsed.texts == expected
        assert set(parsed.tags) <= {
            "table",
            "caption",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
        }


class TestShape:
    def test_a_table_has_a_caption_a_header_row_and_one_row_per_item(self) -> None:
        markup = _html.table(
            "Staff", ["id", "score"], [["s-ana", 0.9], ["s-ben", None]]
        )

        parsed = _parse(markup)

        assert parsed.tags.count("tr") == 3
        assert parsed.tags.count("th") == 2
        assert parsed.texts == ["Staff", "id", "score", "s-ana", "0.9", "s-ben", ""]

    def test_key_values_is_a_two_column_table(self) -> None:
        markup = _html.key_values("Verdict", [("outcome", "<PROMPT>"), ("wait", 4)])

        parsed = _parse(markup)

        assert parsed.texts == ["Verdict", "", "", "outcome", "<PROMPT>", "wait", "4"]
        assert "&lt;PROMPT&gt;" in markup

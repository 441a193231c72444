"""Tests for moments._html: tables for notebooks never let data inject
markup."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from moments import (
    Channel,
    Client,
    Contact,
    Customer,
    Greeting,
    Interaction,
    Money,
    PartyKind,
    Preferences,
    Profile,
    Purchase,
    Stage,
    StageTransition,
    _html,
)
from moments._personal import is_personal
from moments.strategies import clients, customers, interactions, money, purchases

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


# -- the models' _repr_html_: personal fields masked as in repr ---------------

MARKER = "Zq7Marker"
T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def _all_personal_marked(party: Any, marker: str) -> Any:
    """``party`` with every known personal value replaced by one built
    from ``marker`` (strings, sets of strings of the same size, a
    different number of children), keeping what is unknown unknown."""

    def replace(record: Any) -> Any:
        changes: dict[str, object] = {}
        for a in attrs.fields(type(record)):
            value = getattr(record, a.name)
            if value is None:
                continue
            if attrs.has(type(value)):
                changes[a.name] = replace(value)
            elif isinstance(value, str):
                changes[a.name] = f"{marker}-{a.name}"
            elif isinstance(value, frozenset):
                changes[a.name] = frozenset(f"{marker}{i}" for i in range(len(value)))
            elif isinstance(value, int):
                changes[a.name] = value + 1
        return attrs.evolve(record, **changes)

    personal = {
        a.name: replace(getattr(party, a.name))
        if attrs.has(type(getattr(party, a.name)))
        else (None if getattr(party, a.name) is None else f"{marker}-name")
        for a in attrs.fields(type(party))
        if is_personal(a)
    }
    return attrs.evolve(party, **personal)


def _known_client() -> Client:
    return Client(
        id="c-1",
        name=f"{MARKER} Lovelace",
        since=T0,
        contact=Contact(email=f"{MARKER}@example.com", phone="+44 20 7946 0000"),
        profile=Profile(hometown="London", children=2, notes=f"note {MARKER}"),
        preferences=Preferences(likes={f"{MARKER} tea"}, wishlist={"kettle"}),
        purchases=(
            Purchase(at=T0, amount=Money(amount=Decimal("3.40"), currency="EUR")),
        ),
    )


class TestModelsInNotebooks:
    def test_html_of_a_client_masks_personal_fields(self) -> None:
        markup = _known_client()._repr_html_()

        assert MARKER not in markup
        assert "7946" not in markup
        assert "London" not in markup
        assert "c-1" in markup
        assert "3.40 EUR" in markup
        texts = _parse(markup).texts
        assert texts[texts.index("name") + 1] == "'***'"
        assert texts[texts.index("preferences.likes") + 1] == "<1 hidden>"

    def test_html_of_a_client_shows_each_field_as_repr_masks_it(self) -> None:
        client = _known_client()

        texts = _parse(client._repr_html_()).texts

        for masked in ("name", "contact.email", "profile.children", "profile.notes"):
            assert texts[texts.index(masked) + 1] == "'***'"
            assert f"{masked.rpartition('.')[2]}='***'" in repr(client)
        assert texts[texts.index("contact.postal_code") + 1] == "None"

    def test_html_of_a_customer_masks_the_name_and_contact(self) -> None:
        customer = Customer(
            id="c-2",
            first_seen=T0,
            name=f"{MARKER} Bo",
            contact=Contact(email=f"bo@{MARKER}.org"),
        )

        markup = customer._repr_html_()

        assert MARKER not in markup
        assert "c-2" in markup

    def test_script_in_a_non_personal_field_is_escaped(self) -> None:
        client = attrs.evolve(_known_client(), id=INJECTION)
        visit = Interaction(
            id=INJECTION,
            channel=Channel.IN_PERSON,
            arrived_at=T0,
            party_kind=PartyKind.CLIENT,
            staff_id=INJECTION,
            greeting=Greeting(at=T0 + timedelta(seconds=4), by=INJECTION),
        )
        purchase = Purchase(
            at=T0, amount=Money(amount=Decimal(1), currency="EUR"), id=INJECTION
        )

        for obj in (client, visit, purchase):
            markup = obj._repr_html_()
            assert "<script>" not in markup
            assert INJECTION in _parse(markup).texts

    def test_html_of_money_and_a_purchase_shows_amount_and_currency(self) -> None:
        price = Money(amount=Decimal("12.50"), currency="GBP")
        purchase = Purchase(at=T0, amount=price, id="p-1")

        assert _parse(price._repr_html_()).texts[3:] == [
            "amount",
            "12.50",
            "currency",
            "GBP",
        ]
        assert _parse(purchase._repr_html_()).texts[5:7] == ["amount", "12.50 GBP"]

    def test_a_clients_stage_log_is_a_table_keeping_the_order_of_reasons(
        self,
    ) -> None:
        step = StageTransition(
            from_stage=Stage.IDENTIFIED,
            to_stage=Stage.CLIENT,
            at=T0,
            policy_label="default@1",
            reasons=("visits", "consent"),
        )
        client = attrs.evolve(_known_client(), transitions=(step,))

        texts = _parse(client._repr_html_()).texts

        assert texts[texts.index("transitions") + 1] == "1 (below)"
        assert "transitions (1)" in texts
        assert "visits, consent" in texts
        assert texts[
            texts.index("purchases (1)") + 1 : texts.index("purchases (1)") + 4
        ] == [
            "at",
            "amount",
            "id",
        ]

    def test_html_of_an_interaction_flattens_its_evidence(self) -> None:
        visit = Interaction(
            id="i-1",
            channel=Channel.PHONE,
            arrived_at=T0,
            party_kind=PartyKind.CUSTOMER,
            greeting=Greeting(at=T0 + timedelta(seconds=4), used_name=True),
        )

        texts = _parse(visit._repr_html_()).texts

        assert texts[texts.index("channel") + 1] == "phone"
        assert texts[texts.index("greeting.used_name") + 1] == "True"
        assert texts[texts.index("greeting.at") + 1] == "2026-05-04T09:00:04+00:00"

    @settings(max_examples=50)
    @given(clients() | customers())
    def test_the_html_of_a_party_depends_on_no_personal_value(
        self, party: Client | Customer
    ) -> None:
        markup = party._repr_html_()

        marked = _all_personal_marked(party, MARKER)

        assert marked._repr_html_() == markup
        assert MARKER not in markup

    @settings(max_examples=50)
    @given(interactions() | purchases() | money() | clients() | customers())
    def test_every_model_renders_only_table_tags(self, obj: Any) -> None:
        parsed = _parse(obj._repr_html_())

        assert set(parsed.tags) <= {
            "table",
            "caption",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
        }
        assert parsed.texts[0]

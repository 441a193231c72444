"""moments.reporting: flat records and columns, and plain-text tables."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moments import (
    Channel,
    Client,
    Consent,
    Contact,
    Customer,
    Feedback,
    Greeting,
    InfoField,
    Information,
    Interaction,
    InvalidArgument,
    InvalidData,
    Moment,
    Money,
    PartyKind,
    Preferences,
    Profile,
    Purchase,
)
from moments._personal import is_personal
from moments.checklists import Audit, Auditor, ItemResult, Outcome
from moments.reporting import PERSONAL_FIELDS, format_table, to_columns, to_records
from moments.scorecards import Scorecard, by_staff, scorecards_by
from moments.standards import gold_standard
from moments.strategies import (
    audits,
    clients,
    customers,
    interactions,
    purchase_summaries,
    purchases,
    scorecards,
)
from moments.value import summarize_purchases

PLUS_TWO = timezone(timedelta(hours=2))
AS_OF = datetime(2026, 6, 12, 19, 0, tzinfo=PLUS_TWO)
PLAIN = (str, int, float, bool, Decimal, date, datetime, type(None))
GOLD = Auditor(gold_standard())


def result(item_id: str, outcome: Outcome, *, critical: bool = False) -> ItemResult:
    moment = Moment.GREETING if item_id.startswith("g") else Moment.GOODBYE
    return ItemResult(
        item_id=item_id,
        moment=moment,
        outcome=outcome,
        weight=1,
        critical=critical,
        bonus=False,
    )


def make_audit(
    interaction_id: str = "i-1",
    *,
    staff_id: str | None = "amira",
    outcomes: tuple[Outcome, Outcome] = (Outcome.PASS, Outcome.FAIL),
    critical: bool = False,
) -> Audit:
    return Audit(
        interaction_id=interaction_id,
        checklist_name="demo",
        checklist_version=2,
        pass_mark=0.85,
        as_of=AS_OF,
        results=(
            result("g-prompt", outcomes[0], critical=critical),
            result("thanked", outcomes[1]),
        ),
        channel=Channel.IN_PERSON,
        party_kind=PartyKind.CLIENT,
        staff_id=staff_id,
        location_id="harbour",
        greeting_wait=timedelta(seconds=4, milliseconds=500),
    )


class TestAuditRecords:
    def test_one_record_per_audit_with_plain_values(self) -> None:
        audits = [make_audit("i-1"), make_audit("i-2", staff_id=None)]

        rows = to_records(audits)

        assert [r["interaction_id"] for r in rows] == ["i-1", "i-2"]
        assert rows[1]["staff_id"] is None
        assert all(isinstance(v, PLAIN) for r in rows for v in r.values())

    def test_datetimes_are_converted_to_utc(self) -> None:
        (row,) = to_records([make_audit()])

        assert row["as_of"] == datetime(2026, 6, 12, 17, 0, tzinfo=UTC)
        assert row["as_of"].tzinfo is UTC

    def test_scores_are_floats_enums_are_values_and_waits_are_seconds(self) -> None:
        (row,) = to_records([make_audit()])

        assert row["score"] == 0.5
        assert row["passed"] is False
        assert row["channel"] == "in_person"
        assert row["party_kind"] == "client"
        assert row["greeting_wait_s"] == 4.5
        assert row["moment_greeting"] == 1.0
        assert row["moment_goodbye"] == 0.0

    def test_critical_failures_are_listed_and_zero_the_score(self) -> None:
        audit = make_audit(outcomes=(Outcome.FAIL, Outcome.PASS), critical=True)

        (row,) = to_records([audit])

        assert row["critical_failures"] == "g-prompt"
        assert row["score"] == 0.0
        assert row["raw_score"] == 0.5

    def test_item_detail_gives_one_record_per_item_result(self) -> None:
        audits = [make_audit("i-1"), make_audit("i-2")]

        rows = to_records(audits, detail="items")

        assert [(r["interaction_id"], r["item_id"]) for r in rows] == [
            ("i-1", "g-prompt"),
            ("i-1", "thanked"),
            ("i-2", "g-prompt"),
            ("i-2", "thanked"),
        ]
        assert rows[1]["outcome"] == "fail"
        assert rows[1]["moment"] == "goodbye"

    @given(interactions(currency="EUR"))
    def test_every_audit_of_any_interaction_flattens_to_plain_values(
        self, interaction: object
    ) -> None:
        audit = GOLD.audit(interaction)  # type: ignore[arg-type]

        (row,) = to_records([audit])

        assert all(isinstance(v, PLAIN) for v in row.values())
        assert row["as_of"].utcoffset() == timedelta(0)
        assert row["interaction_id"] == audit.interaction_id


class TestScorecardRecords:
    def test_a_scorecard_flattens_to_counts_and_rates(self) -> None:
        feedback = Feedback(interaction_id="i-1", at=AS_OF, nps=10, csat=5)
        card = Scorecard.from_audits([make_audit("i-1"), make_audit("i-2")], [feedback])

        (row,) = to_records([card])

        assert row["audits"] == 2
        assert row["pass_rate"] == 0.0
        assert row["mean_score"] == 0.5
        assert row["nps"] == 100.0
        assert row["moment_goodbye"] == 0.0

    def test_a_mapping_of_scorecards_gains_a_key_column_first(self) -> None:
        audits = [make_audit("i-1"), make_audit("i-2", staff_id="bruno")]
        groups = scorecards_by(audits, by_staff)

        rows = to_records(groups)

        assert [r["key"] for r in rows] == ["amira", "bruno"]
        assert next(iter(rows[0])) == "key"

    def test_enum_and_tuple_keys_become_strings(self) -> None:
        card = Scorecard.from_audits([make_audit()])

        rows = to_records({Channel.PHONE: card, ("harbour", None): card})

        assert [r["key"] for r in rows] == ["phone", "harbour/"]


class TestPurchaseSummaryRecords:
    def test_money_is_an_exact_decimal_with_its_currency(self) -> None:
        purchases = [
            Purchase(
                at=AS_OF - timedelta(days=d),
                amount=Money(amount=Decimal(a), currency="EUR"),
            )
            for d, a in ((10, "12.50"), (3, "7.25"))
        ]
        summary = summarize_purchases(purchases, as_of=AS_OF)

        rows = to_records({"maya": summary})

        assert rows[0]["key"] == "maya"
        assert rows[0]["total_spend"] == Decimal("19.75")
        assert rows[0]["currency"] == "EUR"
        assert rows[0]["repeat_count"] == 1
        assert isinstance(rows[0]["first_purchase_day"], date)


class TestToColumns:
    def test_columns_hold_the_same_values_as_records(self) -> None:
        audits = [make_audit("i-1"), make_audit("i-2")]

        columns = to_columns(audits)

        records = to_records(audits)
        assert list(columns) == list(records[0])
        for name, values in columns.items():
            assert values == [r[name] for r in records]

    def test_nothing_gives_no_columns(self) -> None:
        assert to_columns([]) == {}

    def test_a_column_missing_from_some_records_is_filled_with_none(self) -> None:
        full = make_audit("i-1")
        goodbye_only = Audit(
            interaction_id="i-2",
            checklist_name="demo",
            checklist_version=1,
            pass_mark=0.85,
            as_of=AS_OF,
            results=(result("thanked", Outcome.PASS),),
            channel=Channel.PHONE,
            party_kind=PartyKind.CUSTOMER,
        )

        columns = to_columns([goodbye_only, full])

        assert columns["moment_greeting"] == [None, 1.0]


class TestRejections:
    def test_a_mix_of_kinds_is_invalid_data(self) -> None:
        card = Scorecard.from_audits([make_audit()])

        with pytest.raises(InvalidData, match=r"\$\.items\[\d+\]: expected .*one kind"):
            to_records([make_audit(), card])

    @pytest.mark.parametrize("thing", [1, "audit", None, Fraction(1, 2)])
    def test_an_unsupported_object_is_invalid_data(self, thing: object) -> None:
        with pytest.raises(InvalidData, match=r"\$\.items"):
            to_records([thing])

    def test_an_unknown_detail_is_invalid_data(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.detail"):
            to_records([make_audit()], detail="everything")

    def test_item_detail_is_only_for_audits(self) -> None:
        card = Scorecard.from_audits([make_audit()])

        with pytest.raises(InvalidData, match=r"\$\.detail"):
            to_records([card], detail="items")

    def test_an_as_of_whose_date_in_utc_is_out_of_range_is_refused(self) -> None:
        # Midnight at UTC+5 on 1 January of year 1 is year 0 in UTC.
        early = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))
        audits = [make_audit(), attrs.evolve(make_audit(), as_of=early)]

        with pytest.raises(InvalidData, match=r"\$\.items\[1\]\.as_of: .*UTC"):
            to_records(audits)

    def test_a_datetime_key_whose_date_in_utc_is_out_of_range_is_refused(
        self,
    ) -> None:
        early = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))
        cards = {early: Scorecard.from_audits([make_audit()])}

        with pytest.raises(InvalidData, match=r"\$\.items\[0\]: .*in UTC"):
            to_records(cards)

    @given(st.lists(st.integers() | st.text() | st.none(), min_size=1))
    def test_arbitrary_input_fails_only_with_invalid_data(
        self, junk: list[object]
    ) -> None:
        with pytest.raises(InvalidData):
            to_records(junk)


class TestFormatTable:
    def test_numbers_align_right_and_text_left(self) -> None:
        rows = [{"staff": "amira", "audits": 12}, {"staff": "bo", "audits": 3}]

        text = format_table(rows)

        assert text.splitlines() == [
            "staff  audits",
            "-----  ------",
            "amira      12",
            "bo          3",
        ]

    def test_none_is_a_dash_booleans_are_words_floats_are_rounded(self) -> None:
        rows = [{"passed": True, "score": 0.8751, "staff": None}]

        text = format_table(rows, digits=1)

        assert text.splitlines()[-1] == "yes       0.9  -"

    def test_columns_pick_and_order_and_title_goes_first(self) -> None:
        rows = [{"a": 1, "b": "x"}]

        text = format_table(rows, ["b", "a"], title="Totals")

        assert text.splitlines() == ["Totals", "b  a", "-  -", "x  1"]

    def test_no_records_still_prints_the_header(self) -> None:
        text = format_table([], ["id", "score"])

        assert text.splitlines() == ["id  score", "--  -----"]

    def test_datetimes_print_to_the_second(self) -> None:
        rows = [{"at": datetime(2026, 6, 12, 9, 0, 1, 500, tzinfo=UTC)}]

        assert format_table(rows).splitlines()[-1] == "2026-06-12T09:00:01+00:00"


# -- interactions, customers, clients and purchases --------------------------

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=PLUS_TWO)
MARKER = "Zq7Marker"
EUR = "EUR"


def _ada(**changes: object) -> Client:
    ada = Client(
        id="c-1",
        name=f"{MARKER} Lovelace",
        since=T0,
        contact=Contact(email=f"{MARKER}@example.com", phone="+44 20 7946 0000"),
        profile=Profile(hometown="London", children=2, notes=f"note {MARKER}"),
        preferences=Preferences(likes={"tea", "scones"}, wishlist={"kettle"}),
        purchases=(
            Purchase(at=T0, amount=Money(amount=Decimal("3.40"), currency=EUR)),
            Purchase(
                at=T0 - timedelta(days=3),
                amount=Money(amount=Decimal("9.00"), currency=EUR),
            ),
        ),
    )
    return attrs.evolve(ada, **changes)


def _visit(**changes: object) -> Interaction:
    visit = Interaction(
        id="i-1",
        channel=Channel.IN_PERSON,
        arrived_at=T0,
        party_kind=PartyKind.CLIENT,
        party_id="c-1",
        staff_id="amira",
        greeting=Greeting(at=T0 + timedelta(seconds=4), by="amira"),
        information=Information(collected={InfoField.LIKES, InfoField.NAME}),
        purchase=Purchase(
            at=T0 + timedelta(minutes=5),
            amount=Money(amount=Decimal("12.50"), currency=EUR),
            id="p-7",
        ),
    )
    return attrs.evolve(visit, **changes)


def _every_personal_value_marked(party: Any) -> Any:
    """``party`` with each known personal value replaced by one holding
    ``MARKER`` (unknown values stay unknown)."""

    def marked(record: Any) -> Any:
        changes: dict[str, object] = {}
        for a in attrs.fields(type(record)):
            value = getattr(record, a.name)
            if isinstance(value, str):
                changes[a.name] = f"{MARKER}-{a.name}"
            elif isinstance(value, frozenset):
                changes[a.name] = frozenset(f"{MARKER}{n}" for n in range(len(value)))
            elif isinstance(value, int) and not isinstance(value, bool):
                changes[a.name] = value + 1
        return attrs.evolve(record, **changes)

    changes: dict[str, object] = {}
    for a in attrs.fields(type(party)):
        value = getattr(party, a.name)
        if not is_personal(a) or value is None:
            continue
        changes[a.name] = (
            marked(value) if attrs.has(type(value)) else f"{MARKER}-{a.name}"
        )
    return attrs.evolve(party, **changes)


def _cells(records: list[dict[str, object]]) -> str:
    return repr([list(r.values()) for r in records])


class TestRecordsOfParties:
    def test_records_of_clients_leave_out_personal_fields(self) -> None:
        (row,) = to_records([_ada()])

        assert not set(row) & set(PERSONAL_FIELDS[Client])
        assert MARKER not in repr(row)
        assert "London" not in repr(row)
        assert row["id"] == "c-1"
        assert row["stage"] == "client"

    def test_records_of_customers_leave_out_personal_fields(self) -> None:
        bo = Customer(
            id="c-2", first_seen=T0, name=MARKER, contact=Contact(phone=MARKER)
        )

        (row,) = to_records([bo])

        assert MARKER not in repr(row)
        assert row["stage"] == "identified"
        assert list(row) == [
            "id",
            "first_seen",
            "stage",
            "consent_given_at",
            "consent_purposes",
            "consent_withdrawn_at",
            "purchase_count",
            "first_purchase_at",
            "last_purchase_at",
        ]

    def test_records_include_a_personal_field_asked_for_by_name(self) -> None:
        (row,) = to_records([_ada()], personal=("email", "name", "likes"))

        assert row["name"] == f"{MARKER} Lovelace"
        assert row["email"] == f"{MARKER}@example.com"
        assert row["likes"] == "scones,tea"
        assert "phone" not in row
        assert "notes" not in row

    def test_asked_personal_columns_keep_the_declared_order(self) -> None:
        (row,) = to_records([_ada()], personal=["notes", "email", "name"])

        assert list(row)[:6] == ["id", "since", "stage", "name", "email", "notes"]

    def test_an_unknown_personal_field_is_invalid_data_naming_it(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.personal\[1\]: .*'nmae'") as e:
            to_records([_ada()], personal=["email", "nmae"])

        assert "hometown" in str(e.value)

    def test_a_client_field_is_unknown_for_a_customer(self) -> None:
        bo = Customer(id="c-2", first_seen=T0)

        with pytest.raises(InvalidData, match=r"\$\.personal\[0\]: .*Customer"):
            to_records([bo], personal=["notes"])

    def test_a_personal_field_of_interactions_is_unknown(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.personal\[0\]: .*Interaction"):
            to_records([_visit()], personal=["name"])

    def test_an_unknown_personal_field_is_refused_even_with_no_objects(
        self,
    ) -> None:
        with pytest.raises(InvalidData, match=r"\$\.personal\[0\]: .*'nmae'"):
            to_records([], personal=["nmae"])

    def test_personal_must_be_an_iterable_of_names(self) -> None:
        with pytest.raises(InvalidArgument, match=r"^\$\.personal: "):
            to_records([_ada()], personal="name")
        with pytest.raises(InvalidData, match=r"^\$\.personal\[0\]: "):
            to_records([_ada()], personal=[1])  # type: ignore[list-item]

    def test_a_clients_purchase_history_is_counted_and_dated_in_utc(self) -> None:
        (row,) = to_records([_ada()])

        assert row["purchase_count"] == 2
        assert row["first_purchase_at"] == (T0 - timedelta(days=3)).astimezone(UTC)
        assert row["last_purchase_at"] == T0.astimezone(UTC)
        assert row["transition_count"] == 0
        assert row["last_transition_at"] is None

    def test_a_consent_becomes_three_columns(self) -> None:
        consent = Consent(given_at=T0)

        (row,) = to_records([_ada(consent=consent)])

        assert row["consent_given_at"] == T0.astimezone(UTC)
        assert row["consent_purposes"] == "contact,keep_details"
        assert row["consent_withdrawn_at"] is None


class TestRecordsOfInteractions:
    def test_an_interaction_is_one_flat_row_in_utc(self) -> None:
        (row,) = to_records([_visit()])

        assert row["id"] == "i-1"
        assert row["channel"] == "in_person"
        assert row["arrived_at"] == T0
        assert row["arrived_at"].tzinfo is UTC
        assert row["greeting_wait_s"] == 4.0
        assert row["greeted_by"] == "amira"
        assert row["information_collected"] == "likes,name"
        assert row["purchase_amount"] == Decimal("12.50")
        assert row["purchase_currency"] == "EUR"
        assert row["goodbye_at"] is None
        assert row["goodbye_thanked"] is None

    def test_a_bare_interaction_has_the_same_keys_as_a_full_one(self) -> None:
        bare = Interaction(
            id="i-2",
            channel=Channel.EMAIL,
            arrived_at=T0,
            party_kind=PartyKind.CUSTOMER,
        )

        full, empty = to_records([_visit(), bare])

        assert list(full) == list(empty)
        assert empty["purchase_amount"] is None

    def test_a_time_whose_date_in_utc_is_out_of_range_names_its_field(self) -> None:
        early = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))
        bare = Interaction(
            id="i-2",
            channel=Channel.EMAIL,
            arrived_at=early,
            party_kind=PartyKind.CUSTOMER,
        )

        with pytest.raises(InvalidData, match=r"\$\.items\[1\]\.arrived_at: .*UTC"):
            to_records([_visit(), bare])

    def test_pandas_frame_of_interactions_has_one_row_each(self) -> None:
        pd = pytest.importorskip("pandas")
        visits = [_visit(id=f"i-{n}") for n in range(5)]

        frame = pd.DataFrame(to_records(visits))

        assert len(frame) == 5
        assert list(frame["id"]) == [f"i-{n}" for n in range(5)]
        assert str(frame["arrived_at"].dt.tz) == "UTC"
        assert frame["greeting_wait_s"].sum() == 20.0

    def test_pandas_frame_of_clients_holds_no_personal_data(self) -> None:
        pd = pytest.importorskip("pandas")

        frame = pd.DataFrame(to_records([_ada(), _ada(id="c-2")]))

        assert MARKER not in frame.to_csv()
        assert list(frame["purchase_count"]) == [2, 2]


class TestRecordsOfPurchases:
    def test_a_purchase_is_its_time_amount_currency_and_id(self) -> None:
        rows = to_records(_ada().purchases)

        assert rows[0] == {
            "at": T0.astimezone(UTC),
            "amount": Decimal("3.40"),
            "currency": "EUR",
            "id": None,
        }

    def test_purchases_keyed_by_client_gain_a_key_column(self) -> None:
        ada = _ada()

        rows = to_records({ada.id: ada.purchases[0]})

        assert list(rows[0]) == ["key", "at", "amount", "currency", "id"]
        assert rows[0]["key"] == "c-1"


def _one_kind_strategies() -> list[st.SearchStrategy[list[Any]]]:
    one_checklist = audits(checklist=gold_standard())
    return [
        st.lists(interactions(currency=EUR), max_size=4),
        st.lists(customers(), max_size=4),
        st.lists(clients(), max_size=4),
        st.lists(purchases(), max_size=4),
        st.lists(purchase_summaries(), max_size=4),
        st.lists(one_checklist, max_size=3),
    ]


class TestRecordsProperties:
    @settings(max_examples=60)
    @given(st.one_of(_one_kind_strategies()))
    def test_records_of_one_kind_have_the_same_keys_and_plain_values(
        self, items: list[Any]
    ) -> None:
        rows = to_records(items)

        assert len(rows) == len(items)
        assert len({tuple(r) for r in rows}) <= 1
        assert all(isinstance(v, PLAIN) for r in rows for v in r.values())
        assert all(
            v.tzinfo is UTC for r in rows for v in r.values() if isinstance(v, datetime)
        )

    @settings(max_examples=60)
    @given(st.one_of(_one_kind_strategies()) | st.lists(scorecards(), max_size=3))
    def test_to_columns_is_to_records_transposed(self, items: list[Any]) -> None:
        rows = to_records(items)

        columns = to_columns(items)

        names = list(dict.fromkeys(n for r in rows for n in r))
        assert list(columns) == names
        assert columns == {n: [r.get(n) for r in rows] for n in names}

    @settings(max_examples=60)
    @given(st.lists(clients(), max_size=3) | st.lists(customers(), max_size=3))
    def test_records_of_parties_hold_no_personal_value_unless_asked(
        self, parties: list[Any]
    ) -> None:
        marked = [_every_personal_value_marked(p) for p in parties]

        rows = to_records(marked)

        assert MARKER not in _cells(rows)
        assert rows == to_records(parties)
        assert all(not set(r) & set(PERSONAL_FIELDS[Client]) for r in rows)

    @settings(max_examples=60)
    @given(st.data(), st.lists(clients(), min_size=1, max_size=3))
    def test_records_carry_exactly_the_personal_fields_asked_for(
        self, data: st.DataObject, parties: list[Client]
    ) -> None:
        asked = data.draw(st.lists(st.sampled_from(PERSONAL_FIELDS[Client])))

        rows = to_records(parties, personal=asked)

        plain = to_records(parties)
        for row, bare, party in zip(rows, plain, parties, strict=True):
            extra = {k: v for k, v in row.items() if k not in bare}
            assert set(extra) == set(asked)
            assert {k: v for k, v in row.items() if k in bare} == bare
            for name, value in extra.items():
                held = getattr(party, name, None)
                for part in (party.contact, party.profile, party.preferences):
                    held = getattr(part, name, held)
                if isinstance(held, frozenset):
                    assert value == ",".join(sorted(held))
                else:
                    assert value == held

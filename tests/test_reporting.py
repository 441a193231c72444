"""moments.reporting: flat records and columns, and plain-text tables."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from moments import (
    Channel,
    Feedback,
    InvalidData,
    Moment,
    Money,
    PartyKind,
    Purchase,
)
from moments.checklists import Audit, Auditor, ItemResult, Outcome
from moments.reporting import format_table, to_columns, to_records
from moments.scorecards import Scorecard, by_staff, scorecards_by
from moments.standards import gold_standard
from moments.strategies import interactions
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

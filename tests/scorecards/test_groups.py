"""Tests for moments.scorecards.groups: one scorecard per group of audits
(by staff, location, channel, party kind, local day or any key), in a
stable key order, with each piece of feedback in its interaction's group."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given

from _support import T0
from moments import Channel, Feedback, InvalidData, PartyKind, WowCard
from moments.checklists import Audit
from moments.scorecards import (
    Scorecard,
    by_channel,
    by_day,
    by_location,
    by_party_kind,
    by_staff,
    scorecards_by,
)
from scorecards._cards import audit_lists, failing, passing


class TestScorecardsBy:
    def test_groups_by_staff_with_unrecorded_staff_first(self) -> None:
        audits = [passing(staff_id="s-ben"), failing(), passing(staff_id="s-ana")]

        groups = scorecards_by(audits, by_staff)

        assert list(groups) == [None, "s-ana", "s-ben"]
        assert groups[None].passed == 0

    def test_enum_keys_follow_declaration_order(self) -> None:
        audits = [
            passing(channel=Channel.EMAIL),
            passing(channel=Channel.IN_PERSON, party_kind=PartyKind.CUSTOMER),
        ]

        assert list(scorecards_by(audits, by_channel)) == [
            Channel.IN_PERSON,
            Channel.EMAIL,
        ]
        assert list(scorecards_by(audits, by_party_kind)) == list(PartyKind)

    def test_feedback_goes_to_the_group_of_its_interaction(self) -> None:
        audits = [
            passing(interaction_id="i-1", location_id="l-north"),
            passing(interaction_id="i-2", location_id="l-south"),
        ]
        card = WowCard(staff_id="s-ana", story="Lovely")
        answers = [
            Feedback(interaction_id="i-2", at=T0, nps=10, wow=card),
            Feedback(interaction_id="i-9", at=T0, nps=0),
        ]

        groups = scorecards_by(audits, by_location, feedback=answers)

        assert groups["l-north"].nps is None
        assert groups["l-south"].nps == 100
        assert groups["l-south"].wow_by_staff == (("s-ana", 1),)

    def test_by_day_uses_the_local_calendar_day(self) -> None:
        late = datetime(2026, 6, 1, 23, 30, tzinfo=UTC)  # 08:30 on 2 June in Tokyo
        audits = [passing(as_of=late), passing(as_of=T0)]

        groups = scorecards_by(audits, by_day("Asia/Tokyo"))

        assert [d.isoformat() for d in groups] == ["2026-06-01", "2026-06-02"]

    def test_the_day_key_survives_pickle_for_dask_workers(self) -> None:
        key = by_day("Europe/London")

        again = pickle.loads(pickle.dumps(key))

        assert again(passing(as_of=T0)) == key(passing(as_of=T0))

    def test_an_as_of_whose_local_date_is_out_of_range_is_refused(self) -> None:
        late = datetime(9999, 12, 31, 23, 30, tzinfo=UTC)  # the year 10000 in Tokyo

        with pytest.raises(InvalidData, match=r"\$\.as_of: .*Asia/Tokyo"):
            scorecards_by([passing(as_of=late)], by_day("Asia/Tokyo"))

    @pytest.mark.parametrize("zone", ["Mars/Olympus", "", 3])
    def test_by_day_refuses_an_unknown_zone(self, zone: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.zone: expected"):
            by_day(zone)

    @given(audit_lists)
    def test_the_groups_merge_back_to_the_whole(self, audits: list[Audit]) -> None:
        groups = scorecards_by(audits, by_staff)

        assert Scorecard.merge_all(groups.values()) == Scorecard.from_audits(audits)

"""Checklist items and checklists (``moments.checklists.items``): defaults,
validation, look-up and HTML."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from moments import (
    Channel,
    InvalidData,
    Moment,
    PartyKind,
)
from moments import checks as k
from moments.checklists import (
    Checklist,
    ChecklistItem,
)

heavy = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestChecklistValidation:
    def item(self, **kw: Any) -> ChecklistItem:
        fields: dict[str, Any] = {
            "id": "x",
            "moment": Moment.GOODBYE,
            "text": "Thanked",
            "check": k.Thanked(),
        }
        fields.update(kw)
        return ChecklistItem(**fields)

    def test_defaults_apply_to_every_party_kind_and_channel(self) -> None:
        item = self.item()

        assert item.party_kinds == frozenset(PartyKind)
        assert item.channels == frozenset(Channel)
        assert (item.weight, item.critical, item.bonus) == (1, False, False)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("id", ""),
            ("moment", "greeting"),
            ("text", 3),
            ("check", "thanked"),
            ("weight", -1),
            ("weight", 1.0),
            ("weight", True),
            ("critical", 1),
            ("party_kinds", frozenset()),
            ("channels", frozenset({"phone"})),
        ],
    )
    def test_invalid_item_fields_name_the_field(self, field: str, value: Any) -> None:
        with pytest.raises(InvalidData, match=rf"\$\.{field}"):
            self.item(**{field: value})

    def test_a_bonus_item_cannot_be_critical(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.bonus: .*critical"):
            self.item(critical=True, bonus=True)

    def test_weight_zero_is_allowed(self) -> None:
        assert self.item(weight=0).weight == 0

    def test_item_ids_must_be_unique(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.items\[1\]\.id: .*'x'"):
            Checklist(name="c", version=1, items=(self.item(), self.item()))

    def test_a_checklist_needs_at_least_one_item(self) -> None:
        with pytest.raises(InvalidData, match=r"\$\.items"):
            Checklist(name="c", version=1, items=())

    @pytest.mark.parametrize("version", [0, -1, "1", True])
    def test_version_is_an_integer_from_one(self, version: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.version"):
            Checklist(name="c", version=version, items=(self.item(),))

    @pytest.mark.parametrize("mark", [-0.01, 1.01, float("nan"), True, "0.8"])
    def test_pass_mark_is_a_number_from_zero_to_one(self, mark: Any) -> None:
        with pytest.raises(InvalidData, match=r"\$\.pass_mark"):
            Checklist(name="c", version=1, items=(self.item(),), pass_mark=mark)

    def test_a_list_of_items_becomes_a_tuple(self) -> None:
        checklist = Checklist(name="c", version=1, items=[self.item()])

        assert checklist.items == (self.item(),)
        assert checklist.pass_mark == 0.85
        assert checklist.label == "c@1"

    def test_items_are_found_by_id(self) -> None:
        checklist = Checklist(name="c", version=1, items=(self.item(),))

        assert checklist["x"].text == "Thanked"
        with pytest.raises(KeyError):
            checklist["y"]

    def test_html_escapes_text(self) -> None:
        item = self.item(text="<b>Thanked</b>")

        html = Checklist(name="c", version=1, items=(item,))._repr_html_()

        assert "&lt;b&gt;Thanked" in html
        assert "<b>Thanked" not in html

"""The checklist strategies (``moments.strategies``) draw valid objects and
are registered for ``st.from_type``."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moments import checks as k
from moments.checklists import (
    Audit,
    Checklist,
    ChecklistItem,
    ItemResult,
)
from moments.strategies._checklists import checklist_items

heavy = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestStrategies:
    @settings(heavy, max_examples=25)  # a registration smoke test
    @given(
        st.from_type(Checklist),
        st.from_type(ChecklistItem),
        st.from_type(ItemResult),
        st.from_type(k.InformationCollected),
        st.from_type(Audit),
    )
    def test_every_type_is_registered_for_from_type(
        self,
        checklist: Checklist,
        item: ChecklistItem,
        result: ItemResult,
        check: k.InformationCollected,
        a: Audit,
    ) -> None:
        assert type(checklist) is Checklist
        assert type(item) is ChecklistItem
        assert type(result) is ItemResult
        assert check.min_count <= len(check.fields)
        assert type(a) is Audit

    def test_pinning_an_unknown_field_is_a_type_error(self) -> None:
        with pytest.raises(TypeError, match="nope"):
            checklist_items(nope=1)

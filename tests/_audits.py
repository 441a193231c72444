"""Audits built by hand, shared by the scorecard tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from moments import Channel, PartyKind
from moments.checklists import Audit, ItemResult

AS_OF = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def make_audit(*results: ItemResult, **fields: Any) -> Audit:
    """An in-person client audit of checklist ``demo`` v1 as of ``AS_OF``
    with ``results``; any other field by keyword."""
    values: dict[str, Any] = {
        "interaction_id": "i-1",
        "checklist_name": "demo",
        "checklist_version": 1,
        "pass_mark": 0.85,
        "as_of": AS_OF,
        "results": results,
        "channel": Channel.IN_PERSON,
        "party_kind": PartyKind.CLIENT,
    }
    values.update(fields)
    return Audit(**values)

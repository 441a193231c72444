"""The shared test helpers: one home for what several test modules use.

* ``T0`` and the outcome shorthands ``PASS``, ``FAIL``, ``NA``;
* the ends of Python's date range (``EARLY``, ``LATE``, ``LAST`` and the
  ``instants`` strategy) that the ``TestDateRangeEdges`` classes use;
* the fuzz assertions: only `moments` errors escape, and an error about a
  model names one of its fields;
* ``visit()`` and ``make_audit()``, a plain interaction and a hand-built
  audit with every other field by keyword.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st

from moments import Channel, Interaction, InvalidData, MomentsError, PartyKind, cli
from moments.checklists import Audit, ItemResult, Outcome
from moments.serialization import from_dict

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
"""A Monday morning in UTC: the arrival of the plain test visit."""
PASS, FAIL, NA = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE

# -- the ends of the date range ----------------------------------------------
# 23:30 UTC on 31 December 9999 is 1 January 10000 in Kolkata; midnight at
# UTC+5 on 1 January of year 1 is year 0 in UTC; 20:00 on 31 December 9999
# at UTC-5 is the year 10000 in UTC.
LATE = datetime(9999, 12, 31, 23, 30, tzinfo=UTC)
EARLY = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))
LAST = datetime(9999, 12, 31, 20, tzinfo=timezone(-timedelta(hours=5)))

ZONES = ("UTC", "Asia/Kolkata", "America/New_York", "Pacific/Kiritimati")
_tzinfos = st.sampled_from(ZONES).map(ZoneInfo) | st.integers(-14 * 60, 14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
_FIRST, _END = datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59, 999999)
instants = st.one_of(
    st.datetimes(_FIRST, datetime(1, 1, 4), timezones=_tzinfos),
    st.datetimes(datetime(9999, 12, 29), _END, timezones=_tzinfos),
    st.datetimes(_FIRST, _END, timezones=_tzinfos),
)
"""Aware datetimes from the whole range, most within three days of an end."""


# -- fuzzing ----------------------------------------------------------------
@contextlib.contextmanager
def only_moments_errors() -> Iterator[None]:
    """The block may fail, but only with a `moments` error: anything else
    (TypeError, OverflowError, KeyError ...) escapes and fails the test."""
    with contextlib.suppress(MomentsError):
        yield


def field_names(cls: type) -> tuple[str, ...]:
    """The attrs field names of ``cls``."""
    return tuple(a.name for a in attrs.fields(cls))


def assert_only_field_errors(err: InvalidData, cls: type) -> None:
    """Every line starts with ``$.`` and names a field of ``cls``."""
    names = set(field_names(cls))
    for line in err.errors:
        found = re.match(r"\$\.(\w+)", line)
        assert found is not None, line
        assert found.group(1) in names, line


def assert_fails_only_with_invalid_data(
    cls: type, valid: Any, field: str, wrong: Any
) -> None:
    """Replacing ``field`` of ``valid`` by ``wrong`` either still validates
    or raises InvalidData whose lines name fields of ``cls``; nothing else
    (TypeError, AttributeError...) may escape."""
    try:
        built = attrs.evolve(valid, **{field: wrong})
    except InvalidData as err:
        assert_only_field_errors(err, cls)
    else:
        attrs.validate(built)


# -- plain records -----------------------------------------------------------
def visit(**fields: Any) -> Interaction:
    """An in-person client visit ``i-1`` arriving at ``T0``; any other
    field by keyword."""
    values: dict[str, Any] = {
        "id": "i-1",
        "channel": Channel.IN_PERSON,
        "party_kind": PartyKind.CLIENT,
        "arrived_at": T0,
    }
    values.update(fields)
    return Interaction(**values)


def make_audit(*results: ItemResult, **fields: Any) -> Audit:
    """An in-person client audit of checklist ``demo`` v1 as of ``T0``
    with ``results``; any other field by keyword."""
    values: dict[str, Any] = {
        "interaction_id": "i-1",
        "checklist_name": "demo",
        "checklist_version": 1,
        "pass_mark": 0.85,
        "as_of": T0,
        "results": results,
        "channel": Channel.IN_PERSON,
        "party_kind": PartyKind.CLIENT,
    }
    values.update(fields)
    return Audit(**values)


def read_audit(line: str | bytes) -> Audit:
    """One ``audit`` output line as the audit it reports, after checking
    that its derived keys say what the audit computes."""
    document = json.loads(line)
    derived = {key: document.pop(key) for key in cli.DERIVED_KEYS}
    audit = from_dict(Audit, document)
    assert derived == {
        "passed": audit.passed,
        "score": None if audit.score is None else float(audit.score),
        "raw_score": None if audit.raw_score is None else float(audit.raw_score),
    }
    return audit

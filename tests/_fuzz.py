"""Shared body of the model fuzzing tests: a wrong value in one field
either makes a valid object or fails with InvalidData naming a field."""

from __future__ import annotations

import re
from typing import Any

import attrs

from moments import InvalidData


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

"""Which fields hold personal data, and how an error describes their value.

``repr`` masks personal fields, and so must every error message: a log or
the command line's stderr must never show a name, an address or a note. A
field is personal when its attrs metadata says so (:data:`PERSONAL`); an
error about it names the field, what was expected and the *kind* of value
that arrived (:func:`kind_of`: its type and size), never the value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sized
from typing import Any, Final

__all__ = ["PERSONAL", "arrived", "is_personal", "kind_of", "withheld"]

_KEY: Final = "moments.personal"

PERSONAL: Final[Mapping[str, bool]] = {_KEY: True}
"""attrs field metadata marking a personal field:
``attrs.field(..., metadata=PERSONAL)``."""


def is_personal(attribute: Any) -> bool:
    """Whether an attrs field (an ``attrs.Attribute``) holds personal data."""
    metadata = getattr(attribute, "metadata", None)
    return bool(metadata and metadata.get(_KEY))


def kind_of(value: object) -> str:
    """What ``value`` is, never what it says: its type and, for a sized
    value, its length.

    >>> kind_of("ada@example.com")
    'a str of 15 characters'
    >>> kind_of(442079460000)
    'an int'
    >>> kind_of(["Ada"])
    'a list of 1 item'
    >>> kind_of(b"Ada")
    'a bytes value of 3 bytes'
    """
    name = type(value).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    if value is None:
        return "None"
    if isinstance(value, Sized) and not isinstance(value, type):
        try:
            size = len(value)
        except Exception:  # pragma: no cover - a __len__ that raises
            return f"{article} {name}"
        unit = "character" if isinstance(value, str) else "item"
        if isinstance(value, bytes | bytearray):
            unit, name, article = "byte", f"{name} value", "a"
        return f"{article} {name} of {size} {unit}{'' if size == 1 else 's'}"
    return f"{article} {name}"


class _Kind:
    """Stands in for a personal value in an error: its ``repr`` is the
    value's kind. It keeps only that text, never the value."""

    __slots__ = ("_text",)

    def __init__(self, value: object) -> None:
        self._text = kind_of(value)

    def __repr__(self) -> str:
        return self._text


def withheld(value: object) -> object:
    """A stand-in for ``value`` in an error: its ``repr`` is
    :func:`kind_of` of the value, which it does not keep.

    >>> from moments.errors import InvalidData
    >>> InvalidData.field("party", "a Customer or Client", withheld("Ada")).errors
    ('$.party: expected a Customer or Client, got a str of 3 characters',)
    """
    return _Kind(value)


def arrived(attribute: Any, value: object) -> object:
    """What an error about the field ``attribute`` may show of ``value``
    (as the ``got`` of :meth:`moments.errors.InvalidData.field`, or in
    ``{!r}``): the value itself, or for a personal field a stand-in
    whose ``repr`` is :func:`kind_of` of it.

    >>> import attrs
    >>> from moments.parties import Contact
    >>> email = attrs.fields(Contact).email
    >>> arrived(email, 442079460000)
    an int
    """
    return withheld(value) if is_personal(attribute) else value

"""A read-only, hashable mapping for frozen value objects.

attrs frozen classes hash their fields, so a field that is a mapping must
itself be immutable and hashable: a ``dict`` is neither, and
``types.MappingProxyType`` is not hashable.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Generic, TypeVar

__all__ = ["FrozenMap"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """An immutable mapping, equal to any mapping with the same items.

    Example:
        >>> m = FrozenMap({1: "a"})
        >>> m[1], m == {1: "a"}, hash(m) == hash(FrozenMap({1: "a"}))
        ('a', True, True)
    """

    __slots__ = ("_data", "_hash")

    _data: dict[K, V]
    _hash: int | None

    def __init__(self, data: Mapping[K, V]) -> None:
        self._data = dict(data)
        self._hash = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        return repr(self._data)

    def __reduce__(self) -> tuple[type[FrozenMap[K, V]], tuple[dict[K, V]]]:
        return (type(self), (self._data,))

"""Codecs built from type hints: a fast loader, an explainer, a dumper.

One :class:`Codec` per type, built once from the attrs fields and type
hints of a model (private to :mod:`moments.serialization`):

* ``load(value)`` is the fast path: it builds the object or raises
  *anything*; it collects no detail.
* ``explain(value, path, errors)`` is the slow path run after a failure:
  it walks the same data, appends every problem as ``"$.path: expected
  ..., got ..."`` and returns :data:`BAD` where a value could not be built.
* ``dump(value)`` gives the canonical JSON value.

Attrs classes get generated functions for all three: the loader and the
explainer from :mod:`moments.serialization.loaders`, the dumper here (one
dict display, nested records' fields inlined).
"""

from __future__ import annotations

import enum
import threading
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal, Union

import attrs

from moments._codegen import compile_function, unique_filename
from moments.serialization.loaders import Field, plan_loaders
from moments.serialization.scalars import SCALARS
from moments.serialization.shapes import (
    BAD,
    UNBOUNDED,
    Codec,
    Dump,
    any_of_codec,
    class_kind,
    enum_codec,
    fixed_tuple_codec,
    json_scalar_codec,
    kind_of,
    literal_codec,
    mapping_codec,
    optional_codec,
    scalar_codec,
    sequence_codec,
    tagged_codec,
)

__all__ = ["BAD", "Codec", "codec_for"]

_CACHE: dict[object, Codec] = {}


class _Frame:
    """A codec under construction; ``nests`` once a cycle runs through it."""

    __slots__ = ("nests",)

    def __init__(self) -> None:
        self.nests = False


_BUILDING: list[_Frame] = []
_LOCK = threading.RLock()


def codec_for(tp: object) -> Codec:
    """The codec of type ``tp``, built on first use.

    A codec whose type can contain itself (rules inside rules) gets
    ``nests = True``, and so does every codec containing one: readers
    check the depth of such data before loading it.

    Raises:
        TypeError: ``tp`` is not a type that moments serializes.
    """
    found = _CACHE.get(tp)
    if found is not None and found.ready and not found.nests:
        return found
    with _LOCK:  # one builder at a time: no thread sees a half-built codec
        return _cached_or_built(tp)


def _cached_or_built(tp: object) -> Codec:
    found = _CACHE.get(tp)
    if found is not None:
        if not found.ready or found.nests:
            for frame in _BUILDING:
                frame.nests = True
        return found
    frame = _Frame()
    _BUILDING.append(frame)
    try:
        codec = _build(tp)
    finally:
        _BUILDING.pop()
    codec.nests = frame.nests
    return codec


def _build(tp: object) -> Codec:
    scalar = SCALARS.get(tp)
    if scalar is not None:
        codec = scalar_codec(scalar)
    elif isinstance(tp, type) and issubclass(tp, enum.Enum):
        codec = enum_codec(tp)
    elif _attrs_class(tp) is not None:
        cls = _attrs_class(tp)
        codec = Codec(f"an object ({cls.__name__})")  # type: ignore[union-attr]
        codec.yields = frozenset({cls})  # type: ignore[arg-type]
        _CACHE[tp] = codec
        try:
            _build_attrs(codec, tp)
        except BaseException:
            del _CACHE[tp]
            raise
        return codec
    elif isinstance(tp, typing.TypeVar):
        codec = json_scalar_codec()
    else:
        codec = _generic(tp)
    codec.ready = True
    _CACHE[tp] = codec
    return codec


def _attrs_class(tp: object) -> type | None:
    """The attrs class of ``tp`` (itself, or the origin of ``C[X]``)."""
    if isinstance(tp, type) and attrs.has(tp):
        return tp
    origin = typing.get_origin(tp)
    if isinstance(origin, type) and attrs.has(origin):
        return origin
    return None


def _hints(tp: object) -> dict[str, Any]:
    """Field types of an attrs class, with ``C[X]``'s type variables
    replaced by ``X`` (unbound ones stay, read as JSON scalars)."""
    cls: Any = _attrs_class(tp)
    # Every public class's hints resolve in its own module (a test pins it).
    hints = typing.get_type_hints(cls)
    params = getattr(cls, "__parameters__", ())
    args = typing.get_args(tp)
    if not params or len(args) != len(params):
        return hints
    # By name: a type variable imported only for type checking may resolve
    # to another module's variable of the same name.
    binding = {p.__name__: a for p, a in zip(params, args, strict=True)}
    return {name: _substitute(hint, binding) for name, hint in hints.items()}


def _substitute(hint: Any, binding: dict[Any, Any]) -> Any:
    if isinstance(hint, typing.TypeVar):
        return binding.get(hint.__name__, hint)
    params = getattr(hint, "__parameters__", ())
    if params:
        return hint[tuple(binding.get(p.__name__, p) for p in params)]
    return hint


def _generic(tp: object) -> Codec:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is Union or origin is types.UnionType:
        return _union(args)
    if origin is Literal:
        return literal_codec(args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return sequence_codec(codec_for(args[0]), frozen=False)
        return fixed_tuple_codec([codec_for(a) for a in args])
    if origin is frozenset:
        return sequence_codec(codec_for(args[0]), frozen=True)
    if isinstance(origin, type) and issubclass(origin, Mapping) and len(args) == 2:
        key = codec_for(args[0])
        return mapping_codec(origin, args[0], key, codec_for(args[1]))
    raise TypeError(f"moments.serialization cannot handle the type {tp!r}")


def _union(args: tuple[Any, ...]) -> Codec:
    members = [a for a in args if a is not type(None)]
    if len(members) < len(args):
        inner = codec_for(members[0]) if len(members) == 1 else _union(tuple(members))
        return optional_codec(inner)
    kinds = {kind_of(m): m for m in members}
    if None not in kinds and len(kinds) == len(members):
        return tagged_codec({k: codec_for(m) for k, m in kinds.items() if k}, members)
    return any_of_codec([codec_for(m) for m in members], members)


def _build_attrs(codec: Codec, tp: Any) -> None:
    cls: Any = _attrs_class(tp)
    hints = _hints(tp)
    fields = [a for a in attrs.fields(cls) if a.init]
    plan = [Field(a, codec_for(hints[a.name])) for a in fields]
    kind = class_kind(cls)
    plan_loaders(codec, cls, kind, plan)
    codec.depth = min(UNBOUNDED, 1 + max((f.codec.depth for f in plan), default=0))
    spec = [(f.alias, f.codec, f.required) for f in plan]
    codec.dump, codec.dump_top = _generate_dump(codec, cls, kind, spec)
    codec.ready = True


def _generate_dump(
    codec: Codec, cls: type, kind: str | None, spec: list[tuple[str, Codec, bool]]
) -> tuple[Dump, Dump]:
    """Compile the dumpers of an attrs class: one dict display, with the
    fields' dumping inlined (nested records too, unless self-nesting)."""
    attributes = {key: _attr(cls, key) for key, _, _ in spec}

    def body(src: str, ns: dict[str, object]) -> str:
        parts = [f"'kind': {kind!r}"] if kind else []
        for key, field, _ in spec:
            parts.append(f"{key!r}: {field.expr(f'{src}.{attributes[key]}', ns)}")
        return "{" + ", ".join(parts) + "}"

    ns: dict[str, object] = {}
    fields = body("o", ns)[1:-1]
    owner = cls.__qualname__
    name = f"dump_{cls.__name__}"
    dump = compile_function(
        f"def {name}(o):\n    return {{{fields}}}\n",
        name,
        filename=unique_filename("dumper", owner),
        namespace=ns,
    )
    dump_top = compile_function(
        f"def {name}_top(o, s):\n    return {{'$schema': s, {fields}}}\n",
        f"{name}_top",
        filename=unique_filename("top-level dumper", owner),
        namespace=ns,
    )
    codec.body = body
    return dump, dump_top


def _attr(cls: type, alias: str) -> str:
    for a in attrs.fields(cls):
        if a.alias == alias:
            return str(a.name)
    raise AssertionError(alias)  # pragma: no cover

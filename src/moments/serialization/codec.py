"""Codecs built from type hints: a fast loader, an explainer, a dumper.

One :class:`Codec` per type, built once from the attrs fields and type
hints of a model (private to :mod:`moments.serialization`):

* ``load(value)`` is the fast path: it builds the object or raises
  *anything*; it collects no detail.
* ``explain(value, path, errors)`` is the slow path run after a failure:
  it walks the same data, appends every problem as ``"$.path: expected
  ..., got ..."`` and returns :data:`BAD` where a value could not be built.
* ``dump(value)`` gives the canonical JSON value; attrs classes get a
  generated function (inlined field access) so dumping stays fast.
"""

from __future__ import annotations

import enum
import sys
import threading
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal, Union

import attrs

from moments.errors import InvalidData
from moments.serialization.scalars import SCALARS, Bad, show
from moments.serialization.shapes import (
    BAD,
    Codec,
    Dump,
    Load,
    any_of_codec,
    class_kind,
    enum_codec,
    fail,
    fixed_tuple_codec,
    json_scalar_codec,
    kind_of,
    late,
    literal_codec,
    mapping_codec,
    optional_codec,
    scalar_codec,
    sequence_codec,
    tagged_codec,
)

__all__ = ["BAD", "Codec", "codec_for", "register_loader"]

_CACHE: dict[object, Codec] = {}
_LOADERS: dict[type, Callable[[Codec], tuple[Load, Load]]] = {}


def register_loader(cls: type, make: Callable[[Codec], tuple[Load, Load]]) -> None:
    """Use hand-tuned fast loaders for ``cls``: ``make(codec)`` returns the
    nested loader and the top-level one (which allows ``"$schema"``)."""
    _LOADERS[cls] = make


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
    try:
        hints = typing.get_type_hints(cls)
    except NameError:
        # A name imported only for type checking: look it up in the package.
        hints = typing.get_type_hints(cls, localns=_namespace(cls))
    params = getattr(cls, "__parameters__", ())
    args = typing.get_args(tp)
    if not params or len(args) != len(params):
        return hints
    # By name: a type variable imported only for type checking may resolve
    # to another module's variable of the same name.
    binding = {p.__name__: a for p, a in zip(params, args, strict=True)}
    return {name: _substitute(hint, binding) for name, hint in hints.items()}


def _namespace(cls: type) -> dict[str, Any]:
    """Every name the package's modules define, then ``cls``'s module's."""
    import datetime as dt
    import decimal
    import fractions
    import zoneinfo

    from dateutil import relativedelta

    namespace: dict[str, Any] = {}
    for module in (dt, decimal, fractions, zoneinfo, relativedelta, typing):
        namespace.update(vars(module))
    for name, module in list(sys.modules.items()):
        if name.startswith("moments.") and module is not None:
            namespace.update(vars(module))
    namespace.update(vars(sys.modules[cls.__module__]))
    return namespace


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
    spec = [
        (a.alias, codec_for(hints[a.name]), a.default is attrs.NOTHING) for a in fields
    ]
    kind = class_kind(cls)
    keys = [key for key, _, _ in spec]
    allowed = frozenset(keys) | ({"kind"} if kind else set())
    known = ", ".join(sorted(allowed))
    plan = [(key, late(c, "load"), required) for key, c, required in spec]

    def make_load(permitted: frozenset[str]) -> Load:
        def load(data: Any) -> Any:
            if type(data) is not dict:
                raise Bad(codec.expected)
            kw = {}
            for key, load_field, required in plan:
                if key in data:
                    kw[key] = load_field(data[key])
                elif required:
                    raise Bad(codec.expected)
            if len(kw) != len(data) and (
                data.keys() - permitted
                or (kind is not None and data.get("kind", kind) != kind)
            ):
                raise Bad(codec.expected)
            return cls(**kw)

        return load

    def explain(data: Any, path: str, errors: list[str]) -> Any:
        if type(data) is not dict:
            return fail(errors, path, codec.expected, data)
        kw: dict[str, Any] = {}
        ok = True
        for key in data:
            if key not in allowed:
                where = f"{path}.{key}" if type(key) is str else path
                errors.append(
                    f"{where}: expected only the keys {known}, "
                    f"got unknown key {show(key)}"
                )
                ok = False
        if kind is not None and "kind" in data and data["kind"] != kind:
            ok = fail(errors, f"{path}.kind", repr(kind), data["kind"]) is not BAD
        failed = set()
        for key, field, required in spec:
            if key in data:
                item = field.explain(data[key], f"{path}.{key}", errors)
                if item is BAD:
                    failed.add(key)
                else:
                    kw[key] = item
            elif required:
                errors.append(f"{path}.{key}: expected {field.expected}, got nothing")
                failed.add(key)
        if failed:
            # Still run the validators of the fields that did load.
            _record(_every_problem(cls, kw, failed), path, errors)
            return BAD
        if not ok:
            return BAD
        return construct(cls, kw, path, errors)

    if cls in _LOADERS:
        codec.load, codec.load_top = _LOADERS[cls](codec)
    else:
        codec.load = make_load(allowed)
        codec.load_top = make_load(allowed | {"$schema"})
    codec.explain = explain
    codec.dump, codec.dump_top = _generate_dump(codec, cls, kind, spec)
    codec.ready = True


def construct(cls: type, kw: dict[str, Any], path: str, errors: list[str]) -> Any:
    """``cls(**kw)``; if its validators object, record *every* problem, each
    rebased under ``path`` (``$.at`` of a greeting becomes
    ``$.greeting.at``), and return :data:`BAD`."""
    try:
        return cls(**kw)
    except InvalidData as exc:
        found = _every_problem(cls, kw, set()) or list(exc.rebased("$"))
    except Exception as exc:
        found = [f"$: expected a valid {cls.__name__}, got {type(exc).__name__}"]
    _record(found, path, errors)
    return BAD


def _record(found: list[str], path: str, errors: list[str]) -> None:
    for line in dict.fromkeys(found):
        errors.append(path + line[1:])


def _every_problem(cls: type, kw: dict[str, Any], failed: set[str]) -> list[str]:
    """Run each field's validator on its own, so that one failure does not
    hide the next (``cls(...)`` stops at the first). Fields in ``failed``
    did not load: they are skipped, and so is any validator that trips
    over them (only its ``InvalidData`` counts)."""
    instance: Any = object.__new__(cls)
    fields = [a for a in attrs.fields(cls) if a.init]
    found: list[str] = []
    values = {}
    for a in fields:
        if a.alias in failed:
            value = BAD
        elif a.alias in kw:
            value = kw[a.alias]
        elif isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
            factory = a.default.factory
            value = factory(instance) if a.default.takes_self else factory()
        else:
            value = a.default
        if a.converter is not None and value is not BAD:
            try:
                value = a.converter(value)
            except Exception:
                found.append(f"$.{a.alias}: expected a valid value, got {show(value)}")
        values[a.name] = value
        object.__setattr__(instance, a.name, value)
    for a in fields:
        if a.validator is None or a.alias in failed:
            continue
        try:
            a.validator(instance, a, values[a.name])
        except InvalidData as exc:
            found.extend(exc.rebased("$"))
        except Exception:
            if failed:
                continue
            value = show(values[a.name])
            found.append(f"$.{a.alias}: expected a valid value, got {value}")
    return found


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
    source = (
        f"def dump(o):\n    return {{{fields}}}\n"
        f"def dump_top(o, s):\n    return {{'$schema': s, {fields}}}\n"
    )
    exec(compile(source, f"<moments dump {cls.__name__}>", "exec"), ns)
    codec.body = body
    return ns["dump"], ns["dump_top"]  # type: ignore[return-value]


def _attr(cls: type, alias: str) -> str:
    for a in attrs.fields(cls):
        if a.alias == alias:
            return str(a.name)
    raise AssertionError(alias)  # pragma: no cover

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
import json
import sys
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal, Union

import attrs

from moments._serialization_scalars import SCALARS, Bad, Scalar, show
from moments.errors import InvalidData

__all__ = ["BAD", "Codec", "codec_for", "register_loader"]

BAD: Any = object()
"""Returned by an explainer for a value that could not be built."""

Load = Callable[[Any], Any]
Explain = Callable[[Any, str, list[str]], Any]
Dump = Callable[[Any], Any]


class Codec:
    """Loader, explainer and dumper of one type."""

    __slots__ = (
        "dump",
        "dump_top",
        "expected",
        "explain",
        "inline",
        "inner",
        "items",
        "load",
        "load_top",
        "ready",
        "sort",
        "text",
    )

    def __init__(self, expected: str) -> None:
        self.expected = expected
        self.ready = False
        self.inline: str | None = None  # "{}" or "{}.value": dump as an expression
        self.load: Load = _unready
        self.explain: Explain = _unready
        self.dump: Dump = _unready
        self.dump_top: Dump | None = None
        self.load_top: Load | None = None
        self.inner: Codec | None = None  # set on optionals
        self.items: Codec | None = None  # set on tuples and frozensets
        self.sort = False  # frozensets: dumped sorted
        self.text = False  # always dumps to a str

    def expr(self, src: str, ns: dict[str, object]) -> str:
        """A Python expression dumping the value named ``src``."""
        if self.inline is not None:
            return self.inline.format(src)
        if self.inner is not None:
            return f"(None if {src} is None else {self.inner.expr(src, ns)})"
        items = self.items
        if items is not None and items.inline is not None:
            each = f"[{items.expr('_x', ns)} for _x in {src}]"
            if not self.sort:
                return each
            if items.text:
                return f"sorted({each})"
        name = f"_d{len(ns)}"
        ns[name] = _late(self, "dump")
        return f"{name}({src})"


def _unready(*args: object) -> Any:  # pragma: no cover - replaced on build
    raise RuntimeError("codec used before it was built")


def _late(codec: Codec, attr: str) -> Any:
    """``codec.<attr>``, or a trampoline to it while it is being built
    (recursive types)."""
    if codec.ready:
        return getattr(codec, attr)
    return lambda *args: getattr(codec, attr)(*args)


def fail(errors: list[str], path: str, expected: str, got: object) -> Any:
    """Record one problem and return :data:`BAD`."""
    errors.append(f"{path}: expected {expected}, got {show(got)}")
    return BAD


_CACHE: dict[object, Codec] = {}
_LOADERS: dict[type, Callable[[Codec], tuple[Load, Load]]] = {}


def register_loader(cls: type, make: Callable[[Codec], tuple[Load, Load]]) -> None:
    """Use hand-tuned fast loaders for ``cls``: ``make(codec)`` returns the
    nested loader and the top-level one (which allows ``"$schema"``)."""
    _LOADERS[cls] = make


def codec_for(tp: object) -> Codec:
    """The codec of type ``tp``, built on first use.

    Raises:
        TypeError: ``tp`` is not a type that moments serializes.
    """
    found = _CACHE.get(tp)
    if found is not None:
        return found
    scalar = SCALARS.get(tp)
    if scalar is not None:
        codec = _scalar(scalar)
    elif isinstance(tp, type) and issubclass(tp, enum.Enum):
        codec = _enum(tp)
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
        codec = _json_scalar()
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
    binding = dict(zip(params, args, strict=True))
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
        return binding.get(hint, hint)
    params = getattr(hint, "__parameters__", ())
    if params:
        return hint[tuple(binding.get(p, p) for p in params)]
    return hint


def _json_scalar() -> Codec:
    """An unbound type variable (a group key): a JSON string, number or
    boolean, read back as itself; an enum key is written by value."""
    codec = Codec("a string, number or boolean")

    def load(value: Any) -> Any:
        if type(value) in (str, int, bool) or (
            type(value) is float and value == value and abs(value) != float("inf")
        ):
            return value
        raise Bad(codec.expected)

    def explain(value: Any, path: str, errors: list[str]) -> Any:
        try:
            return load(value)
        except Bad:
            return fail(errors, path, codec.expected, value)

    codec.load, codec.explain = load, explain
    codec.dump = lambda v: v.value if isinstance(v, enum.Enum) else v
    return codec


def _scalar(scalar: Scalar) -> Codec:
    codec = Codec(scalar.expected)
    load = scalar.load

    def explain(value: Any, path: str, errors: list[str]) -> Any:
        try:
            return load(value)
        except Bad as bad:
            line = f"{path}: expected {bad.expected}, got {show(value)}"
            errors.append(f"{line}; {bad.fix}" if bad.fix else line)
            return BAD

    codec.load = load
    codec.explain = explain
    codec.text = scalar.load is SCALARS[str].load
    if scalar.dump is None:
        codec.inline = "{}"
        codec.dump = _identity
    else:
        codec.dump = scalar.dump
    return codec


def _identity(value: Any) -> Any:
    return value


def _enum(cls: type[enum.Enum]) -> Codec:
    table = {member.value: member for member in cls}
    codec = Codec("one of " + ", ".join(repr(v) for v in table))
    load = table.__getitem__

    def explain(value: Any, path: str, errors: list[str]) -> Any:
        try:
            return table[value]
        except (KeyError, TypeError):
            return fail(errors, path, codec.expected, value)

    codec.load = load
    codec.explain = explain
    codec.text = all(type(v) is str for v in table)
    codec.inline = "{}.value"
    codec.dump = _enum_value
    return codec


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _generic(tp: object) -> Codec:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is Union or origin is types.UnionType:
        return _union(args)
    if origin is Literal:
        return _literal(args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _sequence(codec_for(args[0]), frozen=False)
        return _fixed_tuple([codec_for(a) for a in args])
    if origin is frozenset:
        return _sequence(codec_for(args[0]), frozen=True)
    if isinstance(origin, type) and issubclass(origin, Mapping) and len(args) == 2:
        return _mapping(origin, args[0], codec_for(args[1]))
    raise TypeError(f"moments.serialization cannot handle the type {tp!r}")


def _union(args: tuple[Any, ...]) -> Codec:
    members = [a for a in args if a is not type(None)]
    if len(members) < len(args):
        inner = codec_for(members[0]) if len(members) == 1 else _union(tuple(members))
        return _optional(inner)
    kinds = {_kind(m): m for m in members}
    if None not in kinds and len(kinds) == len(members):
        return _tagged({k: codec_for(m) for k, m in kinds.items() if k}, members)
    return _any_of([codec_for(m) for m in members], members)


def _kind(cls: object) -> str | None:
    if isinstance(cls, type) and attrs.has(cls):
        kind = cls.__dict__.get("kind")
        if isinstance(kind, str) and "kind" not in attrs.fields_dict(cls):
            return kind
    return None


def _optional(inner: Codec) -> Codec:
    codec = Codec(f"{inner.expected} or null")
    load = _late(inner, "load")
    explain_inner = _late(inner, "explain")
    dump = _late(inner, "dump")
    codec.load = lambda v: None if v is None else load(v)

    def explain(value: Any, path: str, errors: list[str]) -> Any:
        if value is None:
            return None
        start = len(errors)
        result = explain_inner(value, path, errors)
        here = f"{path}: expected {inner.expected},"
        for i in range(start, len(errors)):
            if errors[i].startswith(here):
                errors[i] = f"{here[:-1]} or null," + errors[i][len(here) :]
        return result

    codec.explain = explain
    codec.dump = lambda v: None if v is None else dump(v)
    codec.inner = inner
    return codec


def _tagged(table: dict[str, Codec], members: list[Any]) -> Codec:
    allowed = ", ".join(repr(k) for k in sorted(table))
    codec = Codec(f"an object with a 'kind' of {allowed}")
    loads = {k: _late(c, "load") for k, c in table.items()}
    dumps = {m: _late(table[_kind(m) or ""], "dump") for m in members}

    def explain(value: Any, path: str, errors: list[str]) -> Any:
        if type(value) is not dict:
            return fail(errors, path, codec.expected, value)
        if "kind" not in value:
            errors.append(f"{path}.kind: expected one of {allowed}, got nothing")
            return BAD
        kind = value["kind"]
        if type(kind) is not str or kind not in table:
            return fail(errors, f"{path}.kind", f"one of {allowed}", kind)
        return table[kind].explain(value, path, errors)

    codec.load = lambda v: loads[v["kind"]](v)
    codec.explain = explain
    codec.dump = lambda v: dumps[type(v)](v)
    return codec


def _any_of(codecs: list[Codec], members: list[Any]) -> Codec:
    codec = Codec(" or ".join(c.expected for c in codecs))
    dumps = {m: _late(c, "dump") for m, c in zip(members, codecs, strict=True)}
    objects = [c for m, c in zip(members, codecs, strict=True) if attrs.has(m)]

    def load(value: Any) -> Any:
        for each in codecs:
            try:
                return each.load(value)
            except Exception:
                continue
        raise Bad(codec.expected)

    def explain(value: Any, path: str, errors: list[str]) -> Any:
        try:
            return load(value)
        except Bad:
            if type(value) is dict and len(objects) == 1:
                return objects[0].explain(value, path, errors)
            return fail(errors, path, codec.expected, value)

    def dump(value: Any) -> Any:
        for cls in type(value).__mro__:
            if cls in dumps:
                return dumps[cls](value)
        raise TypeError(f"cannot dump {value!r}")  # pragma: no cover

    codec.load, codec.explain, codec.dump = load, explain, dump
    return codec


def _literal(values: tuple[Any, ...]) -> Codec:
    codec = Codec("one of " + ", ".join(show(v) for v in values))

    def load(value: Any) -> Any:
        for each in values:
            if type(each) is type(value) and each == value:
                return each
        raise Bad(codec.expected)

    def explain(value: Any, path: str, errors: list[str]) -> Any:
        try:
            return load(value)
        except Bad:
            return fail(errors, path, codec.expected, value)

    codec.load, codec.explain, codec.dump = load, explain, _identity
    codec.inline = "{}"
    return codec


def _sequence(item: Codec, *, frozen: bool) -> Codec:
    kind = "list of distinct items" if frozen else "list"
    codec = Codec(f"a {kind}, each {item.expected}")
    load_item = _late(item, "load")
    explain_item = _late(item, "explain")
    dump_item = _late(item, "dump")
    build: Callable[[Any], Any] = frozenset if frozen else tuple

    def load(value: Any) -> Any:
        if type(value) is not list:
            raise Bad(codec.expected)
        result = build(map(load_item, value))
        if frozen and len(result) != len(value):
            raise Bad(codec.expected)
        return result

    def explain(value: Any, path: str, errors: list[str]) -> Any:
        if type(value) is not list:
            return fail(errors, path, codec.expected, value)
        items = [explain_item(x, f"{path}[{i}]", errors) for i, x in enumerate(value)]
        if any(x is BAD for x in items):
            return BAD
        try:
            result = build(items)
        except TypeError:
            return fail(errors, path, codec.expected, value)
        if frozen and len(result) != len(value):
            return fail(errors, path, "a list without duplicates", value)
        return result

    def dump(value: Any) -> Any:
        items = [dump_item(x) for x in value]
        return canonical_order(items) if frozen else items

    codec.load, codec.explain, codec.dump = load, explain, dump
    codec.items, codec.sort = item, frozen
    return codec


def canonical_order(items: list[Any]) -> list[Any]:
    """Sort a set's dumped items: strings by value, anything else by its
    canonical JSON text, so the order never depends on hashing."""
    if all(type(x) is str for x in items):
        return sorted(items)
    return sorted(items, key=_json_key)


def _json_key(item: Any) -> str:
    return json.dumps(item, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _fixed_tuple(parts: list[Codec]) -> Codec:
    codec = Codec(f"a list of {len(parts)} items")

    def load(value: Any) -> Any:
        if type(value) is not list or len(value) != len(parts):
            raise Bad(codec.expected)
        return tuple(p.load(x) for p, x in zip(parts, value, strict=True))

    def explain(value: Any, path: str, errors: list[str]) -> Any:
        if type(value) is not list or len(value) != len(parts):
            return fail(errors, path, codec.expected, value)
        items = [
            p.explain(x, f"{path}[{i}]", errors)
            for i, (p, x) in enumerate(zip(parts, value, strict=True))
        ]
        return BAD if any(x is BAD for x in items) else tuple(items)

    def dump(value: Any) -> Any:
        return [p.dump(x) for p, x in zip(parts, value, strict=True)]

    codec.load, codec.explain, codec.dump = load, explain, dump
    return codec


def _key_codec(key: Codec, tp: Any) -> tuple[Load, Dump, Callable[[Any], Any]]:
    """Object keys are strings in JSON: how a key loads, dumps, sorts."""
    if tp is str:
        return key.load, _identity, _identity
    if tp is int:

        def load_int(text: Any) -> int:
            if type(text) is str and text.lstrip("-").isdigit() and len(text) < 20:
                number = int(text)
                if str(number) == text:
                    return number
            raise Bad("an integer written as a string key")

        return load_int, str, _identity
    return key.load, key.dump, key.dump


def _mapping(origin: type, key_type: Any, value: Codec) -> Codec:
    codec = Codec(f"an object whose values are each {value.expected}")
    key = codec_for(key_type)
    load_key, dump_key, sort_key = _key_codec(key, key_type)
    load_value = _late(value, "load")
    explain_value = _late(value, "explain")
    dump_value = _late(value, "dump")
    frozen = origin if origin.__module__.startswith("moments") else None

    def load(data: Any) -> Any:
        if type(data) is not dict:
            raise Bad(codec.expected)
        result = {load_key(k): load_value(v) for k, v in data.items()}
        return frozen(result) if frozen is not None else result

    def explain(data: Any, path: str, errors: list[str]) -> Any:
        if type(data) is not dict:
            return fail(errors, path, codec.expected, data)
        result: dict[Any, Any] = {}
        ok = True
        for k, v in data.items():
            where = f"{path}[{k!r}]"
            try:
                loaded_key = load_key(k)
            except Exception:
                expected = f"a key that is {key.expected}"
                ok = fail(errors, where, expected, k) is not BAD
                continue
            item = explain_value(v, where, errors)
            ok = ok and item is not BAD
            result[loaded_key] = item
        if not ok:
            return BAD
        return frozen(result) if frozen is not None else result

    def dump(data: Any) -> Any:
        items = sorted(data.items(), key=lambda kv: sort_key(kv[0]))
        return {dump_key(k): dump_value(v) for k, v in items}

    codec.load, codec.explain, codec.dump = load, explain, dump
    return codec


def _build_attrs(codec: Codec, tp: Any) -> None:
    cls: Any = _attrs_class(tp)
    hints = _hints(tp)
    fields = [a for a in attrs.fields(cls) if a.init]
    spec = [
        (a.alias, codec_for(hints[a.name]), a.default is attrs.NOTHING) for a in fields
    ]
    kind = _kind(cls)
    keys = [key for key, _, _ in spec]
    allowed = frozenset(keys) | ({"kind"} if kind else set())
    known = ", ".join(sorted(allowed))
    plan = [(key, _late(c, "load"), required) for key, c, required in spec]

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
    codec.dump, codec.dump_top = _generate_dump(cls, kind, spec)
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
    cls: type, kind: str | None, spec: list[tuple[str, Codec, bool]]
) -> tuple[Dump, Dump]:
    ns: dict[str, object] = {}
    parts = [f"'kind': {kind!r}"] if kind else []
    for key, field, _ in spec:
        parts.append(f"{key!r}: {field.expr('o.' + _attr(cls, key), ns)}")
    body = ", ".join(parts)
    source = (
        f"def dump(o):\n    return {{{body}}}\n"
        f"def dump_top(o, s):\n    return {{'$schema': s, {body}}}\n"
    )
    exec(compile(source, f"<moments dump {cls.__name__}>", "exec"), ns)
    return ns["dump"], ns["dump_top"]  # type: ignore[return-value]


def _attr(cls: type, alias: str) -> str:
    for a in attrs.fields(cls):
        if a.alias == alias:
            return str(a.name)
    raise AssertionError(alias)  # pragma: no cover

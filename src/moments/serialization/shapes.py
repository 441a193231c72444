"""The codec shapes behind moments.serialization (private).

A :class:`Codec` knows how to load (fast, raising anything), explain
(slow, collecting ``"$.path: expected ..., got ..."`` lines) and dump one
type. This module builds the codecs of scalars, enums, optionals, tagged
unions, sequences, sets and mappings from the codecs of their parts;
:mod:`moments.serialization.codec` puts them together for a type hint, and
:mod:`moments.serialization.loaders` generates the loaders of attrs
classes from them (``yields``, ``ensures`` and ``emit`` are for it).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from typing import Any

import attrs

from moments.serialization.scalars import (
    SCALARS,
    Bad,
    Scalar,
    compiled_load,
    show,
)
from moments.serialization.source import Emit, Writer

__all__ = [
    "BAD",
    "UNBOUNDED",
    "Codec",
    "any_of_codec",
    "canonical_order",
    "class_kind",
    "enum_codec",
    "fail",
    "fixed_tuple_codec",
    "fresh",
    "json_scalar_codec",
    "kind_of",
    "late",
    "literal_codec",
    "mapping_codec",
    "optional_codec",
    "scalar_codec",
    "sequence_codec",
    "tagged_codec",
]

Load = Callable[[Any], Any]
Explain = Callable[[Any, str, list[str]], Any]
Dump = Callable[[Any], Any]

BAD: Any = object()
"""Returned by an explainer for a value that could not be built."""

UNBOUNDED = 1 << 30
"""The ``depth`` of a codec whose values can nest without end."""


class Codec:
    """Loader, explainer and dumper of one type."""

    __slots__ = (
        "body",
        "depth",
        "dump",
        "dump_top",
        "emit",
        "ensures",
        "expected",
        "explain",
        "few",
        "inline",
        "inner",
        "items",
        "load",
        "load_top",
        "nests",
        "plan",
        "pure",
        "ready",
        "sort",
        "text",
        "yields",
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
        self.nests = False  # the type can contain itself
        # attrs classes: (src, ns) -> the dict display dumping ``src``
        self.body: Callable[[str, dict[str, object]], str] | None = None
        self.text = False  # always dumps to a str
        # For the generated loaders:
        self.yields: frozenset[type] | None = None  # exact types loaded, if known
        self.ensures: frozenset[Callable[..., Any]] = frozenset()  # validators passed
        self.emit: Emit | None = None  # writes the load inline
        self.pure = False  # emit only checks the type
        self.few = False  # few distinct values: loaded objects may be shared
        self.plan: Any = None  # attrs classes: their loader plan
        # How deep the containers of a loaded value nest, at most (a type
        # that can contain itself: UNBOUNDED).
        self.depth = UNBOUNDED

    def expr(self, src: str, ns: dict[str, object]) -> str:
        """A Python expression dumping the value named ``src``, inlined
        where it can be (generated dumpers then make few calls)."""
        if self.inline is not None:
            return self.inline.format(src)
        if self.body is not None and not self.nests:
            return self.body(src, ns)
        inner = self.inner
        if inner is not None:
            if inner.body is not None and not inner.nests:
                name = fresh(ns)
                body = inner.body(name, ns)
                return f"(None if ({name} := {src}) is None else {body})"
            return f"(None if {src} is None else {inner.expr(src, ns)})"
        items = self.items
        if items is not None and items.inline is not None:
            name = fresh(ns)
            each = f"[{items.expr(name, ns)} for {name} in {src}]"
            if not self.sort:
                return each
            if items.text:
                return f"sorted({each})"
        name = fresh(ns)
        ns[name] = late(self, "dump")
        return f"{name}({src})"


def fresh(ns: dict[str, object]) -> str:
    """A new name for generated code (reserved in ``ns``)."""
    name = f"_v{len(ns)}"
    ns[name] = None
    return name


def _unready(*args: object) -> Any:  # pragma: no cover - replaced on build
    raise RuntimeError("codec used before it was built")


def late(codec: Codec, attr: str) -> Any:
    """``codec.<attr>``, or a trampoline to it while it is being built
    (recursive types)."""
    if codec.ready:
        return getattr(codec, attr)
    return lambda *args: getattr(codec, attr)(*args)


def fail(errors: list[str], path: str, expected: str, got: object) -> Any:
    """Record one problem and return :data:`BAD`."""
    errors.append(f"{path}: expected {expected}, got {show(got)}")
    return BAD


def json_scalar_codec() -> Codec:
    """An unbound type variable (a group key): a JSON string, number or
    boolean, read back as itself; an enum key is written by value."""
    codec = Codec("a string, number or boolean")

    load_int = SCALARS[int].load

    def load(value: Any) -> Any:
        kind = type(value)
        if kind is str:
            return SCALARS[str].load(value)
        if kind is int:
            return load_int(value)
        if kind is bool or (
            kind is float and value == value and abs(value) != float("inf")
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
    codec.depth = 0
    return codec


def scalar_codec(scalar: Scalar) -> Codec:
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
    codec.emit = scalar.emit
    codec.pure = scalar.pure
    codec.ensures = scalar.ensures
    codec.yields = frozenset({_SCALAR_TYPES[id(scalar)]})
    codec.few = scalar is SCALARS[bool] or scalar is SCALARS[type(None)]
    codec.depth = scalar.depth
    if scalar.dump is None:
        codec.inline = "{}"
        codec.dump = identity
    else:
        codec.dump = scalar.dump
    return codec


_SCALAR_TYPES: dict[int, type] = {
    id(scalar): tp for tp, scalar in SCALARS.items() if isinstance(tp, type)
}


def identity(value: Any) -> Any:
    return value


def enum_codec(cls: type[enum.Enum]) -> Codec:
    table = {member.value: member for member in cls}
    codec = Codec("one of " + ", ".join(repr(v) for v in table))
    kinds = {type(v) for v in table}

    def emit(w: Writer, value: str, fail: str) -> None:
        if kinds != {str}:  # 1 == True == 1.0: look up only the right types
            with w.block(
                f"if type({value}) not in {w.glob(frozenset(kinds), 'kinds')}:"
            ):
                w.line(f"raise {fail}({value})")
        w.line(f"{value} = {w.glob(table, cls.__name__ + '_values')}[{value}]")

    load = compiled_load(emit, codec.expected, cls.__qualname__)

    def explain(value: Any, path: str, errors: list[str]) -> Any:
        try:
            return load(value)
        except (KeyError, TypeError, Bad):
            return fail(errors, path, codec.expected, value)

    codec.load = load
    codec.explain = explain
    codec.text = all(type(v) is str for v in table)
    codec.inline = "{}.value"
    codec.dump = _enum_value
    codec.emit = emit
    codec.yields = frozenset({cls})
    codec.few = True
    codec.depth = 0
    return codec


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def class_kind(cls: object) -> str | None:
    """The ``kind`` class constant of an attrs class (not a field), which
    its JSON object carries as a ``"kind"`` key."""
    if isinstance(cls, type) and attrs.has(cls):
        kind = cls.__dict__.get("kind")
        if isinstance(kind, str) and "kind" not in attrs.fields_dict(cls):
            return kind
    return None


def kind_of(cls: object) -> str | None:
    """The tag of an attrs class in a union: its ``kind`` class constant,
    or the fixed default of its ``kind`` field."""
    found = class_kind(cls)
    if found is None and isinstance(cls, type) and attrs.has(cls):
        field = attrs.fields_dict(cls).get("kind")
        if field is not None and isinstance(field.default, str):
            return field.default
    return found


def optional_codec(inner: Codec) -> Codec:
    codec = Codec(f"{inner.expected} or null")
    load = late(inner, "load")
    explain_inner = late(inner, "explain")
    dump = late(inner, "dump")
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
    codec.yields = None if inner.yields is None else inner.yields | {type(None)}
    codec.ensures = frozenset(e for e in inner.ensures if _allows_none(e))
    codec.few = inner.few
    codec.depth = inner.depth
    return codec


def _allows_none(validator: Callable[..., Any]) -> bool:
    """Whether ``validator`` accepts ``None`` (so a loaded optional value
    passes it too)."""
    try:
        validator(None, _NO_ATTRIBUTE, None)
    except Exception:
        return False
    return True


class _NoAttribute:
    name = "value"


_NO_ATTRIBUTE = _NoAttribute()


def tagged_codec(table: dict[str, Codec], members: list[Any]) -> Codec:
    allowed = ", ".join(repr(k) for k in sorted(table))
    codec = Codec(f"an object with a 'kind' of {allowed}")
    loads = {k: late(c, "load") for k, c in table.items()}
    dumps = {m: late(table[kind_of(m) or ""], "dump") for m in members}

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
    codec.yields = frozenset(members)
    codec.depth = max(c.depth for c in table.values())
    return codec


def any_of_codec(codecs: list[Codec], members: list[Any]) -> Codec:
    codec = Codec(" or ".join(c.expected for c in codecs))
    dumps = {m: late(c, "dump") for m, c in zip(members, codecs, strict=True)}
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
    codec.depth = max(c.depth for c in codecs)
    return codec


def literal_codec(values: tuple[Any, ...]) -> Codec:
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

    codec.load, codec.explain, codec.dump = load, explain, identity
    codec.inline = "{}"
    codec.yields = frozenset(type(v) for v in values)
    codec.few = True
    codec.depth = 0
    return codec


def sequence_codec(item: Codec, *, frozen: bool) -> Codec:
    kind = "list of distinct items" if frozen else "list"
    codec = Codec(f"a {kind}, each {item.expected}")
    load_item = late(item, "load")
    explain_item = late(item, "explain")
    dump_item = late(item, "dump")
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
    codec.yields = frozenset({frozenset if frozen else tuple})
    codec.few = frozen and item.few
    codec.depth = min(UNBOUNDED, 1 + item.depth)
    return codec


def canonical_order(items: list[Any]) -> list[Any]:
    """Sort a set's dumped items: strings by value, anything else by its
    canonical JSON text, so the order never depends on hashing."""
    if all(type(x) is str for x in items):
        return sorted(items)
    return sorted(items, key=_json_key)


def _json_key(item: Any) -> str:
    return json.dumps(item, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fixed_tuple_codec(parts: list[Codec]) -> Codec:
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
    codec.yields = frozenset({tuple})
    codec.depth = min(UNBOUNDED, 1 + max((p.depth for p in parts), default=0))
    return codec


def _key_codec(key: Codec, tp: Any) -> tuple[Load, Dump, Callable[[Any], Any]]:
    """Object keys are strings in JSON: how a key loads, dumps, sorts."""
    if tp is str:
        return key.load, identity, identity
    if tp is int:

        def load_int(text: Any) -> int:
            if (
                type(text) is str
                and text.isascii()
                and text.lstrip("-").isdigit()
                and len(text) < 20
            ):
                number = int(text)
                if str(number) == text:
                    return number
            raise Bad("an integer written as a string key")

        return load_int, str, identity
    return key.load, key.dump, key.dump


def mapping_codec(origin: type, key_type: Any, key: Codec, value: Codec) -> Codec:
    """A JSON object; keys are strings (an int key is written as digits)."""
    codec = Codec(f"an object whose values are each {value.expected}")
    load_key, dump_key, sort_key = _key_codec(key, key_type)
    load_value = late(value, "load")
    explain_value = late(value, "explain")
    dump_value = late(value, "dump")
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
    codec.yields = frozenset({frozen or dict})
    codec.depth = min(UNBOUNDED, 1 + value.depth)
    return codec

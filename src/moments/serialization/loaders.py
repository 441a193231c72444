"""The loaders of attrs models, generated from their declarations.

For each attrs class, from its fields, their type hints (their codecs) and
their validators, this module writes three functions and compiles them
with :func:`moments._codegen.compile_function` (so tracebacks show the
generated line, under ``<moments generated loader Greeting>``):

* ``load`` (and ``load_top``, which allows ``"$schema"``): the one loader
  of the success path. It reads each key with one subscript when the
  document is canonical (every key present) or with ``get`` and the JSON
  form of the default otherwise, decodes each value (strings, booleans,
  enums and datetimes inline, through the codecs' ``emit``), runs the
  converters, then the field rules, and builds the object.
* ``explain(data, path, errors)``: the path that explains a failure. It
  decodes the same way, hands each value that fails to its codec's
  ``explain`` (which names the problem), and lets the models' own
  validators describe the rest (:func:`every_problem`).

The field rules are the models' validators. When every validator of a
class is a declared :class:`moments._validate.Check` (or one the decoding
already guarantees, such as ``aware`` for a decoded datetime), ``load``
inlines each check's test, leaving out only the type tests that the
decoded type makes true, and builds the object with
:func:`moments._trusted.builder`; nested records of such classes are
inlined too. Any other class is built by calling it (``cls(**fields)``),
so its validators run in ``__init__``. Either way a rule is written once,
in the model.

Records of a class whose every field takes few values (enums, booleans,
sets of enums: ``Information``, ``Offer``, ``Delivery``) are shared: one
object per distinct JSON form (at most 4,096 per class).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from typing import Any

import attrs

from moments import _validate as v
from moments._personal import is_personal
from moments._trusted import builder
from moments.errors import InvalidData
from moments.serialization.messages import Fields, as_json, masked, personal_kind
from moments.serialization.scalars import emit_datetime, show
from moments.serialization.shapes import BAD, Codec, fail, late
from moments.serialization.source import Fail, Writer

__all__ = ["Field", "Plan", "construct", "every_problem", "plan_loaders"]

_NONE = type(None)
_SHARED_MAX = 4096
_MISSING = object()


class Field:
    """One ``__init__`` field of an attrs class, as its loader sees it."""

    __slots__ = (
        "alias",
        "codec",
        "converter",
        "default",
        "name",
        "personal",
        "required",
        "validator",
    )

    def __init__(self, attribute: Any, codec: Codec) -> None:
        self.name: str = attribute.name
        self.personal = is_personal(attribute)
        self.alias: str = attribute.alias
        self.codec = codec
        self.required = attribute.default is attrs.NOTHING
        self.converter: Any = attribute.converter
        self.validator: Any = attribute.validator
        self.default: Any = None
        if not self.required:
            default = attribute.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                if default.takes_self:  # pragma: no cover - no model has one
                    raise TypeError(f"cannot load {attribute.name!r}: takes_self")
                default = default.factory()
            self.default = codec.dump(default)  # read back like a written value


class Plan:
    """How one attrs class is loaded."""

    __slots__ = (
        "allowed",
        "cls",
        "codec",
        "codecs",
        "fields",
        "kind",
        "shared",
        "trusted",
    )

    def __init__(
        self, codec: Codec, cls: type, kind: str | None, fields: list[Field]
    ) -> None:
        self.codec = codec
        self.cls = cls
        self.kind = kind
        self.fields = fields
        self.codecs = {f.name: f.codec for f in fields}
        self.allowed = frozenset(f.alias for f in fields) | (
            {"kind"} if kind else set()
        )
        self.trusted = _trusted(cls, fields)
        self.shared = (
            self.trusted and bool(fields) and all(_keyable(f.codec) for f in fields)
        )


def _trusted(cls: type, fields: list[Field]) -> bool:
    """Whether the loader may check the fields itself and build the object
    without ``__init__``: every validator declared (or guaranteed by the
    decoding), plain converters, nothing else run by ``__init__``."""
    if hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__"):
        return False
    if any(not a.init for a in attrs.fields(cls)):
        return False
    for field in fields:
        if isinstance(field.converter, attrs.Converter):
            return False
        if field.validator is None:
            continue
        for part in v.parts(field.validator):
            if part not in field.codec.ensures and v.declaration(part) is None:
                return False
    return True


def _keyable(codec: Codec) -> bool:
    """Whether the JSON value of a field of ``codec`` can be a key of the
    shared records: its codec takes few values, and equal keys can only
    come from values of the same types (``1 == True``: booleans are
    checked before the look-up, other values must be strings)."""
    if not codec.few:
        return False
    inner = codec.inner if codec.inner is not None else codec
    items = inner.items
    if items is not None:
        return items.yields is not None and items.text and items.emit is not None
    ys = inner.yields or frozenset()
    return inner.text or ys in (frozenset({bool}), frozenset({_NONE}))


def plan_loaders(
    codec: Codec, cls: type, kind: str | None, fields: list[Field]
) -> None:
    """Set ``codec.load``, ``codec.load_top`` and ``codec.explain`` of the
    attrs class ``cls`` (``kind``: the tag its JSON object carries)."""
    plan = Plan(codec, cls, kind, fields)
    codec.plan = plan
    owner = cls.__qualname__
    w = Writer(f"load_{cls.__name__}(d)")
    _emit_record(w, plan, "d", top=False, prefix="")
    w.line("return d")
    codec.load = w.compile(f"load_{cls.__name__}", "loader", owner)
    w = Writer(f"load_top_{cls.__name__}(d, cls=None)")
    _emit_record(w, plan, "d", top=True, prefix="")
    w.line("return d")
    codec.load_top = w.compile(f"load_top_{cls.__name__}", "top-level loader", owner)
    codec.explain = _write_explain(plan).compile(
        f"explain_{cls.__name__}", "explainer", owner
    )


def _emit_record(w: Writer, plan: Plan, src: str, *, top: bool, prefix: str) -> None:
    """Statements turning the local ``src`` (a JSON object) into the
    object in place, raising when it is refused."""
    fail_ = w.glob(Fail, "Fail")
    names = {f.name: w.name(prefix + f.alias) for f in plan.fields}
    with w.block(f"if type({src}) is not dict:"):
        w.line(f"raise {fail_}")
    size = len(plan.fields) + bool(plan.kind) + top
    kind = w.glob(plan.kind, "kind_" + plan.cls.__name__) if plan.kind else None
    canonical = f"len({src}) == {size}"
    if top:  # the one key that is not a field must be that one
        canonical += f' and "$schema" in {src}'
    with w.block(f"if {canonical}:"):  # canonical: every key
        for f in plan.fields:
            w.line(f"{names[f.name]} = {src}[{f.alias!r}]")
        if kind is not None:
            with w.block(f'if {src}["kind"] != {kind}:'):
                w.line(f"raise {fail_}")
    keys = plan.allowed | ({"$schema"} if top else set())
    with w.block(
        f"elif {w.glob(keys, 'keys_' + plan.cls.__name__)}.issuperset({src}):"
    ):
        for f in plan.fields:
            if f.required:
                w.line(f"{names[f.name]} = {src}[{f.alias!r}]")
            else:
                default = w.glob(f.default, f"default_{f.alias}")
                w.line(f"{names[f.name]} = {src}.get({f.alias!r}, {default})")
        if kind is not None:
            with w.block(f'if {src}.get("kind", {kind}) != {kind}:'):
                w.line(f"raise {fail_}")
    with w.block("else:"):
        w.line(f"raise {fail_}")
    # The function's own record: its first datetime that every document
    # has says whether the document's datetimes carry zone keys.
    first = None
    if not prefix:
        first = next(
            (f for f in plan.fields if f.required and f.codec.emit is emit_datetime),
            None,
        )
    if plan.shared:
        _emit_shared(w, plan, src, names)
    else:
        _emit_body(w, plan, src, names, decoded=frozenset(), first=first)


def _emit_body(
    w: Writer,
    plan: Plan,
    out: str,
    names: dict[str, str],
    decoded: frozenset[str],
    first: Field | None = None,
) -> None:
    """Decode, convert and check each field in turn (but the decoding of
    those in ``decoded``), then build the object into ``out``. A check
    runs as soon as the fields it reads are done, so a refused document
    is left as early as it can be. ``first``: the datetime field that
    says whether the document's datetimes carry zone keys."""
    if plan.trusted:
        merged = {f.name: _merged(f) for f in plan.fields}
        facts: dict[str, str] = {}  # each fact's expression -> its local
        done: set[str] = set()
        waiting: list[tuple[Field, v.Check]] = []
        for f in plan.fields:
            local = names[f.name]
            if f is first:
                emit_datetime(w, local, w.glob(Fail, "Fail"), first=True)
            elif f.name not in decoded and merged[f.name] is None:
                _emit_decode(w, f.codec, local)
            if f.converter is not None:
                convert = w.glob(f.converter, "convert_" + f.alias)
                w.line(f"{local} = {convert}({local})")
            done.add(f.name)
            waiting += [(f, check) for check in _checks(f)]
            ready = [(g, c) for g, c in waiting if c.reads <= done]
            waiting = [(g, c) for g, c in waiting if not c.reads <= done]
            for g, check in ready:
                typed = merged[g.name] is check
                local = names[g.name]
                _emit_check(
                    w, plan, check, g.codec, local, names, typed=typed, facts=facts
                )
        assert not waiting  # every field read is a field of the class
    else:
        for f in plan.fields:
            if f.name not in decoded:
                _emit_decode(w, f.codec, names[f.name])
    _emit_build(w, plan, out, names)


def _checks(f: Field) -> list[v.Check]:
    """The declared checks of a field of a trusted class, in order, but
    those its decoding already guarantees."""
    if f.validator is None:
        return []
    found = []
    for part in v.parts(f.validator):
        if part in f.codec.ensures:
            continue
        check = v.declaration(part)
        assert check is not None  # a trusted plan declares every rule
        found.append(check)
    return found


def _merged(f: Field) -> v.Check | None:
    """The check of a field that tests what its decoding would (a string
    that must be a non-empty string; a boolean that must be a boolean):
    the loader writes that check with its type test instead of both."""
    codec = f.codec
    pure = codec.pure or (codec.inner is not None and codec.inner.pure)
    if not pure or f.validator is None or codec.yields is None:
        return None
    known = codec.yields - {_NONE}
    for part in v.parts(f.validator):
        check = v.declaration(part)
        if (
            check is not None
            and check.test  # a bare type test: the decoding's is as good
            and check.members is None
            and known == {check.exact}
            and (_NONE in codec.yields or not check.nullable)
        ):
            return check
    return None


def _emit_build(w: Writer, plan: Plan, out: str, names: dict[str, str]) -> None:
    if plan.trusted:
        build = w.glob(builder(plan.cls), "build_" + plan.cls.__name__)
        args = ", ".join(names[f.name] for f in plan.fields)
    else:
        build = w.glob(plan.cls, plan.cls.__name__)
        args = ", ".join(f"{f.alias}={names[f.name]}" for f in plan.fields)
    w.line(f"{out} = {build}({args})")


def _emit_shared(w: Writer, plan: Plan, out: str, names: dict[str, str]) -> None:
    """Look the record up by its JSON values (checked first where
    equality would mislead: ``1 == True``); build it only when new."""
    fail_ = w.glob(Fail, "Fail")
    parts = []
    decoded = set()
    for f in plan.fields:
        local = names[f.name]
        inner = f.codec.inner if f.codec.inner is not None else f.codec
        if inner.items is not None:  # a list of strings: a tuple in the key
            if f.codec.inner is not None:
                parts.append(f"(None if {local} is None else tuple({local}))")
                test = f"{local} is not None and type({local}) is not list"
            else:
                parts.append(f"tuple({local})")
                test = f"type({local}) is not list"
            with w.block(f"if {test}:"):
                w.line(f"raise {fail_}")
            continue
        if inner.yields == frozenset({bool}):  # checked now: 1 == True in a key
            _emit_decode(w, f.codec, local)
            decoded.add(f.name)
        parts.append(local)
    key = w.scratch("key")
    w.line(f"{key} = {parts[0] if len(parts) == 1 else '(' + ', '.join(parts) + ')'}")
    known = w.glob({}, "shared_" + plan.cls.__name__)
    found = w.scratch("found")
    w.line(f"{found} = {known}.get({key})")
    with w.block(f"if {found} is None:"):
        _emit_body(w, plan, found, names, frozenset(decoded))
        with w.block(f"if len({known}) < {_SHARED_MAX}:"):
            w.line(f"{known}[{key}] = {found}")
    w.line(f"{out} = {found}")


def _emit_decode(w: Writer, codec: Codec, local: str) -> None:
    """Statements turning the JSON value in ``local`` into its Python
    value in place (raising when it is refused)."""
    if codec.emit is not None:
        codec.emit(w, local, w.glob(Fail, "Fail"))
        return
    inner = codec.inner
    if inner is not None:
        with w.block(f"if {local} is not None:"):
            _emit_decode(w, inner, local)
        return
    plan = _inlined(codec)
    if plan is not None:
        _emit_record(w, plan, local, top=False, prefix=local + "_")
        return
    load = w.glob(late(codec, "load"), "load_" + local)
    w.line(f"{local} = {load}({local})")


def _inlined(codec: Codec) -> Plan | None:
    """The plan of a record whose loading is written inline."""
    plan = codec.plan
    if isinstance(plan, Plan) and plan.trusted and codec.ready and not codec.nests:
        return plan
    return None


def _implied(check: v.Check, yields: frozenset[type] | None) -> bool:
    """Whether every loaded value (but ``None``) has the type ``check``
    requires, so its type test can be left out."""
    if check.exact is None and check.isa is None:
        return True
    known = (yields or frozenset()) - {_NONE}
    if not known:
        return False
    if check.exact is not None:
        return all(t is check.exact for t in known)
    return all(issubclass(t, check.isa) for t in known)  # type: ignore[arg-type]


def _emit_check(
    w: Writer,
    plan: Plan,
    check: v.Check,
    codec: Codec,
    local: str,
    names: dict[str, str],
    *,
    typed: bool = False,
    facts: dict[str, str] | None = None,
) -> None:
    """``if <refused>: raise Fail`` for one check of the field in ``local``
    (``typed``: with its type test, which the decoding left out); the
    items of a set or tuple in a loop. A fact the check uses is computed
    into a local of ``facts`` the first time."""
    fail_ = w.glob(Fail, "Fail")
    test = _value_test(w, plan, check, codec, local, names, typed=typed, facts=facts)
    if test:
        with w.block(f"if {test}:"):
            w.line(f"raise {fail_}")
    if check.members is not None:
        item = w.scratch("item")
        each = _item_test(w, check, codec, item)
        if each:
            loop = f"for {item} in {local}:"
            if _maybe_none(codec):
                loop = f"for {item} in () if {local} is None else {local}:"
            with w.block(loop), w.block(f"if {each}:"):
                w.line(f"raise {fail_}")


def _check_test(
    w: Writer,
    plan: Plan,
    check: v.Check,
    codec: Codec,
    local: str,
    names: dict[str, str],
) -> str:
    """One expression true when ``check`` may refuse the value in
    ``local`` (items included): what the explainer tests before it asks
    the validator why."""
    tests = [_value_test(w, plan, check, codec, local, names, typed=False)]
    if check.members is not None:
        each = _item_test(w, check, codec, "item")
        if each:
            items = (
                f"() if {local} is None else {local}" if _maybe_none(codec) else local
            )
            tests.append(f"any({each} for item in {items})")
    return " or ".join(v.group(t) for t in tests if t)


def _maybe_none(codec: Codec) -> bool:
    return codec.yields is None or _NONE in codec.yields


def _value_test(
    w: Writer,
    plan: Plan,
    check: v.Check,
    codec: Codec,
    local: str,
    names: dict[str, str],
    *,
    typed: bool,
    facts: dict[str, str] | None = None,
) -> str:
    """The expression true when ``check`` refuses the value in ``local``
    (not its items), or ``""`` when it never can. With ``facts``, a fact
    is written once into a local (before the test that first uses it);
    without, inline."""

    def resolve(key: str) -> str:
        if key.isupper():
            return w.glob(check.lookup(key), _hint(check, key))
        if key.startswith("_"):
            return _fact(w, plan, check, key, resolve, facts)
        return names[key]

    maybe_none = _maybe_none(codec)
    types = typed or not _implied(check, codec.yields)
    test = check.condition(
        local,
        resolve,
        types=types,
        given=False,
        none=False,
        maybe_none=lambda name: _maybe_none(plan.codecs[name]),
    )
    if test == "False":
        test = ""
    if maybe_none and check.nullable and test:
        return f"{local} is not None and {v.group(test)}"
    if maybe_none and not check.nullable and not types:
        return f"{local} is None or {v.group(test)}" if test else f"{local} is None"
    return test


def _fact(
    w: Writer,
    plan: Plan,
    check: v.Check,
    key: str,
    resolve: Callable[[str], str],
    facts: dict[str, str] | None,
) -> str:
    """The expression, or the local, for the fact ``key`` of ``check``."""
    expression = check.fact(key, resolve)
    if facts is None:
        return expression
    local = facts.get(expression)
    if local is None:
        local = facts[expression] = w.name(key.strip("_"))
        guards = [
            f"{resolve(name)} is not None"
            for name in sorted(_fact_reads(check, key))
            if _maybe_none(plan.codecs[name])
        ]
        w.line(f"{local} = {' and '.join([*guards, expression])}")
    return local


def _fact_reads(check: v.Check, key: str) -> set[str]:
    found: set[str] = set()

    def note(name: str) -> str:
        if not name.isupper() and not name.startswith("_"):
            found.add(name)
        return name

    v.fill(check.facts[key], "", note)
    return found


def _item_test(w: Writer, check: v.Check, codec: Codec, item: str) -> str:
    """The expression true when an item (named ``item``) of the set or
    tuple is refused by ``check.members``, or ``""``."""
    members = check.members
    assert members is not None
    items = (codec.inner or codec).items
    if items is None:  # pragma: no cover - a set or tuple rule on a scalar
        raise TypeError("a rule on the items of a value that has none")

    def resolve(key: str) -> str:
        return w.glob(members.lookup(key), _hint(members, key))

    types = not _implied(members, items.yields)
    each = members.condition(item, resolve, types=types, given=False, none=True)
    return "" if each == "False" else each


def _hint(check: v.Check, key: str) -> str:
    """The name of a check's object in generated code: a class by its own
    name, anything else by its placeholder."""
    found = check.lookup(key)
    if isinstance(found, type):
        return found.__name__
    return key


def _write_explain(plan: Plan) -> Writer:
    """``explain_X(d, path, errors)``: every problem of ``d`` appended to
    ``errors``; the object, or ``BAD``.

    Each field is decoded as ``load`` decodes it; a value that fails goes
    to its codec's ``explain``, which says why. Then the field rules: for
    a trusted class, each field whose checks may refuse it (the same
    tests as ``load``) is handed to its validator, whose error is the
    message; any other class is built by calling it (:func:`construct`)."""
    cls = plan.cls
    w = Writer(f"explain_{cls.__name__}(d, path, errors)")
    bad = w.glob(BAD, "BAD")
    expected = w.glob(plan.codec.expected, "expected")
    # A record all of whose fields are personal (a Contact) is shown only
    # by its kind, and names no unknown key: it may be the data itself.
    private = bool(plan.fields) and all(f.personal for f in plan.fields)
    with w.block("if type(d) is not dict:"):
        noting = _note_masked if private else fail
        w.line(f"return {w.glob(noting, 'note_problem')}(errors, path, {expected}, d)")
    w.line("ok = True")
    allowed = w.glob(plan.allowed, "allowed")
    unknown = w.glob(_unknown_masked if private else _unknown, "unknown")
    with (
        w.block(f"if not {allowed}.issuperset(d):"),
        w.block("for key in d:"),
        w.block(f"if key not in {allowed}:"),
    ):
        w.line(f"errors.append({unknown}(path, key, {allowed}))")
        w.line("ok = False")
    if plan.kind:
        kind = w.glob(plan.kind, "kind")
        with w.block(f'if "kind" in d and d["kind"] != {kind}:'):
            shown = w.glob(repr(plan.kind), "kind_text")
            note = w.glob(fail, "note_problem")
            w.line(f"{note}(errors, path + '.kind', {shown}, d['kind'])")
            w.line("ok = False")
    w.line("failed = []")
    names = {f.name: w.name(f.alias) for f in plan.fields}
    for f in plan.fields:
        _explain_field(w, f, names[f.name])
    kw = "{" + ", ".join(f"{f.alias!r}: {names[f.name]}" for f in plan.fields) + "}"
    every = w.glob(_every_problem_of, "every_problem_of")
    klass = w.glob(cls, cls.__name__)
    if not plan.trusted:
        with w.block("if failed:"):
            w.line(f"return {every}({klass}, {kw}, failed, path, errors, d)")
        with w.block("if not ok:"):
            w.line(f"return {bad}")
        build = w.glob(construct, "construct")
        w.line(f"return {build}({klass}, {kw}, path, errors, d)")
        return w
    with w.block("if not ok and not failed:"):
        w.line(f"return {bad}")
    w.line("refused = False")
    made = w.name("made")
    with w.block("try:"):
        for f in plan.fields:
            if f.converter is not None:
                local = names[f.name]
                convert = w.glob(f.converter, "convert_" + f.alias)
                with w.block(f"if {local} is not {bad}:"):
                    w.line(f"{local} = {convert}({local})")
        _emit_build(w, plan, made, names)
        report = w.glob(_report, "report")
        for f in plan.fields:
            tests = _field_tests(w, plan, f, names, bad)
            if not tests:
                continue
            local = names[f.name]
            attribute = w.glob(_attribute(cls, f.name), "attribute_" + f.alias)
            rule = w.glob(f.validator, "rule_" + f.alias)
            with w.block(f"if {local} is not {bad} and ({' or '.join(tests)}):"):
                w.line(
                    f"refused = {report}({rule}, {made}, {attribute}, {local}, "
                    "failed, path, errors, d) or refused"
                )
    with w.block("except Exception:"):  # a test tripped: the validators say
        w.line(f"return {every}({klass}, {kw}, failed, path, errors, d)")
    with w.block("if failed or refused or not ok:"):
        w.line(f"return {bad}")
    w.line(f"return {made}")
    return w


def _field_tests(
    w: Writer, plan: Plan, f: Field, names: dict[str, str], bad: str
) -> list[str]:
    """The tests (one per check) that say a field's value may be refused;
    a test that reads another field runs only when that one loaded."""
    tests: list[str] = []
    if f.validator is None:
        return tests
    for part in v.parts(f.validator):
        if part in f.codec.ensures:
            continue
        check = v.declaration(part)
        assert check is not None  # a trusted plan declares every rule
        test = _check_test(w, plan, check, f.codec, names[f.name], names)
        if not test:
            continue
        for name in sorted(check.reads):
            test = f"{names[name]} is not {bad} and {v.group(test)}"
        tests.append(v.group(test))
    return tests


def _attribute(cls: type, name: str) -> Any:
    return attrs.fields_dict(cls)[name]


def _report(
    rule: Callable[..., Any],
    instance: Any,
    attribute: Any,
    value: Any,
    failed: list[str],
    path: str,
    errors: list[str],
    document: dict[str, Any],
) -> bool:
    """Run one field's validator; record its error (if any) under
    ``path``, as :func:`every_problem` would, and say whether it
    refused."""
    try:
        rule(instance, attribute, value)
    except InvalidData as exc:
        found = list(exc.rebased("$"))
    except Exception:
        if failed:
            return True
        found = [f"$.{attribute.alias}: expected a valid value, got {show(value)}"]
    else:
        return False
    personal = _personal_of(type(instance))
    _record(_in_json(found, instance, document, personal), path, errors)
    return True


def _personal_of(cls: type) -> frozenset[str]:
    """The names of the personal fields of an attrs class."""
    found = _PERSONAL.get(cls)
    if found is None:
        found = _PERSONAL[cls] = frozenset(
            a.name for a in attrs.fields(cls) if is_personal(a)
        )
    return found


_PERSONAL: dict[type, frozenset[str]] = {}
_BAD_TEXT = repr(BAD)
_FIELD = re.compile(r"\$\.([A-Za-z_][A-Za-z0-9_]*)")


def _in_json(
    found: list[str], python: Any, document: Any, personal: frozenset[str]
) -> list[str]:
    """The validators' lines about one record (``$.field...``), each
    showing the JSON value that arrived, or for a personal field its
    kind (:mod:`moments.serialization.messages`)."""
    out = []
    for line in found:
        if _BAD_TEXT in line:  # a rule that read a field that did not load
            continue
        field = _FIELD.match(line)
        name = None if field is None else field[1]
        if name is not None and name in personal:
            base = f"$.{name}"
            raw = document.get(name) if type(document) is dict else None
            out.append(masked(line, base, raw, getattr(python, name, None)))
        else:
            out.append(as_json(line, "$", python, document))
    return out


def _every_problem_of(
    cls: type,
    kw: dict[str, Any],
    failed: list[str],
    path: str,
    errors: list[str],
    document: Any = None,
) -> Any:
    """Record what every validator says of the fields that loaded (those
    in ``failed`` did not), and return :data:`BAD`."""
    loaded = {k: value for k, value in kw.items() if k not in failed}
    found = every_problem(cls, loaded, set(failed))
    _record(_in_json(found, Fields(loaded), document, _personal_of(cls)), path, errors)
    return BAD


def _explain_field(w: Writer, f: Field, local: str) -> None:
    """Read and decode one field into ``local`` as ``load`` does; on a
    problem, let its codec explain it and note the field in ``failed``
    (``local`` is then ``BAD``)."""
    where = f"path + {'.' + f.alias!r}"
    bad = w.glob(BAD, "BAD")
    block: contextlib.AbstractContextManager[None]
    if f.required:
        missing = w.glob(_MISSING, "MISSING")
        w.line(f"{local} = d.get({f.alias!r}, {missing})")
        with w.block(f"if {local} is {missing}:"):
            text = w.glob(f": expected {f.codec.expected}, got nothing", "nothing")
            w.line(f"errors.append({where} + {text})")
            w.line(f"failed.append({f.alias!r})")
            w.line(f"{local} = {bad}")
        block = w.block("else:")
    else:
        default = w.glob(f.default, f"default_{f.alias}")
        w.line(f"{local} = d.get({f.alias!r}, {default})")
        block = contextlib.nullcontext()
    with block:
        raw = w.scratch("raw")
        w.line(f"{raw} = {local}")
        with w.block("try:"):
            _emit_decode(w, f.codec, local)
        with w.block("except Exception:"):
            explain = w.glob(late(f.codec, "explain"), "explain_" + f.alias)
            if f.personal:
                hidden = w.glob(_explain_masked, "explain_masked")
                w.line(f"{local} = {hidden}({explain}, {raw}, {where}, errors)")
            else:
                w.line(f"{local} = {explain}({raw}, {where}, errors)")
            with w.block(f"if {local} is {bad}:"):
                w.line(f"failed.append({f.alias!r})")


def _explain_masked(
    explain: Callable[[Any, str, list[str]], Any],
    value: Any,
    path: str,
    errors: list[str],
) -> Any:
    """``explain(value, path, errors)`` for a personal field: each line
    it writes shows the kind of value, never the value."""
    found: list[str] = []
    result = explain(value, path, found)
    errors.extend(masked(line, path, value) for line in dict.fromkeys(found))
    return result


def _unknown(path: str, key: object, allowed: frozenset[str]) -> str:
    # A key that is not printable ASCII is shown by its repr, so that the
    # message itself is plain text (a lone surrogate cannot be printed).
    plain = type(key) is str and key.isascii() and key.isprintable()
    where = f"{path}.{key}" if plain else path
    known = ", ".join(sorted(allowed))
    return f"{where}: expected only the keys {known}, got unknown key {show(key)}"


def _unknown_masked(path: str, key: object, allowed: frozenset[str]) -> str:
    known = ", ".join(sorted(allowed))
    return f"{path}: expected only the keys {known}, got an unknown key"


def _note_masked(errors: list[str], path: str, expected: str, got: object) -> Any:
    """:func:`fail` for a personal value: its kind, never the value."""
    errors.append(f"{path}: expected {expected}, got {personal_kind(got)}")
    return BAD


def construct(
    cls: type,
    kw: dict[str, Any],
    path: str,
    errors: list[str],
    document: Any = None,
) -> Any:
    """``cls(**kw)``; if its validators object, record *every* problem, each
    rebased under ``path`` (``$.at`` of a greeting becomes
    ``$.greeting.at``), and return :data:`BAD`. ``document`` is the JSON
    object the fields came from: the lines show its values."""
    try:
        return cls(**kw)
    except InvalidData as exc:
        found = every_problem(cls, kw, set()) or list(exc.rebased("$"))
    except Exception as exc:
        found = [f"$: expected a valid {cls.__name__}, got {type(exc).__name__}"]
    _record(_in_json(found, Fields(kw), document, _personal_of(cls)), path, errors)
    return BAD


def _record(found: list[str], path: str, errors: list[str]) -> None:
    for line in dict.fromkeys(found):
        errors.append(path + line[1:])


def every_problem(cls: type, kw: dict[str, Any], failed: set[str]) -> list[str]:
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

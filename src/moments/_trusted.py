"""Trusted construction: the one way model code builds an attrs instance
without running its validators.

A hot path that builds objects from values it made and checked itself (a
summary per customer, a verdict per interaction, a criterion per rule, a
loader that has just checked a document) may skip ``__init__``. It does so
only through :func:`builder`, which generates (and registers in
:mod:`linecache`) a function that fills the slots in field order. The
tests compare what each builder makes with the validated constructor's
object.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from moments._codegen import compile_function, unique_filename

__all__ = ["builder"]

T = TypeVar("T")


@functools.cache
def builder(cls: type[T], extra: tuple[str, ...] = ()) -> Callable[..., T]:
    """A function ``build(field, ...)`` that makes a ``cls`` from its
    attrs fields' values (positional in field order, or by name) and then
    the ``extra`` slots', skipping validators and converters.

    Only for values already valid: the result must equal what
    ``cls(**values)`` would build.

    Example:
        >>> from moments.money import Money
        >>> from decimal import Decimal
        >>> build = builder(Money)
        >>> build(Decimal("2.50"), "EUR") == Money(amount=Decimal("2.50"),
        ...                                       currency="EUR")
        True
    """
    names = [a.name for a in attrs.fields(cls)] + list(extra)  # type: ignore[arg-type]
    params = [n.lstrip("_") or n for n in names]
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    lines = [f"def build_{cls.__name__}({', '.join(params)}):", "    made = new(cls)"]
    for name, param in zip(names, params, strict=True):
        setter = f"set_{param}"
        namespace[setter] = getattr(cls, name).__set__
        lines.append(f"    {setter}(made, {param})")
    lines.append("    return made")
    source = "\n".join(lines) + "\n"
    owner = f"{cls.__module__}.{cls.__qualname__}"
    build: Callable[..., T] = compile_function(
        source,
        f"build_{cls.__name__}",
        filename=unique_filename("trusted builder", owner),
        namespace=namespace,
    )
    return build

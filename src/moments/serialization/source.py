"""Writing generated Python source (private to serialization).

A :class:`Writer` collects the lines of one generated function and the
globals it names; the loaders (:mod:`moments.serialization.loaders`) and
the scalars' inline decoders (:mod:`moments.serialization.scalars`) write
through it, and :func:`moments._codegen.compile_function` compiles the
result (registered in ``linecache``, so tracebacks show the line).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from typing import Any

from moments._codegen import compile_function, unique_filename

__all__ = ["Emit", "Fail", "Writer"]


class Fail(Exception):
    """A generated loader gives up: the explaining pass will say why."""


Emit = Callable[["Writer", str, str], None]
"""``emit(writer, value, fail)`` writes statements that turn the local
``value`` (a JSON value) into its Python value in place, raising ``fail``
(the name of an exception class) or any other exception when it is
refused."""

_WORD = re.compile(r"[^0-9A-Za-z_]+")


class Writer:
    """The source of one generated function, line by line."""

    def __init__(self, signature: str) -> None:
        self.signature = signature
        self.namespace: dict[str, object] = {}
        self._lines: list[str] = []
        self._setup: list[str] = []
        self._state: dict[str, str] = {}
        self._depth = 1
        self._taken: set[str] = set()
        self._globals: dict[tuple[int, str], str] = {}
        self._scratch: dict[str, str] = {}

    def line(self, text: str) -> None:
        """Add one line at the current indentation."""
        self._lines.append("    " * self._depth + text)

    @contextlib.contextmanager
    def block(self, header: str) -> Iterator[None]:
        """``header`` (``if ...:``, ``else:`` ...) and the lines written
        inside the ``with``, indented under it."""
        self.line(header)
        self._depth += 1
        start = len(self._lines)
        try:
            yield
        finally:
            if len(self._lines) == start:
                self.line("pass")
            self._depth -= 1

    def name(self, hint: str) -> str:
        """A new local name like ``hint`` (lower case)."""
        return self._unique(hint.lower())

    def _unique(self, hint: str) -> str:
        base = _WORD.sub("_", hint).strip("_") or "value"
        if base[0].isdigit():
            base = f"v_{base}"
        found = base
        count = 1
        while found in self._taken:
            count += 1
            found = f"{base}_{count}"
        self._taken.add(found)
        return found

    def scratch(self, hint: str) -> str:
        """A local for a value used only within a few lines (one datetime
        being parsed): one name per hint, shared by every such use, so the
        function keeps few locals."""
        found = self._scratch.get(hint)
        if found is None:
            found = self._scratch[hint] = self.name(hint)
        return found

    def glob(self, obj: object, hint: str) -> str:
        """The global name of ``obj`` (``hint`` in capitals; one name per
        object and hint). ``None``, booleans, numbers and strings are
        written as literals."""
        if obj is None or type(obj) in (bool, int, str):
            return repr(obj)
        key = (id(obj), hint)
        known = self._globals.get(key)
        if known is not None:
            return known
        name = self._unique(hint.upper())  # globals: upper case, locals: lower
        self.namespace[name] = obj
        self._globals[key] = name
        return name

    def state(self, hint: str, start: str) -> str:
        """A local set to ``start`` (an expression) once at the start of
        the function, shared by every line that asks for the same
        ``hint`` (a cache for one call)."""
        found = self._state.get(hint)
        if found is None:
            found = self._state[hint] = self.name(hint)
            self._setup.append(f"    {found} = {start}")
        return found

    def source(self) -> str:
        """The whole function."""
        return "\n".join([f"def {self.signature}:", *self._setup, *self._lines]) + "\n"

    def compile(self, name: str, what: str, owner: str) -> Callable[..., Any]:
        """Compile the function (called ``name``), registered in
        ``linecache`` as ``<moments generated {what} {owner}>``."""
        return compile_function(
            self.source(),
            name,
            filename=unique_filename(what, owner),
            namespace=self.namespace,
        )

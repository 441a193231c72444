"""Generated code that reads like code: compiled under a descriptive file
name registered in :mod:`linecache`, so tracebacks, ``inspect.getsource``
and debuggers show the generated lines (as attrs and cattrs do).

Used by every fast path that is generated from a declaration: the
Auditor's scorer, the serialization loaders and dumpers, the trusted
builders of :mod:`moments._trusted`.
"""

from __future__ import annotations

import linecache
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["compile_function", "unique_filename"]


def unique_filename(what: str, owner: str) -> str:
    """A file name for generated code no other source uses:
    ``<moments generated {what} {owner}>``, then ``-2``, ``-3`` ... when
    different source was already registered under that name."""
    return f"<moments generated {what} {owner}>"


def _register(filename: str, source: str) -> str:
    lines = source.splitlines(keepends=True)
    count = 1
    name = filename
    while True:
        entry = (len(source), None, lines, name)
        if linecache.cache.setdefault(name, entry) == entry:
            return name
        count += 1
        name = f"{filename[:-1]}-{count}>"


def compile_function(
    source: str,
    name: str,
    *,
    filename: str,
    namespace: Mapping[str, Any],
) -> Callable[..., Any]:
    """Compile ``source`` (which defines the function ``name``) with the
    globals in ``namespace`` and return that function.

    The source is registered in :mod:`linecache` under ``filename`` (made
    unique if different code already uses it), so a traceback through the
    function shows its generated line.

    Example:
        >>> double = compile_function(
        ...     "def double(x):\\n    return 2 * x\\n",
        ...     "double",
        ...     filename=unique_filename("doubler", "docs"),
        ...     namespace={},
        ... )
        >>> double(21)
        42
    """
    registered = _register(filename, source)
    env: dict[str, Any] = dict(namespace)
    exec(compile(source, registered, "exec"), env)  # our own generated source
    function: Callable[..., Any] = env[name]
    return function

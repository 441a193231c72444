"""Generated code that reads like code: compiled under a descriptive file
name registered in :mod:`linecache`, so tracebacks, ``inspect.getsource``
and debuggers show the generated lines (as attrs and cattrs do).

Used by every fast path that is generated from a declaration: the
Auditor's scorer, the serialization loaders and dumpers, the trusted
builders of :mod:`moments._trusted`.
"""

from __future__ import annotations

import hashlib
import linecache
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["compile_function", "unique_filename"]


def unique_filename(what: str, owner: str) -> str:
    """A descriptive file name for generated code:
    ``<moments generated {what} {owner}>`` (:func:`compile_function` adds
    a digest of the source when other code already uses the name)."""
    return f"<moments generated {what} {owner}>"


def _register(filename: str, source: str) -> str:
    """Register ``source`` in linecache under ``filename``, or, when that
    name holds other source, under the name with the source's digest: two
    look-ups at most, and the same source always gets the same name."""
    lines = source.splitlines(keepends=True)
    digest = hashlib.blake2b(source.encode(), digest_size=6).hexdigest()
    for name in (filename, f"{filename[:-1]} {digest}>"):
        entry = (len(source), None, lines, name)
        if linecache.cache.setdefault(name, entry) == entry:
            return name
    # The digest's name holds other source: a collision of 48 bits.
    linecache.cache[name] = entry
    return name


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

"""The one set of size limits `moments` holds at construction and at load.

Everything that can be built can be written and read back
(``loads(type(x), dumps(x)) == x``), so the constructors and the loaders
read the same numbers from here. Each limit is far beyond real data and
short of where Python itself stops (it refuses to print an integer of more
than 4,300 digits, and recursion stops near 1,000 frames). The
"Limits and guarantees" section of the explanation page lists them.
"""

from __future__ import annotations

__all__ = ["MAX_DEPTH", "MAX_DIGITS", "MAX_RULE_DEPTH", "MAX_TEXT"]

MAX_DIGITS = 4_000
"""Decimal digits in an integer, and in each of a fraction's numerator and
denominator (a scorecard's exact score sum is a fraction whose denominator
grows with the different point totals it has counted)."""

MAX_DEPTH = 80
"""Levels of nesting in a JSON document (objects and arrays). The deepest
document that can be built is a promotion policy whose rule nests
:data:`MAX_RULE_DEPTH` levels of ``&`` or ``|`` (two levels each: an
object and its list of rules) around a ``MinSpend`` (two: the rule and its
money): 1 + 2 * 32 + 2 = 67 levels, within this limit."""

MAX_RULE_DEPTH = 32
"""Levels of nesting in a promotion rule (``~``, ``&`` and ``|``), so that
the deepest rule, inside the deepest document that holds one, stays within
:data:`MAX_DEPTH` and far from Python's recursion limit."""

MAX_TEXT = 10_000_000
"""Characters in one JSON text given to ``loads``."""

"""The Hypothesis entry point of `moments-of-truth`.

Hypothesis loads this module and calls :func:`_hypothesis_setup_hook` on
every ``import hypothesis``, in every environment where `moments` is
installed. It lives outside the ``moments`` package so that loading it
imports nothing (a module inside the package would import all of
`moments` first); see :mod:`moments._hypothesis_hook` for how the
strategies are registered by whichever of the two is imported second.
"""

from __future__ import annotations

import sys

__all__: list[str] = []


def _hypothesis_setup_hook() -> None:
    if "moments" in sys.modules:
        from moments._hypothesis_hook import register

        register()

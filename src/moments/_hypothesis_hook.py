"""Registers the shipped strategies with Hypothesis's ``st.from_type``, at
no cost to anyone who does not use `moments` with Hypothesis.

Hypothesis calls its ``hypothesis`` entry point (the top-level module
``_moments_hypothesis``, outside this package so that loading it imports
nothing) every time it is imported, in every environment where `moments`
is installed, so the hook must be cheap. ``st.from_type(Client)`` needs
`moments` imported anyway, so the strategies are registered by whichever
of the two is imported second.

* Hypothesis imported after `moments`: the entry point sees ``moments``
  in ``sys.modules`` and calls :func:`register`.
* Hypothesis imported first: the hook does nothing, and ``import moments``
  calls :func:`register_if_hypothesis_is_loaded` at its end, which sees
  ``hypothesis`` in ``sys.modules`` and calls :func:`register` (``import moments``
  itself never imports Hypothesis).

Registering never raises: a broken plug-in must not break somebody
else's test run.
"""

from __future__ import annotations

import sys

__all__: list[str] = []


def register() -> None:
    """Register the shipped strategies with ``st.from_type`` (again is
    harmless: a registration replaces the same one)."""
    loading = sys.modules.get("moments.strategies")
    if getattr(getattr(loading, "__spec__", None), "_initializing", False):
        return  # imported as we speak: it registers at its own end
    try:
        from moments.strategies import _registry

        _registry.register_all()
    except Exception:  # pragma: no cover - a broken install must not break Hypothesis
        return


def register_if_hypothesis_is_loaded() -> None:
    """Called by ``moments/__init__.py`` once the front door is complete."""
    if "hypothesis" in sys.modules:
        register()

"""Registers the shipped strategies with Hypothesis's ``st.from_type``.

Hypothesis calls :func:`_hypothesis_setup_hook` through the ``hypothesis``
entry point when it is imported. The hook imports the strategies lazily (so
``import moments`` never imports Hypothesis) and never raises: a broken
plug-in must not break somebody else's test run.
"""

from __future__ import annotations

__all__: list[str] = []


def _hypothesis_setup_hook() -> None:
    try:
        from moments.strategies import _registry
    except Exception:  # pragma: no cover - a broken install must not break Hypothesis
        return
    try:
        _registry.register_all()
    except Exception:  # pragma: no cover - same reason
        return

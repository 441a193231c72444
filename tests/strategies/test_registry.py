"""Tests for the Hypothesis plug-in: every public model resolves with
``st.from_type`` once `moments` is installed, and ``import moments`` never
imports Hypothesis."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import moments
from _moments_hypothesis import _hypothesis_setup_hook
from moments.strategies._registry import STRATEGIES

PUBLIC_MODELS = sorted(
    (
        obj
        for obj in (getattr(moments, name) for name in moments.__all__)
        if isinstance(obj, type) and attrs.has(obj)
    ),
    key=lambda cls: cls.__name__,
)


class TestRegistration:
    def test_the_hook_is_declared_in_the_hypothesis_entry_point_group(self) -> None:
        hooks = [ep.value for ep in entry_points(group="hypothesis")]

        assert "_moments_hypothesis:_hypothesis_setup_hook" in hooks

    def test_the_hook_can_run_again_without_raising(self) -> None:
        _hypothesis_setup_hook()

        _hypothesis_setup_hook()

    @pytest.mark.parametrize("cls", PUBLIC_MODELS, ids=lambda c: c.__name__)
    def test_every_public_model_has_a_registered_strategy(self, cls: type) -> None:
        assert cls in STRATEGIES

    @pytest.mark.parametrize("cls", PUBLIC_MODELS, ids=lambda c: c.__name__)
    @settings(
        max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(data=st.data())
    def test_from_type_resolves_every_public_model(
        self, cls: type, data: st.DataObject
    ) -> None:
        drawn = data.draw(st.from_type(cls))

        assert isinstance(drawn, cls)


class TestImportCost:
    def test_importing_moments_does_not_import_hypothesis(self) -> None:
        code = "import sys, moments; print('hypothesis' in sys.modules)"

        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout

        assert out.strip() == "False"

    def test_importing_the_serialization_edge_does_not_import_hypothesis(
        self,
    ) -> None:
        code = "import sys, moments.serialization; print('hypothesis' in sys.modules)"

        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout

        assert out.strip() == "False"


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


_REGISTERED = (
    "from hypothesis.strategies._internal.types import _global_type_lookup; "
    "print(moments.Client in _global_type_lookup, moments.Audit in _global_type_lookup)"
)


class TestCheapPlugin:
    """Issue 16: the entry point runs on every ``import hypothesis`` where
    moments is installed, so it imports nothing; the strategies are
    registered by whichever of the two is imported second."""

    def test_importing_hypothesis_imports_no_moments_module(self) -> None:
        code = (
            "import sys, hypothesis; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'moments'))"
        )

        assert _run(code) == "[]"

    def test_from_type_is_registered_when_hypothesis_comes_first(self) -> None:
        assert _run("import hypothesis, moments; " + _REGISTERED) == "True True"

    def test_from_type_is_registered_when_moments_comes_first(self) -> None:
        assert _run("import moments, hypothesis; " + _REGISTERED) == "True True"

    def test_from_type_is_registered_when_the_strategies_are_imported(self) -> None:
        code = "import moments.strategies, moments; " + _REGISTERED

        assert _run(code) == "True True"

"""The compiler's rule table refuses malformed cases and rules
(``moments.checklists.compiler``; issue 14, defect 2: every public class
validates every field)."""

from __future__ import annotations

from typing import Any

import pytest

from moments import InvalidData
from moments import checks as k
from moments.checklists import Outcome
from moments.checklists.compiler import RULES, Given, OutcomeOf, PassIf, Rule, Then


class TestCasesAreValid:
    @pytest.mark.parametrize(
        ("build", "field"),
        [
            (lambda: Then(5, Outcome.PASS, "ok"), "when"),
            (lambda: Then("", Outcome.PASS, "ok"), "when"),
            (lambda: Then(None, "pass", "ok"), "outcome"),
            (lambda: Then(None, Outcome.PASS, None), "detail"),
            (lambda: PassIf(None, "", "ok"), "test"),
            (lambda: PassIf(None, "x", "ok", fail_detail=b"no"), "fail_detail"),
            (lambda: PassIf(None, "x", "ok", lets=(("1x", "y"),)), "lets"),
            (lambda: PassIf(None, "x", "ok", lets=("xy",)), "lets"),
            (lambda: OutcomeOf(None, None, "ok"), "expression"),
        ],
    )
    def test_a_case_refuses_a_malformed_field(self, build: Any, field: str) -> None:
        with pytest.raises(InvalidData, match=rf"\$\.{field}"):
            build()


class TestRulesAreValid:
    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"reads": "greeting"}, "reads"),
            ({"reads": ("",)}, "reads"),
            ({"cases": (Then(None, Outcome.PASS, "ok"), "x")}, "cases"),
            ({"params": {"not a name": 1}}, "params"),
            ({"params": 5}, "params"),
            ({"lets": [("a", "b")]}, "lets"),
            ({"verdict": 5}, "verdict"),
            ({"rated": 1}, "rated"),
        ],
    )
    def test_a_rule_refuses_a_malformed_field(
        self, fields: dict[str, Any], field: str
    ) -> None:
        values: dict[str, Any] = {
            "reads": ("greeting",),
            "cases": (Then(None, Outcome.PASS, "ok"),),
        }
        values.update(fields)

        with pytest.raises(InvalidData, match=rf"\$\.{field}"):
            Rule(**values)

    @pytest.mark.parametrize("kind", sorted(RULES, key=lambda c: c.__name__))
    def test_every_check_kind_makes_a_valid_rule(self, kind: type) -> None:
        check = kind() if kind not in _ARGS else kind(**_ARGS[kind])

        rule = RULES[kind](check, Given(item_id="x", custom_check=lambda i: None))

        assert type(rule) is Rule
        assert rule.cases


_ARGS: dict[type, dict[str, Any]] = {
    k.Custom: {"name": "mine"},
}

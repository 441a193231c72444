"""Tests for the shape of moments.scorecards: its public classes resolve
their type hints where they are defined, the package's ``__init__`` only
re-exports, and its modules import one another without a cycle, counting
the imports made only for type checking."""

from __future__ import annotations

import ast
import importlib
import typing
from pathlib import Path

import attrs
import pytest

from moments import scorecards

PACKAGE = Path(scorecards.__file__).parent
PUBLIC_CLASSES = [
    getattr(scorecards, name)
    for name in scorecards.__all__
    if isinstance(getattr(scorecards, name), type)
]


def _sibling_imports(path: Path) -> set[str]:
    """The modules of the package that the module at ``path`` imports,
    anywhere in it (``if TYPE_CHECKING:`` blocks and functions included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            head, _, rest = name.partition("moments.scorecards.")
            if not head and rest and (PACKAGE / f"{rest.split('.')[0]}.py").exists():
                found.add(rest.split(".")[0])
    return found


def _unresolved(hint: object) -> bool:
    """Whether a type hint still holds a name as text anywhere in it."""
    if isinstance(hint, str | typing.ForwardRef):
        return True
    return any(_unresolved(arg) for arg in typing.get_args(hint))


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of ``graph`` (as the list of its modules), or None."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        for nxt in sorted(graph.get(node, ())):
            cycle = visit(nxt, [*path, node])
            if cycle:
                return cycle
        done.add(node)
        return None

    for start in sorted(graph):
        cycle = visit(start, [])
        if cycle:
            return cycle
    return None


class TestPublicClasses:
    def test_the_public_classes_are_the_five_of_the_package(self) -> None:
        names = {cls.__name__ for cls in PUBLIC_CLASSES}

        assert names == {
            "Consistency",
            "ItemSpread",
            "Recognition",
            "Scorecard",
            "Standing",
        }

    @pytest.mark.parametrize("cls", PUBLIC_CLASSES, ids=lambda cls: cls.__name__)
    def test_type_hints_resolve_for_every_field(self, cls: type) -> None:
        hints = typing.get_type_hints(cls)

        fields = [f.name for f in attrs.fields(cls)]
        assert set(fields) <= set(hints)
        assert not [name for name in fields if _unresolved(hints[name])]

    @pytest.mark.parametrize("cls", PUBLIC_CLASSES, ids=lambda cls: cls.__name__)
    def test_each_is_defined_in_the_module_its_repr_names(self, cls: type) -> None:
        module = importlib.import_module(cls.__module__)

        assert cls.__module__.startswith("moments.scorecards.")
        assert getattr(module, cls.__name__) is cls
        assert cls.__name__ in module.__all__


class TestModules:
    def test_the_init_only_imports_and_lists_all(self) -> None:
        tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))

        kinds = {type(node).__name__ for node in tree.body[1:]}

        assert ast.get_docstring(tree)
        assert kinds <= {"ImportFrom", "Assign"}
        assigned = [n for n in tree.body if isinstance(n, ast.Assign)]
        assert [
            t.id for n in assigned for t in n.targets if isinstance(t, ast.Name)
        ] == ["__all__"]

    def test_no_module_imports_another_in_a_cycle_even_for_type_checking(
        self,
    ) -> None:
        graph = {
            path.stem: _sibling_imports(path)
            for path in PACKAGE.glob("*.py")
            if path.stem != "__init__"
        }

        assert _cycle(graph) is None

    def test_a_cycle_is_found(self) -> None:
        assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
        assert _cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None

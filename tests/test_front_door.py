"""The front door: `import moments` is light, and its `__all__` is
complete, unique and sorted within its commented groups."""

from __future__ import annotations

import ast
import importlib
import io
import json
import subprocess
import sys
import tokenize
import typing
from collections import Counter
from pathlib import Path

import pytest

import moments

SRC = Path(__file__).resolve().parent.parent / "src" / "moments"
INIT = SRC / "__init__.py"


def _all_groups(source: str) -> list[tuple[str, list[str]]]:
    """The groups of ``__all__`` in ``source``: each comment line inside
    the list starts a group, named by the comment."""
    tree = ast.parse(source)
    assigned = [
        node
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and any(
            isinstance(t, ast.Name) and t.id == "__all__"
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        )
    ]
    assert len(assigned) == 1, "__all__ must be assigned exactly once"
    node = assigned[0]
    first, last = node.lineno, node.end_lineno or node.lineno
    groups: list[tuple[str, list[str]]] = [("", [])]
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if not first <= token.start[0] <= last:
            continue
        if token.type == tokenize.COMMENT:
            groups.append((token.string.lstrip("# "), []))
        elif token.type == tokenize.STRING:
            groups[-1][1].append(ast.literal_eval(token.string))
    return [g for g in groups if g[1]]


def _public_modules() -> list[Path]:
    """Modules whose dotted path has no part with a leading underscore
    (a package's ``__init__.py`` stands for the package)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if not any(part.startswith("_") for part in parts):
            found.append(path)
    return found


def _imports(path: Path, package: str) -> bool:
    """Whether the module at ``path`` imports ``package`` (or a submodule)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name.split(".")[0] == package for name in names):
            return True
    return False


def _declares_all(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            return True
    return False


class TestImportIsLight:
    def test_import_moments_does_not_import_hypothesis(self) -> None:
        code = (
            "import json, sys, moments; "
            "print(json.dumps(sorted(m for m in sys.modules "
            "if m.split('.')[0] == 'hypothesis')))"
        )

        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
        )

        assert json.loads(result.stdout) == []

    def test_only_the_serialization_edge_imports_cattrs(self) -> None:
        # The front door re-exports to_dict & co., so `import moments` loads
        # cattrs (a run-time dependency); the model modules never import it.
        importers = sorted(
            str(path.relative_to(SRC))
            for path in SRC.rglob("*.py")
            if _imports(path, "cattrs")
            and path.relative_to(SRC).parts[0] != "serialization"
        )

        assert importers == []


class TestAll:
    def test_every_name_in_all_exists(self) -> None:
        missing = [name for name in moments.__all__ if not hasattr(moments, name)]

        assert missing == []

    def test_all_has_no_duplicates(self) -> None:
        counts = Counter(moments.__all__)

        duplicates = [name for name, n in counts.items() if n > 1]

        assert duplicates == []

    def test_each_commented_group_of_all_is_sorted(self) -> None:
        groups = _all_groups(INIT.read_text(encoding="utf-8"))

        unsorted = [name for name, names in groups if names != sorted(names)]

        assert groups
        assert unsorted == []

    def test_the_parsed_groups_hold_exactly_all(self) -> None:
        groups = _all_groups(INIT.read_text(encoding="utf-8"))

        assert [n for _, names in groups for n in names] == list(moments.__all__)

    def test_the_foundation_names_are_exported(self) -> None:
        expected = {
            "MomentsError",
            "InvalidData",
            "NaiveDatetimeError",
            "CurrencyMismatch",
            "NotEligible",
            "Money",
            "Client",
            "Customer",
            "Stage",
            "redact",
            "forget",
            "Interaction",
            "Moment",
            "Expectation",
            "Feedback",
            "WowCard",
        }

        assert expected <= set(moments.__all__)


class TestGroupParser:
    def test_an_unsorted_group_is_found(self) -> None:
        source = '__all__ = [\n    # a\n    "b",\n    "a",\n    # c\n    "c",\n]\n'

        groups = _all_groups(source)

        assert groups == [("a", ["b", "a"]), ("c", ["c"])]

    def test_names_before_the_first_comment_form_their_own_group(self) -> None:
        assert _all_groups('__all__ = ["z", "y"]\nx = "w"\n') == [("", ["z", "y"])]


class TestPublicModules:
    def test_public_modules_are_found(self) -> None:
        names = {p.name for p in _public_modules()}

        assert {"errors.py", "money.py", "parties.py", "interactions.py"} <= names
        assert "_time.py" not in names

    @pytest.mark.parametrize(
        "path", _public_modules(), ids=lambda p: str(p.relative_to(SRC))
    )
    def test_every_public_module_declares_all(self, path: Path) -> None:
        assert _declares_all(path)


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _public_classes() -> list[tuple[str, type]]:
    """Every class a public module lists in its ``__all__``, once, with the
    first public path that exports it."""
    seen: dict[type, str] = {}
    for path in _public_modules():
        name = _module_name(path)
        module = importlib.import_module(name)
        for attribute in getattr(module, "__all__", ()):
            obj = getattr(module, attribute)
            if isinstance(obj, type) and obj.__module__.startswith("moments"):
                seen.setdefault(obj, f"{name}.{attribute}")
    return sorted(((where, cls) for cls, where in seen.items()), key=lambda t: t[0])


class TestPublicClasses:
    def test_the_public_classes_are_found(self) -> None:
        found = {cls for _, cls in _public_classes()}

        assert {moments.Client, moments.Scorecard, moments.Checklist} <= found

    @pytest.mark.parametrize(
        ("where", "cls"), _public_classes(), ids=[w for w, _ in _public_classes()]
    )
    def test_every_public_class_is_defined_where_its_module_says(
        self, where: str, cls: type
    ) -> None:
        module = cls.__module__

        assert not any(part.startswith("_") for part in module.split(".")), where
        assert getattr(sys.modules[module], cls.__name__) is cls
        assert cls.__qualname__ == cls.__name__

    @pytest.mark.parametrize(
        ("where", "cls"), _public_classes(), ids=[w for w, _ in _public_classes()]
    )
    def test_type_hints_resolve_for_every_public_class(
        self, where: str, cls: type
    ) -> None:
        hints = typing.get_type_hints(cls)

        assert isinstance(hints, dict), where

    def test_the_front_door_classes_have_resolvable_type_hints(self) -> None:
        # The check the issue gives, as one subprocess: a fresh interpreter.
        code = (
            "import moments, typing\n"
            "[typing.get_type_hints(getattr(moments, n)) for n in moments.__all__"
            " if isinstance(getattr(moments, n), type)]\n"
        )

        subprocess.run([sys.executable, "-c", code], check=True)

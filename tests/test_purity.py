"""The core is pure: no module under src/moments/ (except the command-line
shell, __main__.py and cli.py) does I/O or reads the clock or the
environment. Checked on the syntax tree, not by grepping text."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "moments"
SHELL = {"__main__.py", "cli/__init__.py"}

FORBIDDEN_CALLS = {"open", "print", "input", "breakpoint"}
# Clock and environment functions, called or passed on (factory=datetime.now).
FORBIDDEN_FUNCTIONS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "monotonic"),
    ("time", "monotonic_ns"),
    ("time", "perf_counter"),
    ("time", "perf_counter_ns"),
    ("time", "localtime"),
    ("time", "sleep"),
    ("os", "getenv"),
    ("os", "putenv"),
}
FORBIDDEN_ATTRIBUTES = {
    ("os", "environ"),
    ("sys", "stdout"),
    ("sys", "stderr"),
    ("sys", "stdin"),
}
FORBIDDEN_MODULES = {"logging"}
FORBIDDEN_NAMES_FROM = {
    "os": {"environ", "getenv", "putenv"},
    "sys": {"stdout", "stderr", "stdin"},
    "time": {"time", "time_ns", "monotonic", "perf_counter", "localtime", "sleep"},
    "builtins": FORBIDDEN_CALLS,
}


def _dotted(node: ast.expr) -> tuple[str, ...]:
    """``a.b.c`` as ``("a", "b", "c")``; empty for anything else."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return tuple(reversed(parts))
    return ()


def impurities(source: str, filename: str) -> list[str]:
    """Every I/O, clock or environment access in ``source``, as
    ``file:line: what``."""
    found: list[str] = []

    def report(node: ast.AST, what: str) -> None:
        found.append(f"{filename}:{getattr(node, 'lineno', 0)}: {what}")

    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
                report(node, f"call to {node.func.id}()")
        elif isinstance(node, ast.Attribute):
            dotted = _dotted(node)
            if dotted[-2:] in FORBIDDEN_ATTRIBUTES | FORBIDDEN_FUNCTIONS:
                report(node, f"use of {'.'.join(dotted)}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in FORBIDDEN_MODULES:
                    report(node, f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.split(".")[0] in FORBIDDEN_MODULES:
                report(node, f"from {module} import ...")
            banned = FORBIDDEN_NAMES_FROM.get(module, set())
            for alias in node.names:
                if alias.name in banned:
                    report(node, f"from {module} import {alias.name}")
    return found


def _core_modules() -> list[Path]:
    return sorted(
        p for p in SRC.rglob("*.py") if p.relative_to(SRC).as_posix() not in SHELL
    )


class TestCoreIsPure:
    def test_the_core_modules_are_found(self) -> None:
        names = {p.name for p in _core_modules()}

        assert {"parties.py", "interactions.py", "_time.py"} <= names

    def test_no_core_module_does_io_or_reads_the_clock_or_environment(self) -> None:
        found = [
            line
            for path in _core_modules()
            for line in impurities(
                path.read_text(encoding="utf-8"), str(path.relative_to(SRC.parent))
            )
        ]

        assert found == [], "impure code in the core:\n" + "\n".join(found)


class TestTheCheckerCatchesImpurity:
    """The checker must be able to fail: each snippet is one impurity."""

    @pytest.mark.parametrize(
        "snippet",
        [
            "open('x')",
            "print('hi')",
            "input()",
            "datetime.now()",
            "datetime.datetime.now(tz=UTC)",
            "datetime.utcnow()",
            "datetime.today()",
            "date.today()",
            "time.time()",
            "time.monotonic()",
            "time.perf_counter()",
            "os.environ['HOME']",
            "os.environ.get('HOME')",
            "os.getenv('HOME')",
            "import logging",
            "import logging.handlers",
            "from logging import getLogger",
            "sys.stdout.write('x')",
            "sys.stderr",
            "sys.stdin.read()",
            "from os import environ",
            "from time import monotonic",
            "from sys import stdout",
            "attrs.field(factory=datetime.now)",
        ],
    )
    def test_each_kind_of_impurity_is_reported_with_file_and_line(
        self, snippet: str
    ) -> None:
        source = f"x = 1\n{snippet}\n"

        found = impurities(source, "moments/bad.py")

        assert found
        assert found[0].startswith("moments/bad.py:2: ")

    @pytest.mark.parametrize(
        "snippet",
        [
            "elapsed(a, b)",
            "datetime(2026, 1, 1, tzinfo=UTC)",
            "x.now",
            "self.print_report()",
            "reopen('x')",
            "import time",
            "from datetime import datetime",
        ],
    )
    def test_pure_code_is_not_reported(self, snippet: str) -> None:
        assert impurities(snippet, "moments/ok.py") == []

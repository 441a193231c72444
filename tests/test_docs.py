"""The README's promises match what CI runs.

The examples themselves run through Sybil (see the root ``conftest.py``);
these tests pin the commands, which Sybil does not execute.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def bash_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", text, re.S)]


class TestReadmeCommands:
    def test_there_are_exactly_two_one_line_commands(self) -> None:
        blocks = bash_blocks(README)

        assert len(blocks) == 2
        assert all("\n" not in block for block in blocks)

    def test_the_demo_command_installs_and_runs_the_demo(self) -> None:
        demo = bash_blocks(README)[0]

        assert demo.startswith("python3 -m venv .venv && . .venv/bin/activate")
        assert "pip install -e ." in demo
        assert demo.endswith("python -m moments demo")

    def test_the_test_command_is_the_one_ci_runs(self) -> None:
        test = bash_blocks(README)[1]
        install, run = test.split(" && ")[-2:]

        assert install == "pip install -e '.[test]'"
        assert "python -m pip install --quiet -e '.[test]'" in CI
        assert re.search(rf"^{re.escape(run)}$", CI, re.M)


class TestCiRunsTheFace:
    def test_ci_builds_the_docs_with_warnings_as_errors(self) -> None:
        assert "sphinx-build -W" in CI

    def test_ci_runs_the_notebook_the_benchmarks_and_the_command_line(self) -> None:
        for step in (
            "pytest --nbmake -q docs/example.ipynb",
            "python bench/run.py --quick",
            "python -m moments demo",
            "python -m moments audit",
        ):
            assert step in CI

    def test_pytest_collects_the_docs_and_docstrings(self) -> None:
        config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

        paths = config["tool"]["pytest"]["ini_options"]["testpaths"]

        assert {"tests", "README.md", "docs", "src"} <= set(paths)

    def test_every_docs_page_is_linked_from_the_index(self) -> None:
        index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
        pages = {
            p.relative_to(ROOT / "docs").with_suffix("").as_posix()
            for p in (ROOT / "docs").rglob("*.md")
            if "_build" not in p.parts
        }

        assert pages - {"index"} <= set(re.findall(r"^([\w/-]+)$", index, re.M))

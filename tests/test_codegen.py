"""Generated code is registered in linecache under a descriptive name."""

from __future__ import annotations

import linecache
import traceback

import pytest

from moments._codegen import compile_function, unique_filename

SOURCE = "def answer(x):\n    return 42 // x\n"


def _filename_of(function: object) -> str:
    return function.__code__.co_filename  # type: ignore[attr-defined]


class TestRegistration:
    def test_the_file_name_says_what_was_generated_and_for_whom(self) -> None:
        assert (
            unique_filename("scorer", "gold@1") == "<moments generated scorer gold@1>"
        )

    def test_a_traceback_shows_the_generated_line(self) -> None:
        name = unique_filename("test divider", "test_a_traceback")
        divide = compile_function(SOURCE, "answer", filename=name, namespace={})

        with pytest.raises(ZeroDivisionError) as caught:
            divide(0)

        frame = traceback.extract_tb(caught.value.__traceback__)[-1]
        assert frame.filename == name
        assert frame.line == "return 42 // x"

    def test_the_same_source_twice_shares_its_name(self) -> None:
        name = unique_filename("test twin", "same")

        first = compile_function(SOURCE, "answer", filename=name, namespace={})
        second = compile_function(SOURCE, "answer", filename=name, namespace={})

        assert _filename_of(first) == _filename_of(second) == name

    def test_other_source_under_a_taken_name_gets_a_name_of_its_own(self) -> None:
        name = unique_filename("test other", "taken")
        other = "def answer(x):\n    return 7 * x\n"

        first = compile_function(SOURCE, "answer", filename=name, namespace={})
        second = compile_function(other, "answer", filename=name, namespace={})

        assert _filename_of(first) == name
        assert _filename_of(second) != name
        assert _filename_of(second).startswith(name[:-1])
        assert linecache.getline(_filename_of(first), 2).strip() == "return 42 // x"
        assert linecache.getline(_filename_of(second), 2).strip() == "return 7 * x"
        assert second(6) == 42

    def test_the_namespace_is_copied_not_changed(self) -> None:
        namespace = {"factor": 3}
        source = "def triple(x):\n    return factor * x\n"

        triple = compile_function(
            source,
            "triple",
            filename=unique_filename("test", "ns"),
            namespace=namespace,
        )

        assert triple(2) == 6
        assert namespace == {"factor": 3}

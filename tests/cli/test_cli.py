"""The command-line shell: ``python -m moments demo | audit | standard``."""

from __future__ import annotations

import csv
import importlib.metadata
import io
import json
import os
import pty
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from _support import read_audit
from moments import Interaction, cli
from moments.checklists import Audit, Checklist
from moments.cli import DISTRIBUTION, EXIT_FAILED_LINES, EXIT_OK, EXIT_USAGE, main
from moments.cli import PROGRESS_THRESHOLD as THRESHOLD
from moments.cli.demo import demo_day
from moments.serialization import dumps, from_dict, loads, to_dict
from moments.standards import gold_standard, transactional_standard

BAD_LINE = '{"id": "broken", "channel": "carrier pigeon"}'


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, check=False)


def demo_lines() -> list[str]:
    return [dumps(i) for i in demo_day().interactions]


@pytest.fixture
def day_file(tmp_path: Path) -> Path:
    path = tmp_path / "day.jsonl"
    path.write_text("\n".join(demo_lines()) + "\n", encoding="utf-8")
    return path


class TestHelp:
    @pytest.mark.parametrize(
        "argv", [["--help"], ["demo", "--help"], ["audit", "-h"], ["standard", "-h"]]
    )
    def test_every_command_has_help_that_documents_the_exit_status(
        self, argv: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        status = main(argv)

        out = capsys.readouterr().out
        assert status == EXIT_OK
        assert "exit status:" in out
        assert "  2  usage error" in out

    def test_the_console_script_and_python_dash_m_share_one_entry_point(
        self,
    ) -> None:
        from moments import __main__

        assert __main__.main is main

    def test_version_prints_the_distribution_version(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status = main(["--version"])

        out = capsys.readouterr().out
        assert status == EXIT_OK
        assert out.split() == ["moments", importlib.metadata.version(DISTRIBUTION)]

    def test_python_dash_m_moments_version_prints_it_too(self) -> None:
        done = _run([sys.executable, "-m", "moments", "--version"])

        assert done.returncode == EXIT_OK, done.stderr
        version = importlib.metadata.version("moments-of-truth")
        assert done.stdout == f"python -m moments {version}\n"

    def test_under_python_dash_m_the_usage_line_says_python_dash_m_moments(
        self,
    ) -> None:
        done = _run([sys.executable, "-m", "moments", "audit", "--help"])

        assert done.returncode == EXIT_OK, done.stderr
        assert done.stdout.startswith("usage: python -m moments audit ")

    def test_the_console_script_names_itself_moments_in_the_usage_line(
        self,
    ) -> None:
        # What the installed `moments` script does: load the entry point and
        # call it, with __main__ being the script itself.
        script = (
            "import sys; from importlib.metadata import entry_points; "
            "main = entry_points(group='console_scripts')['moments'].load(); "
            "sys.exit(main(['audit', '--help']))"
        )
        done = _run([sys.executable, "-c", script])

        assert done.returncode == EXIT_OK, done.stderr
        assert done.stdout.startswith("usage: moments audit ")
        assert "python -m" not in done.stdout

    @pytest.mark.parametrize(
        ("argv", "codes"),
        [
            (["--help"], ["0", "1", "2"]),
            (["demo", "--help"], ["0", "2"]),
            (["audit", "--help"], ["0", "1", "2"]),
            (["standard", "--help"], ["0", "2"]),
        ],
    )
    def test_each_commands_help_lists_only_the_exit_codes_it_can_return(
        self, argv: list[str], codes: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(argv)

        epilog = capsys.readouterr().out.split("exit status:\n", 1)[1]
        listed = re.findall(r"^  (\d)  ", epilog, flags=re.MULTILINE)
        assert listed == codes


class TestUsageErrors:
    def test_no_command_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status = main([])

        assert status == EXIT_USAGE
        assert "required" in capsys.readouterr().err

    def test_an_unknown_option_is_a_usage_error(self) -> None:
        assert main(["demo", "--colour"]) == EXIT_USAGE

    def test_a_missing_file_is_a_usage_error_naming_it(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        missing = tmp_path / "nope.jsonl"

        status = main(["audit", str(missing)])

        assert status == EXIT_USAGE
        assert "nope.jsonl" in capsys.readouterr().err

    def test_an_unreadable_standard_is_a_usage_error(
        self, day_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status = main(["audit", str(day_file), "--standard", "platinum"])

        assert status == EXIT_USAGE
        assert "--standard" in capsys.readouterr().err

    def test_a_standard_that_is_not_a_checklist_lists_its_problems(
        self, day_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        bad = tmp_path / "bad.json"
        bad.write_text('{"name": ""}', encoding="utf-8")

        status = main(["audit", str(day_file), "--standard", str(bad)])

        err = capsys.readouterr().err
        assert status == EXIT_USAGE
        assert "not a valid checklist" in err
        assert "$." in err

    def test_a_standard_with_a_custom_check_cannot_be_used_from_the_shell(
        self, day_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        data = to_dict(gold_standard())
        data["items"][0]["check"] = {"kind": "custom", "name": "smiled"}
        custom = tmp_path / "custom.json"
        custom.write_text(json.dumps(data), encoding="utf-8")

        status = main(["audit", str(day_file), "--standard", str(custom)])

        err = capsys.readouterr().err
        assert status == EXIT_USAGE
        assert "cannot audit with it" in err
        assert "smiled" in err

    @pytest.mark.parametrize("as_of", ["2026-06-12T19:00:00", "yesterday"])
    def test_an_as_of_without_an_offset_is_a_usage_error(
        self, day_file: Path, as_of: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status = main(["audit", str(day_file), "--as-of", as_of])

        assert status == EXIT_USAGE
        assert "--as-of" in capsys.readouterr().err


class TestDemo:
    def test_the_demo_prints_every_section(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status = main(["demo"])

        out = capsys.readouterr().out
        assert status == EXIT_OK
        for heading in (
            "Audits",
            "Organisation scorecard",
            "Pass rate by moment",
            "Consistency across staff",
            "Consistency across locations",
            "Greeting service level",
            "Customers now eligible to become clients: maya",
        ):
            assert heading in out

    def test_the_demo_shows_the_late_greeting(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["demo"])

        out = capsys.readouterr().out
        late = next(line for line in out.splitlines() if line.startswith("m-01 "))
        assert " late " in late

    def test_the_demo_is_the_same_every_time(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["demo"])
        first = capsys.readouterr().out

        main(["demo"])

        assert capsys.readouterr().out == first

    def test_demo_jsonl_prints_the_days_interactions(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status = main(["demo", "--jsonl"])

        lines = capsys.readouterr().out.splitlines()
        assert status == EXIT_OK
        assert [loads(Interaction, line) for line in lines] == list(
            demo_day().interactions
        )

    def test_python_dash_m_moments_demo_runs_in_a_fresh_process(self) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "moments", "demo"],
            capture_output=True,
            text=True,
            check=False,
        )

        assert done.returncode == EXIT_OK, done.stderr
        assert "Organisation scorecard" in done.stdout
        assert done.stderr == ""


class TestAudit:
    def test_every_line_becomes_one_audit_line(
        self, day_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status = main(["audit", str(day_file)])

        captured = capsys.readouterr()
        audits = [read_audit(line) for line in captured.out.splitlines()]
        assert status == EXIT_OK
        assert captured.err == ""
        assert [a.interaction_id for a in audits] == [
            i.id for i in demo_day().interactions
        ]

    def test_auto_uses_gold_for_clients_and_transactional_for_customers(
        self, day_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["audit", str(day_file)])

        audits = [read_audit(x) for x in capsys.readouterr().out.splitlines()]
        names = {(a.party_kind.value, a.checklist_name) for a in audits}
        assert names == {
            ("client", gold_standard().name),
            ("customer", transactional_standard().name),
        }

    def test_a_bad_line_is_reported_with_its_number_and_the_rest_are_audited(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        lines = demo_lines()
        lines.insert(2, BAD_LINE)
        path = tmp_path / "day.jsonl"
        path.write_text("\n".join(lines), encoding="utf-8")

        status = main(["audit", str(path)])

        captured = capsys.readouterr()
        assert status == EXIT_FAILED_LINES
        assert len(captured.out.splitlines()) == len(lines) - 1
        problems = captured.err.splitlines()
        assert problems[0].startswith("line 3: $.")
        assert problems[-1] == "1 invalid line(s) skipped"

    def test_a_line_that_is_not_json_is_reported_too(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "day.jsonl"
        path.write_text(demo_lines()[0] + "\n{not json\n", encoding="utf-8")

        status = main(["audit", str(path)])

        captured = capsys.readouterr()
        assert status == EXIT_FAILED_LINES
        assert captured.err.startswith("line 2: $")
        assert len(captured.out.splitlines()) == 1

    def test_blank_lines_are_ignored(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "day.jsonl"
        path.write_text("\n" + demo_lines()[0] + "\n\n   \n", encoding="utf-8")

        status = main(["audit", str(path)])

        assert status == EXIT_OK
        assert len(capsys.readouterr().out.splitlines()) == 1

    def test_dash_reads_standard_input(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(demo_lines())))

        status = main(["audit", "-"])

        assert status == EXIT_OK
        assert len(capsys.readouterr().out.splitlines()) == len(demo_lines())

    def test_the_table_format_has_one_row_per_audit(
        self, day_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status = main(["audit", str(day_file), "--format", "table"])

        out = capsys.readouterr().out.splitlines()
        assert status == EXIT_OK
        assert out[0].split()[:2] == ["interaction_id", "checklist"]
        assert len(out) == 2 + len(demo_lines())

    def test_a_named_standard_applies_to_everyone(
        self, day_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["audit", str(day_file), "--standard", "transactional"])

        audits = [read_audit(x) for x in capsys.readouterr().out.splitlines()]
        assert {a.checklist_name for a in audits} == {transactional_standard().name}

    def test_a_standard_printed_by_standard_can_be_used_from_a_file(
        self, day_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["standard", "gold"])
        custom = tmp_path / "mine.json"
        custom.write_text(capsys.readouterr().out, encoding="utf-8")

        status = main(["audit", str(day_file), "--standard", str(custom)])

        audits = [read_audit(x) for x in capsys.readouterr().out.splitlines()]
        assert status == EXIT_OK
        assert {a.checklist_name for a in audits} == {gold_standard().name}

    def test_as_of_judges_every_interaction_at_that_instant(
        self, day_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["audit", str(day_file), "--as-of", "2026-06-13T09:00:00+01:00"])

        audits = [read_audit(x) for x in capsys.readouterr().out.splitlines()]
        assert {a.as_of.isoformat() for a in audits} == {"2026-06-13T09:00:00+01:00"}


class TestAsOfBeforeArrival:
    def test_as_of_before_arrival_is_an_error_for_that_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        visit = demo_day().interactions[0]  # arrived 2026-06-12T08:12:00+01:00
        path = tmp_path / "one.jsonl"
        path.write_text(dumps(visit) + "\n", encoding="utf-8")

        status = main(["audit", str(path), "--as-of", "2020-01-01T00:00:00+00:00"])

        captured = capsys.readouterr()
        assert status == EXIT_FAILED_LINES
        assert captured.out == ""
        assert captured.err.splitlines() == [
            "line 1: $.as_of: expected --as-of at or after the interaction's "
            "arrival (2026-06-12T08:12:00+01:00), got 2020-01-01T00:00:00+00:00; "
            "an interaction cannot be judged before it began",
            "1 invalid line(s) skipped",
        ]

    def test_only_the_lines_that_arrived_after_as_of_are_skipped(
        self, day_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        as_of = datetime.fromisoformat("2026-06-12T12:00:00+01:00")
        arrivals = [(i.id, i.arrived_at) for i in demo_day().interactions]

        status = main(["audit", str(day_file), "--as-of", as_of.isoformat()])

        captured = capsys.readouterr()
        audited = [read_audit(x).interaction_id for x in captured.out.splitlines()]
        later = [n for n, (_, at) in enumerate(arrivals, start=1) if at > as_of]
        assert status == EXIT_FAILED_LINES
        assert audited == [i for i, at in arrivals if at <= as_of]
        assert [int(x.split(":")[0][5:]) for x in captured.err.splitlines()[:-1]] == (
            later
        )

    def test_as_of_exactly_at_arrival_is_audited(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        visit = demo_day().interactions[0]
        path = tmp_path / "one.jsonl"
        path.write_text(dumps(visit) + "\n", encoding="utf-8")

        status = main(["audit", str(path), "--as-of", visit.arrived_at.isoformat()])

        assert status == EXIT_OK
        assert read_audit(capsys.readouterr().out).as_of == visit.arrived_at


class TestProgress:
    @pytest.fixture(autouse=True)
    def small_threshold(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # The real threshold is thousands of lines; the rule is the same.
        monkeypatch.setattr(cli, "PROGRESS_THRESHOLD", 20)

    @pytest.fixture
    def big_file(self, tmp_path: Path) -> Path:
        path = tmp_path / "big.jsonl"
        path.write_text((demo_lines()[1] + "\n") * 21, encoding="utf-8")
        return path

    def test_the_real_threshold_is_a_few_thousand_lines(self) -> None:
        assert 2000 <= THRESHOLD <= 10000

    def test_an_input_over_the_threshold_draws_a_bar_on_a_terminal(
        self, big_file: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)

        status = main(["audit", str(big_file), "--format", "table"])

        drawn = terminal.getvalue()
        assert status == EXIT_OK
        assert "100%" in drawn
        assert " 21/21 " in drawn
        assert "lines/s" in drawn
        assert drawn.endswith("\n")

    def test_standard_input_that_is_not_a_file_shows_lines_done_and_no_total(
        self, big_file: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        monkeypatch.setattr(sys, "stdin", io.StringIO(big_file.read_text()))

        main(["audit", "-", "--format", "table"])

        drawn = terminal.getvalue()
        assert "21 lines" in drawn
        assert "lines/s" in drawn
        assert "/21" not in drawn
        assert "%" not in drawn

    def test_standard_input_from_a_regular_file_shows_the_total(
        self, big_file: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        with big_file.open(encoding="utf-8") as redirected:  # as `< big.jsonl`
            monkeypatch.setattr(sys, "stdin", redirected)
            main(["audit", "-", "--format", "table"])

        assert " 21/21 " in terminal.getvalue()

    def test_an_error_line_never_lands_in_the_middle_of_the_progress_bar(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        lines = [demo_lines()[1]] * 30
        lines[24] = BAD_LINE
        path = tmp_path / "bad.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)

        status = main(["audit", str(path), "--format", "table"])

        # What a terminal shows on each line: the text after the last \r.
        shown = [row.rsplit("\r", 1)[-1] for row in terminal.getvalue().split("\n")]
        reports = [row for row in shown if "line 25" in row]
        assert status == EXIT_FAILED_LINES
        assert reports
        assert all(row.startswith("line 25: $.") for row in reports)
        assert shown[-1] == ""
        assert shown[-2] == "1 invalid line(s) skipped"

    def test_an_input_under_the_threshold_draws_nothing_on_a_terminal(
        self, day_file: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)

        main(["audit", str(day_file)])

        assert terminal.getvalue() == ""

    def test_nothing_is_drawn_when_stderr_is_not_a_terminal(
        self, big_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["audit", str(big_file), "--format", "table"])

        assert capsys.readouterr().err == ""


class TestPipes:
    def test_a_reader_that_stops_early_ends_the_command_quietly(
        self, tmp_path: Path
    ) -> None:
        path = tmp_path / "big.jsonl"
        path.write_text((demo_lines()[1] + "\n") * 3000, encoding="utf-8")
        command = [sys.executable, "-m", "moments", "audit", str(path)]

        with subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ) as process:
            assert process.stdout is not None
            assert process.stderr is not None
            first = process.stdout.readline()
            process.stdout.close()
            err = process.stderr.read()
            status = process.wait()

        assert first.startswith(b'{"$schema"')
        assert status == EXIT_OK
        assert err == b""


class TestStreaming:
    def test_audit_streams_lines_from_a_pipe(self) -> None:
        # stderr is a terminal (a pseudo-terminal here): the case where the
        # shell used to read all of standard input before writing anything.
        # Each read blocks until the shell has written the audit for the
        # line just sent, so a shell that waits for the end never passes.
        leader, follower = pty.openpty()
        command = [sys.executable, "-m", "moments", "audit", "-"]
        lines = demo_lines()[:3]
        try:
            with subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=follower
            ) as process:
                assert process.stdin is not None
                assert process.stdout is not None
                audited = []
                for line in lines:
                    process.stdin.write(line.encode("utf-8") + b"\n")
                    process.stdin.flush()
                    audited.append(read_audit(process.stdout.readline()))
                process.stdin.close()
                rest = process.stdout.read()
                status = process.wait()
        finally:
            os.close(follower)
            os.close(leader)

        assert status == EXIT_OK
        assert rest == b""
        assert [a.interaction_id for a in audited] == [
            i.id for i in demo_day().interactions[:3]
        ]

    def test_csv_streams_a_row_per_line_from_a_pipe(self) -> None:
        command = [sys.executable, "-m", "moments", "audit", "-", "--format", "csv"]
        with subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        ) as process:
            assert process.stdin is not None
            assert process.stdout is not None
            header = process.stdout.readline()
            rows = []
            for line in demo_lines()[:2]:
                process.stdin.write(line.encode("utf-8") + b"\n")
                process.stdin.flush()
                rows.append(process.stdout.readline())
            process.stdin.close()
            status = process.wait()

        assert status == EXIT_OK
        assert header.startswith(b"interaction_id,checklist,")
        assert [r.split(b",")[0] for r in rows] == [b"m-08", b"h-01"]


class TestStandard:
    @pytest.mark.parametrize(
        ("name", "build"),
        [("gold", gold_standard), ("transactional", transactional_standard)],
    )
    def test_a_standard_prints_as_json_that_reads_back_equal(
        self, name: str, build: object, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status = main(["standard", name])

        data = json.loads(capsys.readouterr().out)
        assert status == EXIT_OK
        assert from_dict(Checklist, data) == build()  # type: ignore[operator]

    def test_the_default_standard_is_gold(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["standard"])

        data = json.loads(capsys.readouterr().out)
        assert from_dict(Checklist, data) == gold_standard()


def _jsonl_documents(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


class TestAuditOutput:
    def test_a_failed_audit_line_says_passed_false(
        self, day_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status = main(["audit", str(day_file)])

        documents = {
            d["interaction_id"]: d for d in _jsonl_documents(capsys.readouterr().out)
        }
        assert status == EXIT_OK
        late = documents["m-01"]  # a late greeting: a critical failure
        assert late["passed"] is False
        assert late["score"] == 0.0
        assert late["raw_score"] == pytest.approx(20 / 23)

    def test_every_audit_line_carries_score_and_passed_from_the_audit(
        self, day_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["audit", str(day_file)])

        out = capsys.readouterr().out.splitlines()
        assert all({"score", "passed"} <= json.loads(line).keys() for line in out)
        audits = [read_audit(line) for line in out]  # checks the values too
        assert {a.passed for a in audits} == {True, False}

    def test_an_audit_line_without_its_derived_keys_loads_as_the_audit(
        self, day_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["audit", str(day_file)])

        documents = _jsonl_documents(capsys.readouterr().out)
        for document in documents:
            stored = {k: v for k, v in document.items() if k not in cli.DERIVED_KEYS}
            assert cli.audit_document(from_dict(Audit, stored)) == document

    def test_csv_is_one_header_row_then_one_row_per_audit_with_the_tables_columns(
        self, day_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["audit", str(day_file), "--format", "table"])
        table_header = capsys.readouterr().out.splitlines()[0].split()

        status = main(["audit", str(day_file), "--format", "csv"])

        rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
        assert status == EXIT_OK
        assert rows[0] == table_header
        assert len(rows) == 1 + len(demo_lines())
        assert all(len(row) == len(table_header) for row in rows)

    def test_csv_cells_say_what_the_jsonl_lines_say(
        self, day_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["audit", str(day_file)])
        documents = _jsonl_documents(capsys.readouterr().out)
        main(["audit", str(day_file), "--format", "csv"])

        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert [r["interaction_id"] for r in rows] == [
            d["interaction_id"] for d in documents
        ]
        for row, document in zip(rows, documents, strict=True):
            assert row["passed"] == ("true" if document["passed"] else "false")
            assert float(row["score"]) == document["score"]
            assert float(row["raw_score"]) == document["raw_score"]
            assert row["checklist"] == document["checklist_name"]

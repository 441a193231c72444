"""What the shell reads: any bytes, line by line, and never a traceback.

Input is decoded per line, so a line that is not UTF-8, not JSON, not an
interaction, or holds text UTF-8 cannot write (a lone surrogate escape such
as ``"\\ud800"``) is reported as ``line N:`` and skipped, and every other
line is still audited.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _support import read_audit
from moments import cli
from moments.cli import EXIT_FAILED_LINES, EXIT_OK, EXIT_USAGE, main
from moments.cli.demo import demo_day
from moments.errors import CurrencyMismatch
from moments.interactions import Interaction
from moments.serialization import dumps, loads, to_dict
from moments.standards import gold_standard
from moments.strategies import interactions

# Bytes that no strict UTF-8 decoder accepts: a byte that never starts a
# character, an overlong slash, a surrogate encoded as UTF-8 (CESU-8), a
# truncated euro sign, a code point above U+10FFFF.
INVALID_UTF8 = (b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82", b"\xf4\x90\x80\x80")


def demo_lines() -> list[bytes]:
    return [dumps(i).encode("utf-8") for i in demo_day().interactions]


def with_surrogate(line: bytes, code: int = 0xD800) -> bytes:
    """``line`` with a lone surrogate escape at the start of its id."""
    data = json.loads(line)
    data["id"] = chr(code) + data["id"]
    return json.dumps(data).encode("ascii")  # ASCII: the surrogate as \udXXX


def write(tmp_path: Path, lines: list[bytes], name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[str], list[str]]:
    status = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return status, captured.out.splitlines(), captured.err.splitlines()


def audited_ids(out: list[str]) -> list[str]:
    return [read_audit(line).interaction_id for line in out]


class TestUndecodableLines:
    @pytest.mark.parametrize("bad", INVALID_UTF8, ids=lambda b: b.hex())
    def test_a_line_that_is_not_utf8_is_reported_and_the_lines_around_it_audited(
        self, bad: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        good = demo_lines()
        path = write(tmp_path, [good[0], b'{"id": "' + bad + b'"}', good[1]])

        status, out, err = run(["audit", str(path)], capsys)

        assert status == EXIT_FAILED_LINES
        assert audited_ids(out) == [i.id for i in demo_day().interactions[:2]]
        assert err[0].startswith("line 2: $: expected UTF-8 text, got the byte(s) ")
        assert err[1:] == ["1 invalid line(s) skipped"]

    def test_the_undecodable_bytes_are_named_but_not_the_text_around_them(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write(tmp_path, [b'{"name": "Zenobia \xff Quarrington"}'])

        status, _, err = run(["audit", str(path)], capsys)

        assert status == EXIT_FAILED_LINES
        assert err[0] == (
            "line 1: $: expected UTF-8 text, got the byte(s) ff at byte 18 "
            "(invalid start byte)"
        )
        assert "Zenobia" not in "\n".join(err)

    def test_a_utf8_byte_order_mark_on_the_first_line_is_allowed(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        good = demo_lines()
        path = write(tmp_path, [b"\xef\xbb\xbf" + good[0], good[1]])

        status, out, err = run(["audit", str(path)], capsys)

        assert (status, len(out), err) == (EXIT_OK, 2, [])

    def test_windows_line_endings_are_read_as_line_endings(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "crlf.jsonl"
        path.write_bytes(b"\r\n".join(demo_lines()[:3]) + b"\r\n\r\n")

        status, out, err = run(["audit", str(path)], capsys)

        assert (status, len(out), err) == (EXIT_OK, 3, [])

    def test_a_line_of_other_control_characters_is_not_blank(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write(tmp_path, [demo_lines()[0], b"\x1c\x1d", b" \t"])

        status, out, err = run(["audit", str(path)], capsys)

        assert status == EXIT_FAILED_LINES
        assert len(out) == 1
        assert err[0].startswith("line 2: $")
        assert err[-1] == "1 invalid line(s) skipped"


class TestUnwritableText:
    @pytest.mark.parametrize("code", [0xD800, 0xDBFF, 0xDC00, 0xDFFF])
    def test_a_lone_surrogate_escape_is_a_bad_line_naming_its_path(
        self, code: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        good = demo_lines()
        path = write(tmp_path, [good[0], with_surrogate(good[1], code), good[2]])

        status, out, err = run(["audit", str(path)], capsys)

        assert status == EXIT_FAILED_LINES
        assert len(out) == 2
        assert err[0].startswith("line 2: $.id: ")
        assert err[-1] == "1 invalid line(s) skipped"

    def test_a_lone_surrogate_is_a_bad_line_in_the_table_format_too(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        good = demo_lines()
        path = write(tmp_path, [with_surrogate(good[0]), good[1]])

        status, out, err = run(["audit", str(path), "--format", "table"], capsys)

        assert status == EXIT_FAILED_LINES
        assert len(out) == 2 + 1
        assert err[0].startswith("line 1: $.id: ")

    def test_a_standard_holding_a_lone_surrogate_is_a_usage_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        data = to_dict(gold_standard())
        data["name"] = "gold\ud800"
        standard = tmp_path / "standard.json"
        standard.write_text(json.dumps(data), encoding="ascii")
        day = write(tmp_path, demo_lines())

        status, out, err = run(["audit", str(day), "--standard", str(standard)], capsys)

        assert (status, out) == (EXIT_USAGE, [])
        assert err[0] == (
            f"moments audit: error: --standard {standard}: not a valid checklist:"
        )
        assert any(line.strip().startswith("$.name: ") for line in err[1:])


class TestStandardFiles:
    def test_a_standard_file_that_is_not_utf8_is_a_usage_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        standard = tmp_path / "latin1.json"
        standard.write_bytes(json.dumps(to_dict(gold_standard())).encode() + b"\xe9")
        day = write(tmp_path, demo_lines())

        status, out, err = run(["audit", str(day), "--standard", str(standard)], capsys)

        assert (status, out) == (EXIT_USAGE, [])
        assert err == [
            f"moments audit: error: --standard {standard}: expected a "
            f"UTF-8 JSON file, got the byte(s) e9 at byte {standard.stat().st_size - 1}"
            " (unexpected end of data)"
        ]

    def test_a_directory_as_the_standard_is_a_usage_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        day = write(tmp_path, demo_lines())

        status, out, err = run(["audit", str(day), "--standard", str(tmp_path)], capsys)

        assert (status, out) == (EXIT_USAGE, [])
        assert err[0].startswith("moments audit: error: --standard: ")


class TestInputFiles:
    def test_a_directory_as_the_input_is_a_usage_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status, out, err = run(["audit", str(tmp_path)], capsys)

        assert (status, out) == (EXIT_USAGE, [])
        assert err[0].startswith("moments audit: error: cannot read ")


def _shell(
    stdin: int | None, data: bytes | None = None, close_stdin: bool = False
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "moments", "audit", "-"],
        stdin=stdin,
        input=data,
        capture_output=True,
        check=False,
        preexec_fn=(lambda: os.close(0)) if close_stdin else None,
    )


class TestStandardInput:
    def test_closed_standard_input_is_a_usage_error_not_a_traceback(self) -> None:
        done = _shell(stdin=None, close_stdin=True)

        assert done.returncode == EXIT_USAGE
        assert done.stdout == b""
        assert done.stderr.decode().splitlines() == [
            "python -m moments audit: error: cannot read standard input: it is closed"
        ]

    def test_empty_standard_input_audits_nothing_and_succeeds(self) -> None:
        done = _shell(stdin=subprocess.DEVNULL)

        assert (done.returncode, done.stdout, done.stderr) == (EXIT_OK, b"", b"")

    def test_standard_input_is_decoded_per_line_too(self) -> None:
        good = demo_lines()
        data = b"\n".join([good[0], b"\xff\xfe", with_surrogate(good[1]), good[2]])

        done = _shell(stdin=None, data=data)

        err = done.stderr.decode().splitlines()
        assert done.returncode == EXIT_FAILED_LINES
        assert "Traceback" not in done.stderr.decode()
        assert len(done.stdout.splitlines()) == 2
        assert err[0].startswith("line 2: $: expected UTF-8 text")
        assert err[1].startswith("line 3: $.id: ")
        assert err[2:] == ["2 invalid line(s) skipped"]


class _FailingBytes:
    """A binary stream that gives some lines, then fails to read."""

    def __init__(self, lines: list[bytes]) -> None:
        self.lines = lines

    def __iter__(self) -> Iterator[bytes]:
        yield from self.lines
        raise OSError(errno.EIO, "Input/output error")


class _FailingStdin:
    def __init__(self, lines: list[bytes]) -> None:
        self.buffer = _FailingBytes(lines)


class TestReadFailures:
    def test_a_read_failure_part_way_is_a_usage_error_after_the_lines_before_it(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setattr(sys, "stdin", _FailingStdin(demo_lines()[:2]))

        status, out, err = run(["audit", "-"], capsys)

        assert status == EXIT_USAGE
        assert len(out) == 2
        assert err == [
            "moments audit: error: cannot read standard input: Input/output error"
        ]

    def test_a_closed_standard_input_stream_is_a_usage_error(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        closed = io.StringIO()
        closed.close()
        monkeypatch.setattr(sys, "stdin", closed)

        status, out, err = run(["audit", "-"], capsys)

        assert (status, out) == (EXIT_USAGE, [])
        assert err[0].startswith("moments audit: error: cannot read ")


class TestFailuresInsideMoments:
    @pytest.mark.parametrize(
        "failure",
        [
            RuntimeError("Zenobia Quarrington"),
            CurrencyMismatch("cannot add EUR and USD"),
        ],
        ids=["bug", "moments-error"],
    )
    def test_a_failure_inside_moments_is_reported_for_its_line_only(
        self,
        failure: Exception,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        def loads_failing_on_m04(cls: type[Interaction], text: str) -> Interaction:
            found = loads(cls, text)
            if getattr(found, "id", None) == "m-04":
                raise failure
            return found

        monkeypatch.setattr(cli, "loads", loads_failing_on_m04)  # what it calls
        lines = demo_lines()
        where = [i.id for i in demo_day().interactions].index("m-04") + 1
        path = write(tmp_path, lines)

        status, out, err = run(["audit", str(path)], capsys)

        assert status == EXIT_FAILED_LINES
        assert len(out) == len(lines) - 1
        assert err[0].startswith(f"line {where}: $: ")
        assert err[1:] == ["1 invalid line(s) skipped"]
        assert "Zenobia" not in err[0]


class TestOutputEncoding:
    def test_text_the_output_encoding_cannot_write_is_a_bad_line(self) -> None:
        data = json.loads(demo_lines()[0])
        data["id"] = "caf\u00e9"
        lines = [json.dumps(data).encode("ascii"), demo_lines()[1]]

        done = subprocess.run(
            [sys.executable, "-m", "moments", "audit", "-"],
            input=b"\n".join(lines),
            capture_output=True,
            check=False,
            env={**os.environ, "PYTHONIOENCODING": "ascii"},
        )

        err = done.stderr.decode().splitlines()
        assert done.returncode == EXIT_FAILED_LINES
        assert len(done.stdout.splitlines()) == 1
        assert err == [
            "line 1: $: expected text the output's encoding (ascii) can write; "
            "set PYTHONIOENCODING=utf-8",
            "1 invalid line(s) skipped",
        ]


# The fuzz: random lines, each valid, undecodable, unwritable or garbage.

_valid = interactions().map(lambda i: ("valid", dumps(i).encode("utf-8"), i.id))


@st.composite
def _undecodable(draw: st.DrawFn) -> tuple[str, bytes, str]:
    line = dumps(draw(interactions())).encode("utf-8")
    at = draw(st.integers(0, len(line)))
    return ("bad", line[:at] + draw(st.sampled_from(INVALID_UTF8)) + line[at:], "")


@st.composite
def _unwritable(draw: st.DrawFn) -> tuple[str, bytes, str]:
    line = dumps(draw(interactions())).encode("utf-8")
    code = draw(st.integers(0xD800, 0xDFFF))
    return ("bad", with_surrogate(line, code), "")


_JSON_BLANK = b" \t\r"
_garbage = (
    st.binary(max_size=60)
    .filter(lambda b: b"\n" not in b)
    .map(lambda b: ("garbage", b, ""))
)
_BOM = b"\xef\xbb\xbf"


def _is_bad(kind: str, raw: bytes, number: int) -> bool:
    """Whether the shell must report the line: garbage is bad unless it is
    blank (JSON whitespace only, after a byte-order mark on line 1)."""
    if kind != "garbage":
        return kind == "bad"
    if number == 1 and raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    return bool(raw.strip(_JSON_BLANK))


_lines = st.lists(
    st.one_of(_valid, _undecodable(), _unwritable(), _garbage), max_size=8
)


class TestFuzzing:
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(lines=_lines)
    def test_any_bytes_give_one_audit_per_valid_line_and_one_report_per_bad_line(
        self,
        lines: list[tuple[str, bytes, str]],
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        path = tmp_path / "fuzz.jsonl"
        path.write_bytes(b"".join(raw + b"\n" for _, raw, _ in lines))
        numbered = enumerate(lines, start=1)
        bad = {n for n, (kind, raw, _) in numbered if _is_bad(kind, raw, n)}

        status, out, err = run(["audit", str(path)], capsys)

        assert status == (EXIT_FAILED_LINES if bad else EXIT_OK)
        assert audited_ids(out) == [i for kind, _, i in lines if kind == "valid"]
        reported = {int(line.split(":")[0][5:]) for line in err[:-1]}
        assert all(line.startswith("line ") for line in err[:-1])
        assert reported == bad
        assert err[-1:] == ([f"{len(bad)} invalid line(s) skipped"] if bad else [])

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(lines=st.lists(_valid, min_size=1, max_size=5))
    def test_any_interactions_give_csv_rows_that_agree_with_the_jsonl_lines(
        self,
        lines: list[tuple[str, bytes, str]],
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        path = write(tmp_path, [raw for _, raw, _ in lines], "csv.jsonl")
        _, out, _ = run(["audit", str(path)], capsys)
        audits = [read_audit(line) for line in out]

        status, rows, err = run(["audit", str(path), "--format", "csv"], capsys)

        assert (status, err) == (EXIT_OK, [])
        table = list(csv.DictReader(rows))
        assert [r["interaction_id"] for r in table] == [
            a.interaction_id for a in audits
        ]
        for row, audit in zip(table, audits, strict=True):
            assert row["passed"] == ("true" if audit.passed else "false")
            score = None if audit.score is None else float(audit.score)
            assert (float(row["score"]) if row["score"] else None) == score


class TestAsOfFuzzing:
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        interaction=interactions(),
        shift=st.timedeltas(
            min_value=timedelta(days=-400), max_value=timedelta(days=400)
        ),
    )
    def test_a_line_is_audited_exactly_when_as_of_is_not_before_its_arrival(
        self,
        interaction: Interaction,
        shift: timedelta,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        as_of = interaction.arrived_at + shift
        path = write(tmp_path, [dumps(interaction).encode("utf-8")], "as_of.jsonl")

        status, out, err = run(
            ["audit", str(path), "--as-of", as_of.isoformat()], capsys
        )

        if shift >= timedelta(0):
            assert (status, audited_ids(out), err) == (EXIT_OK, [interaction.id], [])
        else:
            assert (status, out) == (EXIT_FAILED_LINES, [])
            assert err[0].startswith("line 1: $.as_of: expected --as-of at or after ")

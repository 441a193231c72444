"""The command-line shell: ``python -m moments demo | audit | standard``.

This module and ``moments.__main__`` are the only ones in `moments` that
read files, write to the terminal or look at the environment; everything
they compute comes from the pure core.

Exit status (each command's ``--help`` lists the ones it can return):

* ``0``: everything was read and processed;
* ``1`` (``audit`` only): some input lines could not be read (each is
  reported on stderr as ``line N:`` followed by the ``$.path`` of every
  problem); the other lines were still processed. A line is bad when it is
  not UTF-8, not JSON, not a valid interaction, holds text that cannot
  be written as UTF-8 (a lone surrogate such as ``"\\ud800"``), or arrived
  after ``--as-of``;
* ``2``: a usage error: unknown option, missing or unreadable file (standard
  input closed included), a bad standard file, a naive ``--as-of``.

The usage line names the program as it was invoked: ``moments`` (the
console script) or ``python -m moments``.

Input is read as bytes and decoded line by line, so one bad line never
stops the lines after it, and no input makes the shell end in a traceback.
It is read lazily and each audit written as its line is read, so ``tail -f
log | moments audit -`` prints as interactions arrive; progress (tqdm, on a
terminal stderr only) needs no total, and shows one only for a regular file.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib.metadata
import io
import json
import os
import shutil
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from moments import reporting
from moments._time import before, require_aware
from moments.checklists import Audit, Auditor, Checklist
from moments.cli.demo import demo_day
from moments.cli.report import MIN_WIDTH, render_demo
from moments.errors import InvalidData, MomentsError
from moments.interactions import Interaction, PartyKind
from moments.scorecards.card import as_float
from moments.serialization import dumps, loads, to_dict
from moments.standards import gold_standard, transactional_standard

__all__ = [
    "DERIVED_KEYS",
    "DISTRIBUTION",
    "EXIT_FAILED_LINES",
    "EXIT_OK",
    "EXIT_USAGE",
    "audit_document",
    "main",
]

EXIT_OK = 0
"""Everything was read and processed."""
EXIT_FAILED_LINES = 1
"""Some input lines were invalid (reported on stderr); the rest were processed."""
EXIT_USAGE = 2
"""Bad arguments, or a file that cannot be read."""

PROGRESS_THRESHOLD = 5000
"""Progress is shown on a terminal stderr for inputs with more lines than
this (known from the start for a regular file, else once that many lines
were read)."""

DISTRIBUTION = "moments-of-truth"
"""The name the package is installed under (``pip install moments-of-truth``);
``--version`` prints its version."""

_EXIT_OK_LINE = "  0  everything was read and processed\n"
_EXIT_LINES_LINE = (
    '  1  some input lines were invalid (each reported on stderr as "line N:"\n'
    "     with the $.path of every problem); the other lines were processed\n"
)
_EXIT_CODES = (
    "exit status:\n"
    + _EXIT_OK_LINE
    + _EXIT_LINES_LINE
    + "  2  usage error: bad option, unreadable file, bad standard, naive --as-of\n"
)
_EXIT_CODES_AUDIT = _EXIT_CODES
_EXIT_CODES_DEMO = (
    "exit status:\n" + _EXIT_OK_LINE + "  2  usage error: an unknown option\n"
)
_EXIT_CODES_STANDARD = (
    "exit status:\n"
    + _EXIT_OK_LINE
    + "  2  usage error: an unknown option or standard name\n"
)

_STANDARDS = {"gold": gold_standard, "transactional": transactional_standard}


class UsageError(Exception):
    """A problem with the command line or its files (exit status 2)."""


def _program() -> str:
    """The program's name as it was invoked: ``python -m moments`` under
    ``-m`` (the ``__main__`` module is ``moments.__main__``), else
    ``moments`` (the console script, or :func:`main` called from Python)."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    if getattr(spec, "name", None) == "moments.__main__":
        return "python -m moments"
    return "moments"


def _version() -> str:
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:  # run from a source tree
        return "unknown (not installed)"


def _parser(prog: str | None = None) -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    prog = _program() if prog is None else prog
    parser = argparse.ArgumentParser(
        prog=prog,
        description="The Seven Moments of Truth, from the command line.",
        epilog=_EXIT_CODES + f"\nexamples:\n  {prog} demo\n"
        f"  {prog} demo --jsonl | {prog} audit - --format table\n"
        f"  {prog} standard gold > my-standard.json",
        formatter_class=raw,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {_version()}",
        help=f"print the installed version of {DISTRIBUTION} and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = commands.add_parser(
        "demo",
        help="run the built-in demo day and print its report",
        description="Audit a built-in day at two shops (clients against the gold "
        "standard, customers against the transactional one) and print the "
        "organisation's scorecard, the consistency across staff and locations, "
        "the greeting service level and the customers ready to become clients.",
        epilog=_EXIT_CODES_DEMO,
        formatter_class=raw,
    )
    demo.add_argument(
        "--jsonl",
        action="store_true",
        help="print the demo day's interactions as JSON Lines instead "
        "(input for 'audit')",
    )

    audit = commands.add_parser(
        "audit",
        help="audit interactions read as JSON Lines",
        description="Read one interaction per line (the moments.serialization "
        "format), audit each, and write the audits. Invalid lines are reported "
        "on stderr and skipped; blank lines are ignored.",
        epilog=_EXIT_CODES_AUDIT,
        formatter_class=raw,
    )
    audit.add_argument("file", help="a JSON Lines file, or - for standard input")
    audit.add_argument(
        "--standard",
        default="auto",
        metavar="gold|transactional|auto|PATH.json",
        help="the checklist to audit against: a built-in one, a JSON file "
        "written like 'standard' prints, or auto (the default): gold for "
        "clients, transactional for customers",
    )
    audit.add_argument(
        "--format",
        choices=("jsonl", "csv", "table"),
        default="jsonl",
        help="JSON Lines (one audit per line with its passed, score and "
        "raw_score, the default), CSV (a header row, then one row per audit, "
        "the table's columns) or a table (scores as percents)",
    )
    audit.add_argument(
        "--as-of",
        metavar="ISO8601",
        help="judge everything as of this aware instant, e.g. "
        "2026-06-12T19:00:00+01:00 (default: each interaction's latest time); "
        "a line that arrived after it is reported and skipped",
    )

    standard = commands.add_parser(
        "standard",
        help="print a built-in standard as JSON, to copy and customise",
        description="Print a built-in checklist as JSON. Edit it and pass the "
        "file to 'audit --standard PATH.json'.",
        epilog=_EXIT_CODES_STANDARD,
        formatter_class=raw,
    )
    standard.add_argument(
        "name",
        nargs="?",
        default="gold",
        choices=sorted(_STANDARDS),
        help="default: gold",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status.

    Args:
        argv: the arguments after the program name (default: ``sys.argv``).

    Returns:
        :data:`EXIT_OK`, :data:`EXIT_FAILED_LINES` or :data:`EXIT_USAGE`.
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse exits on --help and on usage errors
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    try:
        if args.command == "demo":
            return _demo(args.jsonl, sys.stdout)
        if args.command == "standard":
            return _standard(args.name, sys.stdout)
        return _audit(args, sys.stdout, sys.stderr)
    except UsageError as error:
        print(f"{parser.prog} {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away, e.g. `... | head`
        _silence_stdout()
        return EXIT_OK


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not
    complain about the closed pipe (as the Python docs recommend)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file
        pass


def _demo(jsonl: bool, out: IO[str]) -> int:
    day = demo_day()
    if jsonl:
        for interaction in day.interactions:
            out.write(dumps(interaction) + "\n")
    else:
        out.write(render_demo(day, width=_terminal_width()) + "\n")
    return EXIT_OK


def _terminal_width() -> int:
    """The terminal's width (``COLUMNS`` if set; 80 when stdout is not a
    terminal), within what the report can fit."""
    columns = shutil.get_terminal_size((80, 24)).columns
    return max(MIN_WIDTH, min(columns, 1000))


def _standard(name: str, out: IO[str]) -> int:
    out.write(json.dumps(to_dict(_STANDARDS[name]()), indent=2) + "\n")
    return EXIT_OK


def _load_standard(choice: str) -> Checklist | None:
    """The checklist to use; ``None`` means gold or transactional by party."""
    if choice == "auto":
        return None
    if choice in _STANDARDS:
        return _STANDARDS[choice]()
    path = Path(choice)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(
            f"--standard: expected gold, transactional, auto or a readable JSON "
            f"file, got {choice!r} ({error.strerror or type(error).__name__})"
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(
            f"--standard {choice}: expected a UTF-8 JSON file, {_undecodable(error)}"
        ) from None
    try:
        checklist = loads(Checklist, text)
        dumps(checklist).encode("utf-8")
    except InvalidData as error:
        problems = "\n  ".join(error.errors)
        raise UsageError(
            f"--standard {choice}: not a valid checklist:\n  {problems}"
        ) from None
    except UnicodeEncodeError:
        problems = "\n  ".join(_unwritable(text, "utf-8"))
        raise UsageError(
            f"--standard {choice}: not a valid checklist:\n  {problems}"
        ) from None
    return checklist


def _as_of(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return require_aware("as_of", datetime.fromisoformat(text))
    except ValueError as error:
        raise UsageError(
            f"--as-of: expected an ISO 8601 time with an offset, got {text!r} ({error})"
        ) from None


Line = bytes | str
"""One input line as read: bytes from a file or a real standard input, text
from a text-only stream (a ``StringIO`` standing in for stdin)."""

_BLANK = " \t\r\n"
"""JSON's whitespace: a line of only these is blank and ignored."""

_BOM = "\ufeff"


class _Input:
    """The input: its lines (bytes, decoded one by one later, so that one
    undecodable line stops nothing), read lazily as they arrive, and
    whether it is a regular file (which never makes a reader wait)."""

    def __init__(self, lines: Iterator[Line], fd: int | None) -> None:
        self.lines = lines
        self.fd = fd
        self.regular = fd is not None and _is_regular(fd)

    def count(self) -> int | None:
        """How many lines a regular file holds from where reading starts
        (read with ``pread``, so the reading position does not move);
        ``None`` for anything else (a pipe, a terminal, a socket)."""
        if not self.regular or self.fd is None:
            return None
        try:
            position = os.lseek(self.fd, 0, os.SEEK_CUR)
            lines, last = 0, b"\n"
            while chunk := os.pread(self.fd, 1 << 20, position):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
                position += len(chunk)
        except OSError:
            return None
        return lines + (last != b"\n")


def _is_regular(fd: int) -> bool:
    try:
        return stat.S_ISREG(os.fstat(fd).st_mode)
    except OSError:
        return False


def _fileno(stream: object) -> int | None:
    try:
        fd = stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):  # StringIO, closed, ...
        return None
    return fd if type(fd) is int else None


def _read_lines(name: str) -> _Input:
    """The input named on the command line (``-``: standard input)."""
    if name == "-":
        stdin = sys.stdin
        if stdin is None:  # the process was started with descriptor 0 closed
            raise UsageError("cannot read standard input: it is closed")
        source: IO[Any] = getattr(stdin, "buffer", stdin)
        return _Input(_guarded(source, "standard input"), _fileno(source))
    path = Path(name)
    try:
        handle = path.open("rb")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise UsageError(f"cannot read {name!r}: {reason}") from None
    return _Input(_closing(handle, repr(name)), handle.fileno())


def _guarded(source: IO[Any], what: str) -> Iterator[Line]:
    """``source``'s lines; a failure to read ends the command as a usage
    error naming ``what``, after the lines read before it were processed."""
    try:
        lines = iter(source)
    except (OSError, ValueError) as error:  # ValueError: a closed file
        raise _unreadable(what, error) from None
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except (OSError, ValueError) as error:
            raise _unreadable(what, error) from None
        yield line


def _unreadable(what: str, error: Exception) -> UsageError:
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return UsageError(f"cannot read {what}: {reason}")


def _closing(handle: IO[bytes], what: str) -> Iterator[Line]:
    with handle:
        yield from _guarded(handle, what)


class _BadLine(Exception):
    """A line that cannot be audited; ``problems`` are its ``$.path``
    lines."""

    def __init__(self, problems: Iterable[str]) -> None:
        super().__init__()
        self.problems = tuple(problems)


def _decoded(line: Line, number: int) -> str:
    """The line as text: strict UTF-8, a byte-order mark allowed on line 1."""
    if isinstance(line, bytes):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _BadLine([f"$: expected UTF-8 text, {_undecodable(error)}"]) from None
    else:
        text = line
    return text[1:] if number == 1 and text.startswith(_BOM) else text


def _undecodable(error: UnicodeDecodeError) -> str:
    """What arrived, for bytes that are not UTF-8: the offending bytes and
    where (never the text around them, which may be personal data)."""
    bad = error.object[error.start : error.end]
    return f"got the byte(s) {bad.hex(' ')} at byte {error.start} ({error.reason})"


def _unwritable(text: str, encoding: str) -> list[str]:
    """The problems of a document that decoded but whose data cannot be
    written in ``encoding``: the path of every string holding a lone
    surrogate (JSON lets ``"\\ud800"`` through; UTF-8 cannot write it),
    or, when there is none, the output encoding's own limit."""
    found: list[str] = []

    def visit(value: object, path: str) -> None:
        if isinstance(value, str):
            for index, char in enumerate(value):
                if "\ud800" <= char <= "\udfff":
                    found.append(
                        f"{path}: expected text without lone surrogates (UTF-8 "
                        f"cannot write them), got a string of {len(value)} "
                        f"character(s) with U+{ord(char):04X} at index {index}"
                    )
                    return
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(key, f"{path} (a key)")
                visit(item, f"{path}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, f"{path}[{index}]")

    with contextlib.suppress(ValueError, RecursionError):  # it loaded before
        visit(json.loads(text), "$")
    return found or [
        f"$: expected text the output's encoding ({encoding}) can write; "
        "set PYTHONIOENCODING=utf-8"
    ]


class _Progress:
    """Progress on stderr while auditing, drawn with tqdm, only when stderr
    is a terminal and the input has more than :data:`PROGRESS_THRESHOLD`
    lines: lines done and the rate, plus a bar towards the total when the
    input is a regular file (its lines counted first). For any other input
    (a pipe, ``tail -f``) nothing is counted ahead: the count starts being
    shown once the threshold is passed.

    Error lines and, when stdout is the same terminal, output lines are
    written through tqdm, which clears the bar first and draws it again
    after, so no line lands in the middle of it.
    """

    def __init__(
        self, source: _Input, err: IO[str], out: IO[str], *, enabled: bool
    ) -> None:
        self.enabled = enabled
        self.total = source.count() if enabled else None
        self.threshold = PROGRESS_THRESHOLD
        self.err = err
        self.out = out
        self.out_is_terminal = _isatty(out)
        self.bar: Any = None  # a tqdm, once drawn

    def update(self, done: int) -> None:
        if self.bar is not None:
            self.bar.update(1)
            return
        seen = self.total if self.total is not None else done
        if not self.enabled or seen <= self.threshold:
            return
        from tqdm import tqdm  # only when a bar is drawn: it costs an import

        self.bar = tqdm(
            total=self.total,
            initial=done,
            file=self.err,
            desc="audit",
            unit=" lines",
            dynamic_ncols=True,
            leave=True,
        )

    def error(self, text: str) -> None:
        """Write one error line on stderr, clear of the bar."""
        if self.bar is None:
            self.err.write(text + "\n")
        else:
            self.bar.write(text, file=self.err)

    def output(self, text: str) -> None:
        """Write output (one or more whole lines) on stdout, clear of the
        bar when both are the same terminal."""
        if self.bar is None or not self.out_is_terminal:
            self.out.write(text)
            return
        with self.bar.external_write_mode(file=self.out):
            self.out.write(text)
            self.out.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no such method, or closed
        return False


def _auditors(standard: Checklist | None) -> dict[PartyKind, Auditor]:
    """One compiled auditor per party kind (the same one for a fixed
    standard)."""
    if standard is None:
        return {
            PartyKind.CLIENT: Auditor(gold_standard()),
            PartyKind.CUSTOMER: Auditor(transactional_standard()),
        }
    try:
        auditor = Auditor(standard)
    except InvalidData as error:  # e.g. a custom check with no function
        problems = "\n  ".join(error.errors)
        raise UsageError(f"--standard: cannot audit with it:\n  {problems}") from None
    return dict.fromkeys(PartyKind, auditor)


def _audits(
    lines: Iterable[Line],
    auditors: dict[PartyKind, Auditor],
    as_of: datetime | None,
    encoding: str,
    progress: _Progress,
) -> Iterator[tuple[Audit, str] | None]:
    """Audit each valid line; report the invalid ones on stderr.

    Yields each valid line's audit with its JSON text (checked to be
    writable in ``encoding``) and ``None`` after an invalid one, so the
    caller can count failures while streaming.
    """
    for number, line in enumerate(lines, start=1):
        progress.update(number)
        try:
            text = _decoded(line, number)
            if not text.strip(_BLANK):
                continue
            done = _audited(text, auditors, as_of, encoding)
        except _BadLine as bad:
            problems = bad.problems
        except InvalidData as error:
            problems = error.errors
        except MomentsError as error:
            problems = (f"$: {error}",)
        except Exception as error:  # the shell must not crash
            # A bug in moments, not in the line: say so without the
            # exception's text, which may quote personal data.
            problems = (
                f"$: could not be audited ({type(error).__name__} inside "
                "moments: a bug, please report it)",
            )
        else:
            yield done
            continue
        for problem in problems:
            progress.error(f"line {number}: {problem}")
        yield None


def _audited(
    line: str,
    auditors: dict[PartyKind, Auditor],
    as_of: datetime | None,
    encoding: str,
) -> tuple[Audit, str]:
    """One line's audit and its JSON text, or :class:`_BadLine`."""
    interaction = loads(Interaction, line)
    if as_of is not None and before(as_of, interaction.arrived_at):
        raise _BadLine(
            [
                f"$.as_of: expected --as-of at or after the interaction's "
                f"arrival ({interaction.arrived_at.isoformat()}), got "
                f"{as_of.isoformat()}; an interaction cannot be judged "
                "before it began"
            ]
        )
    audit = auditors[interaction.party_kind].audit(interaction, as_of=as_of)
    text = json.dumps(audit_document(audit), ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        raise _BadLine(_unwritable(line, encoding)) from None
    return audit, text


DERIVED_KEYS = ("passed", "score", "raw_score")
"""The keys an ``audit`` output line adds to the audit's
:mod:`moments.serialization` document: computed from the rest, so drop them
(see :func:`audit_document`) to load the line with ``from_dict``."""


def audit_document(audit: Audit) -> dict[str, Any]:
    """The document ``audit`` writes for one audit: its
    :func:`~moments.serialization.to_dict` form with ``passed``, ``score``
    and ``raw_score`` (shares of 1, as floats; ``null`` when no item
    applied) after the ``$schema`` and
    ``interaction_id`` keys.

    Example:
        >>> from moments.cli.demo import audit_day, demo_day
        >>> from moments.serialization import from_dict
        >>> audit = audit_day(demo_day())[4]
        >>> document = audit_document(audit)
        >>> document["passed"], document["score"], round(document["raw_score"], 3)
        (False, 0.0, 0.87)
        >>> stored = {k: v for k, v in document.items() if k not in DERIVED_KEYS}
        >>> from_dict(Audit, stored) == audit
        True
    """
    data = to_dict(audit)
    head = {key: data.pop(key) for key in ("$schema", "interaction_id")}
    derived = {
        "passed": audit.passed,
        "score": as_float(audit.score),
        "raw_score": as_float(audit.raw_score),
    }
    return {**head, **derived, **data}


_TABLE_COLUMNS = (
    "interaction_id",
    "checklist",
    "party_kind",
    "staff_id",
    "location_id",
    "greeting_outcome",
    "score",
    "raw_score",
    "passed",
    "critical_failures",
)


def _csv_cell(value: reporting.Value) -> str | float | int:
    """A CSV cell: booleans as ``true``/``false`` (as in JSON), nothing as
    an empty cell, numbers at full precision."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return value
    return str(value)


def _audit(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    auditors = _auditors(_load_standard(args.standard))
    as_of = _as_of(args.as_of)
    source = _read_lines(args.file)
    progress = _Progress(source, err, out, enabled=_isatty(err))
    encoding = getattr(out, "encoding", None) or "utf-8"
    # A regular file never makes us wait, so buffered output is fine;
    # anything else (a pipe, `tail -f`) may pause between lines, and what
    # was audited must reach the reader before we wait for the next one.
    flush = out.flush if not source.regular else None
    failed = 0
    table_rows: list[reporting.Record] = []
    cells = io.StringIO()
    rows = csv.writer(cells, lineterminator="\n")

    def emit(text: str) -> None:
        progress.output(text)
        if flush is not None:
            flush()

    if args.format == "csv":
        rows.writerow(_TABLE_COLUMNS)
        emit(_taken(cells))
    audits = _audits(source.lines, auditors, as_of, encoding, progress)
    for done in audits:
        if done is None:
            failed += 1
            continue
        audit, text = done
        if args.format == "jsonl":
            emit(text + "\n")
        elif args.format == "csv":
            (record,) = reporting.to_records([audit])
            rows.writerow([_csv_cell(record.get(c)) for c in _TABLE_COLUMNS])
            emit(_taken(cells))
        else:
            table_rows.extend(reporting.to_records([audit]))
    progress.close()
    if args.format == "table":
        table = reporting.format_table(
            table_rows, _TABLE_COLUMNS, digits=1, percent=("score", "raw_score")
        )
        out.write(table + "\n")
    if failed:
        err.write(f"{failed} invalid line(s) skipped\n")
        return EXIT_FAILED_LINES
    return EXIT_OK


def _taken(buffer: io.StringIO) -> str:
    """What ``buffer`` holds, emptying it."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text

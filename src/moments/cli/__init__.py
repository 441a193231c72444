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
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib.metadata
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from moments import reporting
from moments._time import before, require_aware
from moments.checklists import Audit, Auditor, Checklist
from moments.cli.demo import demo_day
from moments.cli.report import render_demo
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
"""Inputs with more lines than this get a progress bar when stderr is a
terminal."""

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
        "the table's columns) or a table",
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
        out.write(render_demo(day) + "\n")
    return EXIT_OK


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


def _read_lines(name: str) -> tuple[Iterator[Line], int | None]:
    """The input's lines (bytes, decoded one by one later, so that one
    undecodable line stops nothing), and their count when it is cheap to
    know."""
    if name == "-":
        stdin = sys.stdin
        if stdin is None:  # the process was started with descriptor 0 closed
            raise UsageError("cannot read standard input: it is closed")
        source: IO[Any] = getattr(stdin, "buffer", stdin)
        lines = _guarded(source, "standard input")
        if not sys.stderr.isatty():
            return lines, None
        everything = list(lines)
        return iter(everything), len(everything)
    path = Path(name)
    try:
        total = None
        if sys.stderr.isatty():
            with path.open("rb") as probe:
                total = sum(1 for _ in probe)
        handle = path.open("rb")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise UsageError(f"cannot read {name!r}: {reason}") from None
    return _closing(handle, repr(name)), total


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
    """A one-line progress bar on stderr, drawn only for big inputs on a
    terminal."""

    def __init__(self, total: int | None, stream: IO[str]) -> None:
        self.total = total if total and total > PROGRESS_THRESHOLD else None
        self.stream = stream
        self.shown = -1

    def update(self, done: int) -> None:
        if self.total is None:
            return
        percent = done * 100 // self.total
        if percent != self.shown:
            self.shown = percent
            bar = "#" * (percent // 4)
            self.stream.write(f"\raudit [{bar:<25}] {percent:3d}% {done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.total is not None and self.shown >= 0:
            self.stream.write("\n")


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
    err: IO[str],
    progress: _Progress,
) -> Iterator[tuple[Audit, str] | None]:
    """Audit each valid line; report the invalid ones on ``err``.

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
            err.write(f"line {number}: {problem}\n")
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
    lines, total = _read_lines(args.file)
    progress = _Progress(total if err.isatty() else None, err)
    encoding = getattr(out, "encoding", None) or "utf-8"
    failed = 0
    table_rows: list[reporting.Record] = []
    rows = csv.writer(out, lineterminator="\n")
    if args.format == "csv":
        rows.writerow(_TABLE_COLUMNS)
    for done in _audits(lines, auditors, as_of, encoding, err, progress):
        if done is None:
            failed += 1
            continue
        audit, text = done
        if args.format == "jsonl":
            out.write(text + "\n")
        elif args.format == "csv":
            (record,) = reporting.to_records([audit])
            rows.writerow([_csv_cell(record.get(c)) for c in _TABLE_COLUMNS])
        else:
            table_rows.extend(reporting.to_records([audit]))
    progress.close()
    if args.format == "table":
        out.write(reporting.format_table(table_rows, _TABLE_COLUMNS) + "\n")
    if failed:
        err.write(f"{failed} invalid line(s) skipped\n")
        return EXIT_FAILED_LINES
    return EXIT_OK

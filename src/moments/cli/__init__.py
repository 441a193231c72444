"""The command-line shell: ``python -m moments demo | audit | standard``.

This module and ``moments.__main__`` are the only ones in `moments` that
read files, write to the terminal or look at the environment; everything
they compute comes from the pure core.

Exit status, for every command:

* ``0``: everything was read and processed;
* ``1``: some input lines could not be read (each is reported on stderr as
  ``line N:`` followed by the ``$.path`` of every problem); the other lines
  were still processed;
* ``2``: a usage error: unknown option, missing or unreadable file, a bad
  standard file, a naive ``--as-of``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO

from moments import reporting
from moments._time import require_aware
from moments.checklists import Audit, Auditor, Checklist
from moments.cli.demo import demo_day
from moments.cli.report import render_demo
from moments.errors import InvalidData
from moments.interactions import Interaction, PartyKind
from moments.serialization import dumps, loads, to_dict
from moments.standards import gold_standard, transactional_standard

__all__ = ["EXIT_FAILED_LINES", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
"""Everything was read and processed."""
EXIT_FAILED_LINES = 1
"""Some input lines were invalid (reported on stderr); the rest were processed."""
EXIT_USAGE = 2
"""Bad arguments, or a file that cannot be read."""

PROGRESS_THRESHOLD = 5000
"""Inputs with more lines than this get a progress bar when stderr is a
terminal."""

_EXIT_CODES = """\
exit status:
  0  everything was read and processed
  1  some input lines were invalid (each reported on stderr as "line N:"
     with the $.path of every problem); the other lines were processed
  2  usage error: bad option, unreadable file, bad standard, naive --as-of
"""

_STANDARDS = {"gold": gold_standard, "transactional": transactional_standard}


class UsageError(Exception):
    """A problem with the command line or its files (exit status 2)."""


def _parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="python -m moments",
        description="The Seven Moments of Truth, from the command line.",
        epilog=_EXIT_CODES + "\nexamples:\n  python -m moments demo\n"
        "  python -m moments demo --jsonl | python -m moments audit - "
        "--format table\n  python -m moments standard gold > my-standard.json",
        formatter_class=raw,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = commands.add_parser(
        "demo",
        help="run the built-in demo day and print its report",
        description="Audit a built-in day at two shops (clients against the gold "
        "standard, customers against the transactional one) and print the "
        "organisation's scorecard, the consistency across staff and locations, "
        "the greeting service level and the customers ready to become clients.",
        epilog=_EXIT_CODES,
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
        epilog=_EXIT_CODES,
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
        choices=("jsonl", "table"),
        default="jsonl",
        help="JSON Lines (one audit per line, the default) or a table",
    )
    audit.add_argument(
        "--as-of",
        metavar="ISO8601",
        help="judge everything as of this aware instant, e.g. "
        "2026-06-12T19:00:00+01:00 (default: each interaction's latest time)",
    )

    standard = commands.add_parser(
        "standard",
        help="print a built-in standard as JSON, to copy and customise",
        description="Print a built-in checklist as JSON. Edit it and pass the "
        "file to 'audit --standard PATH.json'.",
        epilog=_EXIT_CODES,
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
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(
            f"--standard: expected gold, transactional, auto or a readable JSON "
            f"file, got {choice!r} ({error.strerror})"
        ) from None
    try:
        return loads(Checklist, text)
    except InvalidData as error:
        problems = "\n  ".join(error.errors)
        raise UsageError(
            f"--standard {choice}: not a valid checklist:\n  {problems}"
        ) from None


def _as_of(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return require_aware("as_of", datetime.fromisoformat(text))
    except ValueError as error:
        raise UsageError(
            f"--as-of: expected an ISO 8601 time with an offset, got {text!r} ({error})"
        ) from None


def _read_lines(name: str) -> tuple[Iterator[str], int | None]:
    """The input's lines, and their count when it is cheap to know."""
    if name == "-":
        if not sys.stderr.isatty():
            return iter(sys.stdin), None
        lines = sys.stdin.readlines()
        return iter(lines), len(lines)
    path = Path(name)
    try:
        with path.open(encoding="utf-8") as probe:
            total = sum(1 for _ in probe) if sys.stderr.isatty() else None
        handle = path.open(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {name!r}: {error}") from None
    return _closing(handle), total


def _closing(handle: IO[str]) -> Iterator[str]:
    with handle:
        yield from handle


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
    lines: Iterable[str],
    auditors: dict[PartyKind, Auditor],
    as_of: datetime | None,
    err: IO[str],
    progress: _Progress,
) -> Iterator[Audit | None]:
    """Audit each valid line; report the invalid ones on ``err``.

    Yields the audit of each valid line and ``None`` after an invalid one,
    so the caller can count failures while streaming.
    """
    for number, line in enumerate(lines, start=1):
        progress.update(number)
        if not line.strip():
            continue
        try:
            interaction = loads(Interaction, line)
            audit = auditors[interaction.party_kind].audit(interaction, as_of=as_of)
        except InvalidData as error:
            for problem in error.errors:
                err.write(f"line {number}: {problem}\n")
            yield None
            continue
        yield audit


_TABLE_COLUMNS = (
    "interaction_id",
    "checklist",
    "party_kind",
    "staff_id",
    "location_id",
    "greeting_outcome",
    "score",
    "passed",
    "critical_failures",
)


def _audit(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    auditors = _auditors(_load_standard(args.standard))
    as_of = _as_of(args.as_of)
    lines, total = _read_lines(args.file)
    progress = _Progress(total if err.isatty() else None, err)
    failed = 0
    table_rows: list[reporting.Record] = []
    for audit in _audits(lines, auditors, as_of, err, progress):
        if audit is None:
            failed += 1
            continue
        if args.format == "jsonl":
            out.write(dumps(audit) + "\n")
        else:
            table_rows.extend(reporting.to_records([audit]))
    progress.close()
    if args.format == "table":
        out.write(reporting.format_table(table_rows, _TABLE_COLUMNS) + "\n")
    if failed:
        err.write(f"{failed} invalid line(s) skipped\n")
        return EXIT_FAILED_LINES
    return EXIT_OK

"""Run every benchmark in ``bench/`` and print one table of ratios.

Each ``bench/bench_<area>.py`` exposes ``run(quick: bool) -> list[dict]``
returning rows with the keys ``benchmark``, ``ratio``, ``target``, ``ok``
and ``detail``. A module that fails to import or raises is reported as an
error row, never hidden.

Usage::

    python bench/run.py            # the full run
    python bench/run.py --quick    # small and fast, as CI runs it

Exit status: 0 when every target is met, or in ``--quick`` mode (quick
numbers are noisy: misses are printed, not fatal); 1 when a full run
misses a target; 2 when a benchmark module crashed (in either mode).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
COLUMNS = ("benchmark", "ratio", "target", "ok", "detail")
DETAIL_WIDTH = 160
"""Table cells of details are cut to this width; the summary below the
table repeats the details of misses and crashes in full."""


def discover(folder: Path = HERE) -> list[Path]:
    """The benchmark modules in ``folder``, sorted by name."""
    return sorted(folder.glob("bench_*.py"))


def load(path: Path) -> ModuleType:
    """Import a benchmark module from its file."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def run_one(path: Path, quick: bool) -> list[dict[str, object]]:
    """The rows of one module, or one error row if it raises."""
    try:
        rows = load(path).run(quick=quick)
        if not isinstance(rows, list) or not rows:
            raise TypeError(f"run() returned {rows!r}, expected a list of rows")
        return [{**row, "module": path.stem} for row in rows]
    except Exception as error:  # a crashing benchmark is reported, not hidden
        last = traceback.format_exception_only(type(error), error)[-1].strip()
        frame = traceback.extract_tb(error.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        return [
            {
                "module": path.stem,
                "benchmark": f"{path.stem} (crashed)",
                "ratio": None,
                "target": "-",
                "ok": None,
                "detail": f"at {where}: {_shorten(last, 400)}",
            }
        ]


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _cell(key: str, value: object) -> str:
    if key == "ratio" and isinstance(value, int | float):
        return f"{value:.2f}"
    if key == "ok":
        return "yes" if value is True else "MISS" if value is False else "ERROR"
    if key == "detail":
        return _shorten(str(value), DETAIL_WIDTH)
    return "-" if value is None else str(value)


def format_table(rows: Sequence[dict[str, object]]) -> str:
    """Render rows as an aligned plain-text table."""
    cells = [[_cell(k, row.get(k)) for k in COLUMNS] for row in rows]
    widths = [max([len(h), *(len(c[i]) for c in cells)]) for i, h in enumerate(COLUMNS)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(COLUMNS, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines.extend(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and print the table; return the exit status."""
    parser = argparse.ArgumentParser(
        description="Run every bench/bench_*.py and print one table of ratios.",
        epilog="Exit status: 0 all targets met (or --quick), 1 a target missed "
        "in a full run, 2 a benchmark crashed.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="small inputs, as CI runs it"
    )
    parser.add_argument(
        "names", nargs="*", help="only these areas (e.g. checklists scorecards)"
    )
    args = parser.parse_args(argv)

    paths = discover()
    if args.names:
        paths = [p for p in paths if p.stem.removeprefix("bench_") in args.names]
    if not paths:
        print("no benchmark modules found", file=sys.stderr)
        return 2
    started = time.perf_counter()
    rows: list[dict[str, object]] = []
    for path in paths:
        print(f"running {path.name} ...", file=sys.stderr, flush=True)
        rows.extend(run_one(path, args.quick))
    print(format_table(rows))

    crashed = [r for r in rows if r.get("ok") is None]
    missed = [r for r in rows if r.get("ok") is False]
    mode = "quick" if args.quick else "full"
    print(
        f"\n{len(rows)} benchmarks from {len(paths)} modules, {mode} run in "
        f"{time.perf_counter() - started:.1f} s: {len(missed)} missed, "
        f"{len(crashed)} crashed"
    )
    for row in missed:
        print(
            f"  missed: {row['benchmark']} ratio {_cell('ratio', row['ratio'])} "
            f"(target {row['target']}): {row['detail']}"
        )
    for row in crashed:
        print(f"  crashed: {row['benchmark']}: {row['detail']}")
    if crashed:
        return 2
    if missed and not args.quick:
        return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    raise SystemExit(main())

"""``python -m moments``: the command-line shell (see :mod:`moments.cli`)."""

from __future__ import annotations

from moments.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    raise SystemExit(main())

"""Root test configuration: Hypothesis profiles and executable docs.

Profiles: ``ci`` extends Hypothesis's built-in ``ci`` profile (loaded
automatically when ``CI`` is set: derandomized, 100 examples; the
serialization round trips ask for 200 there); ``fast`` is for quick local
loops (``HYPOTHESIS_PROFILE=fast``); ``dev`` is the default. No profile has
a deadline: a wall-clock limit would make tests fail on a busy machine.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from sybil import Sybil
from sybil.document import PythonDocStringDocument
from sybil.parsers import myst, rest

settings.register_profile(
    "ci",
    settings.get_profile("ci"),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("fast", max_examples=10, deadline=None)

if "HYPOTHESIS_PROFILE" in os.environ:
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
elif not os.environ.get("CI"):
    settings.load_profile("dev")

# Every example in the README, the docs pages and the docstrings is a test.
# Markdown pages use the MyST parsers (fenced ```python blocks, doctest
# blocks starting with >>>, and `% skip: next` comments); docstrings use
# the reStructuredText doctest parser on the package's own modules.
_markdown = Sybil(
    parsers=[
        myst.PythonCodeBlockParser(),
        myst.SkipParser(),
        myst.ClearNamespaceParser(),
    ],
    patterns=["README.md", "docs/*.md", "docs/howto/*.md"],
    excludes=["docs/_build/*"],
)
_docstrings = Sybil(
    parsers=[rest.DocTestParser()],
    patterns=["src/moments/**/*.py", "src/moments/*.py"],
    document_types={".py": PythonDocStringDocument},
)
pytest_collect_file = (_markdown + _docstrings).pytest()

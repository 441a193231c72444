"""Root test configuration: Hypothesis profiles and executable docs.

Profiles: ``ci`` extends Hypothesis's built-in ``ci`` profile (loaded
automatically when ``CI`` is set); ``fast`` is for quick local loops
(``HYPOTHESIS_PROFILE=fast``); ``dev`` is the default.
"""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    settings.get_profile("ci"),
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=timedelta(seconds=2))
settings.register_profile("fast", max_examples=10, deadline=None)

if "HYPOTHESIS_PROFILE" in os.environ:
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
elif not os.environ.get("CI"):
    settings.load_profile("dev")

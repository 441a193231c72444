"""Checklists, and audits of interactions against them.

A :class:`Checklist` is a versioned standard, kept as data: each
:class:`ChecklistItem` belongs to one of the Seven Moments, carries a
declarative check (from :mod:`moments.checks`), a weight, and whether it is
critical or a bonus. An :class:`Auditor` compiles a checklist once and
scores many interactions fast; each :class:`Audit` keeps every item's
:class:`ItemResult` and derives its scores exactly.

Scoring, as QA and mystery-shopping tools do it:

* ``raw_score = (passed weight + passed bonus weight) / applicable
  non-bonus weight``, capped at 1. Not-applicable items leave both sides;
  when nothing applies the score is ``None``.
* A failed critical item makes ``score`` 0 and the audit fail, while
  ``raw_score`` and ``by_moment`` are still reported.
* ``passed = no critical failure and score >= pass_mark``.
* Items that do not apply to the interaction's party kind or channel are
  not applicable.
"""

from moments.checklists.auditor import Auditor, CustomCheck, audit
from moments.checklists.audits import Audit, ItemResult, Outcome
from moments.checklists.calibration import Calibration, calibrate
from moments.checklists.items import Checklist, ChecklistItem

__all__ = [
    "Audit",
    "Auditor",
    "Calibration",
    "Checklist",
    "ChecklistItem",
    "CustomCheck",
    "ItemResult",
    "Outcome",
    "audit",
    "calibrate",
]

"""The demo day's report as plain text (pure: builds a string, prints
nothing; ``python -m moments demo`` prints it, as wide as the terminal).

Every line fits the width asked for (tables drop their least important
columns, prose wraps), scores and shares are written one way, as a percent
with one decimal, bonus items are listed apart from missed items, and a
critical failure's 0 is shown beside the raw score the items earned."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from fractions import Fraction

from moments._arguments import integer
from moments._time import elapsed
from moments.checklists import Audit, Outcome
from moments.cli.demo import DemoDay, audit_day
from moments.followups import overdue
from moments.interactions import PartyKind
from moments.parties import Stage
from moments.promotion import PromotionDecision, decide_promotion
from moments.reporting import Record, format_table, to_records
from moments.scorecards import (
    Scorecard,
    by_location,
    by_staff,
    consistency,
    scorecards_by,
)
from moments.scorecards.card import as_float
from moments.timeliness import GreetingOutcome, judge_greeting, service_level

__all__ = ["MIN_WIDTH", "render_demo"]

MIN_WIDTH = 60
"""The narrowest report :func:`render_demo` can fit."""


def _pct(value: Fraction | float | None) -> str:
    return "-" if value is None else f"{float(value):.1%}"


def _secs(value: timedelta | None) -> str:
    return "-" if value is None else f"{value.total_seconds():g} s"


def _wrap(text: str, width: int, indent: str = "") -> str:
    """``text`` wrapped to ``width``, continuation lines indented two more
    spaces; ids and names (``harbour-street``) are never broken."""
    return textwrap.fill(
        text,
        width,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def _fit(
    rows: Sequence[Record],
    columns: Sequence[str],
    *,
    width: int,
    optional: Sequence[str] = (),
    title: str | None = None,
    percent: Sequence[str] = (),
) -> str:
    """A table of ``columns`` no wider than ``width``: the ``optional``
    ones are dropped, last first, until it fits."""
    shown = list(columns)
    spare = list(optional)
    while True:
        table = format_table(
            rows,
            shown,
            title=title,
            digits=1,
            percent=[c for c in percent if c in shown],
        )
        if not spare or max(len(line) for line in table.splitlines()) <= width:
            return table
        shown.remove(spare.pop())


def _not_passed(audit: Audit) -> tuple[list[str], list[str]]:
    """The audit's failed required items (critical ones marked) and its
    bonus items not reached."""
    missed: list[str] = []
    bonus: list[str] = []
    for r in audit.results:
        if r.outcome is not Outcome.FAIL:
            continue
        if r.bonus:
            bonus.append(r.item_id)
        else:
            missed.append(r.item_id + (" (critical)" if r.critical else ""))
    return missed, bonus


def _audits_section(audits: list[Audit], width: int) -> str:
    rows = to_records(audits)
    for row in rows:
        row["id"] = row["interaction_id"]
        row["party"] = row["party_kind"]
        row["staff"] = row["staff_id"]
        row["location"] = row["location_id"]
        row["greeting"] = row["greeting_outcome"]
        row["raw score"] = row["raw_score"]
    columns = ["id", "party", "staff", "location", "greeting"]
    scores = ["score", "raw score", "passed"]
    table = _fit(
        rows,
        columns + scores,
        width=width,
        optional=["party", "greeting", "location"],
        title="Audits",
        percent=["score", "raw score"],
    )
    lines = [
        table,
        _wrap(
            "A critical failure sets the score to 0.0%; the raw score is what "
            "the items earned before it.",
            width,
        ),
        "",
        _wrap(
            "Not passed, by interaction (bonus items are extra credit, never "
            "required):",
            width,
        ),
    ]
    for audit in audits:
        missed, bonus = _not_passed(audit)
        parts = [f"missed {', '.join(missed)}"] if missed else []
        if bonus:
            parts.append(f"bonus not reached {', '.join(bonus)}")
        if parts:
            text = f"{audit.interaction_id}: " + "; ".join(parts)
            lines.append(_wrap(text, width, indent="  "))
    return "\n".join(lines)


def _counted(items: Counter[str], limit: int = 5) -> str:
    """The most frequent items, most first (ties by id), as ``id xN``."""
    ranked = sorted(items.items(), key=lambda pair: (-pair[1], pair[0]))
    return ", ".join(f"{item} x{n}" for item, n in ranked[:limit]) or "none"


def _organisation(card: Scorecard, audits: list[Audit], width: int) -> str:
    recognised = ", ".join(f"{s} {n}" for s, n in card.recognition.by_staff)
    nps = card.nps
    pairs: list[Record] = [
        {"measure": "audits", "value": str(card.audits)},
        {"measure": "passed", "value": f"{card.passed} ({_pct(card.pass_rate)})"},
        {"measure": "mean score", "value": _pct(card.mean_score)},
        {"measure": "critical failures", "value": str(card.critical_failed)},
        {"measure": "expectations exceeded", "value": _pct(card.exceeded_rate)},
        {"measure": "NPS", "value": "-" if nps is None else f"{float(nps):+.0f}"},
        {"measure": "CSAT (4 or 5)", "value": _pct(card.csat)},
        {"measure": "wow cards", "value": f"{card.wow_cards} ({recognised})"},
    ]
    moments: list[Record] = [
        {"moment": m.value, "pass rate": _pct(rate)}
        for m, rate in card.moment_pass_rates.items()
    ]
    missed: Counter[str] = Counter()
    bonus: Counter[str] = Counter()
    for audit in audits:
        for r in audit.results:
            if r.outcome is Outcome.FAIL:
                (bonus if r.bonus else missed)[r.item_id] += 1
    return "\n\n".join(
        [
            format_table(pairs, title="Organisation scorecard"),
            format_table(moments, title="Pass rate by moment"),
            _wrap(f"Most missed items: {_counted(missed)}", width)
            + "\n"
            + _wrap(f"Bonus items most often not reached: {_counted(bonus)}", width),
        ]
    )


def _consistency(title: str, groups: Mapping[str | None, Scorecard], width: int) -> str:
    rows: list[Record] = [
        {
            title: "(nobody)" if key is None else key,
            "audits": card.audits,
            "passed": as_float(card.pass_rate),
            "mean score": as_float(card.mean_score),
            "greeted in time": as_float(card.greeting_service_level),
            "NPS": None if card.nps is None else round(card.nps),
            "wow cards": card.wow_cards,
        }
        for key, card in groups.items()
    ]
    columns = [title, "audits", "passed", "mean score", "greeted in time"]
    table = _fit(
        rows,
        [*columns, "NPS", "wow cards"],
        width=width,
        optional=["audits", "NPS", "wow cards"],
        title=f"Consistency across {title}",
        percent=["passed", "mean score", "greeted in time"],
    )
    report = consistency(groups, min_audits=2)
    lines = [
        table,
        _wrap(
            f"spread of mean scores {_pct(report.score_spread)}, of pass rates "
            f"{_pct(report.pass_rate_spread)}; strongest {report.strongest}, "
            f"weakest {report.weakest}",
            width,
        ),
    ]
    below = ", ".join(str(k) for k in report.below_pooled)
    if below:
        lines.append(
            _wrap(f"more than 10 points below the pooled mean score: {below}", width)
        )
    varying = "; ".join(
        f"{s.item_id} {_pct(s.rates[0][1])} ({s.lowest}) to "
        f"{_pct(s.rates[-1][1])} ({s.highest})"
        for s in report.inconsistent_items[:3]
    )
    lines.append(_wrap(f"items that vary most: {varying or 'none'}", width))
    return "\n".join(lines)


def _greetings(day: DemoDay, width: int) -> str:
    verdicts = [judge_greeting(i, as_of=day.as_of) for i in day.interactions]
    level = service_level(verdicts)
    rows: list[Record] = [
        {"outcome": o.value, "count": level.counts[o]}
        for o in GreetingOutcome
        if level.counts[o]
    ]
    head = (
        f"Greeting service level: {level.within_target} of {level.eligible} "
        f"greeted within target ({_pct(level.share)}); waits p50 "
        f"{_secs(level.p50)}, p90 {_secs(level.p90)}, p95 {_secs(level.p95)}"
    )
    return _wrap(head, width) + "\n" + format_table(rows)


def _promotions(day: DemoDay, width: int) -> str:
    everything = (*day.history, *day.interactions)
    decisions: list[PromotionDecision] = [
        decide_promotion(c, everything, as_of=day.as_of, feedback=day.feedback)
        for c in day.customers
        if c.stage is Stage.IDENTIFIED
    ]
    rows: list[Record] = [
        {
            "customer": d.party_id,
            "eligible": d.eligible,
            "policy": d.policy_label,
            "still needed": "; ".join(d.missing) or "-",
        }
        for d in decisions
    ]
    ready = [d.party_id for d in decisions if d.eligible]
    head = "Customers now eligible to become clients: " + (
        ", ".join(ready) if ready else "none"
    )
    columns = ["customer", "eligible", "policy", "still needed"]
    table = _fit(rows, columns, width=width, optional=["eligible", "policy"])
    return _wrap(head, width) + "\n" + table


def _minutes(start: datetime, end: datetime | None) -> str:
    if end is None:
        return "not yet"
    return f"after {elapsed(start, end) // timedelta(minutes=1)} min"


def _stories(day: DemoDay, width: int) -> str:
    lines = ["Follow-ups, recoveries and recognition"]
    for i in day.interactions:
        if i.follow_up is not None and overdue([i.follow_up], as_of=day.as_of):
            due = i.follow_up.due.strftime("%H:%M")
            text = (
                f"overdue follow-up: {i.id} ({i.party_id}, {i.staff_id}): "
                f"{i.follow_up.kind}, due {due}, not done"
            )
            lines.append(_wrap(text, width, indent="  "))
        if i.recovery is not None:
            r = i.recovery
            text = (
                f"recovery: {i.id} ({i.party_id}, owner {r.owner_id}): "
                f"acknowledged {_minutes(r.failure_at, r.acknowledged_at)}, "
                f"resolved {_minutes(r.failure_at, r.resolved_at)}"
            )
            lines.append(_wrap(text, width, indent="  "))
    for f in day.feedback:
        if f.wow is not None:
            text = f'wow card for {f.wow.staff_id}: "{f.wow.story}"'
            lines.append(_wrap(text, width, indent="  "))
    return "\n".join(lines)


def render_demo(day: DemoDay, *, width: int = 80) -> str:
    """The whole demo report: audits, the organisation's scorecard,
    consistency across staff and locations, the greeting service level,
    the day's follow-ups, recoveries and wow cards, and the customers ready
    to become clients.

    Args:
        day: the day to report (see :func:`~moments.cli.demo.demo_day`).
        width: the widest a line may be, from :data:`MIN_WIDTH` to 1000
            (``python -m moments demo`` passes the terminal's width).

    Raises:
        InvalidArgument: ``width`` is not an integer.
        InvalidData: ``width`` is out of range.

    Example:
        >>> from moments.cli.demo import demo_day
        >>> report = render_demo(demo_day(), width=72)
        >>> max(len(line) for line in report.splitlines()) <= 72
        True
    """
    integer("width", width, MIN_WIDTH, 1000)
    audits = audit_day(day)
    card = Scorecard.from_audits(audits, day.feedback)
    clients = sum(1 for a in audits if a.party_kind is PartyKind.CLIENT)
    intro = "\n".join(
        [
            _wrap(
                f"moments demo: {len(day.locations)} shops "
                f"({', '.join(day.locations)}), {len(day.staff)} staff, "
                f"{len(audits)} interactions, judged as of "
                f"{day.as_of.isoformat()}",
                width,
            ),
            _wrap(
                f"{clients} client interactions audited against the gold "
                f"standard, {len(audits) - clients} customer interactions "
                "against the transactional standard",
                width,
            ),
        ]
    )
    staff = scorecards_by(audits, by_staff, feedback=day.feedback)
    locations = scorecards_by(audits, by_location, feedback=day.feedback)
    sections = [
        intro,
        _audits_section(audits, width),
        _organisation(card, audits, width),
        _consistency("staff", staff, width),
        _consistency("locations", locations, width),
        _greetings(day, width),
        _stories(day, width),
        _promotions(day, width),
    ]
    return "\n\n".join(sections)

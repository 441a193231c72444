"""The demo day's report as plain text (pure: builds a string, prints
nothing; ``python -m moments demo`` prints it)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from fractions import Fraction

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

__all__ = ["render_demo"]


def _pct(value: Fraction | float | None) -> str:
    return "-" if value is None else f"{float(value):.1%}"


def _secs(value: timedelta | None) -> str:
    return "-" if value is None else f"{value.total_seconds():g} s"


def _missed(audit: Audit, limit: int = 3) -> str:
    failed = [r.item_id for r in audit.results if r.outcome is Outcome.FAIL]
    shown = ", ".join(failed[:limit])
    more = len(failed) - limit
    return (shown + (f" +{more} more" if more > 0 else "")) or "-"


def _audits_section(audits: list[Audit]) -> str:
    rows = to_records(audits)
    for row, audit in zip(rows, audits, strict=True):
        row["interaction"] = row["interaction_id"]
        row["party"] = row["party_kind"]
        row["staff"] = row["staff_id"]
        row["location"] = row["location_id"]
        row["greeting"] = row["greeting_outcome"]
        row["missed items"] = _missed(audit)
    columns = [
        "interaction",
        "party",
        "staff",
        "location",
        "checklist",
        "greeting",
        "score",
        "passed",
        "missed items",
    ]
    return format_table(rows, columns, title="Audits", digits=1, percent=["score"])


def _organisation(card: Scorecard) -> str:
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
    missed = ", ".join(f"{item} x{n}" for item, n in card.missed_items[:5]) or "none"
    return "\n\n".join(
        [
            format_table(pairs, title="Organisation scorecard"),
            format_table(moments, title="Pass rate by moment"),
            f"Most missed items: {missed}",
        ]
    )


def _consistency(title: str, groups: Mapping[str | None, Scorecard]) -> str:
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
    shares = ["passed", "mean score", "greeted in time"]
    table = format_table(
        rows, title=f"Consistency across {title}", digits=1, percent=shares
    )
    report = consistency(groups, min_audits=2)
    lines = [
        table,
        f"spread of mean scores {_pct(report.score_spread)}, of pass rates "
        f"{_pct(report.pass_rate_spread)}; strongest {report.strongest}, "
        f"weakest {report.weakest}",
    ]
    below = ", ".join(str(k) for k in report.below_pooled)
    if below:
        lines.append(f"more than 10 points below the pooled mean score: {below}")
    varying = "; ".join(
        f"{s.item_id} {_pct(s.rates[0][1])} ({s.lowest}) to "
        f"{_pct(s.rates[-1][1])} ({s.highest})"
        for s in report.inconsistent_items[:3]
    )
    lines.append(f"items that vary most: {varying or 'none'}")
    return "\n".join(lines)


def _greetings(day: DemoDay) -> str:
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
    return head + "\n" + format_table(rows)


def _promotions(day: DemoDay) -> str:
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
    return head + "\n" + format_table(rows)


def _minutes(start: datetime, end: datetime | None) -> str:
    if end is None:
        return "not yet"
    return f"after {elapsed(start, end) // timedelta(minutes=1)} min"


def _stories(day: DemoDay) -> str:
    lines = ["Follow-ups, recoveries and recognition"]
    for i in day.interactions:
        if i.follow_up is not None and overdue([i.follow_up], as_of=day.as_of):
            due = i.follow_up.due.strftime("%H:%M")
            lines.append(
                f"  overdue follow-up: {i.id} ({i.party_id}, {i.staff_id}): "
                f"{i.follow_up.kind}, due {due}, not done"
            )
        if i.recovery is not None:
            r = i.recovery
            lines.append(
                f"  recovery: {i.id} ({i.party_id}, owner {r.owner_id}): "
                f"acknowledged {_minutes(r.failure_at, r.acknowledged_at)}, "
                f"resolved {_minutes(r.failure_at, r.resolved_at)}"
            )
    for f in day.feedback:
        if f.wow is not None:
            lines.append(f'  wow card for {f.wow.staff_id}: "{f.wow.story}"')
    return "\n".join(lines)


def render_demo(day: DemoDay) -> str:
    """The whole demo report: audits, the organisation's scorecard,
    consistency across staff and locations, the greeting service level,
    the day's follow-ups, recoveries and wow cards, and the customers ready
    to become clients."""
    audits = audit_day(day)
    card = Scorecard.from_audits(audits, day.feedback)
    clients = sum(1 for a in audits if a.party_kind is PartyKind.CLIENT)
    intro = (
        f"moments demo: {len(day.locations)} shops ({', '.join(day.locations)}), "
        f"{len(day.staff)} staff, {len(audits)} interactions, judged as of "
        f"{day.as_of.isoformat()}\n"
        f"{clients} client interactions audited against the gold standard, "
        f"{len(audits) - clients} customer interactions against the "
        f"transactional standard"
    )
    sections = [
        intro,
        _audits_section(audits),
        _organisation(card),
        _consistency("staff", scorecards_by(audits, by_staff, feedback=day.feedback)),
        _consistency(
            "locations", scorecards_by(audits, by_location, feedback=day.feedback)
        ),
        _greetings(day),
        _stories(day),
        _promotions(day),
    ]
    return "\n\n".join(sections)

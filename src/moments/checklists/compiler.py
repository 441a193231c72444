"""The checklist compiler behind :class:`moments.checklists.Auditor`.

A checklist is compiled once per (channel, party kind) pair:

* for full audits, each applicable item becomes a closure returning its
  outcome and a short explanation; inapplicable items become one shared,
  prebuilt :class:`ItemResult`;
* for :meth:`~moments.checklists.Auditor.score`, the whole checklist becomes
  one generated Python function whose body inlines every item's test with
  its weight folded in as a constant: no per-item calls, no result objects,
  each evidence record read once.

Both paths implement the same rules; the tests hold them to a plain
interpreter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from moments._time import elapsed
from moments.checklists.audits import Outcome
from moments.checks import (
    Check,
    Custom,
    ExpectationExceeded,
    ExpectationMet,
    FarewellByName,
    FollowUpDone,
    FollowUpScheduled,
    GreetedByName,
    GreetingTimely,
    InformationCollected,
    Observed,
    OfferPersonalised,
    Probed,
    RecoveryAcknowledged,
    RecoveryResolved,
    Thanked,
)
from moments.errors import InvalidData
from moments.interactions import Expectation, Interaction
from moments.timeliness import GreetingOutcome, GreetingStandard, GreetingVerdict

__all__ = ["Evaluator", "duration", "evaluator", "score_source"]

_ZERO = timedelta(0)
PASS, FAIL, NA = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE

#: How each greeting verdict scores: within the target passes; late or
#: never greeted fails; left early or not yet judgeable does not apply.
GREETING_CODES: Mapping[GreetingOutcome, int] = {
    GreetingOutcome.PROMPT: 1,
    GreetingOutcome.ON_TIME: 1,
    GreetingOutcome.LATE: 2,
    GreetingOutcome.NOT_GREETED: 2,
    GreetingOutcome.LEFT_BEFORE_TARGET: 0,
    GreetingOutcome.UNKNOWN: 0,
}

#: (outcome value, detail) from (interaction, resolved as_of).
Evaluator = Callable[[Interaction, datetime], tuple[Outcome, str]]


def duration(value: timedelta) -> str:
    """A short, exact reading of a duration: ``"12.4 s"``, ``"15 min"``,
    ``"1 d 2 h 0.5 s"``."""
    micros = abs(value) // timedelta(microseconds=1)
    sign = "-" if value < _ZERO else ""
    days, rest = divmod(micros, 86_400_000_000)
    hours, rest = divmod(rest, 3_600_000_000)
    minutes, rest = divmod(rest, 60_000_000)
    parts = [f"{n} {unit}" for n, unit in ((days, "d"), (hours, "h")) if n]
    if minutes:
        parts.append(f"{minutes} min")
    if rest or not parts:
        seconds = f"{rest / 1_000_000:.6f}".rstrip("0").rstrip(".")
        parts.append(f"{seconds} s")
    return sign + " ".join(parts)


def _fields(fields: frozenset[Any]) -> str:
    return ", ".join(sorted(f.value for f in fields)) or "nothing"


def greeting_detail(verdict: GreetingVerdict) -> str:
    """Explain a greeting verdict in a few words."""
    target = duration(verdict.standard.target)
    wait = "?" if verdict.wait is None else duration(verdict.wait)
    outcome = verdict.outcome
    if outcome is GreetingOutcome.PROMPT:
        aspiration = duration(verdict.standard.aspiration)
        return f"greeted after {wait}; aspiration {aspiration}, target {target}"
    if outcome is GreetingOutcome.ON_TIME or outcome is GreetingOutcome.LATE:
        return f"greeted after {wait}; target {target}"
    if outcome is GreetingOutcome.NOT_GREETED:
        return f"not greeted after waiting {wait}; target {target}"
    if outcome is GreetingOutcome.LEFT_BEFORE_TARGET:
        return f"left unserved after {wait}, within the {target} target"
    return f"not greeted yet; cannot be judged before the {target} target"


def _flag(record: str, flag: str, yes: str, no: str, missing: str) -> Evaluator:
    def run(x: Interaction, as_of: datetime) -> tuple[Outcome, str]:
        found = getattr(x, record)
        if found is None:
            return FAIL, missing
        if getattr(found, flag):
            return PASS, yes
        return FAIL, no

    return run


def _information(check: InformationCollected) -> Evaluator:
    wanted, need = check.fields, check.min_count

    def run(x: Interaction, as_of: datetime) -> tuple[Outcome, str]:
        info = x.information
        got = info.collected & wanted if info is not None else frozenset()
        text = f"collected {len(got)} of those wanted ({_fields(got)}); needs {need}"
        return (PASS if len(got) >= need else FAIL), text

    return run


def _offer(check: OfferPersonalised) -> Evaluator:
    wanted = check.fields

    def run(x: Interaction, as_of: datetime) -> tuple[Outcome, str]:
        offer = x.offer
        if offer is None:
            return FAIL, "no offer made"
        used = offer.based_on & wanted
        if used:
            return PASS, f"offer built on {_fields(used)}"
        return FAIL, f"offer built on {_fields(offer.based_on)}, nothing about them"

    return run


def _expectation(exceeded: bool) -> Evaluator:
    def run(x: Interaction, as_of: datetime) -> tuple[Outcome, str]:
        delivery = x.delivery
        if delivery is None:
            return FAIL, "delivery not recorded"
        got = delivery.expectation
        ok = got is Expectation.EXCEEDED if exceeded else got is not Expectation.BELOW
        return (PASS if ok else FAIL), f"expectation {got.value}"

    return run


def _scheduled(check: FollowUpScheduled) -> Evaluator:
    within = check.within

    def run(x: Interaction, as_of: datetime) -> tuple[Outcome, str]:
        fu = x.follow_up
        if fu is None:
            return FAIL, "no follow-up set"
        if fu.set_at is not None and elapsed(fu.set_at, as_of) < _ZERO:
            return FAIL, "no follow-up set yet"
        end = x.ended_at if x.ended_at is not None else x.arrived_at
        due = elapsed(end, fu.due)
        text = (
            f"{fu.kind} due {duration(due)} after the visit; limit {duration(within)}"
        )
        return (PASS if due <= within else FAIL), text

    return run


def _done(x: Interaction, as_of: datetime) -> tuple[Outcome, str]:
    fu = x.follow_up
    if fu is None:
        return NA, "no follow-up promised"
    done = fu.done_at
    if done is not None and elapsed(done, as_of) >= _ZERO:
        late = elapsed(fu.due, done)
        if late <= _ZERO:
            return PASS, f"{fu.kind} done {duration(-late)} before due"
        return FAIL, f"{fu.kind} done {duration(late)} late"
    if elapsed(fu.due, as_of) < _ZERO:
        return NA, f"{fu.kind} not due yet"
    return FAIL, f"{fu.kind} not done by its due time"


def _recovery(stamp: str, verb: str, within: timedelta) -> Evaluator:
    limit = duration(within)

    def run(x: Interaction, as_of: datetime) -> tuple[Outcome, str]:
        rc = x.recovery
        if rc is None:
            return NA, "nothing went wrong"
        if elapsed(rc.failure_at, as_of) < _ZERO:
            return NA, "nothing had gone wrong yet"
        at = getattr(rc, stamp)
        if at is not None and elapsed(at, as_of) >= _ZERO:
            took = elapsed(rc.failure_at, at)
            ok = took <= within
            return (
                PASS if ok else FAIL
            ), f"{verb} after {duration(took)}; target {limit}"
        waited = elapsed(rc.failure_at, as_of)
        if waited > within:
            return FAIL, f"not {verb} after {duration(waited)}; target {limit}"
        return NA, f"not {verb} yet; {duration(within - waited)} left"

    return run


def custom_code(result: object, name: str) -> Outcome:
    """The outcome a custom check returned, or a clear error."""
    if type(result) is not Outcome:
        raise InvalidData(
            f"$.custom.{name}: expected the function to return an Outcome, "
            f"got {result!r}"
        )
    return result


def evaluator(check: Check, custom: Mapping[str, Callable[..., object]]) -> Evaluator:
    """The full-audit closure for one computed check (not greeting or
    observed, which the auditor handles itself)."""
    if type(check) is GreetedByName:
        return _flag(
            "greeting",
            "used_name",
            "greeted by name",
            "greeted without the name",
            "not greeted",
        )
    if type(check) is FarewellByName:
        return _flag(
            "goodbye",
            "used_name",
            "said goodbye by name",
            "said goodbye without the name",
            "no goodbye recorded",
        )
    if type(check) is Thanked:
        return _flag(
            "goodbye",
            "thanked",
            "thanked at the goodbye",
            "not thanked",
            "no goodbye recorded",
        )
    if type(check) is Probed:
        return _flag(
            "information",
            "probed",
            "probed beyond the first answer",
            "took the first answer",
            "no questions asked",
        )
    if type(check) is InformationCollected:
        return _information(check)
    if type(check) is OfferPersonalised:
        return _offer(check)
    if type(check) is ExpectationMet or type(check) is ExpectationExceeded:
        return _expectation(type(check) is ExpectationExceeded)
    if type(check) is FollowUpScheduled:
        return _scheduled(check)
    if type(check) is FollowUpDone:
        return _done
    if type(check) is RecoveryAcknowledged:
        return _recovery("acknowledged_at", "acknowledged", check.within)
    if type(check) is RecoveryResolved:
        return _recovery("resolved_at", "resolved", check.within)
    if type(check) is Custom:
        fn, name = custom[check.name], check.name

        def run(x: Interaction, as_of: datetime) -> tuple[Outcome, str]:
            return custom_code(fn(x, as_of), name), f"custom check {name!r}"

        return run
    raise TypeError(f"no evaluator for {check!r}")  # pragma: no cover


# -- the generated scorer ---------------------------------------------------

# Each record the tests read is loaded once into a local at the top.
_RECORDS: Mapping[str, str] = {
    "GR": "greeting",
    "INF": "information",
    "OFF": "offer",
    "DL": "delivery",
    "BYE": "goodbye",
    "FU": "follow_up",
    "RC": "recovery",
}

_BOOL_TESTS: Mapping[type, str] = {
    GreetedByName: "GR is not None and GR.used_name",
    FarewellByName: "BYE is not None and BYE.used_name",
    Thanked: "BYE is not None and BYE.thanked",
    Probed: "INF is not None and INF.probed",
    ExpectationMet: "DL is not None and DL.expectation is not BELOW",
    ExpectationExceeded: "DL is not None and DL.expectation is EXC",
}


def _test(check: Check, k: str, env: dict[str, Any]) -> tuple[str, list[str]]:
    """Python source for one check: ``("bool", [expr])`` when the item
    always applies, or ``("code", statements setting o to 0/1/2)``."""
    kind = type(check)
    if kind in _BOOL_TESTS:
        return "bool", [_BOOL_TESTS[kind]]
    if kind is InformationCollected:
        assert isinstance(check, InformationCollected)
        env[f"F{k}"] = check.fields
        if check.min_count == 1:
            return "bool", [f"INF is not None and not INF.collected.isdisjoint(F{k})"]
        return "bool", [
            f"INF is not None and len(INF.collected & F{k}) >= {check.min_count}"
        ]
    if kind is OfferPersonalised:
        assert isinstance(check, OfferPersonalised)
        env[f"F{k}"] = check.fields
        return "bool", [f"OFF is not None and not OFF.based_on.isdisjoint(F{k})"]
    if kind is FollowUpScheduled:
        assert isinstance(check, FollowUpScheduled)
        env[f"W{k}"] = check.within
        return "bool", [
            "FU is not None"
            " and (a is None or FU.set_at is None or el(FU.set_at, a) >= Z)"
            " and el(x.arrived_at if x.ended_at is None else x.ended_at, FU.due)"
            f" <= W{k}"
        ]
    if kind is FollowUpDone:
        return "code", [
            # Done by as_of: judged against due. Not done: not applicable
            # until due (as_of defaults to x.latest, which has no due time).
            "if FU is None: o = 0",
            "elif FU.done_at is not None and (a is None or el(FU.done_at, a) >= Z):",
            "    o = 1 if el(FU.done_at, FU.due) >= Z else 2",
            "elif el(FU.due, x.latest if a is None else a) < Z: o = 0",
            "else: o = 2",
        ]
    if kind is RecoveryAcknowledged or kind is RecoveryResolved:
        assert isinstance(check, RecoveryAcknowledged | RecoveryResolved)
        env[f"W{k}"] = check.within
        stamp = "acknowledged_at" if kind is RecoveryAcknowledged else "resolved_at"
        return "code", [
            "if RC is None or (a is not None and el(RC.failure_at, a) < Z): o = 0",
            f"elif (_t := RC.{stamp}) is not None and (a is None or el(_t, a) >= Z):",
            f"    o = 1 if el(RC.failure_at, _t) <= W{k} else 2",
            f"else: o = 2 if el(RC.failure_at, x.latest if a is None else a) > W{k}"
            " else 0",
        ]
    if kind is Custom:
        assert isinstance(check, Custom)
        env[f"C{k}"] = check
        return "code", [
            f"o = CODES[custom_code(C{k}_fn(x, x.latest if a is None else a),"
            f" C{k}.name)]"
        ]
    raise TypeError(f"no scorer for {check!r}")  # pragma: no cover


def _greeting_test(
    standard: GreetingStandard, k: str, env: dict[str, Any]
) -> list[str]:
    env[f"S{k}"] = standard
    env[f"T{k}"] = standard.target
    judge = (
        f"o = GCODES[S{k}.judge(x, as_of=a if a is not None or GR is not None"
        " or x.ended_at is not None else x.latest).outcome]"
    )
    if not standard.calendar.always_open:
        return [judge]
    return [
        f"if GR is not None: o = 1 if el(x.arrived_at, GR.at) <= T{k} else 2",
        "else: " + judge,
    ]


def score_source(
    items: list[tuple[Check, int, bool, bool, GreetingStandard | None]],
    env: dict[str, Any],
    custom: Mapping[str, Callable[..., object]],
) -> str:
    """The source of ``score(x, a) -> float | None`` for the applicable
    items ``(check, weight, critical, bonus, greeting standard)`` of one
    channel and party kind. Fills ``env`` with the constants it uses.

    A failed critical item returns 0.0 at once (nothing after it can
    change that); the weights of items that always apply are summed into
    the starting denominator.
    """
    env.update(
        el=elapsed,
        Z=_ZERO,
        BELOW=Expectation.BELOW,
        EXC=Expectation.EXCEEDED,
        GCODES=GREETING_CODES,
        CODES={PASS: 1, FAIL: 2, NA: 0},
        custom_code=custom_code,
    )
    base = 0
    body: list[str] = []
    for index, (check, weight, critical, bonus, standard) in enumerate(items):
        if type(check) is Observed or (weight == 0 and not critical):
            continue  # no rating when scoring; weightless items cannot move it
        k = str(index)
        if type(check) is Custom:
            env[f"C{k}_fn"] = custom[check.name]
        if type(check) is GreetingTimely:
            assert standard is not None
            form, code = "code", _greeting_test(standard, k, env)
        else:
            form, code = _test(check, k, env)
        total = "b" if bonus else "e"
        if form == "bool":
            if not bonus:
                base += weight
            if critical:
                body.append(f"if not ({code[0]}): return 0.0")
                if weight:
                    body.append(f"e += {weight}")
            elif weight:
                body.append(f"if {code[0]}: {total} += {weight}")
            continue
        body.extend(code)
        if bonus:
            body.append(f"if o == 1: b += {weight}")
            continue
        if weight:
            body.append(f"if o == 1: e += {weight}; p += {weight}")
            body.append(
                "elif o == 2: " + ("return 0.0" if critical else f"p += {weight}")
            )
        else:  # weightless and critical (other weightless items were skipped)
            body.append("if o == 2: return 0.0")
    text = "\n".join(body)
    loads = [f"{name} = x.{attr}" for name, attr in _RECORDS.items() if name in text]
    lines = ["def score(x, a):", *loads, f"e = b = 0; p = {base}", *body]
    lines += ["if not p: return None", "e += b", "return 1.0 if e >= p else e / p"]
    return "\n    ".join(lines) + "\n"

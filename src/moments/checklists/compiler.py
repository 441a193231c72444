"""The checklist compiler behind :class:`moments.checklists.Auditor`.

Every check kind's rule is written once, in :data:`RULES`, as a decision
list over the interaction's evidence records: each :class:`Case` says when
it holds (a Python expression), what the outcome is, and the detail an
audit reports (the body of an f-string). From those cases the compiler
generates, per checklist, channel and party kind, two functions:

* the **audit**: every item's :class:`ItemResult` with its detail (results
  with a fixed detail are built once, at compile time), plus the greeting
  verdict the audit records;
* the **scorer** behind :meth:`~moments.checklists.Auditor.score`: the same
  cases with each outcome replaced by its effect on the score, the weights
  folded in as constants; no result objects, no details, each evidence
  record read once, and a failed critical item returning 0.0 at once.

Both are compiled with :func:`moments._codegen.compile_function`, under
file names such as ``<moments generated scorer gold@1 in_person/client>``,
so a traceback through them shows the generated line.

The expressions are written in a small vocabulary: ``interaction`` and its
records loaded once (``greeting``, ``information``, ``offer``, ``delivery``,
``goodbye``, ``follow_up``, ``recovery``), ``as_of``, the helpers
in :data:`_HELPERS`, and three macros whose expansion differs between the
two functions, because the scorer takes ``as_of=None`` to mean the
interaction's latest time without computing it (``Interaction.latest``
reads every timestamp) while the audit always has it:

* ``$now``: the time of judgement;
* ``reached(stamp)``: ``stamp`` is at or before the time of judgement
  (always true of a recorded event when judging at the latest time);
* ``$wait_as_of``: the ``as_of`` for a greeting verdict, which reads it
  only while the person is still waiting (neither greeted nor gone).

``$name`` is one of the item's own constants (``Rule.params``), or a value
the rule computes first on both paths (``Rule.lets``); each is named after
what it holds and the item's position (``within_10``, ``verdict_0``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from string import Template
from typing import Any, TypeAlias

import attrs

from moments import _validate as v
from moments._codegen import compile_function, unique_filename
from moments._time import elapsed
from moments.checklists.audits import ItemResult, Outcome
from moments.checklists.items import Checklist, ChecklistItem
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
from moments.interactions import Channel, Expectation, Interaction, PartyKind
from moments.timeliness import (
    GreetingOutcome,
    GreetingPolicy,
    GreetingStandard,
    GreetingVerdict,
)

__all__ = [
    "GREETING_SCORES",
    "RULES",
    "AuditFunction",
    "Case",
    "OutcomeOf",
    "PassIf",
    "Rule",
    "ScoreFunction",
    "Then",
    "compile_audit",
    "compile_scorer",
    "custom_outcome",
    "duration",
    "greeting_detail",
]

_ZERO = timedelta(0)
PASS, FAIL, NA = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE

#: How each greeting verdict scores: within the target passes; late or
#: never greeted fails; left early or not yet judgeable does not apply.
GREETING_SCORES: Mapping[GreetingOutcome, Outcome] = {
    GreetingOutcome.PROMPT: PASS,
    GreetingOutcome.ON_TIME: PASS,
    GreetingOutcome.LATE: FAIL,
    GreetingOutcome.NOT_GREETED: FAIL,
    GreetingOutcome.LEFT_BEFORE_TARGET: NA,
    GreetingOutcome.UNKNOWN: NA,
}

#: ``audit(interaction, as_of, ratings) -> (results, greeting verdict)``.
AuditFunction: TypeAlias = Callable[
    [Interaction, datetime, Mapping[str, Outcome]],
    tuple[tuple[ItemResult, ...], GreetingVerdict | None],
]
#: ``score(interaction, as_of) -> float | None``.
ScoreFunction: TypeAlias = Callable[[Interaction, datetime | None], float | None]


# -- the words of the details ----------------------------------------------


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


def names(fields: frozenset[Any]) -> str:
    """The values of some enum members, sorted and comma-separated, or
    ``"nothing"``."""
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


def custom_outcome(result: object, name: str) -> Outcome:
    """The outcome a custom check returned, or a clear error."""
    if type(result) is not Outcome:
        raise InvalidData(
            f"$.custom.{name}: expected the function to return an Outcome, "
            f"got {result!r}"
        )
    return result


# -- the table of rules ----------------------------------------------------


# Each case and rule checks its fields, as every public class does: an
# expression is a non-empty string (what it says is checked when the
# generated code compiles), a detail a string.

_when = v.optional(v.non_empty_str)
_expression = v.non_empty_str
_detail = v.type_is(str, "a string (the body of an f-string)")


def _is_let(item: object) -> bool:
    """A ``(name, expression)`` binding: two non-empty strings, the name
    an identifier (it becomes ``$name``)."""
    return (
        type(item) is tuple
        and len(item) == 2
        and v.is_str(item[0])
        and item[0].isidentifier()
        and v.is_str(item[1])
    )


_lets = v.tuple_of(_is_let, "(name, expression) pairs of strings")


@attrs.frozen
class Then:
    """When ``when`` holds (always, if ``None``), the outcome is
    ``outcome``, explained by ``detail``."""

    when: str | None = attrs.field(validator=_when)
    outcome: Outcome = attrs.field(validator=v.enum_of(Outcome))
    detail: str = attrs.field(validator=_detail)


@attrs.frozen
class PassIf:
    """When ``when`` holds (always, if ``None``), the item passes if
    ``test`` is true and fails otherwise; ``fail_detail`` explains a
    failure when it differs from ``detail``. ``lets`` are ``(name,
    expression)`` bindings only the details need."""

    when: str | None = attrs.field(validator=_when)
    test: str = attrs.field(validator=_expression)
    detail: str = attrs.field(validator=_detail)
    fail_detail: str | None = attrs.field(default=None, validator=v.optional(_detail))
    lets: tuple[tuple[str, str], ...] = attrs.field(default=(), validator=_lets)


@attrs.frozen
class OutcomeOf:
    """When ``when`` holds (always, if ``None``), the outcome is the value
    of ``expression`` (an :class:`Outcome`)."""

    when: str | None = attrs.field(validator=_when)
    expression: str = attrs.field(validator=_expression)
    detail: str = attrs.field(validator=_detail)


Case: TypeAlias = Then | PassIf | OutcomeOf


def _is_case(item: object) -> bool:
    return type(item) in (Then, PassIf, OutcomeOf)


def _check_params(instance: Any, attribute: Any, value: Any) -> None:
    """A mapping whose keys are identifiers (each becomes ``$name``)."""
    if not isinstance(value, Mapping):
        raise InvalidData.field(attribute.name, "a mapping of names to values", value)
    for key in value:
        if type(key) is not str or not key.isidentifier():
            raise InvalidData(
                f"$.{attribute.name}: expected identifier keys, got {key!r}"
            )


@attrs.frozen
class Rule:
    """One check's rule: its cases, tried in order (the last one holds
    always).

    Attributes:
        reads: the evidence records the expressions read.
        cases: the decision list.
        params: this item's constants, as ``$name`` in the expressions.
        lets: ``(name, expression)`` computed first, on both paths, as
            ``$name``.
        verdict: the let holding a greeting verdict, which the audit
            records (the first one of the checklist).
        rated: judged from the reviewer's ratings, so never when scoring.
    """

    reads: tuple[str, ...] = attrs.field(
        validator=v.tuple_of(v.is_str, "evidence record names")
    )
    cases: tuple[Case, ...] = attrs.field(
        validator=v.tuple_of(_is_case, "Then, PassIf or OutcomeOf cases")
    )
    params: Mapping[str, object] = attrs.field(factory=dict, validator=_check_params)
    lets: tuple[tuple[str, str], ...] = attrs.field(default=(), validator=_lets)
    verdict: str | None = attrs.field(default=None, validator=_when)
    rated: bool = attrs.field(default=False, validator=v.strict_bool)


@attrs.frozen
class Given:
    """What the auditor resolves for one item beyond its check."""

    item_id: str
    standard: GreetingStandard | None = None
    custom_check: Callable[..., object] | None = None


def _flag(record: str, flag: str, *, yes: str, no: str, missing: str) -> Rule:
    return Rule(
        reads=(record,),
        cases=(
            Then(f"{record} is None", FAIL, missing),
            PassIf(None, f"{record}.{flag}", yes, no),
        ),
    )


def _greeting_timely(check: GreetingTimely, given: Given) -> Rule:
    def verdict_in(outcome: Outcome) -> str:
        return " or ".join(
            f"$verdict.outcome is GREETING_{g.name}"
            for g, scored in GREETING_SCORES.items()
            if scored is outcome
        )

    detail = "{greeting_detail($verdict)}"
    return Rule(
        reads=("greeting",),
        params={"standard": given.standard},
        lets=(("verdict", "$standard.judge(interaction, as_of=$wait_as_of)"),),
        verdict="verdict",
        cases=(
            Then(verdict_in(PASS), PASS, detail),
            Then(verdict_in(FAIL), FAIL, detail),
            Then(None, NA, detail),
        ),
    )


def _information_collected(check: InformationCollected, given: Given) -> Rule:
    enough = (
        "not information.collected.isdisjoint($wanted)"
        if check.min_count == 1
        else "len(information.collected & $wanted) >= $need"
    )
    return Rule(
        reads=("information",),
        params={"wanted": check.fields, "need": check.min_count},
        cases=(
            PassIf(
                None,
                f"information is not None and {enough}",
                "collected {len(wanted_collected)} of those wanted"
                " ({names(wanted_collected)}); needs {$need}",
                lets=(
                    (
                        "wanted_collected",
                        "NOTHING if information is None"
                        " else information.collected & $wanted",
                    ),
                ),
            ),
        ),
    )


def _offer_personalised(check: OfferPersonalised, given: Given) -> Rule:
    return Rule(
        reads=("offer",),
        params={"wanted": check.fields},
        cases=(
            Then("offer is None", FAIL, "no offer made"),
            PassIf(
                None,
                "not offer.based_on.isdisjoint($wanted)",
                "offer built on {names(offer.based_on & $wanted)}",
                "offer built on {names(offer.based_on)}, nothing about them",
            ),
        ),
    )


def _expectation(test: str) -> Rule:
    return Rule(
        reads=("delivery",),
        cases=(
            Then("delivery is None", FAIL, "delivery not recorded"),
            PassIf(None, test, "expectation {delivery.expectation.value}"),
        ),
    )


_VISIT_END = (
    "(interaction.arrived_at if interaction.ended_at is None else interaction.ended_at)"
)


def _follow_up_scheduled(check: FollowUpScheduled, given: Given) -> Rule:
    due_after = f"elapsed({_VISIT_END}, follow_up.due)"
    return Rule(
        reads=("follow_up",),
        params={"within": check.within},
        cases=(
            Then("follow_up is None", FAIL, "no follow-up set"),
            Then(
                "not (follow_up.set_at is None or reached(follow_up.set_at))",
                FAIL,
                "no follow-up set yet",
            ),
            PassIf(
                None,
                f"{due_after} <= $within",
                "{follow_up.kind} due {duration(" + due_after + ")} after the visit;"
                " limit {duration($within)}",
            ),
        ),
    )


# Done by the time of judgement: judged against due. Not done: not
# applicable until due (the latest time has no due time in it).
_FOLLOW_UP_DONE = Rule(
    reads=("follow_up",),
    cases=(
        Then("follow_up is None", NA, "no follow-up promised"),
        PassIf(
            "follow_up.done_at is not None and reached(follow_up.done_at)",
            "elapsed(follow_up.done_at, follow_up.due) >= ZERO",
            "{follow_up.kind} done"
            " {duration(elapsed(follow_up.done_at, follow_up.due))} before due",
            "{follow_up.kind} done"
            " {duration(elapsed(follow_up.due, follow_up.done_at))} late",
        ),
        Then("elapsed(follow_up.due, $now) < ZERO", NA, "{follow_up.kind} not due yet"),
        Then(None, FAIL, "{follow_up.kind} not done by its due time"),
    ),
)


def _recovery(stamp: str, verb: str, within: timedelta) -> Rule:
    took = f"elapsed(recovery.failure_at, recovery.{stamp})"
    waited = "elapsed(recovery.failure_at, $now)"
    target = "; target {duration($within)}"
    return Rule(
        reads=("recovery",),
        params={"within": within},
        cases=(
            Then("recovery is None", NA, "nothing went wrong"),
            Then("not reached(recovery.failure_at)", NA, "nothing had gone wrong yet"),
            PassIf(
                f"recovery.{stamp} is not None and reached(recovery.{stamp})",
                f"{took} <= $within",
                f"{verb} after {{duration({took})}}{target}",
            ),
            Then(
                f"{waited} > $within",
                FAIL,
                f"not {verb} after {{duration({waited})}}{target}",
            ),
            Then(None, NA, f"not {verb} yet; {{duration($within - {waited})}} left"),
        ),
    )


def _custom(check: Custom, given: Given) -> Rule:
    return Rule(
        reads=(),
        params={
            "custom_check": given.custom_check,
            "check_name": check.name,
            "detail": f"custom check {check.name!r}",
        },
        cases=(
            OutcomeOf(
                None,
                "custom_outcome($custom_check(interaction, $now), $check_name)",
                "{$detail}",
            ),
        ),
    )


def _observed(check: Observed, given: Given) -> Rule:
    return Rule(
        reads=(),
        params={"item_id": given.item_id},
        lets=(("rating", "ratings.get($item_id, NOT_APPLICABLE)"),),
        rated=True,
        cases=(
            Then("$rating is NOT_APPLICABLE", NA, "no rating"),
            OutcomeOf(None, "$rating", "rated {$rating.value}"),
        ),
    )


def _always(rule: Rule) -> Callable[[Any, Given], Rule]:
    """The rule of a check kind without parameters."""
    return lambda check, given: rule


#: Every check kind's rule, from the check and what the auditor resolved
#: for its item.
RULES: Mapping[type, Callable[[Any, Given], Rule]] = {
    GreetingTimely: _greeting_timely,
    GreetedByName: _always(
        _flag(
            "greeting",
            "used_name",
            yes="greeted by name",
            no="greeted without the name",
            missing="not greeted",
        )
    ),
    FarewellByName: _always(
        _flag(
            "goodbye",
            "used_name",
            yes="said goodbye by name",
            no="said goodbye without the name",
            missing="no goodbye recorded",
        )
    ),
    Thanked: _always(
        _flag(
            "goodbye",
            "thanked",
            yes="thanked at the goodbye",
            no="not thanked",
            missing="no goodbye recorded",
        )
    ),
    Probed: _always(
        _flag(
            "information",
            "probed",
            yes="probed beyond the first answer",
            no="took the first answer",
            missing="no questions asked",
        )
    ),
    InformationCollected: _information_collected,
    OfferPersonalised: _offer_personalised,
    ExpectationMet: _always(
        _expectation("delivery.expectation is not EXPECTATION_BELOW")
    ),
    ExpectationExceeded: _always(
        _expectation("delivery.expectation is EXPECTATION_EXCEEDED")
    ),
    FollowUpScheduled: _follow_up_scheduled,
    FollowUpDone: _always(_FOLLOW_UP_DONE),
    RecoveryAcknowledged: lambda check, given: _recovery(
        "acknowledged_at", "acknowledged", check.within
    ),
    RecoveryResolved: lambda check, given: _recovery(
        "resolved_at", "resolved", check.within
    ),
    Observed: _observed,
    Custom: _custom,
}

#: The names every generated function can use.
_HELPERS: Mapping[str, object] = {
    "elapsed": elapsed,
    "duration": duration,
    "names": names,
    "greeting_detail": greeting_detail,
    "custom_outcome": custom_outcome,
    "ZERO": _ZERO,
    "NOTHING": frozenset(),
    "PASS": PASS,
    "FAIL": FAIL,
    "NOT_APPLICABLE": NA,
    "EXPECTATION_BELOW": Expectation.BELOW,
    "EXPECTATION_EXCEEDED": Expectation.EXCEEDED,
    **{f"GREETING_{g.name}": g for g in GreetingOutcome},
}


# -- expressions: a little folding so that generated code reads well ------

_TRUE, _FALSE = "True", "False"


def _top(expr: str) -> str:
    """The loosest operator of ``expr`` outside brackets: ``"if"``,
    ``"or"``, ``"and"``, ``"not"``, ``"op"`` (a comparison or arithmetic)
    or ``"atom"``."""
    depth = 0
    flat = []
    for char in expr:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0:
            flat.append(char)
    text = "".join(flat)
    for op in ("if", "or", "and"):
        if f" {op} " in text:
            return op
    if text.startswith("not "):
        return "not"
    return "op" if " " in text else "atom"


def _wrapped(expr: str) -> bool:
    """Whether ``expr`` is one bracketed group, ``(...)``."""
    if not expr.startswith("("):
        return False
    depth = 0
    for index, char in enumerate(expr):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return index == len(expr) - 1
    return False  # pragma: no cover - our expressions are balanced


def _group(expr: str, loose: tuple[str, ...]) -> str:
    return f"({expr})" if _top(expr) in loose else expr


def _not(expr: str) -> str:
    if re.fullmatch(r"[\w.$]+ is None", expr):
        return expr[: -len("None")] + "not None"
    if expr.startswith("not ") and _top(expr) == "not":
        rest = expr[len("not ") :]
        return rest[1:-1] if _wrapped(rest) else rest
    return "not " + _group(expr, ("if", "or", "and", "op"))


# In _and and _or, only the right side can be a constant (what the rest
# of a decision list yields); `x or True` never arises.


def _and(left: str, right: str) -> str:
    if right == _FALSE:
        return _FALSE
    if right == _TRUE:
        return left
    return f"{_group(left, ('if', 'or'))} and {_group(right, ('if', 'or'))}"


def _or(left: str, right: str) -> str:
    if right == _FALSE:
        return left
    return f"{_group(left, ('if',))} or {_group(right, ('if',))}"


def _yields(cases: Sequence[Case], wanted: frozenset[Outcome]) -> str | None:
    """A boolean expression, true exactly when ``cases`` decide an outcome
    in ``wanted``; ``None`` when an outcome is computed at run time, or
    when only a conditional expression would say it."""
    case, rest = cases[0], cases[1:]  # the last case holds always
    if isinstance(case, OutcomeOf):
        return None
    if isinstance(case, Then):
        here = _TRUE if case.outcome in wanted else _FALSE
    else:
        here = {
            (True, True): _TRUE,
            (True, False): case.test,
            (False, True): _not(case.test),
            (False, False): _FALSE,
        }[PASS in wanted, FAIL in wanted]
    if case.when is None:
        return here
    later = _yields(rest, wanted)
    if later is None:
        return None
    if here == _TRUE:
        return _or(case.when, later)
    if here == _FALSE:
        return _and(_not(case.when), later)
    if later == _FALSE:
        return _and(case.when, here)
    return None  # a conditional expression: the if/elif chain reads better


# -- generating the functions ----------------------------------------------

_Arm: TypeAlias = tuple[str | None, list[str]]  # (condition, statements)


def _if_chain(arms: Sequence[_Arm]) -> list[str]:
    """``if``/``elif``/``else`` over ``arms`` (a ``None`` condition is the
    last arm); arms at the end that do nothing are left out."""
    used = list(arms)
    for index, (condition, _) in enumerate(used):
        if condition is None:
            del used[index + 1 :]
            break
    while used and not used[-1][1]:
        used.pop()
    merged: list[_Arm] = []
    for condition, body in used:  # `if a: pass` then `elif b: pass`: a or b
        if merged and not body and not merged[-1][1] and condition is not None:
            merged[-1] = (_or(merged[-1][0] or _TRUE, condition), [])
        else:
            merged.append((condition, body))
    if len(merged) == 2 and not merged[0][1] and merged[1][0] is None:
        merged = [(_not(merged[0][0] or _TRUE), merged[1][1])]  # `if not a:`
    used = merged
    lines: list[str] = []
    for index, (condition, body) in enumerate(used):
        if condition is None and index == 0:
            return body
        if condition is None:
            lines.append("else:")
        else:
            lines.append(f"{'elif' if index else 'if'} {condition}:")
        lines.extend("    " + line for line in body or ["pass"])
    return lines


class _Expander:
    """Turns the table's text into Python for one item of one function."""

    def __init__(self, macros: Mapping[str, str], reached: str) -> None:
        self.macros = macros
        self.reached = reached

    def __call__(self, text: str, local: Mapping[str, str]) -> str:
        code = Template(text).substitute({**self.macros, **local})
        return re.sub(r"\breached\(([^()]*)\)", self.reached, code)


_IN_SCORER = _Expander(
    {
        "now": "(interaction.latest if as_of is None else as_of)",
        "wait_as_of": "(as_of if as_of is not None or greeting is not None"
        " or interaction.ended_at is not None else interaction.latest)",
    },
    r"(as_of is None or elapsed(\1, as_of) >= ZERO)",
)
_IN_AUDIT = _Expander(
    {"now": "as_of", "wait_as_of": "as_of"}, r"(elapsed(\1, as_of) >= ZERO)"
)


class _Item:
    """One applicable item of a plan: its rule and its generated names."""

    def __init__(self, index: int, item: ChecklistItem, rule: Rule) -> None:
        self.index = index
        self.item = item
        self.rule = rule
        self.local = {name: f"{name}_{index}" for name in rule.params}
        self.local.update({name: f"{name}_{index}" for name, _ in rule.lets})

    def constants(self) -> dict[str, object]:
        return {self.local[name]: value for name, value in self.rule.params.items()}

    def comment(self) -> str:
        i = self.item
        flags = "".join(
            f", {flag}" for flag in ("critical", "bonus") if getattr(i, flag)
        )
        return f"# {self.index}: {i.id!r}, {i.check.kind}, weight {i.weight}{flags}"


def _plan(
    checklist: Checklist,
    channel: Channel,
    kind: PartyKind,
    policy: GreetingPolicy,
    custom: Mapping[str, Callable[..., object]],
) -> list[_Item | ChecklistItem]:
    """Each item's rule where it applies; the bare item where it does not."""
    plan: list[_Item | ChecklistItem] = []
    for index, item in enumerate(checklist.items):
        if not item.applies_to(channel, kind):
            plan.append(item)
            continue
        check: Check = item.check
        given = Given(item_id=item.id)
        if type(check) is GreetingTimely:
            standard = check.standard or policy.standard_for(channel, kind)
            given = Given(item_id=item.id, standard=standard)
        elif type(check) is Custom:
            given = Given(item_id=item.id, custom_check=custom[check.name])
        plan.append(_Item(index, item, RULES[type(check)](check, given)))
    return plan


#: The evidence records of an interaction, loaded in this order.
_RECORDS = (
    "greeting",
    "information",
    "offer",
    "delivery",
    "goodbye",
    "follow_up",
    "recovery",
)


def _define(
    name: str, args: str, reads: set[str], body: list[str], tail: list[str]
) -> str:
    records = [
        f"{record} = interaction.{record}" for record in _RECORDS if record in reads
    ]
    lines = [f"def {name}({args}):", *records, *body, *tail]
    return "\n    ".join(lines) + "\n"


def _owner(checklist: Checklist, channel: Channel, kind: PartyKind) -> str:
    return f"{checklist.label} {channel.value}/{kind.value}"


# The scorer ----------------------------------------------------------------


def _effects(item: ChecklistItem, folded: bool) -> dict[Outcome, list[str]]:
    """What each outcome of ``item`` does to the score's running sums
    (``folded``: its weight is already in the starting ``possible``)."""
    weight = item.weight
    passed: list[str] = []
    failed: list[str] = []
    if weight and item.bonus:
        passed = [f"bonus += {weight}"]
    elif weight:
        passed = [f"earned += {weight}"]
        if not folded:
            passed.append(f"possible += {weight}")
            failed = [f"possible += {weight}"]
    if item.critical:
        failed = ["return 0.0"]
    return {PASS: passed, FAIL: failed, NA: []}


def _can_be_na(rule: Rule) -> bool:
    return any(
        isinstance(case, OutcomeOf) or (isinstance(case, Then) and case.outcome is NA)
        for case in rule.cases
    )


def _score_arms(case: Case, effects: Mapping[Outcome, list[str]]) -> list[_Arm]:
    if isinstance(case, Then):
        return [(case.when, effects[case.outcome])]
    if isinstance(case, PassIf):
        decide: list[_Arm] = [(case.test, effects[PASS]), (None, effects[FAIL])]
        if case.when is None:
            return decide
        return [(case.when, _if_chain(decide))]
    decide = [("outcome is PASS", effects[PASS]), ("outcome is FAIL", effects[FAIL])]
    body = [f"outcome = {case.expression}", *_if_chain(decide)]
    return [(case.when, body)]


def _score_item(entry: _Item) -> tuple[list[str], int]:
    """The scorer's statements for one item, and the weight it adds to the
    starting ``possible``."""
    rule, item = entry.rule, entry.item
    folded = not item.bonus and not _can_be_na(rule)
    effects = _effects(item, folded)
    acting = {outcome: tuple(lines) for outcome, lines in effects.items() if lines}
    if rule.rated or not acting:
        return [], 0  # no rating when scoring; an item that cannot move it
    lines: list[str] | None = None
    if len(set(acting.values())) == 1:  # one effect: one condition for it
        condition = _yields(rule.cases, frozenset(acting))
        if condition is not None:
            lines = _if_chain([(condition, list(next(iter(acting.values()))))])
    if lines is None:
        arms = [arm for case in rule.cases for arm in _score_arms(case, effects)]
        lines = _if_chain(arms)
    lets = [f"${name} = {expression}" for name, expression in rule.lets]
    code = [_IN_SCORER(line, entry.local) for line in lets + lines]
    return code, item.weight if folded else 0


def compile_scorer(
    checklist: Checklist,
    channel: Channel,
    kind: PartyKind,
    policy: GreetingPolicy,
    custom: Mapping[str, Callable[..., object]],
) -> ScoreFunction:
    """The generated ``score(interaction, as_of)`` of ``checklist`` for one
    channel and party kind: the audit score as a float, or ``None`` when
    nothing applied, observed items not applicable.

    Items that always apply (they can only pass or fail) start in
    ``possible``; the others add their weight when they pass or fail.
    """
    namespace: dict[str, object] = dict(_HELPERS)
    reads: set[str] = set()
    body: list[str] = []
    base = 0
    for entry in _plan(checklist, channel, kind, policy, custom):
        if not isinstance(entry, _Item):
            continue
        code, always = _score_item(entry)
        base += always
        if not code:
            continue
        namespace.update(entry.constants())
        reads.update(entry.rule.reads)
        body += [entry.comment(), *code]
    source = _define(
        "score",
        "interaction, as_of",
        reads,
        ["earned = bonus = 0", f"possible = {base}", *body],
        [
            "if not possible:",
            "    return None",
            "earned += bonus",
            "return 1.0 if earned >= possible else earned / possible",
        ],
    )
    scorer: ScoreFunction = compile_function(
        source,
        "score",
        filename=unique_filename("scorer", _owner(checklist, channel, kind)),
        namespace=namespace,
    )
    return scorer


# The audit -----------------------------------------------------------------

_RESULT_CACHE = 32  # results kept per item for details computed at run time
_OUTCOME_NAMES = {PASS: "PASS", FAIL: "FAIL", NA: "NOT_APPLICABLE"}


def _result(item: ChecklistItem, outcome: Outcome, detail: str) -> ItemResult:
    return ItemResult(
        item_id=item.id,
        moment=item.moment,
        outcome=outcome,
        weight=item.weight,
        critical=item.critical,
        bonus=item.bonus,
        detail=detail,
    )


class _Results:
    """The results of one item, each built once per distinct detail (up to
    :data:`_RESULT_CACHE` of them): audits share them, and scorecards count
    shared results fast."""

    __slots__ = ("cache", "item")

    def __init__(self, item: ChecklistItem) -> None:
        self.item = item
        self.cache: dict[tuple[Outcome, str], ItemResult] = {}

    def result(self, outcome: Outcome, detail: str) -> ItemResult:
        key = (outcome, detail)
        found = self.cache.get(key)
        if found is None:
            found = _result(self.item, outcome, detail)
            if len(self.cache) < _RESULT_CACHE:
                self.cache[key] = found
        return found


def _inapplicable(item: ChecklistItem, channel: Channel, kind: PartyKind) -> str:
    if kind not in item.party_kinds:
        return f"does not apply to {kind.value}s"
    return f"does not apply to the {channel.value} channel"


class _Prebuilt:
    """The results an audit can name at compile time (a fixed detail),
    each under a name that says what it holds."""

    def __init__(self, namespace: dict[str, object]) -> None:
        self.namespace = namespace

    def name(
        self, index: int, item: ChecklistItem, outcome: Outcome, detail: str
    ) -> str:
        words = re.sub(r"\W+", "_", detail.lower()).strip("_")[:40].rstrip("_")
        name = f"{outcome.name.lower()}_{index}_{words}".rstrip("_")
        while name in self.namespace:  # pragma: no cover - two details alike
            name += "_"
        self.namespace[name] = _result(item, outcome, detail)
        return name


def _detail_code(detail: str) -> str:
    """Python for the detail text ``detail`` (an f-string body)."""
    whole = re.fullmatch(r"\{([^{}]*)\}", detail)
    if whole:
        return whole.group(1)
    assert '"' not in detail, detail  # the table's own text
    assert "\\" not in detail, detail
    return f'f"{detail}"'


def _audit_arms(entry: _Item, case: Case, prebuilt: _Prebuilt) -> list[_Arm]:
    index, item = entry.index, entry.item
    target = f"result_{index}"

    def fixed(outcome: Outcome, detail: str) -> str:
        if "{" not in detail:
            return prebuilt.name(index, item, outcome, detail)
        return f"result_of_{index}({_OUTCOME_NAMES[outcome]}, {_detail_code(detail)})"

    if isinstance(case, Then):
        return [(case.when, [f"{target} = {fixed(case.outcome, case.detail)}"])]
    if isinstance(case, OutcomeOf):
        made = f"result_of_{index}({case.expression}, {_detail_code(case.detail)})"
        return [(case.when, [f"{target} = {made}"])]
    lets = [f"{name} = {expression}" for name, expression in case.lets]
    fail_detail = case.detail if case.fail_detail is None else case.fail_detail
    passed, failed = fixed(PASS, case.detail), fixed(FAIL, fail_detail)
    if passed.startswith("result_of_") and fail_detail == case.detail:
        outcome = f"PASS if {case.test} else FAIL"
        made = f"result_of_{index}({outcome}, {_detail_code(case.detail)})"
        decide: list[_Arm] = [(None, [f"{target} = {made}"])]
    else:
        decide = [
            (case.test, [f"{target} = {passed}"]),
            (None, [f"{target} = {failed}"]),
        ]
    if case.when is None and not lets:
        return decide
    return [(case.when, lets + _if_chain(decide))]


def compile_audit(
    checklist: Checklist,
    channel: Channel,
    kind: PartyKind,
    policy: GreetingPolicy,
    custom: Mapping[str, Callable[..., object]],
) -> AuditFunction:
    """The generated ``audit(interaction, as_of, ratings)`` of ``checklist``
    for one channel and party kind: every item's result, in checklist
    order, and the verdict of its first greeting item (or ``None``)."""
    namespace: dict[str, object] = dict(_HELPERS)
    prebuilt = _Prebuilt(namespace)
    reads: set[str] = set()
    body: list[str] = []
    results: list[str] = []
    verdict = "None"
    for index, entry in enumerate(_plan(checklist, channel, kind, policy, custom)):
        if not isinstance(entry, _Item):
            detail = _inapplicable(entry, channel, kind)
            results.append(prebuilt.name(index, entry, NA, detail))
            continue
        rule = entry.rule
        namespace.update(entry.constants())
        namespace[f"result_of_{index}"] = _Results(entry.item).result
        reads.update(rule.reads)
        lines = [f"${name} = {expression}" for name, expression in rule.lets]
        arms = [
            arm for case in rule.cases for arm in _audit_arms(entry, case, prebuilt)
        ]
        lines += _if_chain(arms)
        body += [entry.comment(), *(_IN_AUDIT(line, entry.local) for line in lines)]
        results.append(f"result_{index}")
        if rule.verdict is not None and verdict == "None":
            verdict = entry.local[rule.verdict]
    source = _define(
        "audit",
        "interaction, as_of, ratings",
        reads,
        body,
        [
            "results = (",
            *(f"    {name}," for name in results),
            ")",
            f"return results, {verdict}",
        ],
    )
    audit: AuditFunction = compile_function(
        source,
        "audit",
        filename=unique_filename("audit", _owner(checklist, channel, kind)),
        namespace=namespace,
    )
    return audit

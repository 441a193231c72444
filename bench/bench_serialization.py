"""Benchmark: reading and writing interactions as JSON-ready dicts.

In one run, on the same 10,000 realistic interaction dicts (distinct
documents fresh from ``json.loads``; offsets a mix of UTC, +01:00 and
-05:00; most visits greeted, informed, offered, delivered and thanked,
some with a purchase, a follow-up or a recovery):

* ``from_dict(Interaction, d)`` against pydantic v2 ``model_validate`` on an
  equivalent model (same fields, types, nested models, ``extra="forbid"``,
  ``AwareDatetime``): the row's ratio is pydantic time / ours (target at
  least 1: at least as fast; the older goal of 2 was retired in issue 13);
* the same against ``msgspec.convert`` to an equivalent ``Struct`` (aware
  datetimes via ``Meta(tz=True)``): msgspec time / ours (target at least
  0.35);
* the same against the references doing the checks that the models'
  validators do and the plain references skip: non-blank id and name
  strings, strict booleans, an active ISO 4217 currency code (a
  ``Literal`` of ``moments.money.CURRENCIES``), and no time
  before the one it follows (greeting, goodbye, end and recovery not
  before arrival; follow-up times not before ``set_at``; recovery times
  not before the failure). Against pydantic the target is at least 1.3;
  the msgspec row is for information;
* ``to_dict`` against a hand-written ``to_dict`` giving the same output:
  ours / hand-written (target at most 1.2);
* the memory of a decoded interaction: deep size per interaction over all
  10,000 (nested records included; shared objects such as time zones,
  enum members and interned sets counted once), target at most 1.7 KB.

Three costs, on 50,000 distinct documents (5,000 with ``--quick``), each
against the plain case in the same run:

* ``loads(Interaction, text)`` against ``from_dict(Interaction,
  json.loads(text))`` on the same texts: ours / that (target at most 1.15);
* ``from_dict`` of documents whose datetimes carry their zone key, as the
  docs recommend (``2026-05-04T10:00:00+01:00[Europe/London]``; visits in
  London, New York and Berlin, across the clock changes), against the same
  documents with the plain offsets (the keys cut off): zoned / plain
  (target at most 1.3);
* ``from_dict`` of documents with one invalid field each (a blank staff
  id, an unknown channel, a greeting before arrival, a string for a
  boolean, a datetime without an offset, an unknown expectation; the
  ``$.path`` of each problem is checked) against the same documents
  valid: invalid / valid (target at most 3); pydantic's time for the same
  invalid documents, errors listed, is in the detail.

pydantic and msgspec are bench-only dependencies (the ``bench`` extra).
Run ``python bench/bench_serialization.py`` or with ``--quick``.
"""

import functools
import gc
import json
import random
import re
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from moments import (
    Channel,
    Delivery,
    Expectation,
    FollowUp,
    Goodbye,
    Greeting,
    InfoField,
    Information,
    Interaction,
    InvalidData,
    Money,
    Offer,
    PartyKind,
    Purchase,
    Recovery,
)
from moments.money import CURRENCIES
from moments.serialization import SCHEMA, dumps, from_dict, loads, to_dict

FULL = 10_000
QUICK = 1_000
COSTS_FULL = 50_000
COSTS_QUICK = 5_000
ZONES: tuple[tzinfo, ...] = (
    UTC,
    timezone(timedelta(hours=1)),
    timezone(timedelta(hours=-5)),
)
KEYED_ZONES: tuple[tzinfo, ...] = (
    ZoneInfo("Europe/London"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Europe/Berlin"),
)


def _interaction(
    rng: random.Random, k: int, zones: tuple[tzinfo, ...] = ZONES
) -> Interaction:
    zone = zones[k % len(zones)]
    start = datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(minutes=7 * k)
    arrived = start.astimezone(zone)

    def after(seconds: float, more: timedelta = timedelta(0)) -> datetime:
        # Instants, then the zone's wall clock (no wall-clock arithmetic).
        return (start + timedelta(seconds=rng.uniform(0, seconds)) + more).astimezone(
            zone
        )

    fields = list(InfoField)
    collected = frozenset(rng.sample(fields, rng.randint(1, 4)))
    return Interaction(
        id=f"i-{k:06d}",
        channel=rng.choice(list(Channel)),
        arrived_at=arrived,
        party_kind=rng.choice(list(PartyKind)),
        party_id=f"c-{rng.randint(1, 5000):05d}",
        staff_id=rng.choice(["s-ana", "s-ben", "s-cy", "s-dee"]),
        location_id=rng.choice(["l-north", "l-south"]),
        ended_at=after(3600, timedelta(hours=1)),
        greeting=Greeting(at=after(15), used_name=rng.random() < 0.6, by="s-ana"),
        information=Information(collected=collected, probed=rng.random() < 0.5),
        offer=Offer(based_on=frozenset(list(collected)[:2]), accepted=True),
        delivery=Delivery(expectation=rng.choice(list(Expectation))),
        goodbye=Goodbye(at=after(3600), thanked=True, used_name=rng.random() < 0.5),
        follow_up=FollowUp(
            kind="thank_you", due=after(3600, timedelta(days=2)), set_at=arrived
        )
        if rng.random() < 0.4
        else None,
        recovery=Recovery(
            failure_at=after(60), acknowledged_at=after(60, timedelta(minutes=2))
        )
        if rng.random() < 0.1
        else None,
        purchase=Purchase(
            at=after(3000),
            amount=Money(amount=Decimal(rng.randint(100, 50000)) / 100, currency="EUR"),
            id=f"p-{k}",
        )
        if rng.random() < 0.6
        else None,
    )


def documents(n: int) -> list[dict[str, Any]]:
    """``n`` distinct interaction documents, each fresh from ``json.loads``."""
    rng = random.Random(7)
    return [json.loads(json.dumps(to_dict(_interaction(rng, k)))) for k in range(n)]


def _texts(n: int, zones: tuple[tzinfo, ...] = ZONES, seed: int = 11) -> list[str]:
    """``n`` distinct interaction texts from :func:`dumps`."""
    rng = random.Random(seed)
    return [dumps(_interaction(rng, k, zones)) for k in range(n)]


_ZONE_KEY = re.compile(r"\[[A-Za-z_/]+\]")


def zoned_documents(n: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``n`` distinct documents whose datetimes carry their zone key, and
    the same documents with the plain offsets (the keys cut off)."""
    texts = _texts(n, KEYED_ZONES, seed=13)
    assert all("[Europe/London]" in t for t in texts[::3])
    return (
        [json.loads(t) for t in texts],
        [json.loads(_ZONE_KEY.sub("", t)) for t in texts],
    )


def _break(doc: dict[str, Any], k: int) -> str:
    """Make one field of ``doc`` invalid (which one depends on ``k``) and
    return the path the error must name."""
    kind = k % 6
    if kind == 0:
        doc["staff_id"] = " "
        return "$.staff_id"
    if kind == 1:
        doc["channel"] = "fax"
        return "$.channel"
    if kind == 2:
        arrived = datetime.fromisoformat(doc["arrived_at"])
        doc["greeting"]["at"] = (arrived - timedelta(seconds=1)).isoformat()
        return "$.greeting.at"
    if kind == 3:
        doc["greeting"]["used_name"] = "yes"
        return "$.greeting.used_name"
    if kind == 4:
        doc["arrived_at"] = doc["arrived_at"][:19]
        return "$.arrived_at"
    doc["delivery"]["expectation"] = "great"
    return "$.delivery.expectation"


def invalid_documents(n: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``n`` distinct valid documents and the same with one field broken
    in each; every broken one is checked to fail naming that field."""
    texts = _texts(n, seed=17)
    valid = [json.loads(t) for t in texts]
    invalid = [json.loads(t) for t in texts]
    read = _refused(functools.partial(from_dict, Interaction))
    for k, doc in enumerate(invalid):
        path = _break(doc, k)
        errors = read(doc)
        assert type(errors) is tuple, f"document {k} was not refused"
        assert len(errors) == 1, errors
        assert errors[0].startswith(path + ": expected "), errors
    return valid, invalid


def _refused(load: Callable[[Any], object]) -> Callable[[Any], object]:
    """``load``, returning the listed errors of the document it refuses."""

    def refuse(data: Any) -> object:
        try:
            return load(data)
        except InvalidData as error:
            return error.errors

    return refuse


def _best_frozen(
    contenders: dict[str, tuple[Callable[[Any], object], list[Any]]], repeats: int
) -> dict[str, float]:
    """:func:`_best` with the inputs moved out of the collector's sight
    (``gc.freeze``): its full collections then do not walk 50,000
    documents between rounds."""
    gc.collect()
    gc.freeze()
    try:
        return _best(contenders, repeats)
    finally:
        gc.unfreeze()


def _best(
    contenders: dict[str, tuple[Callable[[Any], object], list[Any]]], repeats: int
) -> dict[str, float]:
    """Best CPU time of each contender over ``repeats`` rounds. The
    contenders take turns within a round, so a slow spell of the machine
    hits all; CPU time (not wall time) leaves out waiting for a core on a
    busy machine."""
    best = dict.fromkeys(contenders, float("inf"))
    for _ in range(repeats):
        for name, (fn, data) in contenders.items():
            gc.collect()
            start = time.process_time()
            for item in data:
                fn(item)
            best[name] = min(best[name], time.process_time() - start)
    return best


def _pydantic_model(checked: bool = False) -> Any:
    """The pydantic model; ``checked``: with the models' own checks."""
    import pydantic

    aware = pydantic.AwareDatetime
    cfg = pydantic.ConfigDict(extra="forbid", frozen=True)
    text: Any = str
    flag: Any = bool
    code: Any = str
    if checked:
        text = Annotated[str, pydantic.StringConstraints(strict=True, pattern=r"\S")]
        flag = pydantic.StrictBool
        code = Literal[tuple(sorted(CURRENCIES))]  # what Money checks
    after = pydantic.model_validator(mode="after")

    class PGreeting(pydantic.BaseModel):
        model_config = cfg
        at: aware
        used_name: flag = False
        by: text | None = None

    class PInformation(pydantic.BaseModel):
        model_config = cfg
        collected: frozenset[InfoField] = frozenset()
        probed: flag = False

    class POffer(pydantic.BaseModel):
        model_config = cfg
        based_on: frozenset[InfoField] = frozenset()
        accepted: flag | None = None

    class PDelivery(pydantic.BaseModel):
        model_config = cfg
        expectation: Expectation

    class PGoodbye(pydantic.BaseModel):
        model_config = cfg
        at: aware
        thanked: flag
        used_name: flag = False

    class PFollowUp(pydantic.BaseModel):
        model_config = cfg
        kind: text
        due: aware
        done_at: aware | None = None
        set_at: aware | None = None

        if checked:

            @after
            def _order(self) -> Any:
                _follow_up_order(self)
                return self

    class PRecovery(pydantic.BaseModel):
        model_config = cfg
        failure_at: aware
        acknowledged_at: aware | None = None
        resolved_at: aware | None = None
        owner_id: text | None = None
        steps: frozenset[text] = frozenset()

        if checked:

            @after
            def _order(self) -> Any:
                _recovery_order(self)
                return self

    class PMoney(pydantic.BaseModel):
        model_config = cfg
        amount: Decimal
        currency: code

    class PPurchase(pydantic.BaseModel):
        model_config = cfg
        at: aware
        amount: PMoney
        id: text | None = None

    class PInteraction(pydantic.BaseModel):
        model_config = cfg
        id: text
        channel: Channel
        arrived_at: aware
        party_kind: PartyKind
        party_id: text | None = None
        staff_id: text | None = None
        location_id: text | None = None
        ended_at: aware | None = None
        greeting: PGreeting | None = None
        information: PInformation | None = None
        offer: POffer | None = None
        delivery: PDelivery | None = None
        goodbye: PGoodbye | None = None
        follow_up: PFollowUp | None = None
        recovery: PRecovery | None = None
        purchase: PPurchase | None = None

        if checked:

            @after
            def _order(self) -> Any:
                _interaction_order(self)
                return self

    return PInteraction


def _msgspec_struct(checked: bool = False) -> Any:
    """The msgspec Struct; ``checked``: with the models' own checks."""
    import msgspec

    aware = Annotated[datetime, msgspec.Meta(tz=True)]
    text: Any = str
    code: Any = str
    if checked:
        text = Annotated[str, msgspec.Meta(pattern=r"\S")]
        code = Literal[tuple(sorted(CURRENCIES))]  # what Money checks
    opts: dict[str, Any] = {
        "forbid_unknown_fields": True,
        "frozen": True,
        "kw_only": True,
    }

    class MGreeting(msgspec.Struct, **opts):
        at: aware
        used_name: bool = False
        by: text | None = None

    class MInformation(msgspec.Struct, **opts):
        collected: frozenset[InfoField] = frozenset()
        probed: bool = False

    class MOffer(msgspec.Struct, **opts):
        based_on: frozenset[InfoField] = frozenset()
        accepted: bool | None = None

    class MDelivery(msgspec.Struct, **opts):
        expectation: Expectation

    class MGoodbye(msgspec.Struct, **opts):
        at: aware
        thanked: bool
        used_name: bool = False

    class MFollowUp(msgspec.Struct, **opts):
        kind: text
        due: aware
        done_at: aware | None = None
        set_at: aware | None = None

        if checked:

            def __post_init__(self) -> None:
                _follow_up_order(self)

    class MRecovery(msgspec.Struct, **opts):
        failure_at: aware
        acknowledged_at: aware | None = None
        resolved_at: aware | None = None
        owner_id: text | None = None
        steps: frozenset[text] = frozenset()

        if checked:

            def __post_init__(self) -> None:
                _recovery_order(self)

    class MMoney(msgspec.Struct, **opts):
        amount: Decimal
        currency: code

    class MPurchase(msgspec.Struct, **opts):
        at: aware
        amount: MMoney
        id: text | None = None

    class MInteraction(msgspec.Struct, **opts):
        id: text
        channel: Channel
        arrived_at: aware
        party_kind: PartyKind
        party_id: text | None = None
        staff_id: text | None = None
        location_id: text | None = None
        ended_at: aware | None = None
        greeting: MGreeting | None = None
        information: MInformation | None = None
        offer: MOffer | None = None
        delivery: MDelivery | None = None
        goodbye: MGoodbye | None = None
        follow_up: MFollowUp | None = None
        recovery: MRecovery | None = None
        purchase: MPurchase | None = None

        if checked:

            def __post_init__(self) -> None:
                _interaction_order(self)

    return MInteraction


def _interaction_order(x: Any) -> None:
    """No end, greeting, goodbye or failure before arrival (the checks the
    references skip, written as tightly as a careful user would)."""
    a, e, g, b, r = x.arrived_at, x.ended_at, x.greeting, x.goodbye, x.recovery
    if (
        (e is not None and e < a)
        or (g is not None and g.at < a)
        or (b is not None and b.at < a)
        or (r is not None and r.failure_at < a)
    ):
        raise ValueError("before arrived_at")


def _follow_up_order(f: Any) -> None:
    s, d = f.set_at, f.done_at
    if s is not None and (f.due < s or (d is not None and d < s)):
        raise ValueError("before set_at")


def _recovery_order(r: Any) -> None:
    f, k, v = r.failure_at, r.acknowledged_at, r.resolved_at
    if (k is not None and k < f) or (v is not None and v < f):
        raise ValueError("before failure_at")


def _stamp(at: datetime) -> str:
    tz = at.tzinfo
    if type(tz) is ZoneInfo and tz.key is not None:
        return f"{at.isoformat()}[{tz.key}]"
    return at.isoformat()


def _opt_stamp(at: datetime | None) -> str | None:
    return None if at is None else _stamp(at)


def hand_to_dict(x: Interaction) -> dict[str, Any]:
    """What a careful user would write by hand for the same output."""
    g, i, o, d, b = x.greeting, x.information, x.offer, x.delivery, x.goodbye
    f, r, p = x.follow_up, x.recovery, x.purchase
    return {
        "$schema": SCHEMA,
        "id": x.id,
        "channel": x.channel.value,
        "arrived_at": _stamp(x.arrived_at),
        "party_kind": x.party_kind.value,
        "party_id": x.party_id,
        "staff_id": x.staff_id,
        "location_id": x.location_id,
        "ended_at": _opt_stamp(x.ended_at),
        "greeting": None
        if g is None
        else {"at": _stamp(g.at), "used_name": g.used_name, "by": g.by},
        "information": None
        if i is None
        else {
            "collected": sorted(c.value for c in i.collected),
            "probed": i.probed,
        },
        "offer": None
        if o is None
        else {
            "based_on": sorted(c.value for c in o.based_on),
            "accepted": o.accepted,
        },
        "delivery": None if d is None else {"expectation": d.expectation.value},
        "goodbye": None
        if b is None
        else {"at": _stamp(b.at), "thanked": b.thanked, "used_name": b.used_name},
        "follow_up": None
        if f is None
        else {
            "kind": f.kind,
            "due": _stamp(f.due),
            "done_at": _opt_stamp(f.done_at),
            "set_at": _opt_stamp(f.set_at),
        },
        "recovery": None
        if r is None
        else {
            "failure_at": _stamp(r.failure_at),
            "acknowledged_at": _opt_stamp(r.acknowledged_at),
            "resolved_at": _opt_stamp(r.resolved_at),
            "owner_id": r.owner_id,
            "steps": sorted(r.steps),
        },
        "purchase": None
        if p is None
        else {
            "at": _stamp(p.at),
            "amount": {"amount": str(p.amount.amount), "currency": p.amount.currency},
            "id": p.id,
        },
    }


def deep_size(objects: Iterable[object]) -> int:
    """Bytes held by ``objects`` and everything they reach, each object
    counted once; enum members, classes and the None/True/False
    singletons are not counted (they exist anyway)."""
    seen: set[int] = set()
    total = 0
    stack = list(objects)
    while stack:
        obj = stack.pop()
        if id(obj) in seen or obj is None or type(obj) is bool:
            continue
        if isinstance(obj, type) or type(type(obj)).__name__ == "EnumType":
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, datetime):
            stack.append(obj.tzinfo)
        elif isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        else:
            stack.extend(gc.get_referents(obj))
    return total


def run(quick: bool = False) -> list[dict[str, object]]:
    """Measure, in one run, and return the rows of ratios."""
    n = QUICK if quick else FULL
    repeats = 3 if quick else 5
    docs = documents(n)
    plain = [{k: v for k, v in d.items() if k != "$schema"} for d in docs]
    decoded = [from_dict(Interaction, d) for d in docs]
    assert [to_dict(x) for x in decoded] == docs
    assert [hand_to_dict(x) for x in decoded] == docs

    rows: list[dict[str, object]] = []
    contenders: dict[str, tuple[Callable[[Any], object], list[Any]]] = {
        "ours": (lambda d: from_dict(Interaction, d), docs),
    }
    try:
        model = _pydantic_model()
        struct = _msgspec_struct()
        import msgspec
    except ImportError as missing:
        rows.append(_row("from_dict vs pydantic/msgspec", 0.0, ">= 1.0", str(missing)))
    else:
        convert = msgspec.convert
        checked_model = _pydantic_model(checked=True)
        checked_struct = _msgspec_struct(checked=True)
        contenders["pydantic"] = (model.model_validate, plain)
        contenders["msgspec"] = (lambda d: convert(d, struct), plain)
        contenders["pydantic checked"] = (checked_model.model_validate, plain)
        contenders["msgspec checked"] = (
            lambda d: convert(d, checked_struct),
            plain,
        )
    times = _best(contenders, repeats)
    ours = times["ours"]
    per = f"{ours / n * 1e6:.1f} us per interaction"
    if "pydantic" in times:
        for name, target in (
            ("pydantic", ">= 1.0"),
            ("msgspec", ">= 0.35"),
            ("pydantic checked", ">= 1.3"),
            ("msgspec checked", None),
        ):
            theirs = times[name]
            reference = name.split()[0]
            what = {
                "pydantic": "pydantic model_validate",
                "msgspec": "msgspec.convert",
            }[reference]
            if name.endswith("checked"):
                what = f"{reference} with the models' checks"
            detail = f"{per}; {reference} {theirs / n * 1e6:.1f} us"
            label = f"from_dict(Interaction) vs {what} x{n}"
            if target is None:
                rows.append(
                    {
                        "benchmark": label,
                        "ratio": round(theirs / ours, 2),
                        "target": "reported (no target)",
                        "ok": True,
                        "detail": detail + " (for information)",
                    }
                )
            else:
                rows.append(_row(label, theirs / ours, target, detail))
    writes = _best(
        {"hand": (hand_to_dict, decoded), "ours": (to_dict, decoded)}, repeats
    )
    hand, mine = writes["hand"], writes["ours"]
    rows.append(
        _row(
            f"to_dict(Interaction) vs hand-written x{n}",
            mine / hand,
            "<= 1.2",
            f"{mine / n * 1e6:.1f} us vs {hand / n * 1e6:.1f} us",
        )
    )
    size = deep_size(decoded) / n
    rows.append(
        _row(
            "KB per decoded Interaction",
            size / 1000,
            "<= 1.7",
            f"{size:.0f} bytes (deep, shared objects once)",
        )
    )
    del docs, plain, decoded
    many = COSTS_QUICK if quick else COSTS_FULL
    rows += _costs(many, repeats)
    return rows


def _costs(n: int, repeats: int) -> list[dict[str, object]]:
    """The three rows on ``n`` documents: loads, zone keys, one bad field."""
    rows: list[dict[str, object]] = []
    texts = _texts(n)
    times = _best_frozen(
        {
            "loads": (lambda t: loads(Interaction, t), texts),
            "json": (lambda t: from_dict(Interaction, json.loads(t)), texts),
        },
        repeats,
    )
    rows.append(
        _row(
            f"loads(Interaction) vs json.loads + from_dict x{n}",
            times["loads"] / times["json"],
            "<= 1.15",
            f"{times['loads'] / n * 1e6:.1f} us vs {times['json'] / n * 1e6:.1f} us",
        )
    )
    del texts
    zoned, plain = zoned_documents(n)
    read = functools.partial(from_dict, Interaction)
    times = _best_frozen({"zoned": (read, zoned), "plain": (read, plain)}, repeats)
    rows.append(
        _row(
            f"from_dict(Interaction), zone-keyed vs plain-offset datetimes x{n}",
            times["zoned"] / times["plain"],
            "<= 1.3",
            f"{times['zoned'] / n * 1e6:.1f} us vs {times['plain'] / n * 1e6:.1f} us"
            " (visits in London, New York, Berlin)",
        )
    )
    del zoned, plain
    valid, invalid = invalid_documents(n)
    contenders = {
        "invalid": (_refused(read), invalid),
        "valid": (read, valid),
    }
    reference = ""
    try:
        import pydantic
    except ImportError as missing:
        reference = f"; no pydantic ({missing})"
    else:
        checked = _pydantic_model(checked=True)
        bare = [{k: v for k, v in d.items() if k != "$schema"} for d in invalid]
        assert not any(_pydantic_accepts(checked, d) for d in bare[:60])

        def theirs(data: Any) -> object:
            try:
                return checked.model_validate(data)
            except pydantic.ValidationError as error:
                return error.errors()

        contenders["pydantic"] = (theirs, bare)
    times = _best_frozen(contenders, repeats)
    if "pydantic" in times:
        reference = f"; pydantic (checked) {times['pydantic'] / n * 1e6:.1f} us"
    rows.append(
        _row(
            f"from_dict(Interaction), one invalid field vs valid x{n}",
            times["invalid"] / times["valid"],
            "<= 3.0",
            f"{times['invalid'] / n * 1e6:.1f} us vs {times['valid'] / n * 1e6:.1f} us"
            f" (errors listed with their paths){reference}",
        )
    )
    return rows


def _pydantic_accepts(model: Any, data: dict[str, Any]) -> bool:
    try:
        model.model_validate(data)
    except ValueError:
        return False
    return True


def _row(name: str, ratio: float, target: str, detail: str) -> dict[str, object]:
    bound = float(target.split()[-1])
    ok = ratio >= bound if target.startswith(">=") else ratio <= bound
    return {
        "benchmark": name,
        "ratio": round(ratio, 2),
        "target": target,
        "ok": ok and ratio > 0,
        "detail": detail,
    }


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)

"""The people we serve: customers, clients, and what we know about them.

A *customer* buys quickly and often anonymously. A *client* is someone we
know and look after: name, how to reach them, what they like, their
purchase history and plans, some personal context. Personal data never
appears in ``repr()``; :func:`redact` makes a copy safe for analysts and
:func:`forget` erases a client while keeping the anonymous history.
"""

from __future__ import annotations

import enum
import warnings
from datetime import datetime, timedelta
from typing import Any

import attrs

from moments import _html
from moments import _validate as v
from moments._ordered import OrderedEnum, ranked
from moments._personal import PERSONAL, arrived, kind_of, withheld
from moments._time import aware, before, elapsed, optional_aware, require_aware
from moments.errors import InvalidData
from moments.money import Money

__all__ = [
    "Client",
    "Consent",
    "Contact",
    "Customer",
    "Party",
    "Preferences",
    "Profile",
    "Purchase",
    "Purpose",
    "Stage",
    "StageTransition",
    "forget",
    "redact",
]


def _mask(value: object) -> str:
    return "None" if value is None else "'***'"


def _mask_set(value: frozenset[str]) -> str:
    return f"<{len(value)} hidden>"


_ZERO = timedelta(0)
_opt_str = v.optional(v.non_empty_str)
_str_set = v.frozenset_of(v.is_str, "non-empty strings")


@attrs.frozen(kw_only=True)
class Contact:
    """How to reach someone. Every field is personal data and masked in
    ``repr()``.

    Example:
        >>> c = Contact(email="ada@example.com")
        >>> c.channels
        frozenset({'email'})
        >>> "ada" in repr(c)
        False
    """

    email: str | None = attrs.field(
        default=None, validator=_opt_str, repr=_mask, metadata=PERSONAL
    )
    phone: str | None = attrs.field(
        default=None, validator=_opt_str, repr=_mask, metadata=PERSONAL
    )
    postal_code: str | None = attrs.field(
        default=None, validator=_opt_str, repr=_mask, metadata=PERSONAL
    )

    @property
    def channels(self) -> frozenset[str]:
        """The ways to reach them: a subset of ``{"email", "phone"}``."""
        found = set()
        if self.email is not None:
            found.add("email")
        if self.phone is not None:
            found.add("phone")
        return frozenset(found)

    @property
    def reachable(self) -> bool:
        """Whether at least one contact channel (email or phone) is known."""
        return self.email is not None or self.phone is not None


@attrs.frozen(kw_only=True)
class Profile:
    """Personal context that turns a transaction into a relationship:
    where they are from, where they live, family. Masked in ``repr()``."""

    hometown: str | None = attrs.field(
        default=None, validator=_opt_str, repr=_mask, metadata=PERSONAL
    )
    residence: str | None = attrs.field(
        default=None, validator=_opt_str, repr=_mask, metadata=PERSONAL
    )
    children: int | None = attrs.field(
        default=None,
        validator=v.optional(v.strict_int(0)),
        repr=_mask,
        metadata=PERSONAL,
    )
    occupation: str | None = attrs.field(
        default=None, validator=_opt_str, repr=_mask, metadata=PERSONAL
    )
    notes: str | None = attrs.field(
        default=None, validator=_opt_str, repr=_mask, metadata=PERSONAL
    )

    @property
    def known(self) -> bool:
        """Whether anything at all is known."""
        return any(getattr(self, a.name) is not None for a in attrs.fields(Profile))


@attrs.frozen(kw_only=True)
class Preferences:
    """What they like, dislike, and plan to buy next (the wishlist)."""

    likes: frozenset[str] = attrs.field(
        default=frozenset(),
        converter=v.as_frozenset,
        validator=_str_set,
        repr=_mask_set,
        metadata=PERSONAL,
    )
    dislikes: frozenset[str] = attrs.field(
        default=frozenset(),
        converter=v.as_frozenset,
        validator=_str_set,
        repr=_mask_set,
        metadata=PERSONAL,
    )
    wishlist: frozenset[str] = attrs.field(
        default=frozenset(),
        converter=v.as_frozenset,
        validator=_str_set,
        repr=_mask_set,
        metadata=PERSONAL,
    )


class Purpose(enum.Enum):
    """What a person agreed we may do with their details."""

    KEEP_DETAILS = "keep_details"
    CONTACT = "contact"
    MARKETING = "marketing"


def _check_withdrawn(instance: Consent, attribute: Any, value: Any) -> None:
    optional_aware(instance, attribute, value)
    if isinstance(value, datetime) and elapsed(instance.given_at, value) < _ZERO:
        raise InvalidData.field(
            "withdrawn_at", f"a time at or after given_at {instance.given_at}", value
        )


@attrs.frozen(kw_only=True)
class Consent:
    """A person's consent, for some purposes, from ``given_at`` until it is
    withdrawn.

    Example:
        >>> from datetime import datetime, UTC
        >>> c = Consent(given_at=datetime(2026, 3, 1, tzinfo=UTC))
        >>> c.covers(Purpose.KEEP_DETAILS, at=datetime(2026, 4, 1, tzinfo=UTC))
        True
    """

    given_at: datetime = attrs.field(validator=aware)
    purposes: frozenset[Purpose] = attrs.field(
        default=frozenset({Purpose.KEEP_DETAILS, Purpose.CONTACT}),
        converter=v.as_frozenset,
        validator=v.frozenset_of(lambda p: type(p) is Purpose, "Purpose members"),
    )
    withdrawn_at: datetime | None = attrs.field(
        default=None, validator=_check_withdrawn
    )

    def active(self, at: datetime) -> bool:
        """Whether the consent is in force at instant ``at``."""
        if elapsed(self.given_at, at) < _ZERO:
            return False
        return self.withdrawn_at is None or elapsed(self.withdrawn_at, at) < _ZERO

    def covers(self, purpose: Purpose, *, at: datetime) -> bool:
        """Whether ``purpose`` is consented to and in force at ``at``."""
        return purpose in self.purposes and self.active(at)


@attrs.frozen(kw_only=True)
class Purchase:
    """One purchase: when, how much, and an optional id."""

    at: datetime = attrs.field(validator=aware)
    amount: Money = attrs.field(validator=v.instance_of(Money, "a Money"))
    id: str | None = attrs.field(default=None, validator=_opt_str)

    def _repr_html_(self) -> str:
        """The purchase as an HTML table, for notebooks."""
        return _html.record(self)


@ranked
class Stage(OrderedEnum):
    """Where a relationship stands: ``ANONYMOUS < IDENTIFIED < CLIENT <
    ADVOCATE``."""

    ANONYMOUS = "anonymous"
    IDENTIFIED = "identified"
    CLIENT = "client"
    ADVOCATE = "advocate"


def _check_to(instance: StageTransition, attribute: Any, value: Any) -> None:
    v.enum_of(Stage)(instance, attribute, value)
    if value is instance.from_stage:
        raise InvalidData.field(
            "to_stage", f"a stage other than from_stage {instance.from_stage}", value
        )


@attrs.frozen(kw_only=True)
class StageTransition:
    """One move in a relationship's stage log: from, to, when, under which
    policy (its ``policy_label``, ``name@version``) and why.

    Example:
        >>> from datetime import datetime, UTC
        >>> step = StageTransition(from_stage=Stage.IDENTIFIED,
        ...     to_stage=Stage.CLIENT, at=datetime(2026, 5, 4, tzinfo=UTC),
        ...     policy_label="default@1", reasons=("name known",))
        >>> step.policy_label
        'default@1'
    """

    from_stage: Stage = attrs.field(validator=v.enum_of(Stage))
    to_stage: Stage = attrs.field(validator=_check_to)
    at: datetime = attrs.field(validator=aware)
    policy_label: str = attrs.field(validator=v.non_empty_str)
    reasons: tuple[str, ...] = attrs.field(
        default=(),
        converter=v.as_tuple,
        validator=v.tuple_of(v.is_str, "non-empty strings"),
    )

    @property
    def policy(self) -> str:
        """Deprecated alias of :attr:`policy_label` (renamed: it is the
        policy's ``name@version`` label, not the policy)."""
        warnings.warn(
            "StageTransition.policy is deprecated; use StageTransition.policy_label",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.policy_label


_purchases = v.tuple_of(lambda p: type(p) is Purchase, "Purchase records")
_contact = v.instance_of(Contact, "a Contact")
_consent = v.optional(v.instance_of(Consent, "a Consent or None"))


@attrs.frozen(kw_only=True)
class Customer:
    """Someone with transactional interactions, often anonymous.

    The stage is derived: ``IDENTIFIED`` once a name and at least one
    contact channel are known, ``ANONYMOUS`` before.

    Example:
        >>> from datetime import datetime, UTC
        >>> walk_in = Customer(id="c-1", first_seen=datetime(2026, 5, 4, tzinfo=UTC))
        >>> walk_in.stage
        <Stage.ANONYMOUS: 'anonymous'>
        >>> phone = Contact(phone="+44 20 7946 0000")
        >>> known = attrs.evolve(walk_in, name="Ada", contact=phone)
        >>> known.stage
        <Stage.IDENTIFIED: 'identified'>
    """

    id: str = attrs.field(validator=v.non_empty_str)
    first_seen: datetime = attrs.field(validator=aware)
    name: str | None = attrs.field(
        default=None, validator=_opt_str, repr=_mask, metadata=PERSONAL
    )
    contact: Contact = attrs.field(
        factory=Contact, validator=_contact, metadata=PERSONAL
    )
    consent: Consent | None = attrs.field(default=None, validator=_consent)
    purchases: tuple[Purchase, ...] = attrs.field(
        default=(), converter=v.as_tuple, validator=_purchases
    )

    @property
    def stage(self) -> Stage:
        """``IDENTIFIED`` with a name and a contact channel, else
        ``ANONYMOUS``."""
        if self.name is not None and self.contact.reachable:
            return Stage.IDENTIFIED
        return Stage.ANONYMOUS

    def _repr_html_(self) -> str:
        """The customer as HTML tables for notebooks, personal fields
        masked as in ``repr()``."""
        return _html.record(self, f"Customer {self.id}")


def _check_client_stage(instance: Any, attribute: Any, value: Any) -> None:
    if value is not Stage.CLIENT and value is not Stage.ADVOCATE:
        raise InvalidData.field("stage", "Stage.CLIENT or Stage.ADVOCATE", value)


def _erased(client: Client) -> bool:
    return client.forgotten_at is not None or client.redacted is True


def _check_name(instance: Client, attribute: Any, value: Any) -> None:
    if value is None and not _erased(instance):
        raise InvalidData.field(
            attribute.name,
            "a non-empty string (a client's name is known)",
            arrived(attribute, value),
            "only forget() and redact() leave a client without a name",
        )
    _opt_str(instance, attribute, value)


_PERSONAL: dict[str, tuple[object, str]] = {
    "name": (None, "None"),
    "contact": (Contact(), "an empty Contact()"),
    "profile": (Profile(), "an empty Profile()"),
    "preferences": (Preferences(), "an empty Preferences()"),
}
"""A client's personal fields (everything ``repr`` masks), each with its
erased value: what :func:`forget` and :func:`redact` leave there."""


def _kind(value: Any) -> str:
    """What a personal field holds, never the value: its kind
    (:func:`~moments._personal.kind_of`), or which fields of a record are
    known."""
    if not attrs.has(type(value)):
        return kind_of(value)
    known = [
        a.name
        for a in attrs.fields(type(value))
        if getattr(value, a.name) not in (None, frozenset())
    ]
    return f"a {type(value).__name__} holding {', '.join(known)}"


def _check_erased(instance: Client, attribute: Any, value: Any) -> None:
    """A forgotten or redacted client holds no personal data, so neither
    ``attrs.evolve`` nor a loaded document can put erased data back."""
    if not _erased(instance):
        return
    if instance.forgotten_at is not None:
        state, by = "a forgotten client (forgotten_at is set)", "forget()"
    else:
        state, by = "a redacted client (redacted=True)", "redact()"
    problems = [
        f"$.{name}: expected {shown} on {state}, got {_kind(held)}; "
        f"{by} removed it and it cannot be put back"
        for name, (empty, shown) in _PERSONAL.items()
        if (held := getattr(instance, name)) != empty
    ]
    if problems:
        raise InvalidData(problems)


@attrs.frozen(kw_only=True)
class Client:
    """Someone we know and look after: a relationship, not a transaction.

    ``transitions`` is the append-only log of stage moves. ``internal``
    marks colleagues and departments we serve. A forgotten
    (``forgotten_at`` set) or redacted client holds no personal data: its
    name is ``None`` and its contact, profile and preferences are empty,
    and a client that breaks this cannot be built, evolved or loaded.

    Example:
        >>> from datetime import datetime, UTC
        >>> ada = Client(id="c-1", name="Ada", since=datetime(2026, 5, 4, tzinfo=UTC),
        ...              contact=Contact(email="ada@example.com"))
        >>> ada.stage
        <Stage.CLIENT: 'client'>
        >>> "example.com" in repr(ada) or "Ada" in repr(ada)
        False
    """

    id: str = attrs.field(validator=v.non_empty_str)
    name: str | None = attrs.field(validator=_check_name, repr=_mask, metadata=PERSONAL)
    since: datetime = attrs.field(validator=aware)
    contact: Contact = attrs.field(
        factory=Contact, validator=_contact, metadata=PERSONAL
    )
    profile: Profile = attrs.field(
        factory=Profile,
        validator=v.instance_of(Profile, "a Profile"),
        metadata=PERSONAL,
    )
    preferences: Preferences = attrs.field(
        factory=Preferences,
        validator=v.instance_of(Preferences, "a Preferences"),
        metadata=PERSONAL,
    )
    consent: Consent | None = attrs.field(default=None, validator=_consent)
    purchases: tuple[Purchase, ...] = attrs.field(
        default=(), converter=v.as_tuple, validator=_purchases
    )
    internal: bool = attrs.field(default=False, validator=v.strict_bool)
    stage: Stage = attrs.field(default=Stage.CLIENT, validator=_check_client_stage)
    transitions: tuple[StageTransition, ...] = attrs.field(
        default=(),
        converter=v.as_tuple,
        validator=v.tuple_of(
            lambda t: type(t) is StageTransition, "StageTransition records"
        ),
    )
    redacted: bool = attrs.field(default=False, validator=v.strict_bool)
    forgotten_at: datetime | None = attrs.field(
        default=None, validator=[optional_aware, _check_erased]
    )

    def _repr_html_(self) -> str:
        """The client as HTML tables for notebooks, personal fields masked
        as in ``repr()``.

        Example:
            >>> from datetime import datetime, UTC
            >>> ada = Client(id="c-1", name="Ada",
            ...              since=datetime(2026, 5, 4, tzinfo=UTC),
            ...              profile=Profile(notes="allergic to nuts"))
            >>> markup = ada._repr_html_()
            >>> "c-1" in markup, "Ada" in markup, "nuts" in markup
            (True, False, False)
        """
        return _html.record(self, f"Client {self.id}")


Party = Customer | Client
"""Either kind of party."""


def redact(party: Customer | Client) -> Customer | Client:
    """A copy safe to share with analysts: everything ``repr`` masks is gone.

    Drops the name and contact, and for a client the profile and
    preferences too (and sets ``redacted``): these are the fields ``repr``
    masks. Keeps the id, dates, stage, consent, purchases, ``internal`` and
    the stage log: ``repr`` shows them, they carry no personal data, and
    scorecards and value summaries work on them. A redacted client cannot
    be given personal data back (see :class:`Client`). A ``Customer`` has
    no such marker: its redacted copy is an anonymous customer.

    Example:
        >>> from datetime import datetime, UTC
        >>> c = Customer(id="c-9", first_seen=datetime(2026, 1, 2, tzinfo=UTC),
        ...              name="Bo", contact=Contact(email="bo@example.com"))
        >>> r = redact(c)
        >>> (r.name, r.contact.email)
        (None, None)
    """
    if isinstance(party, Customer):
        return attrs.evolve(party, name=None, contact=Contact())
    if isinstance(party, Client):
        return attrs.evolve(
            party,
            name=None,
            contact=Contact(),
            profile=Profile(),
            preferences=Preferences(),
            redacted=True,
        )
    raise InvalidData.field("party", "a Customer or Client", withheld(party))


def forget(client: Client, *, at: datetime) -> Client:
    """Erase a client's personal data at ``at`` (a right-to-erasure request).

    Keeps the id, ``since``, stage, purchases and stage log, which carry no
    personal data, so history, scorecards and value summaries still add up.
    Drops the name, contact, profile and preferences; a consent in force at
    or after ``at`` is marked withdrawn at ``at``. The erasure is final: the
    forgotten client cannot be given personal data back (see
    :class:`Client`), and forgetting it again returns it unchanged, keeping
    the first ``forgotten_at``.

    Raises:
        NaiveDatetimeError: ``at`` has no time zone.

    Example:
        >>> from datetime import datetime, UTC
        >>> ada = Client(id="c-1", name="Ada", since=datetime(2026, 5, 4, tzinfo=UTC))
        >>> gone = forget(ada, at=datetime(2026, 6, 1, tzinfo=UTC))
        >>> forget(gone, at=datetime(2026, 7, 1, tzinfo=UTC)) == gone
        True
    """
    if not isinstance(client, Client):
        raise InvalidData.field("client", "a Client", withheld(client))
    require_aware("at", at)
    if client.forgotten_at is not None:
        return client
    consent = client.consent
    if consent is not None and (
        consent.withdrawn_at is None or before(at, consent.withdrawn_at)
    ):
        # Consent given after ``at`` ends the moment it starts.
        end = consent.given_at if before(at, consent.given_at) else at
        consent = attrs.evolve(consent, withdrawn_at=end)
    return attrs.evolve(
        client,
        name=None,
        contact=Contact(),
        profile=Profile(),
        preferences=Preferences(),
        consent=consent,
        forgotten_at=at,
    )

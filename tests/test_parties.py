"""Tests for moments.parties: customers, clients and their personal data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _support import assert_fails_only_with_invalid_data
from moments.errors import InvalidData, NaiveDatetimeError
from moments.money import Money
from moments.parties import (
    Client,
    Consent,
    Contact,
    Customer,
    Preferences,
    Profile,
    Purchase,
    Purpose,
    Stage,
    StageTransition,
    forget,
    redact,
)
from moments.serialization import dumps, from_dict, loads, to_dict
from moments.strategies import (
    clients,
    consents,
    contacts,
    customers,
    money,
    preferences,
    profiles,
    purchases,
    stage_transitions,
)

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
MICRO = timedelta(microseconds=1)
NEW_YORK = ZoneInfo("America/New_York")
EUR10 = Money(amount=Decimal("10.00"), currency="EUR")

# Distinctive personal values: none of them can appear in a repr by chance.
SECRET_NAME = "Zenobia Quarrington"
SECRET_EMAIL = "zq.secret@example.org"
SECRET_PHONE = "+44 7700 900461"
SECRET_POSTCODE = "ZX9 8QJ"
SECRET_PROFILE: dict[str, Any] = {
    "hometown": "Quxhaven",
    "residence": "Wyrmcastle",
    "children": 987654,
    "occupation": "Zeppelinwright",
    "notes": "allergic to marzipan",
}
SECRETS = (
    SECRET_NAME,
    SECRET_EMAIL,
    SECRET_PHONE,
    SECRET_POSTCODE,
    *(str(v) for v in SECRET_PROFILE.values()),
)
SECRET_CONTACT = Contact(
    email=SECRET_EMAIL, phone=SECRET_PHONE, postal_code=SECRET_POSTCODE
)


def a_consent(**kw: Any) -> Consent:
    return Consent(**{"given_at": T0, **kw})


def a_purchase(**kw: Any) -> Purchase:
    return Purchase(**{"at": T0, "amount": EUR10, **kw})


def a_transition(**kw: Any) -> StageTransition:
    fields = {
        "from_stage": Stage.IDENTIFIED,
        "to_stage": Stage.CLIENT,
        "at": T0,
        "policy_label": "default@1",
    }
    return StageTransition(**{**fields, **kw})


def a_customer(**kw: Any) -> Customer:
    return Customer(**{"id": "c-1", "first_seen": T0, **kw})


def a_client(**kw: Any) -> Client:
    return Client(**{"id": "c-1", "name": "Ada", "since": T0, **kw})


def _fields(cls: type) -> tuple[str, ...]:
    return tuple(a.name for a in attrs.fields(cls))


class TestNaiveDatetime:
    @pytest.mark.parametrize(
        ("build", "field"),
        [
            (a_consent, "given_at"),
            (a_consent, "withdrawn_at"),
            (a_purchase, "at"),
            (a_transition, "at"),
            (a_customer, "first_seen"),
            (a_client, "since"),
            (a_client, "forgotten_at"),
        ],
    )
    def test_a_naive_datetime_in_any_party_model_raises_naming_the_field(
        self, build: Callable[..., object], field: str
    ) -> None:
        naive = datetime(2026, 5, 4, 9, 0)

        with pytest.raises(NaiveDatetimeError) as info:
            build(**{field: naive})

        assert info.value.errors[0].startswith(f"$.{field}: ")
        assert repr(naive) in info.value.errors[0]


class TestIds:
    @pytest.mark.parametrize("build", [a_customer, a_client])
    @pytest.mark.parametrize("bad", ["", "   ", None, 7])
    def test_empty_ids_are_rejected(
        self, build: Callable[..., object], bad: object
    ) -> None:
        with pytest.raises(InvalidData) as info:
            build(id=bad)

        assert info.value.errors[0].startswith("$.id: ")

    def test_an_empty_purchase_id_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.id: "):
            a_purchase(id="")

    def test_an_empty_policy_label_on_a_transition_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.policy_label: "):
            a_transition(policy_label="")


class TestNoCoercion:
    def test_five_as_a_name_is_invalid_data_not_the_string_five(self) -> None:
        with pytest.raises(InvalidData) as info:
            a_customer(name=5)

        assert info.value.errors == ("$.name: expected a non-empty string, got an int",)

    def test_five_as_a_client_name_is_invalid_data(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.name: "):
            a_client(name=5)

    @pytest.mark.parametrize("bad", [True, False, 2.0, "2", -1])
    def test_children_is_a_non_negative_int_and_true_is_not_an_int(
        self, bad: object
    ) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.children: "):
            Profile(children=bad)  # type: ignore[arg-type]

    @pytest.mark.parametrize("field", ["likes", "dislikes", "wishlist"])
    def test_a_str_is_not_a_frozenset_of_likes(self, field: str) -> None:
        with pytest.raises(InvalidData, match=rf"^\$\.{field}: "):
            Preferences(**{field: "coffee"})

    def test_a_set_with_a_non_string_like_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.likes: "):
            Preferences(likes={"coffee", 3})

    def test_unhashable_items_are_invalid_data_not_type_error(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.likes: "):
            Preferences(likes=[["coffee"]])

    def test_lists_and_sets_become_frozensets(self) -> None:
        prefs = Preferences(likes=["tea", "tea"], wishlist={"scarf"})

        assert prefs.likes == frozenset({"tea"})
        assert type(prefs.wishlist) is frozenset

    @pytest.mark.parametrize("field", ["email", "phone", "postal_code"])
    def test_contact_fields_are_strings(self, field: str) -> None:
        with pytest.raises(InvalidData, match=rf"^\$\.{field}: "):
            Contact(**{field: 5})  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", [1, "yes", None])
    def test_internal_is_exactly_true_or_false(self, bad: object) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.internal: "):
            a_client(internal=bad)

    def test_a_purchase_amount_must_be_money(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.amount: "):
            a_purchase(amount=Decimal("10"))

    def test_purchases_must_be_purchase_records(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.purchases\[1\]: "):
            a_customer(purchases=[a_purchase(), "p-2"])

    def test_a_list_of_purchases_becomes_a_tuple(self) -> None:
        customer = a_customer(purchases=[a_purchase()])

        assert customer.purchases == (a_purchase(),)

    @pytest.mark.parametrize(
        ("field", "bad"),
        [("contact", None), ("profile", {}), ("preferences", None)],
    )
    def test_nested_records_must_have_their_type(self, field: str, bad: object) -> None:
        with pytest.raises(InvalidData, match=rf"^\$\.{field}: "):
            a_client(**{field: bad})

    def test_a_consent_must_be_a_consent(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.consent: "):
            a_customer(consent=T0)

    def test_purposes_must_be_purpose_members(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.purposes: "):
            a_consent(purposes={"marketing"})


class TestStageOrder:
    def test_stages_are_ordered_anonymous_identified_client_advocate(self) -> None:
        ordered = sorted(
            [Stage.ADVOCATE, Stage.ANONYMOUS, Stage.CLIENT, Stage.IDENTIFIED]
        )

        assert ordered == [
            Stage.ANONYMOUS,
            Stage.IDENTIFIED,
            Stage.CLIENT,
            Stage.ADVOCATE,
        ]
        assert Stage.CLIENT > Stage.IDENTIFIED
        assert Stage.CLIENT >= Stage.CLIENT
        assert Stage.IDENTIFIED <= Stage.CLIENT
        assert not Stage.ADVOCATE < Stage.CLIENT

    def test_a_stage_does_not_compare_with_other_types(self) -> None:
        with pytest.raises(TypeError):
            sorted([Stage.CLIENT, "client"])  # type: ignore[type-var]

    @pytest.mark.parametrize("op", ["__lt__", "__le__", "__gt__", "__ge__"])
    def test_comparing_a_stage_with_a_non_stage_is_not_implemented(
        self, op: str
    ) -> None:
        assert getattr(Stage.CLIENT, op)(1) is NotImplemented


class TestStageTransition:
    def test_a_transition_must_change_the_stage(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.to_stage: "):
            a_transition(from_stage=Stage.CLIENT, to_stage=Stage.CLIENT)

    def test_a_stage_value_is_not_a_stage(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.from_stage: "):
            a_transition(from_stage="identified")

    def test_reasons_list_becomes_a_tuple(self) -> None:
        move = a_transition(reasons=["3 visits", "consented"])

        assert move.reasons == ("3 visits", "consented")

    def test_policy_is_a_deprecated_read_only_alias_of_policy_label(self) -> None:
        move = a_transition(policy_label="loyal@3")

        with pytest.warns(DeprecationWarning, match=r"\.policy .*policy_label"):
            assert move.policy == move.policy_label == "loyal@3"
        with pytest.raises(AttributeError):
            move.policy = "other@1"  # type: ignore[misc]
        with pytest.raises(TypeError):
            a_transition(policy="loyal@3")


class TestCustomerStage:
    def test_a_customer_with_nothing_known_is_anonymous(self) -> None:
        assert a_customer().stage is Stage.ANONYMOUS

    @pytest.mark.parametrize(
        "contact", [Contact(email="a@example.com"), Contact(phone="+44 1")]
    )
    def test_name_and_email_or_phone_make_a_customer_identified(
        self, contact: Contact
    ) -> None:
        customer = a_customer(name="Ada", contact=contact)

        assert customer.stage is Stage.IDENTIFIED

    def test_a_name_without_a_contact_channel_is_still_anonymous(self) -> None:
        assert a_customer(name="Ada").stage is Stage.ANONYMOUS

    def test_a_contact_without_a_name_is_still_anonymous(self) -> None:
        customer = a_customer(contact=Contact(email="a@example.com"))

        assert customer.stage is Stage.ANONYMOUS

    def test_postal_code_alone_is_not_a_contact_channel(self) -> None:
        customer = a_customer(name="Ada", contact=Contact(postal_code="N1 9GU"))

        assert customer.stage is Stage.ANONYMOUS
        assert customer.contact.channels == frozenset()
        assert not customer.contact.reachable

    def test_channels_lists_email_and_phone(self) -> None:
        contact = Contact(email="a@example.com", phone="+44 1", postal_code="N1")

        assert contact.channels == frozenset({"email", "phone"})
        assert contact.reachable


class TestClient:
    @pytest.mark.parametrize("stage", [Stage.CLIENT, Stage.ADVOCATE])
    def test_a_client_is_a_client_or_an_advocate(self, stage: Stage) -> None:
        assert a_client(stage=stage).stage is stage

    @pytest.mark.parametrize("stage", [Stage.ANONYMOUS, Stage.IDENTIFIED, "client"])
    def test_client_stage_must_be_client_or_advocate(self, stage: object) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.stage: "):
            a_client(stage=stage)

    def test_a_client_without_a_name_is_rejected(self) -> None:
        with pytest.raises(InvalidData) as info:
            a_client(name=None)

        assert info.value.errors[0].startswith("$.name: ")
        assert "forget()" in info.value.errors[0]

    def test_a_redacted_or_forgotten_client_may_have_no_name(self) -> None:
        redacted = a_client(name=None, redacted=True)
        forgotten = a_client(name=None, forgotten_at=T0)

        assert redacted.name is None
        assert forgotten.name is None

    def test_profile_known_tells_whether_anything_is_known(self) -> None:
        assert not Profile().known
        assert Profile(children=0).known


class TestConsent:
    def test_consent_is_active_from_given_at_inclusive(self) -> None:
        consent = a_consent()

        assert consent.active(T0)
        assert not consent.active(T0 - MICRO)

    def test_consent_is_inactive_from_withdrawn_at_exclusive(self) -> None:
        consent = a_consent(withdrawn_at=T0 + SECOND)

        assert consent.active(T0 + SECOND - MICRO)
        assert not consent.active(T0 + SECOND)

    def test_consent_boundaries_are_absolute_across_zones(self) -> None:
        consent = a_consent(withdrawn_at=T0 + SECOND)
        same_instant = T0.astimezone(NEW_YORK)

        assert consent.active(same_instant)
        assert not consent.active((T0 + SECOND).astimezone(NEW_YORK))

    def test_covers_needs_the_purpose_and_an_active_consent(self) -> None:
        consent = a_consent(purposes={Purpose.CONTACT}, withdrawn_at=T0 + SECOND)

        assert consent.covers(Purpose.CONTACT, at=T0)
        assert not consent.covers(Purpose.MARKETING, at=T0)
        assert not consent.covers(Purpose.CONTACT, at=T0 + SECOND)

    def test_default_purposes_are_keep_details_and_contact(self) -> None:
        assert a_consent().purposes == {Purpose.KEEP_DETAILS, Purpose.CONTACT}

    def test_withdrawn_before_given_is_rejected(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.withdrawn_at: "):
            a_consent(withdrawn_at=T0 - MICRO)

    def test_withdrawn_before_given_by_absolute_time_across_a_fold_is_rejected(
        self,
    ) -> None:
        given = datetime(2026, 11, 1, 1, 0, 3, fold=1, tzinfo=NEW_YORK)  # EST
        earlier = datetime(2026, 11, 1, 1, 59, 58, tzinfo=NEW_YORK)  # EDT

        with pytest.raises(InvalidData, match=r"^\$\.withdrawn_at: "):
            Consent(given_at=given, withdrawn_at=earlier)

    def test_withdrawn_at_the_moment_given_is_never_active(self) -> None:
        consent = a_consent(withdrawn_at=T0)

        assert not consent.active(T0)


def _personal_replaced(x: Any) -> Any:
    """``x`` with every personal value replaced by a secret, keeping which
    fields are known, so that the repr may change only if it shows values."""

    def pick(old: object, secret: object) -> Any:
        return None if old is None else secret

    if isinstance(x, Contact):
        return Contact(
            email=pick(x.email, SECRET_EMAIL),
            phone=pick(x.phone, SECRET_PHONE),
            postal_code=pick(x.postal_code, SECRET_POSTCODE),
        )
    if isinstance(x, Profile):
        return Profile(**{k: pick(getattr(x, k), v) for k, v in SECRET_PROFILE.items()})
    if isinstance(x, Preferences):
        return Preferences(
            **{
                k: frozenset(f"secret-{k}-{i}" for i in range(len(getattr(x, k))))
                for k in ("likes", "dislikes", "wishlist")
            }
        )
    if isinstance(x, Customer):
        return attrs.evolve(
            x, name=pick(x.name, SECRET_NAME), contact=_personal_replaced(x.contact)
        )
    assert isinstance(x, Client)
    return attrs.evolve(
        x,
        name=pick(x.name, SECRET_NAME),
        contact=_personal_replaced(x.contact),
        profile=_personal_replaced(x.profile),
        preferences=_personal_replaced(x.preferences),
    )


_people = st.one_of(customers(), clients(), contacts(), profiles(), preferences())


class TestPersonalDataNeverShown:
    @pytest.mark.parametrize(
        "party",
        [
            Customer(id="c-1", first_seen=T0, name=SECRET_NAME, contact=SECRET_CONTACT),
            Client(
                id="c-1",
                name=SECRET_NAME,
                since=T0,
                contact=SECRET_CONTACT,
                profile=Profile(**SECRET_PROFILE),
            ),
            SECRET_CONTACT,
            Profile(**SECRET_PROFILE),
        ],
        ids=["customer", "client", "contact", "profile"],
    )
    def test_repr_and_str_never_contain_personal_data(self, party: object) -> None:
        shown = repr(party) + str(party)

        for secret in SECRETS:
            assert secret not in shown

    def test_preferences_show_only_how_many(self) -> None:
        prefs = Preferences(likes={"marzipan-secret"})

        assert "marzipan" not in repr(prefs)
        assert "<1 hidden>" in repr(prefs)

    @given(_people)
    def test_repr_does_not_depend_on_personal_values(self, x: object) -> None:
        secret = _personal_replaced(x)

        shown = repr(secret) + str(secret)

        assert repr(secret) == repr(x)
        for value in SECRETS:
            assert value not in shown


class TestRedact:
    def test_redact_drops_a_customers_name_and_contact(self) -> None:
        customer = a_customer(
            name=SECRET_NAME,
            contact=SECRET_CONTACT,
            purchases=(a_purchase(),),
            consent=a_consent(),
        )

        safe = redact(customer)

        assert isinstance(safe, Customer)
        assert safe.name is None
        assert safe.contact == Contact()
        assert (safe.id, safe.first_seen, safe.purchases, safe.consent) == (
            customer.id,
            customer.first_seen,
            customer.purchases,
            customer.consent,
        )

    def test_redact_drops_a_clients_name_contact_profile_and_preferences(
        self,
    ) -> None:
        client = a_client(
            name=SECRET_NAME,
            contact=SECRET_CONTACT,
            profile=Profile(**SECRET_PROFILE),
            preferences=Preferences(likes={"marzipan"}, wishlist={"a kite"}),
            purchases=(a_purchase(),),
            stage=Stage.ADVOCATE,
            transitions=(a_transition(),),
        )

        safe = redact(client)

        assert isinstance(safe, Client)
        assert (safe.name, safe.contact, safe.profile) == (None, Contact(), Profile())
        assert safe.preferences == Preferences()
        assert safe.redacted
        assert (safe.id, safe.since, safe.stage) == (client.id, T0, Stage.ADVOCATE)
        assert safe.purchases == client.purchases
        assert safe.transitions == client.transitions

    @given(st.one_of(customers(), clients()))
    def test_redact_output_holds_no_personal_data(
        self, party: Customer | Client
    ) -> None:
        party = _personal_replaced(party)

        safe = redact(party)

        attrs.validate(safe)
        dumped = repr(attrs.asdict(safe, recurse=True))
        for secret in SECRETS:
            assert secret not in dumped

    def test_redact_of_something_else_is_invalid_data(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.party: "):
            redact("Ada")  # type: ignore[arg-type]


class TestForget:
    def test_forget_keeps_the_anonymous_history(self) -> None:
        client = a_client(
            purchases=(a_purchase(),),
            stage=Stage.ADVOCATE,
            transitions=(a_transition(),),
            internal=True,
        )

        gone = forget(client, at=T0 + SECOND)

        assert (gone.id, gone.since, gone.stage) == ("c-1", T0, Stage.ADVOCATE)
        assert gone.purchases == client.purchases
        assert gone.transitions == client.transitions
        assert gone.internal
        assert gone.forgotten_at == T0 + SECOND

    def test_forget_drops_everything_personal(self) -> None:
        client = a_client(
            name=SECRET_NAME,
            contact=SECRET_CONTACT,
            profile=Profile(**SECRET_PROFILE),
            preferences=Preferences(likes={"tea"}),
        )

        gone = forget(client, at=T0)

        assert gone.name is None
        assert gone.contact == Contact()
        assert gone.profile == Profile()
        assert gone.preferences == Preferences()

    def test_forget_withdraws_an_active_consent_at_that_moment(self) -> None:
        client = a_client(consent=a_consent())

        gone = forget(client, at=T0 + SECOND)

        assert gone.consent == a_consent(withdrawn_at=T0 + SECOND)

    def test_forget_keeps_a_consent_withdrawn_earlier(self) -> None:
        consent = a_consent(withdrawn_at=T0 + SECOND)

        gone = forget(a_client(consent=consent), at=T0 + 2 * SECOND)

        assert gone.consent == consent

    def test_forget_brings_forward_a_withdrawal_planned_for_later(self) -> None:
        consent = a_consent(withdrawn_at=T0 + 10 * SECOND)

        gone = forget(a_client(consent=consent), at=T0 + SECOND)

        assert gone.consent == a_consent(withdrawn_at=T0 + SECOND)

    def test_forget_before_consent_was_given_leaves_it_never_active(self) -> None:
        client = a_client(consent=a_consent())

        gone = forget(client, at=T0 - SECOND)

        assert gone.consent is not None
        assert gone.consent.withdrawn_at == T0
        assert not gone.consent.active(T0)

    def test_forget_without_consent_keeps_none(self) -> None:
        assert forget(a_client(), at=T0).consent is None

    def test_forget_with_a_naive_time_raises_naming_at(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^\$\.at: "):
            forget(a_client(consent=a_consent()), at=datetime(2026, 5, 5))

    def test_forget_of_a_customer_is_invalid_data(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.client: "):
            forget(a_customer(), at=T0)  # type: ignore[arg-type]

    @given(clients(), st.datetimes(timezones=st.just(UTC)))
    def test_forgotten_clients_are_valid_and_hold_no_personal_data(
        self, client: Client, at: datetime
    ) -> None:
        client = _personal_replaced(client)

        gone = forget(client, at=at)

        attrs.validate(gone)
        assert gone.consent is None or not gone.consent.active(at)
        dumped = repr(attrs.asdict(gone, recurse=True))
        for secret in SECRETS:
            assert secret not in dumped


def _masked(value: Any) -> bool:
    """Whether ``repr`` masks ``value`` anywhere: a field with a masking
    repr, or a record holding one."""
    return attrs.has(type(value)) and any(
        a.repr is not True or _masked(getattr(value, a.name))
        for a in attrs.fields(type(value))
    )


def _personal_fields(party: Customer | Client) -> set[str]:
    """The fields of ``party`` that ``repr`` treats as personal."""
    return {
        a.name
        for a in attrs.fields(type(party))
        if a.repr is not True or _masked(getattr(party, a.name))
    }


def _strings(value: Any) -> set[str]:
    """Every string inside ``value`` (attrs records, containers, mappings)."""
    if isinstance(value, str):
        return {value}
    if attrs.has(type(value)):
        return _strings([getattr(value, a.name) for a in attrs.fields(type(value))])
    if isinstance(value, dict):
        return _strings(list(value)) | _strings(list(value.values()))
    if isinstance(value, (list, tuple, frozenset, set)):
        return set().union(*map(_strings, value)) if value else set()
    return set()


class TestRedactMatchesRepr:
    def test_the_personal_fields_are_those_repr_masks(self) -> None:
        client = a_client()

        personal = _personal_fields(client)

        assert personal == {"name", "contact", "profile", "preferences"}
        assert _personal_fields(a_customer()) == {"name", "contact"}

    @given(st.one_of(customers(), clients()))
    def test_redact_empties_every_field_repr_masks_and_keeps_every_other(
        self, party: Customer | Client
    ) -> None:
        personal = _personal_fields(party)

        safe = redact(party)

        for a in attrs.fields(type(party)):
            before, after = getattr(party, a.name), getattr(safe, a.name)
            if a.name in personal:
                erased = (
                    None
                    if before is None or isinstance(before, str)
                    else type(before)()
                )
                assert after == erased, a.name
            elif a.name != "redacted":
                assert after == before, a.name

    @given(st.one_of(customers(), clients()))
    def test_redacted_fields_and_repr_hold_none_of_the_drawn_personal_values(
        self, party: Customer | Client
    ) -> None:
        drawn = _strings([getattr(party, f) for f in _personal_fields(party)])
        # A value that is also kept as non-personal data (a reason that
        # happens to equal a like) is not the copy's leak.
        drawn -= _strings(
            [
                getattr(party, f)
                for f in _fields(type(party))
                if f not in _personal_fields(party)
            ]
        )

        safe = redact(party)

        assert not drawn & _strings(safe)
        shown = repr(safe) + str(safe)
        assert not [value for value in drawn if repr(value) in shown]


_instants = st.datetimes(timezones=st.just(UTC))
# Values each field accepts on a client that is not erased, so that only
# the erasure rule can refuse them.
_PERSONAL_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "name": clients().map(lambda c: c.name),
    "contact": contacts().filter(lambda c: c != Contact()),
    "profile": profiles().filter(lambda p: p.known),
    "preferences": preferences().filter(lambda p: p != Preferences()),
}
_EMPTY: dict[str, object] = {
    "name": None,
    "contact": Contact(),
    "profile": Profile(),
    "preferences": Preferences(),
}
_ERASURES: dict[str, Callable[[Client, datetime], Client | Customer]] = {
    "forget": lambda c, at: forget(c, at=at),
    "redact": lambda c, at: redact(c),
}


def _quoted(value: object) -> list[str]:
    """How ``value``'s strings would look if a message quoted them."""
    return [repr(s) for s in _strings(value)]


class TestErasureIsFinal:
    def test_a_forgotten_client_with_personal_data_cannot_be_built(self) -> None:
        with pytest.raises(InvalidData) as info:
            a_client(
                name=SECRET_NAME, contact=SECRET_CONTACT, forgotten_at=T0, redacted=True
            )

        assert [e.split(":")[0] for e in info.value.errors] == ["$.name", "$.contact"]
        assert "forgotten" in info.value.errors[0]
        for secret in SECRETS:
            assert secret not in str(info.value)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("name", SECRET_NAME),
            ("contact", SECRET_CONTACT),
            ("profile", Profile(**SECRET_PROFILE)),
            ("preferences", Preferences(dislikes={SECRET_NAME})),
        ],
    )
    def test_a_redacted_client_with_any_personal_field_cannot_be_built(
        self, field: str, value: object
    ) -> None:
        fields: dict[str, Any] = {"name": None, field: value, "redacted": True}

        with pytest.raises(InvalidData) as info:
            a_client(**fields)

        assert len(info.value.errors) == 1
        assert info.value.errors[0].startswith(f"$.{field}: expected ")
        assert "redacted" in info.value.errors[0]
        for secret in SECRETS:
            assert secret not in str(info.value)

    def test_forgetting_a_forgotten_client_keeps_the_first_erasure_time(self) -> None:
        gone = forget(a_client(consent=a_consent()), at=T0 + SECOND)

        again = forget(gone, at=T0 + 2 * SECOND)

        assert again is gone
        assert again.forgotten_at == T0 + SECOND

    def test_forgetting_a_forgotten_client_still_needs_an_aware_time(self) -> None:
        gone = forget(a_client(), at=T0)

        with pytest.raises(NaiveDatetimeError, match=r"^\$\.at: "):
            forget(gone, at=datetime(2026, 5, 5))

    def test_a_forgotten_client_may_be_redacted_and_stays_forgotten(self) -> None:
        gone = forget(a_client(name=SECRET_NAME), at=T0)

        safe = redact(gone)

        assert safe == attrs.evolve(gone, redacted=True)

    @given(clients(), _instants, _instants)
    def test_forgetting_twice_is_forgetting_once(
        self, client: Client, first: datetime, second: datetime
    ) -> None:
        once = forget(client, at=first)

        twice = forget(once, at=second)

        assert twice == once

    @pytest.mark.parametrize("erase", sorted(_ERASURES))
    @given(client=clients(), at=_instants, data=st.data())
    def test_evolve_cannot_put_any_personal_field_back(
        self, erase: str, client: Client, at: datetime, data: st.DataObject
    ) -> None:
        erased = _ERASURES[erase](client, at)
        field = data.draw(st.sampled_from(sorted(_PERSONAL_VALUES)))
        value = data.draw(_PERSONAL_VALUES[field])

        with pytest.raises(InvalidData) as info:
            attrs.evolve(erased, **{field: value})

        assert info.value.errors[0].startswith(f"$.{field}: ")
        shown = str(info.value)
        assert not [quoted for quoted in _quoted(value) if quoted in shown]

    @pytest.mark.parametrize("erase", sorted(_ERASURES))
    @given(client=clients(), at=_instants, data=st.data())
    def test_an_erased_document_with_personal_data_added_does_not_load(
        self, erase: str, client: Client, at: datetime, data: st.DataObject
    ) -> None:
        erased = _ERASURES[erase](client, at)
        known = [f for f, empty in _EMPTY.items() if getattr(client, f) != empty]
        field = data.draw(st.sampled_from(known))  # the name is always known
        document = to_dict(erased)
        document[field] = to_dict(client)[field]

        with pytest.raises(InvalidData) as info:
            from_dict(Client, document)

        assert any(e.startswith(f"$.{field}: ") for e in info.value.errors)

    @pytest.mark.parametrize("erase", sorted(_ERASURES))
    @given(client=clients(), at=_instants)
    def test_an_erased_client_round_trips(
        self, erase: str, client: Client, at: datetime
    ) -> None:
        erased = _ERASURES[erase](client, at)

        assert loads(Client, dumps(erased)) == erased


_naive = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1))
WRONG = st.one_of(
    st.integers(),
    st.floats(),
    st.text(),
    st.none(),
    st.booleans(),
    st.lists(st.integers()),
    st.lists(st.lists(st.integers()), min_size=1),
    _naive,
    _naive.map(lambda d: d.replace(tzinfo=UTC)),
    st.dates(),
    st.decimals(),
    st.frozensets(st.text()),
    st.tuples(st.text()),
)

MODELS: list[tuple[type, st.SearchStrategy[Any]]] = [
    (Money, money()),
    (Contact, contacts()),
    (Profile, profiles()),
    (Preferences, preferences()),
    (Consent, consents()),
    (Purchase, purchases()),
    (StageTransition, stage_transitions()),
    (Customer, customers()),
    (Client, clients()),
]


class TestFuzzing:
    @pytest.mark.parametrize(
        ("cls", "strategy"), MODELS, ids=[cls.__name__ for cls, _ in MODELS]
    )
    @given(data=st.data())
    def test_a_wrong_value_in_any_field_raises_only_invalid_data(
        self, cls: type, strategy: st.SearchStrategy[Any], data: st.DataObject
    ) -> None:
        valid = data.draw(strategy)
        field = data.draw(st.sampled_from(_fields(cls)))
        wrong = data.draw(WRONG)

        assert_fails_only_with_invalid_data(cls, valid, field, wrong)

    def test_a_date_is_not_a_datetime(self) -> None:
        with pytest.raises(InvalidData, match=r"^\$\.first_seen: "):
            a_customer(first_seen=date(2026, 5, 4))

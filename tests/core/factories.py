"""factory_boy factories for the core models; every app's tests may import them.

People get the password :data:`DEFAULT_PASSWORD`, hashed with Argon2 once per
test run and reused, so creating many people stays fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from typing import Any

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from factory.django import DjangoModelFactory

from opgave.core.actors import Actor
from opgave.core.models import (
    ApiToken,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    ProcessingActivity,
)
from opgave.core.services.tokens import _new_plaintext, hash_token

DEFAULT_PASSWORD = "correct-paard-batterij-nietje"


@functools.cache
def _default_hash() -> str:
    return make_password(DEFAULT_PASSWORD)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Gemeente Proefstad {n}")
    kind = OrganisationKind.GEMEENTE


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"persoon{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@proef.example")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.LazyFunction(_default_hash)


class PlatformAdminFactory(PersonFactory):
    is_staff = True
    is_superuser = True


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


class ApiTokenFactory(DjangoModelFactory):
    """A token; the plaintext is available afterwards as ``token.plaintext``."""

    class Meta:
        model = ApiToken
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Koppeling {n}")
    prefix = factory.LazyFunction(lambda: f"tmp_{secrets.token_hex(4)}")
    token_hash = factory.LazyFunction(lambda: secrets.token_hex(32))
    scopes = factory.LazyFunction(lambda: ["organisations:read"])
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))

    @factory.post_generation
    def plaintext(obj: ApiToken, create: bool, extracted: str | None, **kwargs: object) -> None:  # type: ignore[misc]
        prefix, plaintext = _new_plaintext()
        obj.prefix, obj.token_hash = prefix, hash_token(plaintext)
        obj.plaintext = plaintext  # type: ignore[attr-defined]
        if create:
            obj.save(update_fields=["prefix", "token_hash"])


class ProcessingActivityFactory(DjangoModelFactory):
    class Meta:
        model = ProcessingActivity

    code = factory.Sequence(lambda n: f"verwerking-{n}")
    name = factory.Sequence(lambda n: f"Verwerking {n}")
    purpose = "Hulp bieden bij problematische schulden."
    legal_basis = "Wet gemeentelijke schuldhulpverlening"
    data_categories = factory.LazyFunction(lambda: ["identificatiegegevens"])
    retention = "5 jaar"


def act(principal: Any, *, origin: str = "") -> Actor:
    """The :class:`Actor` for a person or an API token (what every service takes)."""
    return Actor.for_principal(principal, origin=origin)

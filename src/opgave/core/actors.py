"""Who acts: one :class:`Actor` for every service, whether a person or an API token.

Every service function takes ``actor: Actor`` keyword-only and decides itself what
that actor may do. Views build it with :meth:`Actor.of_request`, the API from its
authentication context, the CLI and the demo loader use :meth:`Actor.system`.

- a **person** acts with every right their memberships give them;
- an **API token** acts for its organisation, limited to its scopes and never beyond
  what its issuer (``token.created_by``) could do;
- the **system** (CLI, demo loader, scheduled tasks) is recorded as ``systeem``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from opgave.core import scopes as scope_register

if TYPE_CHECKING:
    from django.http import HttpRequest

    from opgave.core.models import ApiToken, Organisation, Person


@dataclass(frozen=True)
class Actor:
    """A person, an API token, or the system; with the organisation it acts for and its origin."""

    person: Person | None = None
    token: ApiToken | None = None
    organisation: Organisation | None = None
    origin: str = ""
    is_system: bool = False
    scopes: tuple[str, ...] = field(default=())

    # -- constructors -------------------------------------------------------------------------
    @classmethod
    def for_person(cls, person: Any, *, organisation: Any = None, origin: str = "") -> Actor:
        """A person (an anonymous user or ``None`` becomes an anonymous actor that may do nothing)."""
        from opgave.core.models import Person

        real = person if isinstance(person, Person) else None
        return cls(person=real, organisation=organisation, origin=origin)

    @classmethod
    def for_token(cls, token: ApiToken, *, origin: str = "") -> Actor:
        """An API token: acts for its organisation with its own scopes."""
        return cls(
            token=token,
            organisation=token.organisation,
            origin=origin,
            scopes=tuple(token.scopes or ()),
        )

    @classmethod
    def for_principal(cls, principal: Any, *, organisation: Any = None, origin: str = "") -> Actor:
        """A person or an API token, whichever ``principal`` is (reads that accept either)."""
        from opgave.core.models import ApiToken

        if isinstance(principal, ApiToken):
            return cls.for_token(principal, origin=origin)
        return cls.for_person(principal, organisation=organisation, origin=origin)

    @classmethod
    def system(cls, *, origin: str = "cli") -> Actor:
        """The platform itself (CLI, demo loader, scheduled tasks)."""
        return cls(is_system=True, origin=origin)

    @classmethod
    def of_request(cls, request: HttpRequest) -> Actor:
        """The person of a web request, with the active organisation and the client address."""
        from opgave.core.services.audit import origin_of

        return cls.for_person(
            getattr(request, "user", None),
            organisation=getattr(request, "organisation", None),
            origin=origin_of(request),
        )

    # -- questions ----------------------------------------------------------------------------
    @property
    def is_token(self) -> bool:
        return self.token is not None

    @property
    def is_anonymous(self) -> bool:
        return self.person is None and self.token is None and not self.is_system

    @property
    def principal(self) -> Person | ApiToken | None:
        """The person or the token (what the pillars' named access checks take)."""
        return self.token or self.person

    @property
    def is_known(self) -> bool:
        """The system, an active person or an active token."""
        if self.is_system:
            return True
        if self.token is not None:
            return bool(self.token.is_active)
        return self.person is not None and bool(self.person.is_active) and self.person.pk is not None

    @property
    def issuer(self) -> Person | None:
        """The person whose rights bound this actor: the person, or the token's issuer."""
        if self.token is not None:
            return self.token.created_by
        return self.person

    def has_scope(self, scope: str) -> bool:
        """A token is limited to its scopes; people and the system are not limited by scopes."""
        if self.token is None:
            return not self.is_anonymous
        return scope_register.grants(list(self.scopes), scope)

    @property
    def audit_actor(self) -> Any:
        """What the audit log records: the token (its id and name) or the person."""
        return self.token or self.person

    @property
    def label(self) -> str:
        if self.is_system:
            return "systeem"
        if self.token is not None:
            return f"token {self.token.prefix}"
        if self.person is not None:
            return str(self.person.get_username())
        return "anoniem"

"""``/me``: who the API sees — the person and memberships, or the organisation's token."""

from django.http import HttpRequest
from ninja import Router

from opgave.api.auth import context_of, scoped
from opgave.api.platform.schemas import MeOut, MyMembership, OrganisationRef, PersonOut, TokenRef
from opgave.core import permissions, selectors

router = Router(tags=["Ik"])


@router.get("/me", response=MeOut, auth=scoped(None), summary="Wie ben ik?", url_name="me")
def me(request: HttpRequest) -> MeOut:
    """De aangemelde persoon met lidmaatschappen en actieve organisatie, of het gebruikte token."""
    context = context_of(request)
    person = context.person
    memberships = (
        [
            MyMembership(
                id=m.uuid,
                organisation=OrganisationRef.from_model(m.organisation),
                role=m.role,  # type: ignore[arg-type]
                job_title=m.job_title,
            )
            for m in selectors.memberships_of(person)
        ]
        if person is not None
        else []
    )
    token = context.token
    return MeOut(
        person=PersonOut.from_model(person) if person is not None else None,
        is_platform_admin=permissions.is_platform_admin(person),
        memberships=memberships,
        active_organisation=OrganisationRef.from_model(context.organisation)
        if context.organisation
        else None,
        token=TokenRef(
            id=token.uuid,
            name=token.name,
            prefix=token.prefix,
            scopes=list(token.scopes),
            expires_at=token.expires_at,
        )
        if token is not None
        else None,
        purpose=context.purpose,
    )

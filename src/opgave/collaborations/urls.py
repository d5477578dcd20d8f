"""Pages of pillar 1, mounted at ``samenwerkingen/`` with namespace ``collaborations``."""

from django.urls import path

from opgave.collaborations.views import access, collaborations, diagnostics, discussion, sessions, wizard

app_name = "collaborations"

urlpatterns = [
    path("", collaborations.index, name="index"),
    path("nieuw/", collaborations.create, name="create"),
    path("programmas/", diagnostics.programmes, name="programmes"),
    path("programmas/<uuid:uuid>/", diagnostics.programme, name="programme"),
    path("sessies/<uuid:uuid>/", sessions.session, name="session"),
    path("uitnodigingen/<uuid:uuid>/", access.invitation, name="invitation"),
    path("uitnodiging/<str:token>/", access.invitation_link, name="invitation-link"),
    path("<uuid:uuid>/", collaborations.detail, name="detail"),
    path("<uuid:uuid>/wijzigen/", collaborations.edit, name="edit"),
    path("<uuid:uuid>/stap/<int:number>/", wizard.step, name="step"),
    path("<uuid:uuid>/vaststellen/", collaborations.agree, name="agree"),
    path("<uuid:uuid>/versies/", collaborations.versions, name="versions"),
    path("<uuid:uuid>/versies/vergelijk/", collaborations.compare, name="compare"),
    path("<uuid:uuid>/versies/<int:number>/", collaborations.version, name="version"),
    path("<uuid:uuid>/versies/<int:number>/pdf/", collaborations.version_pdf, name="version-pdf"),
    path("<uuid:uuid>/sessies/nieuw/", sessions.create, name="session-create"),
    path("<uuid:uuid>/herijken/", sessions.review, name="review"),
    path("<uuid:uuid>/diagnose/", diagnostics.diagnostics, name="diagnostics"),
    path("<uuid:uuid>/registers/", diagnostics.registers, name="registers"),
    path("<uuid:uuid>/puls/", diagnostics.pulse_form, name="pulse"),
    path("<uuid:uuid>/deelnemers/", access.members, name="members"),
    path("<uuid:uuid>/deelnemers/verzoeken/<uuid:request_uuid>/", access.decide, name="join-decide"),
    path(
        "<uuid:uuid>/deelnemers/uitnodigingen/<uuid:invitation_uuid>/intrekken/",
        access.revoke,
        name="invitation-revoke",
    ),
    path("<uuid:uuid>/deelnemen/", access.join, name="join"),
    path("<uuid:uuid>/discussie/", discussion.comment, name="comment"),
]

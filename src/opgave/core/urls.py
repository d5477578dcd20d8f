"""Authentication pages and the organisation switcher's endpoint (URL names are a contract)."""

from django.urls import path

from opgave.core.auth import enrolment, views

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/code/", views.login_totp_view, name="login-totp"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("account/tweede-factor/", enrolment.totp_setup_view, name="totp-setup"),
    path("account/herstelcodes/", enrolment.recovery_codes_view, name="recovery-codes"),
    path("organisatie-wisselen/", views.organisation_switch_view, name="organisation-switch"),
]

"""Authentication pages and the organisation switcher's endpoint (URL names are a contract)."""

from django.urls import path

from opgave.core.auth import views

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/code/", views.login_totp_view, name="login-totp"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("account/tweede-factor/", views.totp_setup_view, name="totp-setup"),
    path("organisatie-wisselen/", views.organisation_switch_view, name="organisation-switch"),
]

"""URLs of the web shell. Pillar apps add their own (``collaborations:index`` and so on)."""

from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from opgave.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("uitleg/", views.info_page, {"page": "help"}, name="help"),
    path("privacy/", views.info_page, {"page": "privacy"}, name="privacy"),
    path("toegankelijkheid/", views.info_page, {"page": "accessibility"}, name="accessibility"),
    path("favicon.ico", RedirectView.as_view(url=static("web/favicon.svg")), name="favicon"),
    # Placeholders until a pillar's own pages land. The fallbacks of pillars that have landed
    # have their own path so that they never shadow the real pages.
    path(
        "binnenkort/samenwerkingen/",
        views.pillar_placeholder,
        {"pillar": "samenwerkingen"},
        name="collaborations-placeholder",
    ),
    path(
        "binnenkort/dossiers/", views.pillar_placeholder, {"pillar": "dossiers"}, name="dossiers-placeholder"
    ),
    path("binnenkort/regels/", views.pillar_placeholder, {"pillar": "regels"}, name="rules-placeholder"),
    path("binnenkort/leren/", views.pillar_placeholder, {"pillar": "leren"}, name="learning-placeholder"),
]

from django.contrib import admin
from django.urls import include, path

from opgave.api.router import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("beheer/", admin.site.urls),
    path("samenwerkingen/", include("opgave.collaborations.urls")),
    path("dossiers/", include("opgave.dossiers.urls")),
    path("regels/", include("opgave.rules.urls")),
    path("regels/", include("opgave.simulation.urls")),
    path("meldingen/", include("opgave.notifications.urls")),
    path("leren/", include("opgave.learning.urls")),
    path("", include("opgave.core.urls")),
    path("", include("opgave.web.urls")),
]

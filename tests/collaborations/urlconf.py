"""The project's URLs plus the collaboration pages, for as long as ``opgave.urls`` does not mount them."""

from django.urls import include, path

from opgave.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("samenwerkingen/", include("opgave.collaborations.urls")), *project_urlpatterns]

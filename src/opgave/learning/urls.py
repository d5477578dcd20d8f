"""Pages of pillar 4, mounted at ``leren/`` with namespace ``learning``."""

from django.urls import path

from opgave.learning.views import academy, circles, landscape, twinning

app_name = "learning"

urlpatterns = [
    path("", academy.index, name="index"),
    path("academie/", academy.academy, name="academy"),
    path("lessen/<uuid:uuid>/", academy.lesson, name="lesson"),
    path("samenwerkingen/<uuid:uuid>/les/", academy.record_lesson, name="record-lesson"),
    path("samenwerkingen/<uuid:uuid>/vergelijkbaar/", academy.like_yours, name="like-yours"),
    path("kenniskringen/", circles.circles, name="circles"),
    path("kenniskringen/<uuid:uuid>/", circles.circle, name="circle"),
    path("discussies/<uuid:uuid>/", circles.thread, name="thread"),
    path("twinning/", twinning.twinnings, name="twinnings"),
    path("twinning/partners/", twinning.partners, name="partners"),
    path("twinning/<uuid:uuid>/", twinning.twinning, name="twinning"),
    path("twinning/<uuid:uuid>/resultaten/", twinning.results, name="results"),
    path("landschap/", landscape.registry, name="registry"),
    path("landschap/netwerk/", landscape.network, name="network"),
    path("landschap/export.csv", landscape.export_csv, name="export-csv"),
    path("landschap/export.json", landscape.export_json, name="export-json"),
    path("landschap/dcat.jsonld", landscape.dcat, name="dcat"),
    path("landschap/<uuid:uuid>/", landscape.entry, name="entry"),
]

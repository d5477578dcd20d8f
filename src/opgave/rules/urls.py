"""Pages of pillar 3, mounted at ``regels/`` with namespace ``rules``."""

from django.urls import path

from opgave.rules.views import catalogue, decisions, editor, manage

app_name = "rules"

urlpatterns = [
    path("", catalogue.index, name="index"),
    path("nieuw/", catalogue.create, name="create"),
    path("<uuid:uuid>/", catalogue.detail, name="detail"),
    path("<uuid:uuid>/uploaden/", catalogue.upload, name="upload"),
    path("<uuid:uuid>/verschil/", catalogue.compare, name="diff"),
    path("<uuid:uuid>/variant/", catalogue.variant, name="variant"),
    path("<uuid:uuid>/proberen/", decisions.try_it, name="try"),
    path("<uuid:uuid>/wetsverwijzingen/nieuw/", manage.add_law_reference, name="lawref-add"),
    path("<uuid:uuid>/wetsverwijzingen/<int:reference>/", manage.edit_law_reference, name="lawref-edit"),
    path(
        "<uuid:uuid>/wetsverwijzingen/<int:reference>/verwijderen/",
        manage.remove_law_reference,
        name="lawref-remove",
    ),
    path("<uuid:uuid>/open-normen/nieuw/", manage.add_open_term, name="term-add"),
    path("<uuid:uuid>/open-normen/<int:term>/", manage.edit_open_term, name="term-edit"),
    path("<uuid:uuid>/open-normen/<int:term>/verwijderen/", manage.remove_open_term, name="term-remove"),
    path("<uuid:uuid>/versies/<int:number>/", catalogue.version, name="version"),
    path("<uuid:uuid>/versies/<int:number>/model.dmn", catalogue.model_xml, name="model"),
    path("<uuid:uuid>/versies/<int:number>/publiceren/", catalogue.publish, name="publish"),
    path("<uuid:uuid>/versies/<int:number>/intrekken/", catalogue.withdraw, name="withdraw"),
    path("<uuid:uuid>/versies/<int:number>/bewerken/", editor.edit, name="edit"),
    path("<uuid:uuid>/versies/<int:number>/opslaan/", editor.save, name="save"),
    path("<uuid:uuid>/versies/<int:number>/cellen/", editor.cells, name="cells"),
]

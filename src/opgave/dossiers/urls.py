"""Pages of pillar 2, mounted at ``dossiers/`` with namespace ``dossiers``. Only UUIDs in URLs."""

from django.urls import path

from opgave.dossiers.views import dossiers, work

app_name = "dossiers"

urlpatterns = [
    path("", dossiers.index, name="index"),
    path("nieuw/", dossiers.create, name="create"),
    path("werklijst/", work.work_list, name="work-list"),
    path("signalen/", work.signals, name="signals"),
    path("signalen/<uuid:uuid>/intrekken/", work.withdraw, name="signal-withdraw"),
    path("inzageverzoek/", work.subject_export, name="export"),
    path("<uuid:uuid>/", dossiers.detail, name="detail"),
    path("<uuid:uuid>/deelnemen/", dossiers.join, name="join"),
    path("<uuid:uuid>/stukken/", dossiers.add_entry, name="entry-create"),
    path("<uuid:uuid>/stukken/<uuid:entry>/", dossiers.entry, name="entry"),
    path("<uuid:uuid>/stukken/<uuid:entry>/bestand/", dossiers.document, name="document"),
    path("<uuid:uuid>/plan/", dossiers.add_plan_item, name="plan-item-create"),
    path("<uuid:uuid>/plan/<uuid:item>/status/", dossiers.plan_item_status, name="plan-item-status"),
    path("<uuid:uuid>/plan/herbeoordeeld/", dossiers.review_plan, name="plan-review"),
    path("<uuid:uuid>/verplichtingen/<uuid:obligation>/voldaan/", dossiers.fulfil, name="obligation-fulfil"),
    path("<uuid:uuid>/deelnemers/<uuid:participation>/besluit/", dossiers.decide, name="participant-decide"),
    path("<uuid:uuid>/deelnemers/<uuid:participation>/beeindigen/", dossiers.leave, name="participant-leave"),
]

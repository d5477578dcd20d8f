"""Pages of the simulation app, mounted under ``regels/`` (a simulation belongs to a rule set)."""

from django.urls import path

from opgave.simulation import views

app_name = "simulation"

urlpatterns = [
    path("<uuid:uuid>/simulaties/", views.index, name="index"),
    path("<uuid:uuid>/simulaties/<uuid:simulation>/", views.detail, name="detail"),
    path("<uuid:uuid>/simulaties/<uuid:simulation>/voortgang/", views.progress, name="progress"),
    path("<uuid:uuid>/simulaties/<uuid:simulation>/afdrukken/", views.print_view, name="print"),
    path("<uuid:uuid>/simulaties/<uuid:simulation>/personen.parquet", views.export_parquet, name="parquet"),
    path("<uuid:uuid>/simulaties/<uuid:simulation>/rapport.csv", views.export_csv, name="export"),
]

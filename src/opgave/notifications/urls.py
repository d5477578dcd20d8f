from django.urls import path

from opgave.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.index, name="index"),
    path("gelezen/", views.mark_read, name="read"),
    path("alles-gelezen/", views.mark_all_read, name="read-all"),
]

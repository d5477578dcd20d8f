from django.urls import path

from opgave.web import views

urlpatterns = [
    path("", views.home, name="home"),
]

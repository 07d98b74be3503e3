from django.urls import path

from . import views

app_name = "assist"
urlpatterns = [
    path("checks/", views.content_checks, name="checks"),
    path("presence/", views.check_in, name="presence"),
]

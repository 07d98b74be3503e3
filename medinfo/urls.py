from django.urls import path

from . import views
from .feedback import views as feedback

app_name = "medinfo"

urlpatterns = [
    path("", views.home, name="home"),
    path("medications/", views.medication_list, name="medication_list"),
    path("medications/<slug:slug>/", views.medication_detail, name="medication_detail"),
    path("conditions/", views.condition_list, name="condition_list"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition_detail"),
    path("drug-classes/", views.drug_class_list, name="drug_class_list"),
    path("drug-classes/<slug:slug>/", views.drug_class_detail, name="drug_class_detail"),
    path("search/", views.search, name="search"),
    path("feedback/", feedback.answer, name="feedback"),
    path("feedback/details/", feedback.details, name="feedback_details"),
    path("feedback/thanks/", feedback.thanks, name="feedback_thanks"),
]

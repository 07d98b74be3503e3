from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from clinic import views

admin.site.site_header = "Clinic medicines information: staff"
admin.site.site_title = "Clinic medicines staff"
admin.site.index_title = "Content"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("medinfo.urls")),
]

handler500 = "clinic.views.server_error"

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Clinic medicines information: staff"
admin.site.site_title = "Clinic medicines staff"
admin.site.index_title = "Content"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("medinfo.urls")),
]

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from medinfo.sitemaps import SITEMAPS
from medinfo.views import robots_txt

admin.site.site_header = "Clinic medicines information: staff"
admin.site.site_title = "Clinic medicines staff"
admin.site.index_title = "Content"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("", include("medinfo.urls")),
]

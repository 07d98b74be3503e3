from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from clinic import views
from medinfo.api import api
from medinfo.api.main import home as api_home
from medinfo.sitemaps import SITEMAPS
from medinfo.views import favicon_ico, robots_txt

admin.site.site_header = "Clinic medicines information: staff"
admin.site.site_title = "Clinic medicines staff"
admin.site.index_title = "Content"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # The editor's helpers (content checks, who else is editing) live under the admin.
    path(f"{settings.ADMIN_URL}editor/", include("medinfo.assist.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon_ico, name="favicon_ico"),
    path("api/v1/", api_home, name="api_home"),
    path("api/v1/", api.urls),
    path("", include("medinfo.urls")),
]

handler500 = "clinic.views.server_error"

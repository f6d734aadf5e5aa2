from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from records.sitemaps import SITEMAPS
from records.views import healthz

admin.site.site_header = "ASEAN Meetings: records administration"
admin.site.site_title = "ASEAN Meetings admin"
admin.site.index_title = "Summary records"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("records.api.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("healthz", healthz, name="healthz"),
    path("", include("records.urls")),
]

handler404 = "records.api.views.not_found"

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "ASEAN Meetings: records administration"
admin.site.site_title = "ASEAN Meetings admin"
admin.site.index_title = "Summary records"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("records.urls")),
]

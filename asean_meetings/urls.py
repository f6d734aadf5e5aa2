from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from asean_meetings import accounts, languages, views
from records.admin.audit import audit_view
from records.sitemaps import SITEMAPS

admin.site.site_header = "ASEAN Meetings: records administration"
admin.site.site_title = "ASEAN Meetings admin"
admin.site.index_title = "Summary records"

urlpatterns = [
    # Accounts (docs/accounts.md): the admin signs in through the site's sign-in.
    path("admin/login/", accounts.admin_login, name="admin_login"),
    path("accounts/profile/", accounts.profile, name="account_profile"),
    path("accounts/", include("allauth.urls")),
    path(
        "admin/audit/",
        admin.site.admin_view(audit_view),
        {"admin_site": admin.site},
        name="audit_trail",
    ),
    path("admin/", admin.site.urls),
    path("api/", include("records.api.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("healthz", views.healthz, name="healthz"),
    path("language/", languages.set_language, name="set_language"),
    path("", include("records.urls")),
]

handler400 = "asean_meetings.views.bad_request"
handler403 = "asean_meetings.views.permission_denied"
handler404 = "asean_meetings.views.page_not_found"
handler500 = "asean_meetings.views.server_error"

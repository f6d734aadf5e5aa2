from django.urls import path, register_converter

from records import calendars, notification_pages, subscriptions, views, views_archive
from records.feeds import RecordsFeed, SeriesRecordsFeed
from records.filters import FollowUpActionFilter, ResolutionFilter
from records.language_tags import LanguageTagConverter

register_converter(LanguageTagConverter, "language")

app_name = "records"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/<slug:slug>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("resolutions/", views.ResolutionListView.as_view(), name="resolution_list"),
    path("actions/", views.FollowUpActionListView.as_view(), name="action_list"),
    path(
        "resolutions/choices/<slug:field>/",
        views.FilterChoicesView.as_view(filterset_class=ResolutionFilter),
        name="resolution_choices",
    ),
    path(
        "actions/choices/<slug:field>/",
        views.FilterChoicesView.as_view(filterset_class=FollowUpActionFilter),
        name="action_choices",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path("meetings/<slug:slug>/akn.xml", views.MeetingAknView.as_view(), name="meeting_akn"),
    path("meetings/<slug:slug>/record.pdf", views.MeetingPdfView.as_view(), name="meeting_pdf"),
    path(
        "meetings/<slug:slug>/versions/",
        views_archive.VersionListView.as_view(),
        name="version_list",
    ),
    path(
        "meetings/<slug:slug>/versions/<int:number>/",
        views_archive.VersionDetailView.as_view(),
        name="version_detail",
    ),
    path(
        "meetings/<slug:slug>/versions/<int:number>/changes/",
        views_archive.VersionDiffView.as_view(),
        name="version_diff",
    ),
    # A record's language versions (records/record_texts.py): each text its own addresses.
    path(
        "meetings/<slug:slug>/<language:language>/",
        views.LanguageVersionView.as_view(),
        name="language_version",
    ),
    path(
        "meetings/<slug:slug>/<language:language>/akn.xml",
        views.LanguageVersionAknView.as_view(),
        name="language_version_akn",
    ),
    path(
        "meetings/<slug:slug>/<language:language>/record.pdf",
        views.LanguageVersionPdfView.as_view(),
        name="language_version_pdf",
    ),
    path(
        "meetings/<slug:slug>/attachments/<int:pk>/",
        views_archive.attachment,
        name="attachment",
    ),
    path("feeds/records.atom", RecordsFeed(), name="feed"),
    # Following the records: per series, in calendars, by email (docs/notifications.md).
    path("feeds/series/<slug:slug>.atom", SeriesRecordsFeed(), name="series_feed"),
    path("calendars/meetings.ics", calendars.MeetingCalendarView.as_view(), name="calendar"),
    path(
        "calendars/series/<slug:slug>.ics",
        calendars.MeetingCalendarView.as_view(),
        name="series_calendar",
    ),
    path("subscribe/", subscriptions.SubscribeView.as_view(), name="subscribe"),
    path(
        "subscribe/confirm/<str:token>/",
        subscriptions.ConfirmView.as_view(),
        name="subscription_confirm",
    ),
    path(
        "unsubscribe/<str:token>/",
        notification_pages.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
    path(
        "unsubscribe/<str:token>/language/",
        notification_pages.SubscriptionLanguageView.as_view(),
        name="subscription_language",
    ),
]

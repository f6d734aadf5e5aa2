from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from records.api import views
from records.api.docs import ApiDocsView

app_name = "api"

router = DefaultRouter()
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("resolutions", views.ResolutionViewSet, basename="resolution")
router.register("actions", views.FollowUpActionViewSet, basename="action")
router.register("series", views.SeriesViewSet, basename="series")
router.register("countries", views.CountryViewSet, basename="country")
router.register("organisations", views.OrganisationViewSet, basename="organisation")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
    path("", include(router.urls)),
]

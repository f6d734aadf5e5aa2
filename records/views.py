from django.views.generic import DetailView, ListView

from records.models import Meeting


class HomeView(ListView):
    """The latest published summary records."""

    template_name = "records/home.html"
    context_object_name = "meetings"

    def get_queryset(self):
        return Meeting.objects.published().for_listing()[:10]


class MeetingListView(ListView):
    """All published meetings, by series and year."""

    template_name = "records/meeting_list.html"
    context_object_name = "meetings"

    def get_queryset(self):
        return (
            Meeting.objects.published()
            .select_related("series", "country")
            .order_by("series__name", "-year", "-sequence_number")
        )


class MeetingDetailView(DetailView):
    """The summary record, as adopted, with its structured facts beside it.

    Staff who may view meetings in the admin also see drafts here ("view on site" preview);
    everyone else gets 404 for anything unpublished.
    """

    template_name = "records/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        meetings = Meeting.objects.for_record_page()
        if self.can_preview():
            return meetings
        return meetings.published()

    def can_preview(self):
        user = self.request.user
        return user.is_staff and user.has_perm("records.view_meeting")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        context["chairs"] = [p for p in meeting.participants.all() if p.is_chair]
        context["resolutions"] = [r for p in meeting.paragraphs.all() for r in p.resolutions.all()]
        return context

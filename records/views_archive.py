"""The record as an archive: its published versions, each one's text, and what a correction
changed. They follow the record's visibility: a record the reader may not see has none.
The public's pages are cached like the record's own (``PublicPageCacheMixin``)."""

from pathlib import PurePath

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views.generic import DetailView, ListView

from records import versions
from records.models import Attachment, Meeting, PublishedVersion, published_q, sees_restricted
from records.views import PublicPageCacheMixin


class RecordVersionsMixin(PublicPageCacheMixin):
    """The versions of the published record ``slug``, if this reader may see it."""

    def get_meeting(self):
        if not hasattr(self, "meeting"):
            meetings = Meeting.objects.published(
                include_restricted=self.include_restricted
            ).select_related("series")
            self.meeting = get_object_or_404(meetings, slug=self.kwargs["slug"])
        return self.meeting

    def get_queryset(self):
        return PublishedVersion.objects.filter(
            published_q("meeting", include_restricted=self.include_restricted),
            meeting=self.get_meeting(),
        ).order_by("-number")

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.get_meeting(), **kwargs)


class VersionListView(RecordVersionsMixin, ListView):
    """``/meetings/<slug>/versions/``: each publication and correction, with its SHA-256."""

    template_name = "records/version_list.html"
    context_object_name = "versions"


class VersionDetailView(RecordVersionsMixin, DetailView):
    """``/meetings/<slug>/versions/<number>/``: the record as the public saw it then."""

    template_name = "records/version_detail.html"
    context_object_name = "version"
    slug_field = "number"
    slug_url_kwarg = "number"

    def get_context_data(self, **kwargs):
        return super().get_context_data(content=versions.read(self.object), **kwargs)


class VersionDiffView(VersionDetailView):
    """``/meetings/<slug>/versions/<number>/changes/``: what this version changed of the one
    before it, word by word."""

    template_name = "records/version_diff.html"

    def get_context_data(self, **kwargs):
        previous = self.get_queryset().filter(number=self.object.number - 1).first()
        if previous is None:
            raise Http404("The first version changed nothing: it is the record as published.")
        return super().get_context_data(
            previous=previous, changes=versions.diff(previous, self.object), **kwargs
        )


def attachment(request, slug, pk):
    """``/meetings/<slug>/attachments/<pk>/``: the file, to who may read the record only."""
    attachments = Attachment.objects.filter(
        published_q("meeting", include_restricted=sees_restricted(request.user)),
        meeting__slug=slug,
        scan__in=Attachment.SERVED,
    )
    found = get_object_or_404(attachments, pk=pk)
    extension = PurePath(found.file.name).suffix.lower()
    response = FileResponse(
        found.file.open("rb"),
        content_type=found.content_type,
        as_attachment=True,
        filename=f"{slugify(found.title) or 'attachment'}{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

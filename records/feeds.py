"""The Atom feed of summary records, newest publication or correction first."""

from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from records.models import Meeting, published_sha256, served_attachments
from records.subscriptions import public_series

FEED_LENGTH = 50


class RecordsFeed(Feed):
    """``/feeds/records.atom``: records as they are published, and again when corrected."""

    feed_type = Atom1Feed
    title = "ASEAN Meetings: summary records"
    subtitle = "Summary records as they are published, and again when they are corrected."
    link = reverse_lazy("records:meeting_list")
    author_name = "ASEAN Secretariat"

    def feed_url(self):
        return reverse("records:feed")

    def items(self, series=None):
        meetings = Meeting.objects.published()
        if series is not None:
            meetings = meetings.filter(series=series)
        return (
            meetings.select_related("series", "country")
            .prefetch_related("corrections", served_attachments())
            .annotate(published_sha256=published_sha256())
            .annotate(last_changed=Coalesce(Max("corrections__corrected_at"), "published_at"))
            .order_by("-last_changed", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        """The facts of the record, as the HTML Atom's ``summary`` holds: its editor text
        escaped, so that a reader shows any markup in it as text."""
        place = ", ".join(part for part in (item.venue, item.country and item.country.name) if part)
        facts = [item.dates_display, place, item.get_format_display()]
        if item.note:
            facts.append(item.note)
        facts += [correction.public_text for correction in item.corrections.all()]
        facts += [f"Attached: {attachment.title}" for attachment in item.attachments.all()]
        if item.published_sha256:
            facts.append(f"SHA-256 of the published text: {item.published_sha256}")
        return escape(" · ".join(fact for fact in facts if fact))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        """Its publication, or its latest correction (an edit is always one, once published)."""
        return item.last_changed

    def item_categories(self, item):
        return [item.series.short_name or item.series.name]


class SeriesRecordsFeed(RecordsFeed):
    """``/feeds/series/<slug>.atom``: the records of one series, as the site-wide feed."""

    def get_object(self, request, slug):
        return get_object_or_404(public_series(), slug=slug)

    def title(self, series):
        return f"ASEAN Meetings: {series.name}"

    def link(self, series):
        return f"{reverse('records:meeting_list')}#series-{series.slug}"

    def feed_url(self, series):
        return reverse("records:series_feed", kwargs={"slug": series.slug})

"""The Atom feed of summary records, newest publication or correction first."""

from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.db.models import Max, Prefetch, Q
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from records.models import LanguageVersion, Meeting, published_sha256, served_attachments
from records.subscriptions import public_series

FEED_LENGTH = 50


class RecordsAtomFeed(Atom1Feed):
    """Atom, where an entry also links to its record's other languages
    (``<link rel="alternate" hreflang="ja" …>``), each as its own address."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        # Each address is on the entry's own site: absolute, as the entry's link.
        for language, path in item.get("language_versions", ()):
            href = urljoin(item["link"], path)
            handler.addQuickElement(
                "link", "", {"rel": "alternate", "href": href, "hreflang": language}
            )


class RecordsFeed(Feed):
    """``/feeds/records.atom``: records as they are published, and again when corrected or
    published in another language (each published language version is linked from its
    record's entry)."""

    feed_type = RecordsAtomFeed
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
            .prefetch_related(
                "corrections",
                served_attachments(),
                Prefetch(
                    "language_versions",
                    queryset=LanguageVersion.objects.published(),
                    to_attr="published_language_versions",
                ),
            )
            .annotate(published_sha256=published_sha256())
            .annotate(
                # Each part on its own: SQLite's greatest is null when any part is.
                last_changed=Greatest(
                    Coalesce(Max("corrections__corrected_at"), "published_at"),
                    Coalesce(
                        Max(
                            "language_versions__published_at",
                            filter=Q(language_versions__status=Meeting.Status.PUBLISHED),
                        ),
                        "published_at",
                    ),
                )
            )
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
        facts += [
            f"{version.name} version{'' if version.authoritative else ' (courtesy translation)'}: "
            f"{version.title}"
            for version in item.published_language_versions
        ]
        if item.published_sha256:
            facts.append(f"SHA-256 of the published text: {item.published_sha256}")
        return escape(" · ".join(fact for fact in facts if fact))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        """Its publication, or its latest correction (an edit is always one, once published),
        or the latest publication of one of its language versions."""
        return item.last_changed

    def item_extra_kwargs(self, item):
        return {
            "language_versions": [
                (version.language, version.get_absolute_url())
                for version in item.published_language_versions
            ]
        }

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

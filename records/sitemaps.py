"""``sitemap.xml``: the public pages, every published record, and each of its published
language versions, which name each other as ``hreflang`` alternates."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse

from records.models import LanguageVersion, Meeting
from records.record_texts import master_text, record_texts


class PagesSitemap(Sitemap):
    """The fixed public pages."""

    changefreq = "weekly"

    def items(self):
        return [
            "records:home",
            "records:meeting_list",
            "records:resolution_list",
            "records:action_list",
            "records:overview",
            "api:docs",
        ]

    def location(self, item):
        return reverse(item)


def _original_is_version(meeting_path="pk"):
    return Exists(LanguageVersion.objects.filter(meeting=OuterRef(meeting_path), original=True))


def _published_versions(path="language_versions"):
    return Prefetch(
        path,
        queryset=LanguageVersion.objects.published(),
        to_attr="published_language_versions",
    )


class TextsSitemap(Sitemap):
    """A sitemap of records' texts, where each lists all its record's published texts as
    alternates (``<xhtml:link rel="alternate" hreflang="…">``) and the original as
    ``x-default``, when its record has more than one (``records/record_texts.py``)."""

    def get_urls(self, page=1, site=None, protocol=None):
        protocol = self.get_protocol(protocol)
        domain = self.get_domain(site)
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            texts = self.texts(url["item"])
            if len(texts) < 2:
                continue
            url["alternates"] = [
                {"location": f"{protocol}://{domain}{text.url()}", "lang_code": text.language}
                for text in texts
            ]
            url["alternates"].append(
                {
                    "location": f"{protocol}://{domain}{master_text(texts).url()}",
                    "lang_code": "x-default",
                }
            )
        return urls


class MeetingSitemap(TextsSitemap):
    """Each published summary record."""

    changefreq = "monthly"

    def items(self):
        return (
            Meeting.objects.published()
            .annotate(original_is_version=_original_is_version())
            .prefetch_related(_published_versions())
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.changed_at

    def texts(self, item):
        return record_texts(item)


class LanguageVersionSitemap(TextsSitemap):
    """Each published language version of a published record."""

    changefreq = "monthly"

    def items(self):
        return (
            LanguageVersion.objects.published()
            .select_related("meeting")
            .annotate(record_original_is_version=_original_is_version("meeting"))
            .prefetch_related(_published_versions("meeting__language_versions"))
            .order_by("pk")
        )

    def lastmod(self, item):
        return max(item.meeting.changed_at, item.published_at)

    def texts(self, item):
        # What the record page's query annotates on the meeting, here read beside it.
        item.meeting.original_is_version = item.record_original_is_version
        return record_texts(item.meeting)


SITEMAPS = {"pages": PagesSitemap, "records": MeetingSitemap, "versions": LanguageVersionSitemap}

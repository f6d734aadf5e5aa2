"""``sitemap.xml``: the public pages, and every published record."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from records.models import Meeting


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


class MeetingSitemap(Sitemap):
    """Each published summary record."""

    changefreq = "monthly"

    def items(self):
        return Meeting.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.changed_at


SITEMAPS = {"pages": PagesSitemap, "records": MeetingSitemap}

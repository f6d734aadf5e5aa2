"""Meetings as iCalendar (RFC 5545), for calendar programs to subscribe to:
``/calendars/meetings.ics`` (every meeting) and ``/calendars/series/<slug>.ics`` (one series).

Public published records only, as everywhere public. Each event spans the meeting's days
(all-day), at its venue, and links to its record; its ``UID`` is stable, and its
``SEQUENCE`` is the number of corrections, so a calendar updates the event when the record
is corrected. Meetings known only by their year are left out: they have no days to show.
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View

from records.caching import conditional_response
from records.models import Meeting
from records.subscriptions import public_series

PRODUCT = "-//ASEAN Meetings//Summary records//EN"
# How often a subscribed calendar program should look for changes (RFC 7986).
REFRESH = datetime.timedelta(hours=12)


def meetings_calendar(meetings, *, name: str, link) -> bytes:
    """``meetings`` as an iCalendar file; ``link(path)`` makes a path absolute."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    for meeting in meetings:
        calendar.add_component(_event(meeting, link(meeting.get_absolute_url()), host))
    return calendar.to_ical()


def _event(meeting: Meeting, url: str, host: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", meeting.changed_at)
    event.add("last-modified", meeting.changed_at)
    event.add("sequence", meeting.correction_count)
    event.add("dtstart", meeting.start_date)
    # All-day events end on the day after their last (RFC 5545 3.6.1).
    event.add("dtend", (meeting.end_date or meeting.start_date) + datetime.timedelta(days=1))
    event.add("summary", meeting.title)
    country = meeting.country.name if meeting.country else ""
    place = ", ".join(part for part in (meeting.venue, country) if part)
    if place:
        event.add("location", place)
    event.add("url", url)
    event.add(
        "description",
        f"{meeting.series.name}, {meeting.get_format_display().lower()}.\nSummary record: {url}",
    )
    event.add("categories", [meeting.series.short_name or meeting.series.name])
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event


class MeetingCalendarView(View):
    """The calendar of every meeting with a public record, or of one series' (``slug``)."""

    def get(self, request, slug=None):
        meetings = (
            Meeting.objects.published()
            .filter(start_date__isnull=False)
            .select_related("series", "country")
            .annotate(correction_count=Count("corrections"))
            .order_by("start_date", "pk")
        )
        name = "ASEAN meetings"
        if slug is not None:
            series = get_object_or_404(public_series(), slug=slug)
            meetings = meetings.filter(series=series)
            name = series.name
        meetings = list(meetings)
        response = HttpResponse(
            meetings_calendar(meetings, name=name, link=request.build_absolute_uri),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = f'inline; filename="{slug or "meetings"}.ics"'
        changed = max((meeting.changed_at for meeting in meetings), default=timezone.now())
        return conditional_response(request, response, last_modified=changed)

"""The record page as schema.org linked data (JSON-LD), for search engines and harvesters.

Three things are described, linked by ``@id``: the meeting as an ``Event`` (its series as
``superEvent``, dates, place, the chairs as organizers), the summary record as
``Legislation`` (its language, its legal value, publication, corrections and the files it
comes as) and each follow-up action as an ``Action`` with its ``actionStatus``.

It is written into the page as ``<script type="application/ld+json">``: a data block,
which browsers never run, so the Content Security Policy (no inline script) stands. The
JSON is escaped as Django's ``json_script`` does, so no text in it can close the element.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from records.models import FollowUpActionStatus, Meeting, MeetingFormat

SCHEMA = "https://schema.org/"
ATTENDANCE = {
    MeetingFormat.IN_PERSON: "OfflineEventAttendanceMode",
    MeetingFormat.ONLINE: "OnlineEventAttendanceMode",
    MeetingFormat.HYBRID: "MixedEventAttendanceMode",
}
ACTION_STATUS = {
    FollowUpActionStatus.OPEN: "PotentialActionStatus",
    FollowUpActionStatus.IN_PROGRESS: "ActiveActionStatus",
    FollowUpActionStatus.DONE: "CompletedActionStatus",
    # schema.org has no "cancelled" action: a cancelled action was not carried out.
    FollowUpActionStatus.CANCELLED: "FailedActionStatus",
}
# The site's footer: the adopted text of each record is authoritative.
LEGAL_VALUE = "AuthoritativeLegalValue"
PUBLISHER = {"@type": "Organization", "name": "ASEAN Secretariat"}
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def record_graph(meeting: Meeting, *, link) -> dict:
    """The JSON-LD of ``meeting``'s record page; ``link(path)`` makes a path absolute.

    Reads only what ``Meeting.objects.for_record_page()`` loads: no query of its own.
    """
    url = link(meeting.get_absolute_url())
    event_id, record_id = f"{url}#meeting", f"{url}#record"
    return {
        "@context": SCHEMA,
        "@graph": [
            _event(meeting, event_id, record_id, link),
            _record(meeting, url, event_id, record_id, link),
        ],
    }


def _event(meeting, event_id, record_id, link) -> dict:
    series = meeting.series
    event = {
        "@type": "Event",
        "@id": event_id,
        "name": f"{meeting.ordinal} {series.name}",
        "eventStatus": f"{SCHEMA}EventScheduled",
        "eventAttendanceMode": f"{SCHEMA}{ATTENDANCE[meeting.format]}",
        "superEvent": {
            "@type": "EventSeries",
            "name": series.name,
            "alternateName": series.short_name,
            "url": link(f"{reverse('records:meeting_list')}#series-{series.slug}"),
        },
        "subjectOf": {"@id": record_id},
    }
    if meeting.start_date:
        event["startDate"] = meeting.start_date
        event["endDate"] = meeting.end_date or meeting.start_date
    locations = []
    if meeting.format != MeetingFormat.ONLINE and (meeting.venue or meeting.country):
        place = {"@type": "Place", "name": meeting.venue or meeting.country.name}
        if meeting.country:
            place["address"] = {"@type": "PostalAddress", "addressCountry": meeting.country.code}
        locations.append(place)
    if meeting.format != MeetingFormat.IN_PERSON:
        locations.append({"@type": "VirtualLocation", "name": "Online"})
    if locations:
        event["location"] = locations
    organizers = [_chair(p) for p in meeting.participants.all() if p.is_chair]
    if organizers:
        event["organizer"] = organizers
    return event


def _chair(participant) -> dict:
    chair = {"@type": "Person", "name": str(participant.person)}
    if participant.position:
        chair["jobTitle"] = participant.position
    if participant.organisation:
        chair["affiliation"] = {"@type": "Organization", "name": participant.organisation.name}
    elif participant.government:
        chair["affiliation"] = {
            "@type": "GovernmentOrganization",
            "name": f"Government of {participant.government.name}",
        }
    return chair


def _record(meeting, url, event_id, record_id, link) -> dict:
    record = {
        "@type": "Legislation",
        "@id": record_id,
        "url": url,
        "name": meeting.title,
        "legislationType": "Summary record",
        "inLanguage": meeting.language,
        "legislationLegalValue": _legal_value(meeting.authoritative),
        "about": {"@id": event_id},
        "publisher": PUBLISHER,
    }
    # Its published language versions (records/record_texts.py), each at its own page.
    translations = [
        {
            "@type": "Legislation",
            "@id": f"{link(version.get_absolute_url())}#record",
            "url": link(version.get_absolute_url()),
            "name": version.title,
            "inLanguage": version.language,
            "legislationLegalValue": _legal_value(version.authoritative),
        }
        for version in meeting.published_language_versions
    ]
    if translations:
        record["workTranslation"] = translations
    if meeting.end_date or meeting.start_date:
        record["legislationDate"] = meeting.end_date or meeting.start_date
    if meeting.published_at:
        record["datePublished"] = meeting.published_at
        record["dateModified"] = meeting.changed_at
    corrections = [
        {"@type": "CorrectionComment", "text": c.note, "datePublished": c.corrected_at}
        for c in meeting.corrections.all()
    ]
    if corrections:
        record["correction"] = corrections
    if meeting.is_published:
        record["encoding"] = [
            _file(link(reverse("records:meeting_pdf", args=[meeting.slug])), "application/pdf"),
            _file(link(reverse("records:meeting_akn", args=[meeting.slug])), "application/xml"),
        ]
        if meeting.is_public:
            record["encoding"].append(
                _file(link(reverse("api:meeting-detail", args=[meeting.slug])), "application/json")
            )
    actions = [_action(action, url) for action in meeting.follow_up_actions.all()]
    if actions:
        record["potentialAction"] = actions
    return record


def _legal_value(authoritative: bool) -> str:
    """A courtesy translation is no authoritative text: schema.org's unofficial value."""
    return f"{SCHEMA}{LEGAL_VALUE if authoritative else 'UnofficialLegalValue'}"


def _file(url, media_type) -> dict:
    return {
        "@type": "LegislationObject",
        "contentUrl": url,
        "encodingFormat": media_type,
        "legislationLegalValue": f"{SCHEMA}{LEGAL_VALUE}",
    }


def _action(action, record_url) -> dict:
    described = {
        "@type": "Action",
        "name": action.description,
        "actionStatus": f"{SCHEMA}{ACTION_STATUS[action.status]}",
        "description": f"Due: {action.due_display}"
        + (f" (“{action.due_text}”)" if action.due_text else ""),
    }
    if action.paragraph_id:
        described["url"] = f"{record_url}#{action.paragraph.anchor}"
    if action.owners:
        described["agent"] = {"@type": "Organization", "name": action.owners}
    return described


def json_ld_script(data: dict) -> str:
    """``data`` in a ``<script type="application/ld+json">`` element, escaped so that no
    value can end the element or start markup (as ``json_script`` escapes)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))

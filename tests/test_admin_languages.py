"""Our admin in the region's languages (issue 17, docs/languages.md): staff who chose Thai or
Vietnamese read our own admin pages and messages in it (marking decisions, the import
preview, the audit trail, a record's history, a language version's page, adding a version,
a workflow move), its fields' labels and help texts, and the refusals of the services, while
the record's own words stay exactly as adopted; the delegate invitation is written in the
site's language, not the inviting officer's.

The words expected are read from the catalogues (``gettext`` under the language), not
copied here: a catalogue that loses an entry, or a page that stops wrapping it, fails."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains

from records import roles, services
from records.delegates import delegate_invite
from records.models import Delegate, Meeting, last_change
from records.seed import SOURCE
from tests.factories import (
    FollowUpActionFactory,
    LanguageVersionFactory,
    MeetingFactory,
    ParagraphFactory,
)

pytestmark = pytest.mark.django_db

Status = Meeting.Status
STAFF_LANGUAGES = ["th", "vi"]
# The record's own words: a verb as written, a name, a deadline as written.
ADOPTED = "The Meeting welcomed the offer of Viet Nam to host the Fourth Meeting by March 2022."


def ours(code, text, **values):
    """``text`` as the catalogue of ``code`` has it; refuses an entry left in English, so
    that finding it on a page says the page was translated."""
    with translation.override(code):
        translated = gettext(text)
    assert translated != text, f"{code} has no translation of {text!r}"
    return translated % values if values else translated


@pytest.fixture(params=STAFF_LANGUAGES)
def staff(request, client, user_in_role):
    """(language, client): an editor and publisher in one, who chose that language."""
    user = user_in_role(roles.PUBLISHER)
    user.groups.add(*user_in_role(roles.EDITOR, username="editor").groups.all())
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = request.param
    return request.param, client


@pytest.fixture
def draft():
    meeting = MeetingFactory(draft=True)
    ParagraphFactory(meeting=meeting, number=1, text=ADOPTED)
    return meeting


def test_marking_decisions_speaks_the_staff_language_and_keeps_the_record_words(staff, draft):
    code, client = staff
    page = client.get(reverse("admin:records_meeting_decisions", args=[draft.pk]))
    assert page.status_code == 200
    assertContains(page, ours(code, "Add paragraphs"))
    assertContains(page, ours(code, "Propose"))
    assertContains(page, f'data-form="mark-1">{escape(ADOPTED)}</p>', html=False)
    assertNotContains(page, ">Add paragraphs<")


def test_words_not_in_the_paragraph_are_refused_in_the_staff_language(staff, draft):
    code, client = staff
    url = reverse("admin:records_meeting_decisions", args=[draft.pk])
    paragraph = draft.paragraphs.get()
    refused = client.post(url, {"paragraph": paragraph.pk, "mark-1-selection": "not in it"})
    said = ours(code, "These words are not in ¶%(number)s: select them in its text.", number=1)
    assertContains(refused, escape(said))


def test_the_import_preview_is_translated_and_the_record_is_as_written(staff):
    code, client = staff
    preview = client.post(reverse("admin:records_meeting_import"), {"text": SOURCE.read_text()})
    assert preview.status_code == 200
    for heading in ["Chairs and participants", "Paragraphs, resolutions and follow-up actions"]:
        assertContains(preview, f"<h2>{escape(ours(code, heading))}</h2>", html=True)
    assertContains(preview, ours(code, "Create the draft meeting"))
    # The verb is the record's word, marked where the record writes it.
    assertContains(
        preview,
        '<mark class="import-verb" title="R2.1 resolved (ASEAN and Japan)">resolved</mark>',
        html=True,
    )


def test_the_audit_trail_and_a_records_history_are_translated(staff, draft):
    code, client = staff
    trail = client.get(reverse("audit_trail"))
    assert trail.status_code == 200
    assertContains(trail, ours(code, "Download these rows as CSV"))
    assertContains(trail, ours(code, "Created"))  # the kind of change
    history = client.get(reverse("admin:records_meeting_history", args=[draft.pk]))
    assert history.status_code == 200
    assertContains(history, ours(code, "Changed by"))
    assertContains(history, escape(draft.title))


def test_a_language_version_page_and_adding_one_are_translated(staff, draft):
    code, client = staff
    version = LanguageVersionFactory(meeting=draft, draft=True)
    page = client.get(reverse("admin:records_languageversion_change", args=[version.pk]))
    assertContains(page, ours(code, "Submit for review"))
    assertContains(page, escape(version.paragraphs.get().text))

    url = reverse("admin:records_meeting_add_version", args=[draft.pk])
    assertContains(client.get(url), ours(code, "Paste the text of the version"))
    text = "Rekod Ringkasan\n\n1. Mesyuarat mengalu-alukan tawaran itu."
    preview = client.post(url, {"language": "ms", "text": text, "preview": "1"})
    assertContains(preview, f"<h2>{ours(code, 'Preview')}</h2>", html=True)
    assertContains(preview, "Mesyuarat mengalu-alukan tawaran itu.")
    assertContains(preview, escape(ADOPTED))  # the record's paragraph beside it, as adopted
    refused = client.post(url, {"language": "ms", "preview": "1"})
    assertContains(refused, ours(code, "Paste the text of the version or upload its file."))


def test_a_workflow_move_is_confirmed_and_reported_in_the_staff_language(staff, draft):
    code, client = staff
    url = reverse("admin:records_meeting_transition", args=[draft.pk, "submit"])
    assertContains(client.get(url), ours(code, "Submit for review"))
    draft.refresh_from_db()  # its version, as the confirmation page shows it
    done = client.post(url, {"confirm": "1", f"version-{draft.pk}": draft.version}, follow=True)
    with translation.override(code):  # the record's name carries its dates, in the language
        name = str(draft)
        in_review, a_draft = str(Status.IN_REVIEW.label).lower(), str(Status.DRAFT.label).lower()
    said = ours(code, "Now %(status)s: %(records)s.", status=in_review, records=f"“{name}”")
    assertContains(done, escape(said))
    draft.refresh_from_db()
    again = client.post(url, {"confirm": "1", f"version-{draft.pk}": draft.version}, follow=True)
    refused = ours(
        code,
        "“%(record)s” is %(status)s: only a record that is %(allowed)s can be %(done)s.",
        record=name,
        status=in_review,
        allowed=a_draft,
        done=ours(code, "submitted"),
    )
    assertContains(again, escape(refused))


def assert_labelled(page, code, labels):
    """Each field (its name: its label as the model names it) is labelled on ``page`` as the
    catalogue of ``code`` has it, as the admin writes a label: its first letter capital."""
    assert page.status_code == 200
    for field, label in labels.items():
        assertContains(page, f'for="id_{field}">{escape(capfirst(ours(code, label)))}')
        assertNotContains(page, f'for="id_{field}">{capfirst(label)}')


def test_a_records_change_page_labels_its_fields_in_the_staff_language(staff, draft):
    code, client = staff
    page = client.get(reverse("admin:records_meeting_change", args=[draft.pk]))
    labels = {
        "sequence_number": "sequence number",
        "slug": "web address",
        "language": "language",
        "start_date": "start date",
        "end_date": "end date",
        "venue": "venue",
        "paragraphs-0-text": "text",
    }
    assert_labelled(page, code, labels)
    assertContains(page, escape(ours(code, "Same as the start date if empty.")))
    permanent = "The permanent address of the public page. Left empty, it is made from the "
    assertContains(page, escape(ours(code, permanent + "series and number.")))
    assertContains(page, escape(ADOPTED))  # the paragraph's words, as adopted


def test_a_follow_up_actions_change_page_labels_its_fields_in_the_staff_language(staff, draft):
    code, client = staff
    action = FollowUpActionFactory(paragraph=draft.paragraphs.get())
    page = client.get(reverse("admin:records_followupaction_change", args=[action.pk]))
    labels = {
        "meeting": "meeting",
        "description": "description",
        "owners": "owners",
        "owner_countries": "owner countries",
        "owner_organisations": "owner organisations",
        "due_text": "due text",
        "status": "status",
    }
    assert_labelled(page, code, labels)
    assertContains(page, escape(action.due_text))  # the deadline as written


def test_a_correction_without_its_note_is_refused_in_the_staff_language(user_in_role):
    meeting = MeetingFactory()
    ParagraphFactory(meeting=meeting, number=1, text=ADOPTED)
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        services.meeting_correct(meeting=meeting, note=" ", user=user_in_role(roles.PUBLISHER))
    said = ours("th", "Write the correction note the public will read.")
    assert refused.value.message_dict == {"note": [said]}
    assert not meeting.corrections.exists()


def test_a_record_changed_since_the_page_was_opened_is_refused_in_one_translated_sentence(
    user_in_role, draft
):
    opened = draft.version
    editor = user_in_role(roles.EDITOR)
    draft.venue = "Bangkok"
    draft._history_user = editor
    draft.save()
    with translation.override("th"):
        with pytest.raises(ValidationError) as refused:
            services.meeting_submit_for_review(meeting=draft, user=editor, version=opened)
        changed = timezone.localtime(last_change(draft).history_date)
        when = dateformat.format(changed, "j F Y, H:i:s T")
        name = str(draft)
    said = ours(
        "th",
        "“%(record)s” was changed by %(user)s at %(when)s since you opened this page; "
        "review it again.",
        record=name,
        user=editor,
        when=when,
    )
    assert refused.value.messages == [said]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_the_delegate_invitation_is_in_the_sites_language_not_the_officers(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "th"
    with translation.override("vi"), django_capture_on_commit_callbacks(execute=True):
        delegate_invite(
            delegate=Delegate(email="siti@example.org", first_name="Siti", last_name="Rahmah")
        )
    (message,) = mailoutbox
    assert message.subject == ours("th", "Your account for the ASEAN meeting records")
    assert ours("th", "Dear %(name)s,", name="Siti Rahmah") in message.body
    assert "siti@example.org" in message.body


def test_the_delegate_invitation_stays_in_english_when_the_site_is(
    mailoutbox, django_capture_on_commit_callbacks
):
    with translation.override("th"), django_capture_on_commit_callbacks(execute=True):
        delegate_invite(
            delegate=Delegate(email="ana@example.org", first_name="Ana", last_name="Cruz")
        )
    (message,) = mailoutbox
    assert message.subject == "Your account for the ASEAN meeting records"
    assert message.body.startswith("Dear Ana Cruz,")

"""Editor text is text: a record whose every editor field holds markup is shown, printed and
exported with that markup as characters, never as elements, in every output. And the marks
search uses for its hits never reach the database."""

import csv
import io
import json
import re

import pytest
from django.apps import apps
from django.db.models import CharField, TextField
from django.urls import reverse
from lxml import etree, html
from pypdf import PdfReader

from records import akoma_ntoso, roles
from records.importing import parse_record
from records.models import (
    AgendaItem,
    Correction,
    Country,
    FollowUpAction,
    LanguageVersion,
    MeetingSeries,
    Organisation,
    Paragraph,
    Participant,
    Person,
    ProgressUpdate,
    Resolution,
    VersionParagraph,
)
from records.services import record_import
from records.text import START_MARK, STOP_MARK, NoSearchMarks
from tests.factories import MeetingFactory, ParagraphFactory
from tests.helpers import change_form_data

pytestmark = pytest.mark.django_db


def markup(label: str) -> str:
    """Markup that runs script wherever it is taken for HTML, named for its field."""
    return f'<script>alert("{label}")</script><img src=x onerror=alert(1)> & {label}'


def short_markup(label: str) -> str:
    """For fields of 30 to 60 characters."""
    return f"<i onclick=f()>{label}</i>"


def saved(instance):
    instance.full_clean()
    instance.save()
    return instance


@pytest.fixture
def hostile():
    """A published record, and a later one reporting progress on it, with markup in every
    field an editor fills in (slugs, codes and dates cannot hold it)."""
    country = saved(Country(name=markup("country"), code="ZZ"))
    organisation = saved(
        Organisation(
            name=markup("organisation"),
            short_name=short_markup("org"),
            slug="hostile-organisation",
            country=country,
        )
    )
    person = saved(Person(honorific=short_markup("Dr"), name=markup("person")))
    series = saved(
        MeetingSeries(
            name=markup("series"),
            short_name=short_markup("series short"),
            slug="hostile-series",
            description=markup("series description"),
        )
    )
    meeting = MeetingFactory(
        series=series,
        sequence_number=1,
        title=markup("title"),
        slug="hostile-1",
        venue=markup("venue"),
        country=country,
        note=markup("note"),
    )
    saved(Correction(meeting=meeting, note=markup("correction")))
    saved(
        Participant(
            meeting=meeting,
            person=person,
            position=markup("position"),
            organisation=organisation,
            government=country,
        )
    )
    item = saved(AgendaItem(meeting=meeting, number=1, title=markup("agenda item")))
    clause = f"to publish the guidebook {markup('clause')}"
    paragraph = saved(
        Paragraph(
            meeting=meeting,
            number=1,
            agenda_item=item,
            text=f"{markup('paragraph')} {markup('parties')} agreed {clause}. They "
            f"{short_markup('verb')} the guidebook fund.",
        )
    )
    # A decision's words are its paragraph's: the verb "other" shows the record's own word.
    saved(
        Resolution(
            paragraph=paragraph,
            verb=Resolution.Verb.OTHER,
            verb_word=short_markup("verb"),
            parties="They",
            text="the guidebook fund",
        )
    )
    resolution = saved(
        Resolution(
            paragraph=paragraph,
            verb=Resolution.Verb.AGREED,
            parties=markup("parties"),
            text=clause,
        )
    )
    resolution.party_countries.set([country])
    resolution.party_organisations.set([organisation])
    action = saved(
        FollowUpAction(
            meeting=meeting,
            paragraph=paragraph,
            resolution=resolution,
            description=f"Publish the guidebook {markup('action')}",
            owners=markup("owners"),
            due_text=markup("due"),
            due_precision=FollowUpAction.Precision.NEXT_MEETING,
        )
    )
    action.owner_countries.set([country])
    action.owner_organisations.set([organisation])
    later = MeetingFactory(series=series, sequence_number=2, slug="hostile-2")
    saved(ProgressUpdate(action=action, meeting=later, text=markup("progress")))
    version = saved(
        LanguageVersion(
            meeting=meeting,
            language="th",
            title=markup("version title"),
            status=LanguageVersion.Status.PUBLISHED,
            published_at=meeting.published_at,
        )
    )
    saved(VersionParagraph(language_version=version, number=1, text=markup("version paragraph")))
    return meeting


# What markup in editor text would have made, were it taken for HTML ----------------------


def live_markup(tree) -> list[str]:
    """Elements and attributes in ``tree`` that no template of ours makes: a script of its own
    text (the record's linked data is JSON, which browsers never run: it must parse whole),
    an image of ``src=x``, any ``on…`` event handler."""
    found = []
    for element in tree.iter(etree.Element):
        name = etree.QName(element).localname
        if name == "script" and element.get("type") == "application/ld+json":
            json.loads(element.text)
        elif name == "script" and not element.get("src"):
            found.append(etree.tostring(element, encoding="unicode")[:80])
        if name == "img" and element.get("src") == "x":
            found.append("img src=x")
        found += [f"{name} {attribute}" for attribute in element.attrib if attribute[:2] == "on"]
    return found


def shown_as_text(text: str) -> set[str]:
    """The labels of the fields whose markup ``text`` shows as characters."""
    return set(re.findall(r'<script>alert\("([^"]+)"\)</script><img src=x onerror', text)) | set(
        re.findall(r"<i onclick=f\(\)>([^<]+)</i>", text)
    )


PAGES = {
    # page: the labels of the fields it shows
    "/": {"title", "series", "venue", "country"},
    "/meetings/": {"title", "series", "series description", "venue", "country"},
    "/meetings/hostile-1/": {
        "title",
        "series",
        "series short",
        "note",
        "correction",
        "venue",
        "country",
        "Dr",
        "person",
        "position",
        "organisation",
        "org",
        "agenda item",
        "paragraph",
        "parties",
        "verb",
        "clause",
        "action",
        "owners",
        "due",
    },
    "/meetings/hostile-2/": {"action", "series", "series short", "progress"},
    "/meetings/hostile-1/th/": {
        "version title",
        "version paragraph",
        "series",
        "series short",
        "venue",
        "country",
        "Dr",
        "person",
        "position",
        "organisation",
        "org",
        "verb",
    },
    "/resolutions/": {"parties", "verb", "clause", "agenda item", "country", "organisation", "org"},
    "/actions/": {"action", "owners", "due", "progress"},
    "/search/?q=guidebook": {
        "title",
        "series short",
        "clause",
        "parties",
        "verb",
        "action",
        "owners",
    },
    "/overview/": {"series short"},
    "/actions/?carried_over=1": {"action", "owners", "progress"},
    # The summary of active filters names the chosen meeting, country and organisation.
    "/resolutions/?meeting=hostile-1&party_country=ZZ&party_organisation=hostile-organisation": {
        "series short",
        "country",
        "organisation",
    },
    "/actions/?owner_country=ZZ&owner_organisation=hostile-organisation": {
        "country",
        "organisation",
    },
}


@pytest.mark.parametrize("path", list(PAGES))
def test_markup_in_editor_text_shows_as_text_on_every_page(client, hostile, path):
    response = client.get(path)
    assert response.status_code == 200
    tree = html.document_fromstring(response.content)
    assert live_markup(tree) == []
    assert shown_as_text(tree.text_content()) >= PAGES[path]


ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def test_markup_in_editor_text_is_escaped_html_in_the_atom_feed(client, hostile):
    document = etree.fromstring(client.get(reverse("records:feed")).content)
    assert live_markup(document) == []
    [entry] = [
        entry
        for entry in document.iterfind("atom:entry", ATOM)
        if entry.findtext("atom:title", namespaces=ATOM) == markup("title")
    ]
    summary = entry.find("atom:summary", ATOM)
    assert summary.get("type") == "html"
    # What a feed reader renders: the summary's text taken as HTML.
    rendered = html.fragment_fromstring(summary.text, create_parent="div")
    assert live_markup(rendered) == []
    assert shown_as_text(rendered.text_content()) == {
        "venue",
        "country",
        "note",
        "correction",
        "version title",
    }


def test_the_sitemap_holds_only_sitemap_elements(client, hostile):
    document = etree.fromstring(client.get("/sitemap.xml").content)
    names = {etree.QName(element).localname for element in document.iter(etree.Element)}
    assert names == {"urlset", "url", "loc", "lastmod", "changefreq", "link"}
    assert "http://testserver/meetings/hostile-1/" in document.itertext()
    assert "http://testserver/meetings/hostile-1/th/" in document.itertext()


@pytest.mark.parametrize(
    ("url", "labels"),
    [
        ("/meetings/hostile-1/akn.xml", {"title", "paragraph", "clause"}),
        ("/meetings/hostile-1/th/akn.xml", {"version title", "version paragraph"}),
    ],
)
def test_markup_in_editor_text_is_text_in_akoma_ntoso(client, hostile, url, labels):
    document = etree.fromstring(client.get(url).content)
    assert akoma_ntoso.schema().validate(document), akoma_ntoso.schema().error_log
    assert live_markup(document) == []
    assert {etree.QName(element).namespace for element in document.iter(etree.Element)} == {
        akoma_ntoso.NAMESPACE
    }
    assert shown_as_text("".join(document.itertext())) >= labels
    # Attributes too (a title is named in several): text, never elements.
    assert shown_as_text(
        " ".join(v for element in document.iter(etree.Element) for v in element.attrib.values())
    ) >= {label for label in labels if "title" in label}


@pytest.mark.parametrize(
    ("url", "labels"),
    [
        ("/meetings/hostile-1/record.pdf", ["title", "note", "correction", "paragraph"]),
        ("/meetings/hostile-1/th/record.pdf", ["version title", "version paragraph"]),
    ],
)
def test_markup_in_editor_text_is_printed_in_the_pdf_with_no_link_or_script(
    client, hostile, url, labels
):
    response = client.get(url)
    reader = PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    for label in labels:
        assert re.sub(r"\s+", "", markup(label)) in text
    catalog = reader.trailer["/Root"]
    assert "/OpenAction" not in catalog
    assert "/AA" not in catalog
    names = catalog.get("/Names")
    assert names is None or "/JavaScript" not in names.get_object()
    for page in reader.pages:
        assert "/Annots" not in page  # no link, nothing to click


API = ["meetings/hostile-1/", "resolutions/", "actions/", "series/", "countries/", "organisations/"]


@pytest.mark.parametrize("path", API)
def test_markup_in_editor_text_is_kept_exactly_as_data_in_the_json_api(client, hostile, path):
    response = client.get(f"/api/{path}")
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    values = set(strings(response.json()))
    assert shown_as_text(" ".join(values))
    if path in {"meetings/hostile-1/", "resolutions/"}:
        assert short_markup("verb") in values
    assert not any("&lt;" in value for value in values)  # data, not HTML: never escaped


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/resolutions/choices/meeting/", "hostile"),
        ("/resolutions/choices/party_country/", "zz"),
        ("/actions/choices/owner_organisation/", "hostile"),
    ],
)
def test_markup_in_editor_text_is_kept_exactly_as_data_in_the_filter_choices(
    client, hostile, path, words
):
    response = client.get(path, {"q": words})
    assert response["Content-Type"] == "application/json"
    values = set(strings(response.json()))
    assert shown_as_text(" ".join(values))
    assert not any("&lt;" in value for value in values)


def strings(data):
    """Every string in a JSON document."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict | list):
        for item in data.values() if isinstance(data, dict) else data:
            yield from strings(item)


@pytest.mark.parametrize("path", ["/resolutions/?format=csv", "/actions/?format=csv"])
def test_markup_in_editor_text_is_kept_exactly_in_the_csv_exports(client, hostile, path):
    response = client.get(path)
    assert response["Content-Type"].startswith("text/csv")
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = {cell for row in csv.reader(io.StringIO(body)) for cell in row}
    assert markup("owners" if "actions" in path else "parties") in cells
    if "resolutions" in path:
        assert short_markup("verb") in cells


@pytest.mark.parametrize("where", ["audit trail", "meeting history"])
def test_markup_in_editor_text_shows_as_text_in_the_audit_trail_and_history(
    admin_client, hostile, where
):
    # A change of each text field, so the trail shows it before and after, as a word diff.
    hostile.venue = f"{hostile.venue} {markup('venue changed')}"
    hostile.note = markup("note changed")
    hostile.save()
    path = (
        "/admin/audit/"
        if where == "audit trail"
        else reverse("admin:records_meeting_history", args=[hostile.pk])
    )
    response = admin_client.get(path)
    assert response.status_code == 200
    tree = html.document_fromstring(response.content.decode())
    assert live_markup(tree) == []
    assert shown_as_text(tree.text_content()) >= {"venue changed", "note changed", "paragraph"}


def test_markup_in_editor_text_is_kept_exactly_in_the_audit_trail_csv(admin_client, hostile):
    response = admin_client.get("/admin/audit/?format=csv&part=person")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = {cell for row in csv.reader(io.StringIO(body)) for cell in row}
    assert any(markup("person") in cell for cell in cells)


# The marks of search hits never reach the database ----------------------------------------

MARKED = f"The Meeting {START_MARK}agreed{STOP_MARK}{START_MARK * 3}."


def test_search_marks_typed_into_a_paragraph_in_the_admin_never_reach_the_database(
    admin_client,
):
    meeting = MeetingFactory(draft=True)
    paragraph = ParagraphFactory(meeting=meeting, number=1, text="The Meeting agreed.")
    url = reverse("admin:records_meeting_change", args=[meeting.pk])
    data = change_form_data(admin_client.get(url))
    data["paragraphs-0-text"] = MARKED
    data["venue"] = f"{START_MARK}Jakarta{STOP_MARK}"
    assert admin_client.post(url, data).status_code == 302
    paragraph.refresh_from_db()
    meeting.refresh_from_db()
    assert (paragraph.text, meeting.venue) == ("The Meeting agreed.", "Jakarta")


def test_search_marks_in_an_imported_record_never_reach_the_database():
    text = (
        f"Summary Record of the First {START_MARK}ASEAN{STOP_MARK} Meeting on Marks\n\n"
        f"1. The First ASEAN Meeting on Marks was held in Jakarta on 1 March 2024.\n\n"
        f"2. The Meeting {START_MARK}agreed{STOP_MARK} to publish the guidebook.\n"
    )
    meeting = record_import(parsed=parse_record(text))
    stored = [meeting.title, *meeting.paragraphs.values_list("text", flat=True)]
    stored += Resolution.objects.values_list("text", flat=True)
    assert stored
    assert not any(START_MARK in value or STOP_MARK in value for value in stored)
    assert meeting.paragraphs.get(number=2).text == "The Meeting agreed to publish the guidebook."


def test_every_model_with_text_drops_the_search_marks_when_validated():
    with_text = [
        model
        for model in apps.get_app_config("records").get_models()
        if not hasattr(model, "instance_type")  # history rows copy the model's own, saved rows
        and any(isinstance(field, CharField | TextField) for field in model._meta.fields)
    ]
    assert [model for model in with_text if not issubclass(model, NoSearchMarks)] == []
    country = Country(name=f"{START_MARK}Japan{STOP_MARK}", code="JP")
    country.full_clean()
    assert country.name == "Japan"


# Accounts: names come from whoever made the account, or from a government's identity
# provider (single sign-on); the sign-in's lockout page repeats what was typed.


def test_markup_in_a_users_name_shows_as_text_in_the_header_and_profile(client, user_in_role):
    user = user_in_role(roles.DELEGATE, username="delegate")
    user.first_name, user.last_name = markup("first name"), short_markup("last name")
    user.email = "delegate@example.org"
    user.save()
    client.force_login(user)
    for path in ["/", "/accounts/profile/"]:
        tree = html.document_fromstring(client.get(path).content)
        assert live_markup(tree) == [], path
        assert shown_as_text(tree.text_content()) >= {"first name", "last name"}, path


def test_markup_typed_as_a_login_shows_as_text_on_the_lockout_page(client):
    typed = markup("login")
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": typed, "password": "guess"})
    assert response.status_code == 429
    tree = html.document_fromstring(response.content)
    assert live_markup(tree) == []
    assert shown_as_text(tree.text_content()) == {"login"}


def test_markup_in_the_address_stays_in_the_sign_in_link(client):
    response = client.get('/no-such-page/"><script>alert(1)</script>')
    assert response.status_code == 404
    tree = html.document_fromstring(response.content)
    assert live_markup(tree) == []
    [link] = tree.xpath('//header//a[text()="Sign in"]')
    # The address as the browser sent it (percent-encoded), encoded once more as a parameter.
    assert link.get("href") == (
        "/accounts/login/?next=/no-such-page/%2522%253E%253Cscript%253Ealert%281%29%253C/script%253E"
    )

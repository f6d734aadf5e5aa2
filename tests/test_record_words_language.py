"""On a page whose interface is in another language (Thai chosen in the switch), every element
showing a record's own words says the language of the text they come from, and the
interface's words stay in the interface's language: on every page type that shows records.

The pages are parsed (lxml) and each text node judged by the ``lang`` it inherits: a record's
words (its title, decisions, actions, owners and deadlines as written, agenda, progress
reported, a version's text) in their record's or version's language; Thai script, which only
the interface writes here, in Thai; a search excerpt and a clause never in the interface's.
"""

import re

import lxml.html
import pytest
from django.conf import settings
from django.test import Client

from records import versions
from records.models import (
    AgendaItem,
    FollowUpAction,
    LanguageVersion,
    Meeting,
    MeetingSeries,
    Paragraph,
    Participant,
    ProgressUpdate,
    Resolution,
    VersionParagraph,
)
from records.seed import THIRD_HLM_SLUG
from tests.factories import full_record

pytestmark = pytest.mark.django_db

THAI = re.compile("[\u0e00-\u0e7f]")
# What a page adds around words it shows whole: quotation marks, a paragraph's number.
AROUND = re.compile(r"^[\s“”(),·:]+|(, ¶\d+)?[\s“”(),·:]+$|, ¶\d+$")
# Elements that hold nothing but a record's words.
RECORD_WORDS = ["clause", "snippet", "verb", "record-title"]


@pytest.fixture
def vietnamese():
    """A published record whose own text is Vietnamese, with decisions, actions and progress
    reported on them at a later (English) meeting, and two published versions."""
    meeting = full_record(2, language="vi", title="Biên bản tóm tắt Hội nghị Thành phố Thông minh")
    actions = FollowUpAction.objects.filter(meeting=meeting)
    for number, action in enumerate(actions, start=1):
        action.description = f"Chuẩn bị báo cáo số {number} về đô thị thông minh."
        action.save(update_fields=["description"])
    actions.update(owners="Ban Thư ký ASEAN và các Thành phố", due_text="trước ngày 30 tháng 6")
    Resolution.objects.filter(paragraph__meeting=meeting).update(parties="Hội nghị các bên")
    AgendaItem.objects.filter(meeting=meeting).update(title="Hợp tác đô thị thông minh")
    Participant.objects.filter(meeting=meeting).update(position="Thứ trưởng Bộ Xây dựng")
    versions.record_version(meeting=meeting)
    versions.record_version(meeting=meeting, note="Đã sửa ¶1 của biên bản.")
    return meeting


@pytest.fixture
def pages(public_pages, vietnamese):
    seed = Meeting.objects.get(slug=THIRD_HLM_SLUG)
    versions.record_version(meeting=seed)
    versions.record_version(meeting=seed, note="¶2 corrected after publication.")
    number = vietnamese.published_versions.latest("number").number
    return {
        **{
            name: path
            for name, path in public_pages.items()
            if name.startswith(("home", "meeting_list", "record", "language_version"))
            or name.startswith(("resolutions", "actions", "search_results", "overview"))
        },
        "vietnamese_record": vietnamese.get_absolute_url(),
        "vietnamese_later_meeting": ProgressUpdate.objects.filter(action__meeting=vietnamese)
        .first()
        .meeting.get_absolute_url(),
        "actions": "/actions/",
        "resolutions_vietnamese": f"/resolutions/?meeting={vietnamese.slug}",
        "search_vietnamese": "/search/?q=thông minh",
        "search_version": "/search/?q=スマートシティ&kind=version",
        "search_actions": "/search/?q=report&kind=action",
        "version_list": f"/meetings/{vietnamese.slug}/versions/",
        "version_detail": f"/meetings/{vietnamese.slug}/versions/{number}/",
        "version_diff": f"/meetings/{vietnamese.slug}/versions/{number}/changes/",
        "seed_version_diff": f"/meetings/{THIRD_HLM_SLUG}/versions/2/changes/",
    }


def record_strings() -> dict[str, str]:
    """Each record's words (of eight characters or more) → the language they are in; words
    two texts share in different languages are left out, as undecidable. A page shows each
    as a text of its own (``AROUND`` aside)."""
    found: dict[str, set[str]] = {}

    def add(text, language):
        if text and len(text) >= 8:
            found.setdefault(text, set()).add(language)

    for title, language in Meeting.objects.values_list("title", "language"):
        add(title, language)
    for resolution in Resolution.objects.select_related("paragraph__meeting"):
        add(resolution.text, resolution.paragraph.meeting.language)
        add(resolution.parties, resolution.paragraph.meeting.language)
    for action in FollowUpAction.objects.select_related("meeting"):
        for text in (action.description, action.owners, action.due_text):
            add(text, action.meeting.language)
    for update in ProgressUpdate.objects.select_related("meeting"):
        add(update.text, update.meeting.language)
    for item in AgendaItem.objects.select_related("meeting"):
        add(item.title, item.meeting.language)
    for participant in Participant.objects.select_related("meeting"):
        add(participant.position, participant.meeting.language)
    for paragraph in Paragraph.objects.select_related("meeting"):
        add(paragraph.text, paragraph.meeting.language)
    for version in LanguageVersion.objects.all():
        add(version.title, version.language)
    for paragraph in VersionParagraph.objects.select_related("language_version"):
        add(paragraph.text, paragraph.language_version.language)
    return {text: languages.pop() for text, languages in found.items() if len(languages) == 1}


def language_of(element) -> str:
    for node in (element, *element.iterancestors()):
        if node.get("lang") is not None:
            return node.get("lang")
    return ""


def text_nodes(document):
    """``(element the text is in, text)`` for every text of the body outside scripts."""
    for element in document.body.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        if element.text and element.text.strip():
            yield element, element.text
        if element.tail and element.tail.strip() and element.getparent() is not None:
            yield element.getparent(), element.tail


def thai_page(client, path):
    response = client.get(path)
    assert response.status_code in (200, 400, 404), path
    return lxml.html.document_fromstring(response.content.decode())


@pytest.fixture
def thai_client():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    return client


def test_every_record_word_says_its_texts_language_on_a_thai_page(thai_client, pages):
    strings = record_strings()
    checked = 0
    for name, path in pages.items():
        document = thai_page(thai_client, path)
        assert document.get("lang") == "th", name
        for element, text in text_nodes(document):
            words = AROUND.sub("", text)
            if words in strings:
                checked += 1
                assert language_of(element) == strings[words], (name, words, element.tag)
    assert checked > 200  # the pages show the records' words, and each was judged


def test_the_interface_stays_thai_beside_the_records_words(thai_client, pages):
    for name, path in pages.items():
        document = thai_page(thai_client, path)
        for element, text in text_nodes(document):
            if THAI.search(text):
                assert language_of(element) == "th", (name, text)
        for element in document.body.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute in ("aria-label", "title"):
                if THAI.search(element.get(attribute) or ""):
                    assert language_of(element) == "th", (name, attribute, element.get(attribute))


def test_clauses_excerpts_and_verbs_are_never_in_the_interfaces_language(thai_client, pages):
    seen = set()
    for name, path in pages.items():
        document = thai_page(thai_client, path)
        for kind in RECORD_WORDS:
            for element in document.find_class(kind):
                seen.add(kind)
                assert language_of(element) in {"en", "vi", "ja"}, (name, kind)
    assert seen == set(RECORD_WORDS)


def test_a_version_hit_and_the_vietnamese_records_words_say_their_own_languages(thai_client, pages):
    document = thai_page(thai_client, pages["search_version"])
    snippets = document.find_class("snippet")
    assert snippets and {language_of(snippet) for snippet in snippets} == {"ja"}
    document = thai_page(thai_client, pages["resolutions_vietnamese"])
    clauses = document.find_class("clause")
    assert clauses and {clause.get("lang") for clause in clauses} == {"vi"}
    document = thai_page(thai_client, pages["version_detail"])
    assert document.find_class("record")[0].get("lang") == "vi"


def test_a_right_to_left_version_says_its_direction_in_search(thai_client, seed):
    version = LanguageVersion.objects.create(
        meeting=seed,
        language="ar",
        title="محضر موجز",
        status=Meeting.Status.PUBLISHED,
        published_at=seed.published_at,
    )
    for paragraph in seed.paragraphs.all():
        VersionParagraph.objects.create(
            language_version=version, number=paragraph.number, text="مدينة ذكية zarqa"
        )
    document = thai_page(thai_client, "/search/?q=zarqa&kind=version")
    snippet = document.find_class("snippet")[0]
    assert (snippet.get("lang"), snippet.get("dir")) == ("ar", "rtl")


def test_on_an_english_page_only_words_in_another_language_say_theirs(client, pages):
    document = lxml.html.document_fromstring(client.get(pages["resolutions"]).content)
    languages = {
        clause.get("lang") for clause in document.find_class("clause") if clause.text_content()
    }
    assert languages == {None, "vi"}  # the seed's English clauses inherit the page's
    record = lxml.html.document_fromstring(client.get(pages["vietnamese_record"]).content)
    (number_link, *_) = record.find_class("paragraph-number")
    assert language_of(number_link) == "en-gb"  # its label, inside the Vietnamese text
    assert {language_of(li) for li in record.xpath("//ul[@class='decisions']/li")} == {"vi"}


def test_a_series_name_and_description_say_the_sites_language_on_a_thai_page(thai_client, seed):
    """Staff keep the series in the site's language: on a Thai page its words say so."""
    document = thai_page(thai_client, "/meetings/")
    described = MeetingSeries.objects.exclude(description="")
    names = {series.name for series in described}
    descriptions = document.find_class("series-description")
    headings = [h2 for h2 in document.xpath("//section[@class='series']/h2") if h2.text in names]
    assert descriptions and len(headings) == len(names)
    for element in [*descriptions, *headings]:
        assert language_of(element) == settings.LANGUAGE_CODE
    english = lxml.html.document_fromstring(Client().get("/meetings/").content)
    assert [element.get("lang") for element in english.find_class("series-description")] == [
        None
    ] * len(descriptions)

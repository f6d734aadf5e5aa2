"""The site in ASEAN languages (docs/languages.md): the switch that keeps the page, the
interface's language on every page and in its headers, cached pages per language, error
pages and dates in the reader's language, and catalogues complete for every language."""

import datetime
import re
import shutil
import subprocess
from gettext import GNUTranslations
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.formats import get_format
from django.utils.translation import gettext
from pytest_django.asserts import assertContains

from asean_meetings import views
from records import display
from records.models import Meeting
from records.seed import THIRD_HLM_SLUG
from tests.vnu import vnu_messages

pytestmark = pytest.mark.django_db

CODES = [code for code, _name in settings.LANGUAGES]
TRANSLATED = [code for code in CODES if code != settings.LANGUAGE_CODE]
LOCALE = Path(settings.BASE_DIR) / "locale"


def in_language(code, text):
    with translation.override(code):
        return gettext(text)


def reader(code):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    return client


def html_lang(response):
    return re.search(r'<html lang="([^"]*)">', response.content.decode()).group(1)


# The switch ---------------------------------------------------------------------------------


def test_the_switch_sets_the_language_and_comes_back_to_the_page_with_its_query(client):
    page = "/resolutions/?verb=agreed&page=1"
    response = client.get("/language/", {"language": "th", "next": page})
    assert response.status_code == 302
    assert response["Location"] == page
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "th"
    assert html_lang(client.get(page)) == "th"


def test_every_page_links_each_language_back_to_itself(client):
    response = client.get("/meetings/?page=1")
    for code, name in settings.LANGUAGES:
        current = ' aria-current="true"' if code == settings.LANGUAGE_CODE else ""
        assertContains(
            response,
            f'<a href="/language/?language={code}&amp;next=%2Fmeetings%2F%3Fpage%3D1" '
            f'lang="{code}" hreflang="{code}"{current}>{name}</a>',
            html=True,
        )


def test_the_switch_never_sends_the_reader_off_the_site(client):
    response = client.get("/language/", {"language": "vi", "next": "https://example.com/"})
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"


def test_the_switch_keeps_the_language_when_asked_for_one_the_site_does_not_have(client):
    response = client.get("/language/", {"language": "xx", "next": "/meetings/"})
    assert response["Location"] == "/meetings/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


# The interface's language on every page ------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_the_page_is_in_the_chosen_language_and_says_so(seed, code):
    response = reader(code).get("/")
    assert html_lang(response) == code
    assert response["Content-Language"] == code
    assertContains(response, f">{in_language(code, 'Latest summary records')}</h1>")
    assertContains(response, f">{in_language(code, 'Meetings')}</a>")


def test_the_browser_chooses_until_the_reader_does(seed):
    assert html_lang(Client(HTTP_ACCEPT_LANGUAGE="th,en;q=0.5").get("/")) == "th"
    assert html_lang(Client(HTTP_ACCEPT_LANGUAGE="en-US").get("/")) == "en-gb"
    assert html_lang(Client(HTTP_ACCEPT_LANGUAGE="fr").get("/")) == "en-gb"
    chosen = Client(HTTP_ACCEPT_LANGUAGE="th")
    chosen.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert html_lang(chosen.get("/")) == "vi"


def test_the_record_text_keeps_its_own_language_on_a_page_in_another(seed):
    response = reader("th").get(f"/meetings/{THIRD_HLM_SLUG}/")
    assertContains(response, '<article class="record" aria-labelledby="record-title" lang="en">')


# Cached pages ---------------------------------------------------------------------------------


def test_a_cached_page_is_served_only_in_its_own_language(seed, django_assert_num_queries):
    english = Client().get("/meetings/")
    thai = reader("th").get("/meetings/")
    assert html_lang(thai) == "th"
    assertContains(thai, f">{in_language('th', 'Meetings')}</h1>")
    # Both are now cached: each reader gets their own, each with one query (the generation).
    with django_assert_num_queries(2):
        again_thai = reader("th").get("/meetings/")
        again_english = Client().get("/meetings/")
    assert again_thai.content == thai.content
    assert again_english.content == english.content
    assert again_thai.content != again_english.content
    assert again_thai["Content-Language"] == "th"
    assert again_english["Content-Language"] == "en-gb"


def test_pages_tell_caches_outside_the_site_what_chooses_their_language(seed):
    response = Client().get("/meetings/")
    vary = {part.strip() for part in response["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary


# The records as data answer in the site's language ------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/actions/",
        f"/meetings/{THIRD_HLM_SLUG}/akn.xml",
        "/feeds/records.atom",
        "/actions/?format=csv",
    ],
)
def test_the_records_as_data_are_the_same_for_every_reader(seed, path):
    english = Client().get(path)
    thai = reader("th").get(path)
    body = b"".join(thai.streaming_content) if thai.streaming else thai.content
    english_body = b"".join(english.streaming_content) if english.streaming else english.content
    assert thai["Content-Language"] == settings.LANGUAGE_CODE
    assert body == english_body


def test_the_api_documentation_is_in_the_readers_language(seed):
    response = reader("vi").get("/api/docs/")
    assertContains(response, f"<h1>{in_language('vi', 'API documentation')}</h1>")


# Emails -----------------------------------------------------------------------------------------


def test_the_confirmation_to_follow_records_is_in_the_language_of_the_page(mailoutbox):
    response = reader("th").post("/subscribe/", {"email": "reader@example.org"})
    assert response.status_code == 200
    [message] = mailoutbox
    followed = in_language("th", "every summary record")
    assert message.subject == in_language("th", "Confirm: follow %(followed)s") % {
        "followed": followed
    }
    assert in_language("th", "To stop these messages:") in message.body
    assert message.subject != "Confirm: follow every summary record"


# Errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_not_found_page_is_in_the_readers_language(code):
    response = reader(code).get("/meetings/no-such-record/")
    assert response.status_code == 404
    assertContains(response, f"<h1>{in_language(code, 'Page not found')}</h1>", status_code=404)
    assert html_lang(response) == code


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_server_error_page_is_in_the_readers_language(code):
    request = RequestFactory().get("/")
    with translation.override(code):
        response = views.server_error(request)
    text = response.content.decode()
    assert f"<h1>{in_language(code, 'Something went wrong')}</h1>" in text
    assert f'<html lang="{code}">' in text


# Dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", TRANSLATED)
def test_dates_are_written_with_the_languages_month_names(code):
    with translation.override(code):
        october = str(MONTHS[10])
        written = display.date_range(datetime.date(2021, 10, 18), datetime.date(2021, 10, 19))
        due = display.due_date(datetime.date(2022, 2, 28), "month")
        february = str(MONTHS[2])
    assert october != "October"
    assert october in written
    assert "18" in written and "19" in written and "2021" in written
    assert february in due and "2022" in due


def test_dates_in_english_are_written_as_records_write_them():
    with translation.override("en-gb"):
        assert display.date_range(datetime.date(2021, 10, 18), datetime.date(2021, 10, 19)) == (
            "18–19 October 2021"
        )


# A meeting's place in its series: "Third" in English, the number in the words of another
# language, never an English ordinal inside a sentence of another.
PLACE_OF_THE_THIRD = {"id": "ke-3", "ms": "ke-3", "th": "ครั้งที่ 3", "vi": "lần thứ 3"}


def test_english_spells_a_meetings_place_as_records_do():
    with translation.override("en-gb"):
        assert [display.ordinal(number) for number in (3, 21, 101)] == [
            "Third",
            "Twenty-First",
            "101st",
        ]


@pytest.mark.parametrize("code", TRANSLATED)
def test_other_languages_write_a_meetings_place_as_its_number(code):
    with translation.override(code):
        assert display.ordinal(3) == PLACE_OF_THE_THIRD[code]


@pytest.mark.parametrize("code", TRANSLATED)
def test_pages_name_a_meeting_in_the_readers_language(seed, code):
    meeting = Meeting.objects.get(slug=THIRD_HLM_SLUG)
    place, short = PLACE_OF_THE_THIRD[code], meeting.series.short_name
    breadcrumb = in_language(code, "%(ordinal)s Meeting, %(year)s") % {
        "ordinal": place,
        "year": 2021,
    }
    record = reader(code).get(meeting.get_absolute_url()).content.decode()
    search = reader(code).get("/search/", {"q": "smart cities"}).content.decode()
    resolutions = reader(code).get("/resolutions/").content.decode()
    assert breadcrumb in record
    assert f"{short} {place}" in search
    assert f"{short} {place}" in resolutions
    for page in (record, search, resolutions):
        assert "Third Meeting" not in page
        assert f"Third {short}" not in page


def test_english_pages_name_a_meeting_as_records_do(seed):
    meeting = Meeting.objects.get(slug=THIRD_HLM_SLUG)
    record = reader("en-gb").get(meeting.get_absolute_url()).content.decode()
    resolutions = reader("en-gb").get("/resolutions/").content.decode()
    assert "Third Meeting, 2021" in record
    assert f"of the Third {meeting.series.short_name}" in resolutions


@pytest.mark.parametrize("code", CODES)
def test_forms_read_iso_dates_in_every_language(code):
    assert get_format("DATE_INPUT_FORMATS", lang=code)[0] == "%Y-%m-%d"
    assert get_format("DATETIME_INPUT_FORMATS", lang=code)[0] == "%Y-%m-%d %H:%M:%S"


# The catalogues ---------------------------------------------------------------------------------


def statistics(po: Path) -> str:
    """What msgfmt says of a catalogue: "N translated messages." and any fuzzy or
    untranslated ones."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
        check=True,
    )
    return result.stderr.strip()


def catalogue(code, root=LOCALE):
    return root / translation.to_locale(code) / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_catalogue_is_complete_and_marked_for_review(code):
    po = catalogue(code)
    said = statistics(po)
    assert re.fullmatch(r"\d+ translated messages?\.", said), said
    header = po.read_text().split("\n\n", 1)[0]
    assert "Review-Status: draft, awaiting review by native speakers" in header
    assert f'"Language: {code}\\n"' in header


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_committed_compiled_catalogue_is_the_catalogue(code, tmp_path):
    po = catalogue(code)
    subprocess.run(["msgfmt", "-o", str(tmp_path / "django.mo"), str(po)], check=True)
    with open(tmp_path / "django.mo", "rb") as fresh, open(po.with_suffix(".mo"), "rb") as kept:
        assert GNUTranslations(kept)._catalog == GNUTranslations(fresh)._catalog


def test_every_wrapped_string_is_in_every_catalogue(tmp_path, settings, monkeypatch):
    """``makemessages`` over a copy of the code and catalogues finds nothing the catalogues
    lack: a string wrapped for translation without its translations fails here. (On a copy:
    makemessages writes the catalogues beside the code it reads.)"""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ["asean_meetings", "records", "templates", "locale"]:
        shutil.copytree(Path(settings.BASE_DIR) / folder, tmp_path / folder, ignore=ignore)
    copy = tmp_path / "locale"
    settings.LOCALE_PATHS = [copy]
    monkeypatch.chdir(tmp_path)
    call_command(
        "makemessages",
        *[f"--locale={translation.to_locale(code)}" for code in TRANSLATED],
        "--no-obsolete",
        verbosity=0,
    )
    for code in TRANSLATED:
        assert re.fullmatch(r"\d+ translated messages?\.", statistics(catalogue(code, copy)))


def test_every_language_has_its_catalogue():
    assert sorted(path.name for path in LOCALE.iterdir()) == sorted(
        translation.to_locale(code) for code in TRANSLATED
    )


# Valid HTML in every language -------------------------------------------------------------------


def test_every_public_page_type_is_valid_html_in_every_language(public_pages, tmp_path):
    pages = {}
    for code in TRANSLATED:
        for name, path in public_pages.items():
            response = reader(code).get(path)
            assert html_lang(response) == code, (code, name)
            pages[f"{code}-{name}"] = response.content
        with translation.override(code):
            pages[f"{code}-server_error"] = render_to_string("500.html").encode()
    assert vnu_messages(pages, tmp_path) == {}

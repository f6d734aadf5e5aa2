import re

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from records.models import Paragraph
from tests.factories import (
    CorrectionFactory,
    FollowUpActionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ParagraphFactory,
    ParticipantFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db

THIRD_HLM = "/meetings/asean-japan-scn-hlm-3/"


def test_record_page_reproduces_all_six_paragraphs_word_for_word(client, seed):
    response = client.get(THIRD_HLM)
    for paragraph in Paragraph.objects.filter(meeting=seed):
        assertContains(
            response,
            f'<p class="paragraph" id="p{paragraph.number}"><a class="paragraph-number" '
            f'href="#p{paragraph.number}" aria-label="Paragraph {paragraph.number}">'
            f"{paragraph.number}.</a> {paragraph.text}</p>",
            html=True,
        )
    assert Paragraph.objects.filter(meeting=seed).count() == 6


def test_record_page_shows_the_title_as_adopted(client, seed):
    assertContains(
        client.get(THIRD_HLM),
        # Broken into two lines where the original breaks it; the words are as adopted.
        '<h1 id="record-title" class="record-title"><span>Summary Record of</span> '
        "<span>the Third ASEAN-Japan Smart Cities Network High Level Meeting</span></h1>",
        html=True,
    )


def test_record_page_paragraphs_read_as_in_the_pdf(client, seed):
    content = client.get(THIRD_HLM).content.decode()
    assert "was held online and in-person at Aichi Prefecture, Japan on October 18-19, 2021." in (
        content
    )
    assert "development projects in each ASEAN Member State, and introduced" in content
    assert "The channel is expected to be established by February, 2022." in content


def test_record_page_shows_dates_venue_and_format(client, seed):
    response = client.get(THIRD_HLM)
    assertContains(response, "<dt>Dates</dt><dd>18–19 October 2021</dd>", html=True)
    assertContains(response, "<dt>Venue</dt><dd>Aichi Prefecture, Japan</dd>", html=True)
    assertContains(response, "<dt>Format</dt><dd>Online and in person</dd>", html=True)


def test_record_page_lists_both_co_chairs_with_positions_held_at_the_meeting(client, seed):
    response = client.get(THIRD_HLM)
    assertContains(response, "<h2>Co-chairs</h2>", html=True)
    assertContains(
        response,
        '<span class="person">Mr. ISHIDA Masaru</span> <span class="role">Co-chair</span>\n'
        '<span class="meta">Vice-Minister for Land, Infrastructure and Hokkaido Development, '
        "Ministry of Land, Infrastructure, Transport and Tourism (MLIT), Government of Japan"
        "</span>",
        html=True,
    )
    assertContains(
        response,
        '<span class="person">Mr. Haji Mohammad Nazri Bin Haji Mohammad Yusof</span> '
        '<span class="role">Co-chair</span>\n<span class="meta">Permanent Secretary, Ministry of '
        "Transport and Infocommunications, Government of Brunei Darussalam</span>",
        html=True,
    )


@pytest.mark.parametrize(
    ("number", "verb", "clause"),
    [
        (2, "resolved", "to continue enhancing their cooperation toward the realisation"),
        (2, "welcomed", "the development of an ASEAN Smart City Planning Guidebook"),
        (3, "agreed", "with each ASEAN Member State and the ASCN Cities to continue"),
        (4, "recognised", "the importance of these three points"),
        (6, "affirmed", "to hold next ASEAN-Japan Smart Cities Network High level Meeting"),
        (6, "confirmed", "to continue co-operation in realizing smart cities"),
    ],
)
def test_each_seed_resolution_links_to_its_paragraph(client, seed, number, verb, clause):
    content = client.get(THIRD_HLM).content.decode()
    pattern = (
        rf'<a class="para-ref" href="#p{number}" aria-label="Paragraph {number}">¶{number}</a>'
        rf'[^<]*<strong class="verb">{verb}</strong> {clause}'
    )
    assert re.search(pattern, content)


@pytest.mark.parametrize(
    "shown",
    [
        "Due: end of 2021 (“by the end of this year”)",
        "Due: 29 October 2021 (“until 29 October 2021”)",
        "Due: February 2022 (“by February, 2022”)",
        "Due: At the next meeting",
    ],
)
def test_seed_follow_up_actions_show_their_deadline_at_its_precision(client, seed, shown):
    assertContains(client.get(THIRD_HLM), shown)


def test_record_page_reports_progress_on_an_action_of_the_previous_meeting(client, seed):
    response = client.get(THIRD_HLM)
    assertContains(response, "<h2>Progress reported</h2>", html=True)
    assertContains(response, 'Committed at the <a href="/meetings/asean-japan-scn-hlm-2/">Second')


def test_previous_meeting_without_text_says_so(client, seed):
    response = client.get("/meetings/asean-japan-scn-hlm-2/")
    assertContains(response, "The text of this summary record has not been entered.")
    assertContains(response, "<dt>Dates</dt><dd>2020</dd>", html=True)


def test_draft_record_is_not_found_by_the_public(client):
    draft = MeetingFactory(draft=True)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_unknown_record_is_not_found(client):
    assert client.get("/meetings/no-such-meeting/").status_code == 404


def test_staff_who_may_view_meetings_preview_a_draft(client):
    draft = MeetingFactory(draft=True)
    ParagraphFactory(meeting=draft, text="Draft words under review.")
    officer = User.objects.create_user("officer", password="pw", is_staff=True)
    officer.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    client.force_login(officer)
    response = client.get(draft.get_absolute_url())
    assertContains(response, "Preview: this record is <strong>draft</strong> and is not public.")
    assertContains(response, "Draft words under review.")


def test_staff_without_view_permission_cannot_preview_a_draft(client):
    draft = MeetingFactory(draft=True)
    client.force_login(User.objects.create_user("clerk", password="pw", is_staff=True))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_published_record_carries_no_preview_banner(client, seed, admin_user):
    client.force_login(admin_user)
    assertNotContains(client.get(THIRD_HLM), "Preview:")


def test_editor_text_is_escaped_everywhere_on_the_record_page(client):
    meeting = MeetingFactory(title="<script>alert('title')</script>", venue="<b>Venue</b>")
    ParagraphFactory(meeting=meeting, text="<script>alert('paragraph')</script> agreed to x")
    ParticipantFactory(meeting=meeting, position="<img src=x onerror=alert(1)>")
    response = client.get(meeting.get_absolute_url())
    content = response.content.decode()
    assert "<script>alert(" not in content
    assert "<img src=x" not in content
    assert "&lt;script&gt;alert(&#x27;paragraph&#x27;)&lt;/script&gt;" in content
    assert "&lt;b&gt;Venue&lt;/b&gt;" in content


def test_home_lists_latest_published_records_only(client, seed):
    draft = MeetingFactory(draft=True, title="A draft that must not show")
    response = client.get("/")
    assertContains(response, f'<a href="{THIRD_HLM}">Summary Record of the Third')
    assertNotContains(response, draft.title)


def test_home_says_so_when_nothing_is_published(client):
    MeetingFactory(draft=True)
    assertContains(client.get("/"), "No summary record has been published yet.")


def test_meetings_page_groups_published_records_by_series_and_year(client, seed):
    other = MeetingFactory(series=MeetingSeriesFactory(name="ASEAN Tourism Forum"))
    draft = MeetingFactory(draft=True, title="Hidden draft record")
    content = client.get("/meetings/").content.decode()
    assert "Hidden draft record" not in content
    assert content.index("ASEAN Tourism Forum") < content.index("ASEAN-Japan Smart Cities")
    series_section = content[content.index("ASEAN-Japan Smart Cities Network High Level") :]
    assert series_section.index("<h3>2021</h3>") < series_section.index("<h3>2020</h3>")
    assert other.title in content
    assert draft.pk


def test_pages_load_nothing_from_other_sites(client, seed):
    for url in ["/", "/meetings/", THIRD_HLM]:
        content = client.get(url).content.decode()
        # The site's own full addresses (the hreflang alternates) are of this site.
        assert not re.search(r'(src|href)="(https?:)?//(?!testserver/)', content), url


def make_record(paragraphs: int):
    meeting = MeetingFactory()
    ParticipantFactory.create_batch(2, meeting=meeting)
    for number in range(1, paragraphs + 1):
        paragraph = ParagraphFactory(meeting=meeting, number=number)
        resolution = ResolutionFactory(paragraph=paragraph)
        FollowUpActionFactory(paragraph=paragraph, resolution=resolution)
        CorrectionFactory(meeting=meeting, note=f"Paragraph {number} corrected.")
    return meeting


@pytest.mark.parametrize("paragraphs", [1, 25])
def test_record_page_runs_a_fixed_number_of_queries(django_assert_num_queries, paragraphs):
    meeting = make_record(paragraphs)
    # The cache generation the public page is cached under, then (not yet cached) the meeting
    # with its prefetched parts, correction notes, attachments and published language versions
    # (10) and its matters arising.
    with django_assert_num_queries(12):
        response = Client().get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="paragraph"') == paragraphs
    assert response.content.decode().count("record-correction") == paragraphs


@pytest.mark.parametrize("meetings", [1, 15])
@pytest.mark.parametrize(("url", "shown_at_most"), [("/", 10), ("/meetings/", 1000)])
def test_listing_pages_run_one_query_however_many_records(
    django_assert_num_queries, meetings, url, shown_at_most
):
    MeetingFactory.create_batch(meetings)
    # The cache generation the public page is cached under, then the list (not yet cached).
    with django_assert_num_queries(2):
        response = Client().get(url)
    links = re.findall(r'<a href="/meetings/[^"]+/">Summary Record', response.content.decode())
    assert len(links) == min(meetings, shown_at_most)


@pytest.fixture
def hundred_and_one_meetings():
    series = MeetingSeriesFactory()
    return MeetingFactory.create_batch(101, series=series)


def test_meetings_page_shows_a_hundred_and_links_to_the_next_page(client, hundred_and_one_meetings):
    first = client.get("/meetings/").content.decode()
    assert first.count('class="record-list"') >= 1
    assert len(re.findall(r'<a href="/meetings/[^"]+/">Summary Record', first)) == 100
    assert '<a href="?page=2" rel="next">Next page</a>' in first
    second = client.get("/meetings/?page=2").content.decode()
    assert len(re.findall(r'<a href="/meetings/[^"]+/">Summary Record', second)) == 1
    assert '<a href="?page=1" rel="prev">Previous page</a>' in second
    assert "Next page" not in second


def test_every_page_of_meetings_runs_one_query_for_its_rows(
    django_assert_num_queries, hundred_and_one_meetings
):
    with django_assert_num_queries(2):  # with the cache generation
        assert Client().get("/meetings/?page=2").status_code == 200

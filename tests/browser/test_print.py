"""Printing a summary record gives the record as adopted: its title and numbered paragraphs,
without the site around it, and where it came from."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from records.seed import THIRD_HLM_SLUG
from tests.helpers import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

RECORD = f"/meetings/{THIRD_HLM_SLUG}/"


@pytest.fixture
def printed(page, seed):
    page.goto(RECORD)
    page.emulate_media(media="print")
    return page


def test_printed_record_leaves_out_the_site_and_the_facts_beside_it(printed):
    for hidden in [
        printed.get_by_role("banner"),
        printed.get_by_role("contentinfo"),
        printed.get_by_role("navigation", name="Breadcrumb"),
        printed.get_by_role("complementary", name="About this meeting"),
    ]:
        expect(hidden).to_be_hidden()


def test_printed_record_shows_its_title_and_every_numbered_paragraph_in_a_serif(printed):
    expect(printed.get_by_role("heading", level=1)).to_have_text(
        "Summary Record of the Third ASEAN-Japan Smart Cities Network High Level Meeting"
    )
    paragraphs = printed.locator(".paragraph")
    expect(paragraphs).to_have_count(6)
    expect(paragraphs.nth(2)).to_contain_text("3. Japan reported the status of progress")
    expect(printed.locator("article")).to_have_css("font-family", re.compile(r"^\"Times.*serif$"))


def test_printed_record_ends_with_its_address_and_publication_date(printed, live_server):
    source = printed.locator(".record-source")
    expect(source).to_be_visible()
    expect(source).to_contain_text(f"{live_server.url}{RECORD}")
    expect(source).to_contain_text("published")


def test_record_source_line_is_for_print_only(page, seed):
    page.goto(RECORD)
    expect(page.locator(".record-source")).to_be_hidden()


def test_record_prints_to_a4_pages_holding_the_record_alone(printed, seed, live_server):
    path = ARTIFACTS / "print" / "third-hlm-record.pdf"  # kept for people to look at
    path.parent.mkdir(parents=True, exist_ok=True)
    printed.pdf(path=path, format="A4", prefer_css_page_size=True)

    pages = PdfReader(path).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert {(round(page.mediabox.width), round(page.mediabox.height)) for page in pages} == {
        (595, 842)  # A4 in points
    }
    assert re.match(r"1 / \d+ ", text)  # the page number in the footer
    assert "Summary Record of the Third ASEAN-Japan Smart Cities Network High Level Meeting" in text
    openings = [text.index(p.text[:40]) for p in seed.paragraphs.order_by("number")]
    assert openings == sorted(openings)
    assert all(f"{n}." in text.split() for n in range(1, 7))
    assert "confirmed to continue co-operation in realizing smart cities" in text
    assert f"{live_server.url}{RECORD}" in text
    for left_out in ["Skip to content", "Follow-up actions", "Decisions", "Agenda"]:
        assert left_out not in text

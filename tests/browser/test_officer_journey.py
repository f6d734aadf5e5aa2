"""A secretariat officer (a Secretariat editor) enters a new summary record in the admin,
previews the draft and submits it for review; a publisher publishes it; and it is seen on
the public site."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from records import roles

pytestmark = pytest.mark.django_db(transaction=True)

FOURTH_HLM = "Summary Record of the Fourth ASEAN-Japan Smart Cities Network High Level Meeting"
PARAGRAPHS = [
    "The Fourth ASEAN-Japan Smart Cities Network High Level Meeting was held in person in "
    "Jakarta, Indonesia on 20 October 2022.",
    "The ASEAN Secretariat reported on the ASEAN Smart City Planning Guidebook.",
    "ASEAN and Japan agreed to publish the Guidebook in all ASEAN languages by February 2023, "
    "and welcomed the report.",
]
CLAUSE = "to publish the Guidebook in all ASEAN languages by February 2023"
PASSWORD = "a long officer passphrase"


@pytest.fixture
def officer(seed, user_in_role):
    """A Secretariat editor: enters drafts and submits them for review, cannot publish."""
    return user_in_role(roles.EDITOR, username="officer", password=PASSWORD)


@pytest.fixture
def publisher(seed, user_in_role):
    return user_in_role(roles.PUBLISHER, username="publisher", password=PASSWORD)


def log_in(page: Page, username: str):
    page.goto("/admin/")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Summary records")).to_be_visible()


def choose(page: Page, field_id: str, search: str, option: str):
    """Pick ``option`` in an admin autocomplete field by typing ``search``."""
    page.locator(f"#{field_id} + .select2").click()
    page.locator(".select2-container--open .select2-search--dropdown input").fill(search)
    page.locator(".select2-results__option", has_text=option).click()
    expect(page.locator(f"#{field_id} + .select2")).to_contain_text(option)


def move(page: Page, meeting_admin_url: str, button: str, now: str):
    """Move the record on with a button of its change page, confirmed on the next page."""
    page.goto(meeting_admin_url)
    page.locator(".object-tools").get_by_role("link", name=button, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{button}?")
    page.get_by_role("button", name=f"Yes, {button.lower()}").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Now {now}:")


def test_officer_enters_and_submits_a_record_a_publisher_publishes_it(
    officer, publisher, page, new_context, screenshot
):
    log_in(page, "officer")

    # The meeting: when, where, who chaired, and the text of its record.
    page.get_by_role("link", name="Meetings", exact=True).first.click()
    page.get_by_role("link", name="Add meeting").click()
    choose(page, "id_series", "SCN", "ASEAN-Japan SCN HLM")
    page.get_by_label("Sequence number").fill("4")
    page.get_by_label("Start date").fill("2022-10-20")
    page.get_by_label("Venue").fill("Jakarta")
    choose(page, "id_country", "Indo", "Indonesia")
    page.get_by_label("Format").select_option(label="In person")

    for row, (role, person, position, government) in enumerate(
        [
            ("Chair", "Haji Mohammad Nazri", "Permanent Secretary", "Brunei Darussalam"),
            ("Co-chair", "ISHIDA Masaru", "Vice-Minister", "Japan"),
        ]
    ):
        page.get_by_role("button", name="Add another Chair or participant").click()
        page.locator(f"#id_participants-{row}-role").select_option(label=role)
        choose(page, f"id_participants-{row}-person", person.split()[-1], person)
        page.locator(f"#id_participants-{row}-position").fill(position)
        choose(page, f"id_participants-{row}-government", government[:4], government)
    for number, text in enumerate(PARAGRAPHS, start=1):
        page.get_by_role("button", name="Add another Paragraph").click()
        page.locator(f"#id_paragraphs-{number - 1}-number").fill(str(number))
        page.locator(f"#id_paragraphs-{number - 1}-text").fill(text)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    record_admin_url = page.url

    # What the meeting decided, and what it committed to do by when.
    page.goto("/admin/records/resolution/add/")
    choose(page, "id_paragraph", "all ASEAN languages", "¶3 of Fourth")
    page.get_by_label("Parties").fill("ASEAN and Japan")
    page.locator("#id_verb").select_option("agreed")
    page.locator("#id_text").fill(CLAUSE)
    page.get_by_role("button", name="Add another Follow-up action").click()
    page.locator("#id_follow_up_actions-0-description").fill(
        "Publish the Guidebook in all ASEAN languages."
    )
    page.locator("#id_follow_up_actions-0-owners").fill("ASEAN and Japan")
    page.locator("#id_follow_up_actions-0-due_text").fill("by February 2023")
    page.locator("#id_follow_up_actions-0-due_date").fill("2023-02")  # a month, as written
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # The draft, previewed as the public will see it; the public cannot see it yet.
    page.goto(record_admin_url)
    page.locator(".object-tools").get_by_role("link", name="View on site").click()
    expect(page.get_by_role("status")).to_contain_text("Preview: this record is draft")
    expect(page.get_by_role("heading", level=1)).to_have_text(FOURTH_HLM)
    draft_url = page.url
    visitor = new_context().new_page()
    assert visitor.goto(draft_url).status == 404

    # The officer cannot publish; the officer submits the draft for review.
    page.goto(record_admin_url)
    expect(page.locator(".object-tools").get_by_role("link", name="Publish")).to_have_count(0)
    move(page, record_admin_url, "Submit for review", "in review")
    assert visitor.goto(draft_url).status == 404

    # A publisher reviews it and publishes it.
    reviewer = new_context().new_page()
    log_in(reviewer, "publisher")
    move(reviewer, record_admin_url, "Publish", "published")

    # Published: on the public site, for anyone.
    visitor.goto("/")
    visitor.get_by_role("link", name=FOURTH_HLM).click()
    expect(visitor.get_by_role("status")).to_have_count(0)
    facts = visitor.get_by_role("complementary", name="About this meeting")
    expect(facts).to_contain_text("20 October 2022")
    expect(facts).to_contain_text("Jakarta, Indonesia")
    chairs = facts.get_by_role("region", name="Chair and co-chair")
    expect(chairs.get_by_role("listitem")).to_have_text(
        [
            "Mr. Haji Mohammad Nazri Bin Haji Mohammad Yusof Chair "
            "Permanent Secretary, Government of Brunei Darussalam",
            "Mr. ISHIDA Masaru Co-chair Vice-Minister, Government of Japan",
        ]
    )
    expect(visitor.locator(".paragraph")).to_have_text(
        [re.compile(rf"{n}\. {re.escape(text)}$") for n, text in enumerate(PARAGRAPHS, start=1)]
    )
    expect(facts.get_by_role("region", name="Decisions")).to_contain_text(
        f"ASEAN and Japan agreed {CLAUSE}"
    )
    action = facts.get_by_role("region", name="Follow-up actions").get_by_role("listitem")
    expect(action).to_contain_text("Publish the Guidebook in all ASEAN languages.")
    expect(action).to_contain_text("Due: February 2023 (“by February 2023”)")
    screenshot(visitor, "officer-journey")


def test_the_admin_calendar_writes_dates_as_the_forms_read_them(officer, page):
    """ISO (YYYY-MM-DD), from the "Today" shortcut and from a day picked in the calendar."""
    log_in(page, "officer")
    page.goto("/admin/records/meeting/add/")
    start = page.get_by_label("Start date")
    page.locator("#id_start_date + .datetimeshortcuts").get_by_role("link", name="Today").click()
    expect(start).to_have_value(timezone.localdate().isoformat())
    page.locator("#id_end_date + .datetimeshortcuts").get_by_title("Choose a Date").click()
    page.locator(".calendarbox:visible").get_by_role("link", name="15", exact=True).click()
    expect(page.get_by_label("End date")).to_have_value(re.compile(r"^\d{4}-\d{2}-15$"))

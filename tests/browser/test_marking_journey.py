"""A secretariat officer enters a six-paragraph record with seven decisions and three
follow-up actions by hand, marking the decisions in the text rather than retyping them, and
the count of what the officer did (clicks, fields filled, options chosen, selections) stays
within 40. The record saved is exactly the record's words."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from records import roles
from records.models import FollowUpAction, Meeting, Resolution

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long officer passphrase"
PARAGRAPHS = [
    "The Fourth ASEAN-Japan Smart Cities Network High Level Meeting was held in person in "
    "Jakarta, Indonesia on 20 October 2022.",
    "The ASEAN Secretariat reported on the ASEAN Smart City Planning Guidebook. ASEAN and "
    "Japan welcomed the publication of the Guidebook and agreed to translate it into all "
    "ASEAN languages by the end of 2023.",
    "Japan reported the progress of Smart JAMP and agreed with each ASEAN Member State to "
    "continue mutual cooperation in implementing these support measures.",
    "ASEAN Member States and Japan recognised the importance of data governance for smart "
    "cities and noted the report of the working group.",
    "The business matching session would continue until 29 October 2022. The channel is "
    "expected to be established by February 2023.",
    "ASEAN and Japan confirmed their continued co-operation in realising smart cities in each "
    "ASEAN Member State and endorsed the work plan of the Network.",
]
PASTED = "\n\n".join(f"{n}. {text}" for n, text in enumerate(PARAGRAPHS, start=1))


class Officer:
    """The officer's hands: every click, field filled, option chosen and selection counted."""

    def __init__(self, page: Page):
        self.page = page
        self.count = 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def fill(self, locator, value: str):
        self.count += 1
        locator.fill(value)

    def choose_option(self, locator, **option):
        self.count += 1
        locator.select_option(**option)

    def autocomplete(self, field_id: str, search: str, option: str):
        """An admin autocomplete: open it, type, pick (three)."""
        self.click(self.page.locator(f"#{field_id} + .select2"))
        self.fill(self.page.locator(".select2-container--open input.select2-search__field"), search)
        self.click(self.page.locator(".select2-results__option", has_text=option))

    def select_words(self, number: int, words: str):
        """Select ``words`` in ¶``number`` as a mouse drag does (one selection)."""
        self.count += 1
        self.page.locator(f"#p{number} .mark-text").evaluate(
            """(paragraph, words) => {
                const node = paragraph.firstChild;
                const start = node.textContent.indexOf(words);
                const range = document.createRange();
                range.setStart(node, start);
                range.setEnd(node, start + words.length);
                window.getSelection().removeAllRanges();
                window.getSelection().addRange(range);
                paragraph.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
            }""",
            words,
        )


@pytest.fixture
def officer(seed, user_in_role):
    return user_in_role(roles.EDITOR, username="officer", password=PASSWORD)


def sign_in(page):
    """Through the site's sign-in, where the admin sends the officer (not counted)."""
    page.goto("/admin/")
    page.get_by_label("Username or email address").fill("officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_a_record_is_entered_by_marking_its_decisions_in_at_most_40_interactions(
    officer, page, screenshot, violations
):
    sign_in(page)
    hands = Officer(page)

    # The meeting.
    hands.click(page.get_by_role("link", name="Meetings", exact=True).first)
    hands.click(page.get_by_role("link", name="Add meeting"))
    hands.autocomplete("id_series", "SCN", "ASEAN-Japan SCN HLM")
    hands.fill(page.get_by_label("Sequence number"), "4")
    hands.fill(page.get_by_label("Start date"), "2022-10-20")
    hands.fill(page.get_by_label("Venue"), "Jakarta")
    hands.autocomplete("id_country", "Indo", "Indonesia")
    hands.click(page.get_by_role("button", name="Save and continue editing"))
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # Its text, pasted, numbered as it stands.
    hands.click(page.locator(".object-tools").get_by_role("link", name="Mark decisions"))
    hands.fill(page.get_by_label("Paragraphs to add"), PASTED)
    hands.click(page.get_by_role("button", name="Add paragraphs"))
    expect(page.locator(".messagelist")).to_contain_text("Added 6 paragraphs.")

    def save(said: str):
        hands.click(page.locator("#proposal").get_by_role("button", name="Save"))
        expect(page.locator(".messagelist")).to_contain_text(said)

    # ¶2: a sentence selected holds two decisions and the action of the second.
    hands.select_words(2, PARAGRAPHS[1].split(". ", 1)[1])
    expect(page.locator("#proposal")).to_be_visible()
    hands.fill(
        page.locator("#proposal").get_by_label("Description"),
        "Translate the Guidebook into all ASEAN languages.",
    )
    save("Recorded 2 decisions and 1 follow-up action in ¶2.")

    # ¶3, by keyboard: a sentence chosen.
    hands.choose_option(page.locator("#p3").get_by_label("Or choose a sentence"), index=1)
    hands.click(page.locator("#p3").get_by_role("button", name="Propose"))
    save("Recorded 1 decision in ¶3.")

    hands.select_words(4, "recognised the importance of data governance for smart cities and noted")
    save("Recorded 2 decisions in ¶4.")

    hands.select_words(5, PARAGRAPHS[4])
    save("Recorded 2 follow-up actions in ¶5.")

    hands.select_words(6, "confirmed their continued co-operation in realising smart cities")
    expect(page.locator("#proposal")).to_contain_text("Decision")
    hands.select_words(6, "endorsed the work plan")
    save("Recorded 1 decision in ¶6.")
    # Marked after the one that follows it, it is still numbered first: as the text has it.
    hands.select_words(6, "confirmed their continued co-operation")
    save("Recorded 1 decision in ¶6.")
    screenshot(page, "marking-journey")

    assert hands.count <= 40, f"{hands.count} interactions"
    assert violations == []  # the page's script runs under the Content Security Policy

    meeting = Meeting.objects.get(series__short_name="ASEAN-Japan SCN HLM", sequence_number=4)
    assert (meeting.start_date, meeting.venue, meeting.country.name) == (
        datetime.date(2022, 10, 20),
        "Jakarta",
        "Indonesia",
    )
    assert list(meeting.paragraphs.order_by("number").values_list("number", "text")) == list(
        enumerate(PARAGRAPHS, start=1)
    )
    decisions = Resolution.objects.filter(paragraph__meeting=meeting).order_by(
        "paragraph__number", "order"
    )
    assert [(r.paragraph.number, r.order, r.parties, r.verb, r.text) for r in decisions] == [
        (2, 1, "ASEAN and Japan", "welcomed", "the publication of the Guidebook"),
        (
            2,
            2,
            "ASEAN and Japan",
            "agreed",
            "to translate it into all ASEAN languages by the end of 2023",
        ),
        (
            3,
            1,
            "Japan",
            "agreed",
            "with each ASEAN Member State to continue mutual cooperation in implementing "
            "these support measures",
        ),
        (
            4,
            1,
            "ASEAN Member States and Japan",
            "recognised",
            "the importance of data governance for smart cities",
        ),
        (4, 2, "ASEAN Member States and Japan", "noted", "the report of the working group"),
        (
            6,
            1,
            "ASEAN and Japan",
            "confirmed",
            "their continued co-operation in realising smart cities in each ASEAN Member State",
        ),
        (6, 2, "ASEAN and Japan", "endorsed", "the work plan of the Network"),
    ]
    agreed_with = decisions.get(paragraph__number=3)
    assert {c.name for c in agreed_with.party_countries.all()} == {
        "Japan",
        "Brunei Darussalam",
        "Cambodia",
        "Indonesia",
        "Lao PDR",
        "Malaysia",
        "Myanmar",
        "Philippines",
        "Singapore",
        "Thailand",
        "Viet Nam",
    }
    actions = FollowUpAction.objects.filter(meeting=meeting).order_by("paragraph__number", "pk")
    assert [
        (
            a.paragraph.number,
            a.resolution.verb if a.resolution else None,
            a.description,
            a.owners,
            a.due_text,
            a.due_date,
            a.due_precision,
        )
        for a in actions
    ] == [
        (
            2,
            "agreed",
            "Translate the Guidebook into all ASEAN languages.",
            "ASEAN and Japan",
            "by the end of 2023",
            datetime.date(2023, 12, 31),
            "year",
        ),
        (
            5,
            None,
            # Described as the actions list words it, the deadline apart (the importer's rule).
            "The business matching session would continue.",
            "",
            "until 29 October 2022",
            datetime.date(2022, 10, 29),
            "day",
        ),
        (
            5,
            None,
            "The channel is expected to be established.",
            "",
            "by February 2023",
            datetime.date(2023, 2, 28),
            "month",
        ),
    ]


def test_rows_added_to_a_meeting_are_numbered_after_the_last(officer, page):
    meeting = Meeting.objects.get(sequence_number=3)
    meeting.status = Meeting.Status.DRAFT
    meeting.save()
    sign_in(page)
    page.goto(f"/admin/records/meeting/{meeting.pk}/change/")
    page.get_by_role("button", name="Add another Paragraph").click()
    page.get_by_role("button", name="Add another Paragraph").click()
    expect(page.locator("#id_paragraphs-6-number")).to_have_value("7")
    expect(page.locator("#id_paragraphs-7-number")).to_have_value("8")
    page.get_by_role("button", name="Add another Agenda item").click()
    expect(page.locator("#id_agenda_items-6-number")).to_have_value("7")
    page.get_by_role("button", name="Add another Chair or participant").click()
    expect(page.locator("#id_participants-2-order")).to_have_value("3")

"""/overview/ with decades of records fits the screen: on a 1280-px desktop and a 360-px phone
nothing on it scrolls sideways (the page, its tables or charts), and axe finds no WCAG 2.1 AA
violation, with the year-by-year table open."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from records.models import FollowUpAction, Resolution
from tests.audit_data import action, resolution
from tests.factories import MeetingFactory, MeetingSeriesFactory
from tests.pages import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

VERBS = [verb for verb in Resolution.Verb if verb != Resolution.Verb.OTHER]

# Elements that stick out to the right of the screen, or scroll sideways inside it.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("main *")]
    .filter(e => e.getBoundingClientRect().right > width + 1
              || (["auto", "scroll"].includes(getComputedStyle(e).overflowX)
                  && e.scrollWidth > e.clientWidth + 1))
    .filter(e => !(e.parentElement && (e.parentElement.getBoundingClientRect().right > width + 1)))
    .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
}"""


@pytest.fixture
def decades_of_records():
    """Forty years of meetings in three series with long names, every operative verb, and
    actions in every status, overdue by days and by years."""
    series = [
        MeetingSeriesFactory(
            name=f"ASEAN Plus Three Senior Officials Meeting on Transnational Crime {number}",
            short_name=f"SOMTC+3 Working Group {number}",
        )
        for number in range(3)
    ]
    today = timezone.localdate()
    for index in range(40):
        meeting = MeetingFactory(
            series=series[index % 3],
            sequence_number=index // 3 + 1,
            start_date=datetime.date(1986 + index, 3, 1),
        )
        for number in range(1, 4):
            verb = VERBS[(index * 3 + number) % len(VERBS)]
            resolution(meeting, number, verb, "The Meeting", f"matter {index}.{number}")
        for number, status in enumerate(FollowUpAction.Status):
            action(
                meeting,
                f"Task {index}.{number}",
                due=today - datetime.timedelta(days=1 + 37 * index + number),
                status=status,
            )


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_overview_fits_the_screen_without_sideways_scrolling(
    page, decades_of_records, axe_violations, screenshot, screen
):
    page.set_viewport_size(screen)
    page.goto("/overview/")
    page.get_by_text("The numbers, year by year").click()
    expect(page.get_by_role("table", name="Decisions of each year’s meetings")).to_be_visible()
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
    assert axe_violations(page) == []
    screenshot(page, f"overview-{screen['width']}")

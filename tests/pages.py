"""Every public page type, for the checks that must hold on all of them (valid HTML, WCAG).

Each page type is named once here, with the path of an example of it in the records that
``add_page_examples()`` makes (the ``public_pages`` fixture). A new public page gets a line
here and is checked everywhere.
"""

import datetime

from django.conf import settings

from records import mail
from records.models import Country, Meeting, Participant, Person
from records.seed import THIRD_HLM_SLUG
from tests.factories import MeetingFactory, ParagraphFactory, SubscriptionFactory

FOURTH_HLM_SLUG = "asean-japan-scn-hlm-4"
SEARCH_PAGE_SIZE = 20

PUBLIC_PAGES = {
    "home": "/",
    "meeting_list": "/meetings/",
    # The Third HLM: co-chairs, agenda, decisions, follow-up actions, progress reported.
    "record": f"/meetings/{THIRD_HLM_SLUG}/",
    # The Second HLM: a note, no paragraphs, an action committed without a paragraph.
    "record_without_text": "/meetings/asean-japan-scn-hlm-2/",
    # The Fourth HLM: one chair, and the Third's actions still open as matters arising.
    "record_with_matters_arising": f"/meetings/{FOURTH_HLM_SLUG}/",
    # The Third HLM's Japanese version: a courtesy translation, the language switch.
    "language_version": f"/meetings/{THIRD_HLM_SLUG}/ja/",
    "not_found": "/meetings/no-such-record/",
    "resolutions": "/resolutions/",
    "resolutions_filtered": f"/resolutions/?meeting={THIRD_HLM_SLUG}&verb=resolved&verb=welcomed",
    "resolutions_with_bad_filters": "/resolutions/?date_from=18-10-2021&verb=voted",
    "resolutions_past_the_last_page": "/resolutions/?page=99",
    "actions_overdue": "/actions/?overdue=1",
    "search": "/search/",
    "search_results": "/search/?q=guidebook",
    "search_results_page_2": "/search/?q=guidebook&page=2",
    "search_without_results": "/search/?q=zeppelin",
    "overview": "/overview/",
    # Drawn from the OpenAPI schema, not from the records.
    "api_docs": "/api/docs/",
    "subscribe": "/subscribe/",
    # Accounts (docs/accounts.md).
    "sign_in": "/accounts/login/",
    "password_reset": "/accounts/password/reset/",
    "password_reset_sent": "/accounts/password/reset/done/",
    "password_reset_bad_link": "/accounts/password/reset/key/1-not-a-key/",
    "sign_up_closed": "/accounts/signup/",
    "account_inactive": "/accounts/inactive/",
    "single_sign_on_cancelled": "/accounts/3rdparty/login/cancelled/",
}

# The pages opened only from a link we email, their address holding a signed token; an
# example of each is made by ``linked_page_examples()``.
LINKED_PAGE_TYPES = ["unsubscribe", "stop_reminders"]


def linked_page_examples() -> dict[str, str]:
    """Page type → the path of an example: the page a notice's link opens (unsubscribing, and
    the language its messages are written in), and the one a reminder's link opens."""
    subscription = SubscriptionFactory()
    links = {
        "unsubscribe": mail.unsubscribe_url(subscription=subscription),
        "stop_reminders": mail.unsubscribe_url(address="focal.point@example.org"),
    }
    return {name: url.removeprefix(settings.SITE_URL) for name, url in links.items()}


# The pages whose forms people fill in: each must have labelled controls.
FORM_PAGES = [
    "resolutions",
    "actions_overdue",
    "search",
    "overview",
    "subscribe",
    "sign_in",
    "password_reset",
]

# The screens pages are checked on: a desktop, and the narrowest phone in common use.
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


def add_page_examples(third: Meeting) -> Meeting:
    """Beside the seed records, a Fourth HLM chaired by one person, whose paragraphs all
    mention the Guidebook, so that searching for it runs to a second page of results."""
    fourth = MeetingFactory(
        series=third.series,
        sequence_number=4,
        start_date=datetime.date(2022, 10, 20),
        end_date=datetime.date(2022, 10, 20),
        country=Country.objects.get(code="ID"),
        title="Summary Record of the Fourth ASEAN-Japan Smart Cities Network High Level Meeting",
        slug=FOURTH_HLM_SLUG,
    )
    Participant.objects.create(
        meeting=fourth,
        person=Person.objects.get(name="ISHIDA Masaru"),
        role=Participant.Role.CHAIR,
        position="Vice-Minister",
        government=Country.objects.get(code="JP"),
    )
    for number in range(1, SEARCH_PAGE_SIZE + 2):
        ParagraphFactory(
            meeting=fourth,
            number=number,
            text=f"The Meeting reviewed chapter {number} of the ASEAN Smart City Planning "
            "Guidebook.",
        )
    return fourth

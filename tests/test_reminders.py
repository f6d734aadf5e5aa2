"""Reminders of follow-up actions (``manage.py send_action_reminders``), sent through a real
SMTP server started by the test: who gets a digest, what it says, that a second run sends
nothing, refused and unsubscribed addresses, and the weekly escalation to the desks.

The records are ``tests/audit_data.py``'s. Run as on 1 February 2099: the Guidebook (First
HLM ¶2, ASEAN and Japan, due by the end of 2019) is long overdue; the transport portal
(Second HLM, Brunei, due by February 2099) is due within the window; the draft's annex
(Japan and the Draftonly Republic) is never reminded of.
"""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django.utils.translation import gettext

from records import display, reminders
from records.models import FocalPoint, FollowUpAction, Meeting, ReminderSent, SuppressedAddress
from tests.audit_data import LEAK, build_records
from tests.factories import FocalPointFactory, SecretariatDeskFactory

pytestmark = pytest.mark.django_db

TODAY = "2099-02-01"
SITI = "siti@asean.example.org"
TANAKA = "tanaka@mlit.example.jp"
BRUNEI = "focal@mtic.example.bn"
DRAFT_ONLY = "focal@draftonly.example.org"
DESK = "hlm-desk@asean.example.org"


@pytest.fixture
def records():
    r = build_records()
    FocalPointFactory(name="Ms. Siti Rahmah", email=SITI, organisation=r.asean)
    FocalPointFactory(name="Mr. TANAKA Taro", email=TANAKA, organisation=None, country=r.japan)
    FocalPointFactory(name="Dr. Hajah Noor", email=BRUNEI, organisation=None, country=r.brunei)
    draft_only = r.draft_action.owner_countries.get(code="ZZ")
    FocalPointFactory(name="Mr. Secret", email=DRAFT_ONLY, organisation=None, country=draft_only)
    SecretariatDeskFactory(series=r.hlm, email=DESK)
    return r


def remind(*args, **options) -> str:
    out = io.StringIO()
    call_command("send_action_reminders", *args, stdout=out, **{"today": TODAY, **options})
    return out.getvalue()


def later(days: int) -> str:
    return (datetime.date.fromisoformat(TODAY) + datetime.timedelta(days=days)).isoformat()


def test_each_focal_point_gets_one_digest_through_the_mail_server(mail_server, records):
    output = remind()

    assert mail_server.recipients == sorted([SITI, TANAKA, BRUNEI, DESK])
    assert "Sent 4 digest(s) listing 4 action(s): 3 to focal points, 1 to secretariat desks" in (
        output
    )
    [siti] = mail_server.to(SITI)
    assert siti.subject == "Follow-up actions: 1 overdue"
    assert "Dear Ms. Siti Rahmah," in siti.text
    assert "- Publish the Smart City Planning Guidebook." in siti.text
    assert "Overdue since 1 January 2020: due end of 2019" in siti.text
    assert "http://127.0.0.1:8000/meetings/hlm-1/#p2" in siti.text
    assert '<a href="http://127.0.0.1:8000/meetings/hlm-1/#p2">' in siti.html
    [brunei] = mail_server.to(BRUNEI)
    assert brunei.subject == "Follow-up actions: 1 due by 3 March 2099"
    assert "Launch the urban transport portal." in brunei.text
    assert "Overdue" not in brunei.text
    for mail in mail_server.received:
        assert LEAK not in mail.text + mail.html
        assert mail.message["From"] == "ASEAN Meetings <records@localhost>"


def test_a_vietnamese_focal_point_reads_its_digest_in_vietnamese(mail_server, records):
    FocalPoint.objects.filter(email=SITI).update(language="vi")
    remind()

    [siti] = mail_server.to(SITI)
    with translation.override("vi"):
        subject = gettext("Follow-up actions: %(counts)s") % {
            "counts": gettext("%(count)s overdue") % {"count": 1}
        }
        dear = gettext("Dear %(names)s,") % {"names": "Ms. Siti Rahmah"}
        since = gettext("Overdue since %(since)s") % {
            "since": display.long_date(datetime.date(2020, 1, 1))
        }
    assert subject != "Follow-up actions: 1 overdue"
    assert siti.subject.strip() == subject  # folded onto the next line, not being ASCII
    assert dear in siti.text
    assert since in siti.text  # the month named in Vietnamese
    assert "- Publish the Smart City Planning Guidebook." in siti.text  # the record's words
    assert siti.message["Content-Language"] == "vi"
    # The others chose no language: the site's.
    [brunei] = mail_server.to(BRUNEI)
    assert brunei.subject == "Follow-up actions: 1 due by 3 March 2099"
    assert brunei.message["Content-Language"] == settings.LANGUAGE_CODE


def test_an_address_focal_point_of_owners_that_disagree_on_its_language_reads_the_sites(
    mail_server, records
):
    FocalPoint.objects.filter(email=TANAKA).update(language="vi")
    FocalPointFactory(
        name="Mr. TANAKA Taro", email=TANAKA, organisation=records.asean, language="th"
    )
    remind()
    [tanaka] = mail_server.to(TANAKA)
    assert tanaka.subject == "Follow-up actions: 1 overdue"
    assert tanaka.message["Content-Language"] == settings.LANGUAGE_CODE


def test_every_message_has_a_plain_text_part_and_a_one_click_unsubscribe_link(mail_server, records):
    remind()
    for mail in mail_server.received:
        assert mail.message.get_body(preferencelist=("plain",)) is not None
        assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert mail.unsubscribe_url.startswith("http://127.0.0.1:8000/unsubscribe/")
        assert mail.unsubscribe_url in mail.text
        assert mail.unsubscribe_url in mail.html


def test_a_second_run_the_same_day_sends_nothing(mail_server, records):
    remind()
    sent = len(mail_server.received)

    output = remind()

    assert len(mail_server.received) == sent
    assert "Sent 0 digest(s)" in output
    assert ReminderSent.objects.filter(day=TODAY).count() == 4


def test_what_each_digest_listed_is_kept_per_action_address_kind_and_day(mail_server, records):
    remind()
    kept = set(ReminderSent.objects.values_list("action__description", "email", "kind", "day"))
    day = datetime.date.fromisoformat(TODAY)
    guidebook = "Publish the Smart City Planning Guidebook."
    assert kept == {
        (guidebook, SITI, "overdue", day),
        (guidebook, TANAKA, "overdue", day),
        ("Launch the urban transport portal.", BRUNEI, "due_soon", day),
        (guidebook, DESK, "escalated", day),
    }


def test_a_focal_point_hears_again_a_week_later_not_before(mail_server, records):
    remind()
    remind(today=later(6))
    assert len(mail_server.to(SITI)) == 1
    remind(today=later(7))
    assert len(mail_server.to(SITI)) == 2
    assert len(mail_server.to(DESK)) == 2


def test_every_option_sends_daily_digests(mail_server, records):
    remind(every=1)
    remind(today=later(1), every=1)
    assert len(mail_server.to(SITI)) == 2


def test_the_window_bounds_what_is_due_soon(mail_server, records):
    remind(window=10)  # the portal is due on 28 February, 27 days on
    assert mail_server.to(BRUNEI) == []


def test_done_cancelled_and_undated_actions_are_never_listed(mail_server, records):
    FollowUpAction.objects.filter(pk=records.portal.pk).update(status="done")
    remind()
    assert mail_server.to(BRUNEI) == []  # its other action is undated, the third is done


@pytest.mark.parametrize("status", ["draft", "in_review", "withdrawn"])
def test_an_unpublished_record_is_never_reminded_of(mail_server, records, status):
    Meeting.objects.filter(pk=records.draft.pk).update(status=status, withdrawal_reason="Gone.")
    remind()
    assert mail_server.to(DRAFT_ONLY) == []
    assert all(LEAK not in mail.text for mail in mail_server.received)


def test_actions_of_a_restricted_record_are_reminded_to_their_officials(mail_server, records):
    Meeting.objects.filter(pk=records.draft.pk).update(
        status=Meeting.Status.PUBLISHED,
        published_at=timezone.now(),
        visibility=Meeting.Visibility.RESTRICTED,
    )
    remind()
    [mail] = mail_server.to(DRAFT_ONLY)
    assert f"Circulate the {LEAK} guidebook annex." in mail.text


def test_the_desk_hears_weekly_of_actions_overdue_past_the_threshold(mail_server, records):
    remind()
    [desk] = mail_server.to(DESK)
    assert desk.subject.startswith("1 follow-up action overdue for more than 90 days")
    assert "To the secretariat desk of High Level Meeting," in desk.text
    assert "Publish the Smart City Planning Guidebook." in desk.text
    remind(today=later(3), every=1)
    assert len(mail_server.to(DESK)) == 1


def test_an_action_overdue_for_less_than_the_threshold_is_not_escalated(mail_server, records):
    # On 1 February 2020 the Guidebook had been overdue for a month.
    remind(today="2020-02-01")
    assert mail_server.to(SITI) != []
    assert mail_server.to(DESK) == []
    remind(today="2020-02-08", escalate_after=30)
    assert len(mail_server.to(DESK)) == 1


def test_a_refused_address_is_reported_suppressed_and_not_retried(mail_server, records):
    mail_server.refuse.add(SITI)

    output = remind()

    assert f"Refused: {SITI} (550 5.1.1 No such mailbox here); suppressed" in output
    assert mail_server.to(SITI) == []
    assert len(mail_server.to(TANAKA)) == 1  # the others went on
    suppressed = SuppressedAddress.objects.get(email=SITI)
    assert suppressed.reason == SuppressedAddress.Reason.REFUSED
    assert "550" in suppressed.detail
    assert not ReminderSent.objects.filter(email=SITI).exists()
    remind(today=later(7))
    assert mail_server.asked.count(SITI) == 1


def test_the_unsubscribe_link_stops_reminders_to_that_address(client, mail_server, records):
    remind()
    [mail] = mail_server.to(SITI)
    path = mail.unsubscribe_url.removeprefix("http://127.0.0.1:8000")

    asked = client.get(path)
    assert asked.status_code == 200
    assert f"Stop sending reminders of follow-up actions to {SITI}?" in asked.content.decode()
    assert not SuppressedAddress.objects.exists()  # a link scanner's GET changes nothing

    done = client.post(path)  # what a mail program's one-click unsubscribe sends
    assert done.status_code == 200
    assert SuppressedAddress.objects.get(email=SITI).reason == "unsubscribed"
    remind(today=later(7))
    assert len(mail_server.to(SITI)) == 1
    assert len(mail_server.to(TANAKA)) == 2


def test_a_mail_server_that_is_down_fails_the_run_and_records_nothing(mail_server, records):
    mail_server.stop()
    with pytest.raises(CommandError, match="The mail server failed"):
        remind()
    assert not ReminderSent.objects.exists()


def test_a_dry_run_sends_and_records_nothing(mail_server, records):
    output = remind("--dry-run")
    assert "Would send 4 digest(s) listing 4 action(s)" in output
    assert mail_server.received == []
    assert not ReminderSent.objects.exists()


def test_the_run_counts_overdue_actions_whose_owners_have_no_focal_point(mail_server, records):
    assert "0 overdue action(s) have no focal point" in remind()
    FocalPoint.objects.filter(email__in=[SITI, TANAKA]).delete()
    assert "1 overdue action(s) have no focal point" in remind(today=later(7))


def test_a_long_digest_lists_the_first_and_counts_the_rest(mail_server, records):
    actions = FollowUpAction.objects.bulk_create(
        FollowUpAction(
            meeting=records.hlm1,
            description=f"Report {number}.",
            due_date=datetime.date(2030, 1, 1) + datetime.timedelta(days=number),
            due_precision="day",
        )
        for number in range(reminders.DIGEST_LIMIT + 1)
    )
    records.jasca.follow_up_actions.add(*actions)
    FocalPointFactory(email="jasca@example.jp", organisation=records.jasca)

    remind()

    [mail] = mail_server.to("jasca@example.jp")
    assert mail.subject == f"Follow-up actions: {reminders.DIGEST_LIMIT + 1} overdue"
    assert "- Report 0." in mail.text
    assert f"- Report {reminders.DIGEST_LIMIT}." not in mail.text
    assert "… and 1 more overdue, not listed here." in mail.text


def test_the_digests_take_one_query_per_recipient_however_many_actions(
    records, django_assert_num_queries
):
    policy = reminders.Policy(today=datetime.date.fromisoformat(TODAY))
    # The stream of rows, then one query per digest (three) for its actions.
    with django_assert_num_queries(4):
        first = [len(digest.listed) for digest in reminders.owner_digests(policy)]
    more = FollowUpAction.objects.bulk_create(
        FollowUpAction(
            meeting=records.hlm2, description="More.", due_date=datetime.date(2030, 1, 1)
        )
        for _ in range(20)
    )
    records.asean.follow_up_actions.add(*more)
    with django_assert_num_queries(4):
        second = [len(digest.listed) for digest in reminders.owner_digests(policy)]
    assert sum(second) == sum(first) + 20


def test_rendering_the_digests_takes_no_query_per_action(records, django_assert_num_queries):
    policy = reminders.Policy(today=datetime.date.fromisoformat(TODAY))
    # The suppressed addresses, who had a digest lately (owners, desks), the two streams of
    # rows (owners, desks) and one query per digest (four) for its actions.
    with django_assert_num_queries(9):
        report = reminders.send_reminders(policy, dry_run=True)
    assert report.digests == 4


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("today", "1 Feb 2099", "YYYY-MM-DD"),
        ("window", "0", "whole number of days"),
        ("every", "a week", "whole number of days"),
        ("escalate_after", "-3", "whole number of days"),
    ],
)
def test_bad_options_are_refused_with_what_they_take(records, option, value, message):
    with pytest.raises(CommandError, match=message):
        remind(**{option: value})


def test_a_focal_point_is_the_contact_of_one_organisation_or_one_state(records):
    both = FocalPoint(name="X", email="x@example.org", organisation=records.asean)
    both.country = records.japan
    neither = FocalPoint(name="Y", email="y@example.org")
    for focal_point in (both, neither):
        with pytest.raises(Exception, match="one organisation or of one state"):
            focal_point.full_clean()


def test_addresses_are_kept_in_lower_case(records):
    focal_point = FocalPoint(name="X", email="Siti@ASEAN.Example.org", organisation=records.jasca)
    focal_point.full_clean()
    assert focal_point.email == "siti@asean.example.org"

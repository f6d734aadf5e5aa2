import pytest
from django.urls import reverse
from django.utils.http import http_date

from records.models import FollowUpAction, Meeting, Organisation
from tests.factories import (
    CorrectionFactory,
    CountryFactory,
    FollowUpActionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParagraphFactory,
    ParticipantFactory,
    ProgressUpdateFactory,
    ResolutionFactory,
    full_record,
)

pytestmark = pytest.mark.django_db

UNPUBLISHED = [Meeting.Status.DRAFT, Meeting.Status.IN_REVIEW, Meeting.Status.WITHDRAWN]


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def detail(client, meeting, status=200):
    return get(client, reverse("api:meeting-detail", kwargs={"slug": meeting.slug}), status)


# Meetings


def test_meeting_list_has_published_meetings_only(client):
    public = MeetingFactory()
    for status in UNPUBLISHED:
        MeetingFactory(status=status, published_at=None)
    body = get(client, reverse("api:meeting-list"))
    assert body["count"] == 1
    assert [m["slug"] for m in body["results"]] == [public.slug]


def test_meeting_list_fields_are_stable(client, seed):
    body = get(client, reverse("api:meeting-list"))
    assert set(body) == {"count", "next", "previous", "results"}
    third = body["results"][0]
    assert third == {
        "slug": "asean-japan-scn-hlm-3",
        "title": seed.title,
        "series": {
            "slug": "asean-japan-scn-hlm",
            "name": "ASEAN-Japan Smart Cities Network High Level Meeting",
            "short_name": "ASEAN-Japan SCN HLM",
        },
        "sequence_number": 3,
        "ordinal": "Third",
        "year": 2021,
        "start_date": "2021-10-18",
        "end_date": "2021-10-19",
        "venue": "Aichi Prefecture",
        "country": {"code": "JP", "name": "Japan"},
        "format": "hybrid",
        "published_at": seed.published_at.isoformat().replace("+00:00", "Z"),
        "url": "http://testserver/api/meetings/asean-japan-scn-hlm-3/",
        "html_url": "http://testserver/meetings/asean-japan-scn-hlm-3/",
        "akn_url": "http://testserver/meetings/asean-japan-scn-hlm-3/akn.xml",
        "pdf_url": "http://testserver/meetings/asean-japan-scn-hlm-3/record.pdf",
    }


def test_meeting_list_is_latest_first(client, seed):
    slugs = [m["slug"] for m in get(client, reverse("api:meeting-list"))["results"]]
    assert slugs == ["asean-japan-scn-hlm-3", "asean-japan-scn-hlm-2"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"series": "asean-japan-scn-hlm"}, ["asean-japan-scn-hlm-3", "asean-japan-scn-hlm-2"]),
        ({"year": "2020"}, ["asean-japan-scn-hlm-2"]),
        ({"year": "2021", "series": "asean-japan-scn-hlm"}, ["asean-japan-scn-hlm-3"]),
        ({"year": "1999"}, []),
    ],
)
def test_meeting_list_filters(client, seed, params, expected):
    MeetingFactory()  # another series and year
    body = get(client, reverse("api:meeting-list"), **params)
    assert [m["slug"] for m in body["results"]] == expected


def test_pages_link_to_each_other_and_keep_the_filters(client):
    series = MeetingSeriesFactory()
    MeetingFactory.create_batch(3, series=series)
    MeetingFactory()
    first = get(client, reverse("api:meeting-list"), series=series.slug, page_size=2)
    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    slugs = {m["slug"] for m in first["results"] + second["results"]}
    assert slugs == set(series.meetings.values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"year": "abc"}, "year"),
        ({"year": "2021; DROP TABLE"}, "year"),
        ({"series": "no-such-series"}, "series"),
    ],
)
def test_malformed_query_parameter_is_a_400_that_names_it(client, seed, params, parameter):
    body = get(client, reverse("api:meeting-list"), status=400, **params)
    assert parameter in body["detail"]
    assert list(body["errors"]) == [parameter]
    assert body["errors"][parameter][0]


def test_record_detail_nests_the_whole_record(client, seed):
    body = detail(client, seed)
    assert body["series"]["slug"] == "asean-japan-scn-hlm"
    assert [(p["role"], p["honorific"], p["name"]) for p in body["participants"]] == [
        ("co_chair", "Mr.", "ISHIDA Masaru"),
        ("co_chair", "Mr.", "Haji Mohammad Nazri Bin Haji Mohammad Yusof"),
    ]
    chair = body["participants"][0]
    assert chair["position"] == "Vice-Minister for Land, Infrastructure and Hokkaido Development"
    assert chair["organisation"]["short_name"] == "MLIT"
    assert chair["government"] == {"code": "JP", "name": "Japan"}
    assert [a["number"] for a in body["agenda_items"]] == [1, 2, 3, 4, 5, 6]
    assert [(p["number"], p["text"]) for p in body["paragraphs"]] == [
        (p.number, p.text) for p in seed.paragraphs.all()
    ]
    assert body["paragraphs"][1]["html_url"].endswith("/meetings/asean-japan-scn-hlm-3/#p2")
    assert [(r["paragraph"], r["verb"]) for r in body["resolutions"]] == [
        (2, "resolved"),
        (2, "welcomed"),
        (3, "agreed"),
        (4, "recognised"),
        (6, "affirmed"),
        (6, "confirmed"),
    ]
    assert len(body["follow_up_actions"]) == 4


def test_resolution_names_its_parties(client, seed):
    resolved = detail(client, seed)["resolutions"][0]
    assert resolved["parties"] == "ASEAN and Japan"
    assert resolved["text"].startswith("to continue enhancing their cooperation")
    assert resolved["party_countries"] == [{"code": "JP", "name": "Japan"}]
    assert [o["short_name"] for o in resolved["party_organisations"]] == ["ASEAN"]


@pytest.mark.parametrize(
    ("description", "due_date", "precision", "display"),
    [
        ("Formulate the ASEAN Smart City", "2021-12-31", "year", "end of 2021"),
        ("Continue the business matching", "2021-10-29", "day", "29 October 2021"),
        ("Establish the website channel", "2022-02-28", "month", "February 2022"),
        ("Hold the next ASEAN-Japan", None, "next_meeting", "At the next meeting"),
    ],
)
def test_due_dates_are_iso_with_their_precision(
    client, seed, description, due_date, precision, display
):
    actions = detail(client, seed)["follow_up_actions"]
    (action,) = [a for a in actions if a["description"].startswith(description)]
    assert (action["due_date"], action["due_precision"], action["due_display"]) == (
        due_date,
        precision,
        display,
    )


def test_progress_reported_later_is_nested_in_the_action(client, seed):
    second = Meeting.objects.get(slug="asean-japan-scn-hlm-2")
    (smart_jamp,) = detail(client, second)["follow_up_actions"]
    (update,) = smart_jamp["progress_updates"]
    assert update["meeting"]["slug"] == "asean-japan-scn-hlm-3"
    assert update["paragraph"] == 3
    assert update["status"] == "in_progress"
    (reported,) = detail(client, seed)["progress_reported"]
    assert reported["committed_at"]["slug"] == "asean-japan-scn-hlm-2"
    assert reported["paragraph"] == 3


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_unpublished_record_is_not_found(client, status):
    meeting = MeetingFactory(status=status, published_at=None)
    assert detail(client, meeting, status=404) == {"detail": "Not found."}


def test_staff_login_does_not_open_drafts_in_the_api(admin_client):
    draft = MeetingFactory(draft=True)
    assert detail(admin_client, draft, status=404) == {"detail": "Not found."}


def test_progress_reported_at_an_unpublished_meeting_stays_hidden(client):
    action = FollowUpActionFactory()
    draft = MeetingFactory(series=action.meeting.series, draft=True)
    ProgressUpdateFactory(action=action, meeting=draft, text="Secret progress")
    body = detail(client, action.meeting)
    assert body["follow_up_actions"][0]["progress_updates"] == []
    listed = get(client, reverse("api:action-list"))["results"]
    assert listed[0]["progress_updates"] == []


def test_progress_on_an_unpublished_meetings_action_stays_hidden(client):
    draft = MeetingFactory(draft=True)
    action = FollowUpActionFactory(paragraph=ParagraphFactory(meeting=draft))
    public = MeetingFactory(series=draft.series)
    ProgressUpdateFactory(action=action, meeting=public, text="Secret progress")
    assert detail(client, public)["progress_reported"] == []


def test_record_detail_has_validators_and_answers_not_modified(client, seed):
    url = reverse("api:meeting-detail", kwargs={"slug": seed.slug})
    response = client.get(url)
    assert response["Last-Modified"] == http_date(seed.changed_at.timestamp())
    etag = response["ETag"]
    not_modified = client.get(url, headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == etag
    assert not_modified.content == b""
    assert "no-cache" in response["Cache-Control"]


def test_a_date_alone_never_earns_a_not_modified(client, seed):
    """Last-Modified cannot see every change the JSON shows (an organisation renamed), so
    only the ETag, a hash of the body, decides a 304."""
    url = reverse("api:meeting-detail", kwargs={"slug": seed.slug})
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 200


def test_renaming_an_organisation_a_record_names_changes_its_etag(client, seed, committed):
    url = reverse("api:meeting-detail", kwargs={"slug": seed.slug})
    etag = client.get(url)["ETag"]
    organisation = Organisation.objects.get(slug="mlit")
    organisation.name = "Ministry of Land (renamed)"
    with committed():
        organisation.save()
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_change_to_the_record_changes_its_etag(client, seed, committed):
    url = reverse("api:meeting-detail", kwargs={"slug": seed.slug})
    etag = client.get(url)["ETag"]
    paragraph = seed.paragraphs.get(number=6)
    paragraph.text += " Corrected."
    with committed():
        paragraph.save()
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_stale_etag_gets_the_record(client, seed):
    url = reverse("api:meeting-detail", kwargs={"slug": seed.slug})
    response = client.get(url, headers={"if-none-match": '"stale"'})
    assert response.status_code == 200
    assert response.json()["slug"] == seed.slug


# Resolutions and actions


def test_resolution_list_has_published_resolutions_only(client, seed):
    for status in UNPUBLISHED:
        ResolutionFactory(paragraph__meeting=MeetingFactory(status=status, published_at=None))
    body = get(client, reverse("api:resolution-list"))
    assert body["count"] == 6
    first = body["results"][0]
    assert first["meeting"]["slug"] == "asean-japan-scn-hlm-3"
    assert first["html_url"] == "http://testserver/meetings/asean-japan-scn-hlm-3/#p2"


def test_action_list_has_published_actions_only(client, seed):
    for status in UNPUBLISHED:
        FollowUpActionFactory(paragraph__meeting=MeetingFactory(status=status, published_at=None))
    body = get(client, reverse("api:action-list"))
    assert body["count"] == 5
    assert {a["meeting"]["slug"] for a in body["results"]} == {
        "asean-japan-scn-hlm-2",
        "asean-japan-scn-hlm-3",
    }


def test_resolution_and_action_details(client, seed):
    resolution = seed.paragraphs.get(number=2).resolutions.first()
    body = get(client, reverse("api:resolution-detail", kwargs={"pk": resolution.pk}))
    assert body["verb"] == "resolved"
    action = FollowUpAction.objects.get(due_precision="month")
    body = get(client, reverse("api:action-detail", kwargs={"pk": action.pk}))
    assert body["due_date"] == "2022-02-28"


def test_unpublished_resolution_and_action_are_not_found(client):
    resolution = ResolutionFactory(paragraph__meeting=MeetingFactory(draft=True))
    get(client, reverse("api:resolution-detail", kwargs={"pk": resolution.pk}), status=404)
    action = FollowUpActionFactory(paragraph__meeting=MeetingFactory(draft=True))
    get(client, reverse("api:action-detail", kwargs={"pk": action.pk}), status=404)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("verb=welcomed", [("2", "welcomed")]),
        ("verb=affirmed&verb=confirmed", [("6", "affirmed"), ("6", "confirmed")]),
        ("party_organisation=ascn", [("3", "agreed")]),
        ("party_country=VN&verb=recognised", [("4", "recognised")]),
        ("text=guidebook", [("2", "welcomed")]),
        ("agenda_item=JAMP", [("3", "agreed")]),
        ("meeting=asean-japan-scn-hlm-3&sort=verb", None),
        ("date_from=2022-01-01", []),
    ],
)
def test_resolution_list_takes_the_filters_of_the_resolutions_page(client, seed, query, expected):
    body = client.get(f"{reverse('api:resolution-list')}?{query}").json()
    got = [(str(r["paragraph"]), r["verb"]) for r in body["results"]]
    if expected is not None:
        assert got == expected
    page = client.get(f"{reverse('records:resolution_list')}?{query}")
    assert [r["id"] for r in body["results"]] == [r.pk for r in page.context["resolutions"]]


def test_resolution_sort_is_the_pages_sort(client, seed):
    body = client.get(reverse("api:resolution-list"), {"sort": "verb"}).json()
    verbs = [r["verb"] for r in body["results"]]
    assert verbs == sorted(verbs)


@pytest.mark.parametrize(
    "query",
    [
        "status=open",
        "status=in_progress",
        "overdue=1",
        "owner_organisation=jasca",
        "owner_country=JP&status=open",
        "meeting=asean-japan-scn-hlm-2",
        "due_before=2021-12-31",
        "due_after=2022-01-01&sort=-due",
        "text=JASCA",
        "series=asean-japan-scn-hlm&sort=-date",
    ],
)
def test_action_list_takes_the_filters_of_the_actions_page(client, seed, query):
    body = client.get(f"{reverse('api:action-list')}?{query}").json()
    page = client.get(f"{reverse('records:action_list')}?{query}")
    assert page.status_code == 200
    assert [a["id"] for a in body["results"]] == [a.pk for a in page.context["actions"]]
    assert body["count"] == page.context["paginator"].count


def test_overdue_actions_are_those_past_their_deadline_at_its_precision(client, seed):
    body = get(client, reverse("api:action-list"), overdue="1")
    assert {a["due_display"] for a in body["results"]} == {
        "end of 2021",
        "29 October 2021",
        "February 2022",
    }


@pytest.mark.parametrize(
    ("url", "query", "parameter"),
    [
        ("api:resolution-list", "verb=voted", "verb"),
        ("api:resolution-list", "meeting=no-such-meeting", "meeting"),
        ("api:resolution-list", "party_country=XX", "party_country"),
        ("api:resolution-list", "date_from=2021-13-45", "date_from"),
        ("api:resolution-list", "date_from=2022-01-01&date_to=2021-01-01", "date_to"),
        ("api:resolution-list", "sort=random", "sort"),
        ("api:resolution-list", "text=" + "x" * 1000, "text"),
        ("api:action-list", "overdue=maybe", "overdue"),
        ("api:action-list", "status=forgotten", "status"),
        ("api:action-list", "due_before=yesterday", "due_before"),
        ("api:action-list", "owner_organisation=%00", "owner_organisation"),
    ],
)
def test_malformed_filter_is_a_400_that_names_it(client, seed, url, query, parameter):
    response = client.get(f"{reverse(url)}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert parameter in body["errors"]
    assert parameter in body["detail"]


# Series, countries, organisations


def test_series_list_has_series_with_a_published_meeting_only(client, seed):
    MeetingFactory(draft=True, series__name="Secret series")
    body = get(client, reverse("api:series-list"))
    assert [s["slug"] for s in body["results"]] == ["asean-japan-scn-hlm"]


def test_country_list_has_every_state_and_its_asean_membership(client, seed):
    body = get(client, reverse("api:country-list"))
    assert body["count"] == 12
    by_code = {c["code"]: c for c in body["results"]}
    assert by_code["JP"]["asean_member_since"] is None
    assert by_code["TL"]["asean_member_since"] == "2025-10-26"


def test_country_detail_takes_the_code_in_either_case(client, seed):
    assert get(client, reverse("api:country-detail", kwargs={"code": "vn"}))["name"] == "Viet Nam"
    assert get(client, reverse("api:country-detail", kwargs={"code": "VN"}))["name"] == "Viet Nam"


def test_organisation_list_has_organisations_named_in_published_records_only(client):
    meeting = MeetingFactory()
    chairs_body = OrganisationFactory(name="Chair's ministry")
    ParticipantFactory(meeting=meeting, organisation=chairs_body)
    party = OrganisationFactory(name="A party")
    ResolutionFactory(paragraph__meeting=meeting).party_organisations.set([party])
    owner = OrganisationFactory(name="An owner")
    FollowUpActionFactory(paragraph__meeting=meeting).owner_organisations.set([owner])
    draft = MeetingFactory(draft=True)
    hidden = OrganisationFactory(name="Named in a draft only")
    ParticipantFactory(meeting=draft, organisation=hidden)
    ResolutionFactory(paragraph__meeting=draft).party_organisations.set([hidden])
    FollowUpActionFactory(paragraph__meeting=draft).owner_organisations.set([hidden])
    OrganisationFactory(name="Named nowhere")
    body = get(client, reverse("api:organisation-list"))
    assert [o["name"] for o in body["results"]] == ["A party", "An owner", "Chair's ministry"]
    get(client, reverse("api:organisation-detail", kwargs={"slug": hidden.slug}), status=404)


# Errors, negotiation, throttling


def test_unknown_api_address_is_a_json_404(client):
    assert get(client, "/api/no-such-thing/", status=404) == {"detail": "Not found."}


def test_asking_for_html_is_a_json_406(client, seed):
    response = client.get(reverse("api:meeting-list"), headers={"accept": "text/html"})
    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(client, seed, method):
    url = reverse("api:meeting-detail", kwargs={"slug": seed.slug})
    response = getattr(client, method)(url, {}, content_type="application/json")
    assert response.status_code == 405
    assert Meeting.objects.filter(slug=seed.slug).exists()


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon_burst": "3/minute", "anon_sustained": "100/day"},
    }


def test_anonymous_client_is_slowed_down_with_retry_after(client, seed, low_rates):
    url = reverse("api:series-list")
    for _ in range(3):
        assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert "throttled" in response.json()["detail"]
    assert 0 < int(response["Retry-After"]) <= 60


def test_rate_is_per_client_address(client, seed, low_rates):
    url = reverse("api:series-list")
    for _ in range(3):
        client.get(url, REMOTE_ADDR="192.0.2.1")
    assert client.get(url, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get(url, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_forged_forwarded_for_header_does_not_dodge_the_rate(client, seed, low_rates):
    url = reverse("api:series-list")
    statuses = [
        client.get(url, headers={"x-forwarded-for": f"198.51.100.{n}"}).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


# Query counts: constant in the number of rows


@pytest.mark.parametrize("size", [1, 6])
def test_record_detail_query_count_is_constant(client, django_assert_num_queries, size):
    meeting = full_record(size)
    CorrectionFactory.create_batch(size, meeting=meeting)
    # The cache generation, then (not yet rendered) the record with its attachments and its
    # published language versions.
    with django_assert_num_queries(16):
        body = detail(client, meeting)
    assert len(body["corrections"]) == size


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("api:meeting-list", 2),
        ("api:resolution-list", 4),
        ("api:action-list", 5),
        ("api:series-list", 2),
        ("api:country-list", 2),
        ("api:organisation-list", 2),
    ],
)
@pytest.mark.parametrize("size", [1, 6])
def test_list_query_count_is_constant(client, django_assert_num_queries, name, queries, size):
    for _ in range(size):
        full_record(2)
    CountryFactory.create_batch(size)
    with django_assert_num_queries(queries):
        body = get(client, reverse(name))
    assert body["count"] >= size

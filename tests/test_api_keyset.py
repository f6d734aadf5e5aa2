"""Keyset pagination of the API's resolution and action lists (``records/api/keyset.py``):
``next`` and ``previous`` are cursors that name the row a page ends or starts at, so a deep
page is read from there instead of after every row before it."""

import base64
import datetime
import json

import pytest
from django.urls import reverse

from records.models import FollowUpAction, Meeting, Resolution
from tests.factories import (
    FollowUpActionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ParagraphFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db

LISTS = ["api:resolution-list", "api:action-list"]


def undated(**fields):
    return FollowUpActionFactory(
        due_date=None, due_text="", due_precision=FollowUpAction.Precision.NONE, **fields
    )


@pytest.fixture
def records():
    """Meetings in several years, two on the same day, one known only by its year and one a
    draft; paragraphs of one to three resolutions; actions due on the same day, undated, or
    with no paragraph."""
    series = MeetingSeriesFactory()
    day = datetime.date(2019, 10, 18)
    meetings = [
        MeetingFactory(series=series, start_date=day, end_date=day, year=2019),
        MeetingFactory(series=series, start_date=day, end_date=day, year=2019),
        MeetingFactory(series=series, start_date=None, end_date=None, year=2019),
        MeetingFactory(series=series, start_date=datetime.date(2021, 3, 2)),
        MeetingFactory(series=series, start_date=datetime.date(2005, 6, 1)),
    ]
    draft = MeetingFactory(series=series, draft=True, start_date=datetime.date(2020, 1, 1))
    for meeting in [*meetings, draft]:
        for number in (1, 2):
            paragraph = ParagraphFactory(meeting=meeting, number=number)
            for order in range(1, number + 2):
                resolution = ResolutionFactory(
                    paragraph=paragraph,
                    order=order,
                    verb=["agreed", "noted", "welcomed"][order - 1],
                )
                if order == 2:
                    undated(paragraph=paragraph, resolution=resolution)
                else:
                    FollowUpActionFactory(
                        paragraph=paragraph,
                        resolution=resolution,
                        due_date=datetime.date(2030, 1, 1),
                    )
        undated(paragraph=None, meeting=meeting)
    return meetings, draft


def ids(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def walk(client, first, link="next"):
    """The ids of every page from ``first`` on, following ``link``; the bodies too."""
    pages = [first]
    while pages[-1][link]:
        response = client.get(pages[-1][link])
        assert response.status_code == 200, response.content
        pages.append(response.json())
    return pages


def all_ids(client, url, **params):
    return [row["id"] for row in ids(client, url, page_size=200, **params)["results"]]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("size", [1, 3, 7])
def test_following_next_lists_every_row_once_in_the_lists_order(client, records, name, size):
    url = reverse(name)
    pages = walk(client, ids(client, url, page_size=size))
    walked = [row["id"] for page in pages for row in page["results"]]
    expected = all_ids(client, url)
    assert walked == expected
    assert all(len(page["results"]) == size for page in pages[:-1])
    model = Resolution if name == "api:resolution-list" else FollowUpAction
    published = model.objects.published().count()
    assert len(expected) == published < model.objects.count()  # the draft's rows are not there


@pytest.mark.parametrize("name", LISTS)
def test_following_previous_from_the_end_gives_the_same_pages_back(client, records, name):
    url = reverse(name)
    forwards = walk(client, ids(client, url, page_size=4))
    backwards = walk(client, forwards[-1], link="previous")
    assert [[row["id"] for row in page["results"]] for page in backwards[::-1]] == [
        [row["id"] for row in page["results"]] for page in forwards
    ]
    assert backwards[-1]["previous"] is None


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("api:resolution-list", {"sort": "date"}),
        ("api:resolution-list", {"sort": "-verb"}),
        ("api:resolution-list", {"verb": "noted"}),
        ("api:action-list", {"sort": "-due"}),
        ("api:action-list", {"sort": "date"}),
    ],
)
def test_cursors_follow_the_sort_and_filters_asked_for(client, records, name, params):
    url = reverse(name)
    first = ids(client, url, page_size=2, **params)
    assert "cursor=" in first["next"] and "page=" not in first["next"]
    for key, value in params.items():
        assert f"{key}={value}" in first["next"]
    pages = walk(client, first)
    assert [row["id"] for page in pages for row in page["results"]] == all_ids(
        client, url, **params
    )


def test_a_page_by_number_links_on_by_cursor(client, records):
    url = reverse("api:resolution-list")
    second = ids(client, url, page_size=3, page=2)
    after = client.get(second["next"]).json()
    before = client.get(second["previous"]).json()
    expected = all_ids(client, url)
    assert [row["id"] for row in after["results"]] == expected[6:9]
    assert [row["id"] for row in before["results"]] == expected[:3]


def test_a_cursor_still_leads_on_when_its_row_is_gone(client, records):
    url = reverse("api:resolution-list")
    first = ids(client, url, page_size=3)
    expected = all_ids(client, url)
    Resolution.objects.filter(pk=first["results"][-1]["id"]).delete()
    after = client.get(first["next"]).json()
    assert [row["id"] for row in after["results"]] == expected[3:6]


def test_a_cursor_never_reaches_an_unpublished_record(client, records):
    meetings, draft = records
    url = reverse("api:resolution-list")
    pages = walk(client, ids(client, url, page_size=2))
    seen = {row["id"] for page in pages for row in page["results"]}
    assert seen.isdisjoint(
        Resolution.objects.filter(paragraph__meeting=draft).values_list("pk", flat=True)
    )


def cursor_of(link):
    return link.split("cursor=")[1].split("&")[0]


def encoded(value):
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def test_cursors_of_another_list_or_order_or_made_up_are_a_400_naming_the_parameter(
    client, records
):
    resolutions, actions = reverse("api:resolution-list"), reverse("api:action-list")
    resolution_cursor = cursor_of(ids(client, resolutions, page_size=1)["next"])
    direction, signature, *values = json.loads(
        base64.urlsafe_b64decode(resolution_cursor + "==").decode()
    )
    wrong = [
        (actions, {}, resolution_cursor),
        (resolutions, {"sort": "verb"}, resolution_cursor),
        (resolutions, {}, "not a cursor"),
        (resolutions, {}, encoded({"next": 1})),
        (resolutions, {}, encoded(["sideways", signature, *values])),
        (resolutions, {}, encoded([direction, signature, *values[:-1]])),
        (resolutions, {}, encoded([direction, signature, "2019", "never", *values[2:]])),
        (resolutions, {}, encoded([direction, signature, *values[:-1], 2**70])),
        (resolutions, {}, encoded([direction, signature, *values[:-1], [1]])),
    ]
    for url, params, cursor in wrong:
        response = client.get(url, {**params, "cursor": cursor})
        assert response.status_code == 400, (params, cursor)
        assert response.json()["errors"] == {
            "cursor": ["Not a cursor of this list: follow next or previous."]
        }


def test_a_cursor_and_a_page_together_are_a_400(client, records):
    url = reverse("api:resolution-list")
    cursor = cursor_of(ids(client, url, page_size=1)["next"])
    response = client.get(url, {"cursor": cursor, "page": "2"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page"]


def test_an_empty_cursor_is_the_first_page(client, records):
    url = reverse("api:resolution-list")
    assert ids(client, url, cursor="")["results"] == ids(client, url)["results"]


def test_lists_without_keysets_keep_page_numbers(client, records):
    body = ids(client, reverse("api:meeting-list"), page_size=2)
    assert body["next"].endswith("page=2&page_size=2") or "page=2" in body["next"]
    assert "cursor" not in body["next"]


def test_a_cursor_page_is_counted_like_any_page(client, records):
    url = reverse("api:resolution-list")
    first = ids(client, url, page_size=2)
    second = client.get(first["next"]).json()
    assert second["count"] == first["count"] == Resolution.objects.published().count()


@pytest.mark.parametrize("size", [1, 6])
def test_a_cursor_page_runs_as_many_queries_as_the_first(
    client, records, django_assert_num_queries, size
):
    for _ in range(size):
        MeetingFactory(start_date=datetime.date(2022, 5, 5))
    url = reverse("api:resolution-list")
    first = ids(client, url, page_size=2)
    # The cache generation is read once, then: count, rows, party countries, organisations.
    with django_assert_num_queries(4):
        client.get(first["next"])
    assert Meeting.objects.count() > 6

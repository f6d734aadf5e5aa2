"""Search vectors stay in the database: only search reads them, in its queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from records.models import FollowUpAction, Paragraph, Resolution
from records.seed import THIRD_HLM_SLUG

pytestmark = pytest.mark.django_db

# Every page and form that shows records without searching them.
READS = [
    "/",
    "/meetings/",
    f"/meetings/{THIRD_HLM_SLUG}/",
    f"/meetings/{THIRD_HLM_SLUG}/akn.xml",
    f"/meetings/{THIRD_HLM_SLUG}/record.pdf",
    "/meetings/asean-japan-scn-hlm-4/",
    "/resolutions/",
    "/resolutions/?format=csv",
    "/actions/",
    "/actions/?overdue=1&format=csv",
    "/overview/",
    "/feeds/records.atom",
    "/api/meetings/",
    f"/api/meetings/{THIRD_HLM_SLUG}/",
    "/api/resolutions/",
    "/api/actions/",
]


@pytest.mark.parametrize("path", READS)
def test_reads_that_do_not_search_leave_the_search_vectors_unread(client, public_pages, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    read = [query["sql"] for query in queries if "search_vector" in query["sql"]]
    assert read == []


def test_the_admin_change_pages_leave_the_search_vectors_unread(admin_client, seed):
    paths = [
        f"/admin/records/meeting/{seed.pk}/change/",
        f"/admin/records/paragraph/{Paragraph.objects.first().pk}/change/",
        f"/admin/records/resolution/{Resolution.objects.first().pk}/change/",
        f"/admin/records/followupaction/{FollowUpAction.objects.first().pk}/change/",
        "/admin/records/resolution/",
        "/admin/records/followupaction/",
    ]
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(path)
        assert response.status_code == 200, path
        assert [q["sql"] for q in queries if "search_vector" in q["sql"]] == [], path


@pytest.mark.postgresql
def test_search_reads_the_search_vectors(client, public_pages):
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/?q=guidebook")
    assert any("search_vector" in query["sql"] for query in queries)

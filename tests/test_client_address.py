"""One rule for the client's address (``asean_meetings.client_address``), which both the
API's rates and the admin login's lockout count by."""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIRequestFactory

from asean_meetings.client_address import client_address
from records.api.throttling import AnonBurstThrottle

pytestmark = pytest.mark.django_db


def request(forwarded=None, remote="10.0.0.2"):
    headers = {"x-forwarded-for": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "10.0.0.2"),
        (0, "198.51.100.7", "10.0.0.2"),  # with no proxy the header is the client's word
        (1, None, "10.0.0.2"),  # a request that bypassed the proxy
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "192.0.2.1, 198.51.100.7", "198.51.100.7"),  # the client wrote the first
        (2, "192.0.2.1,198.51.100.7 , 10.0.0.9", "198.51.100.7"),
        (3, "198.51.100.7", "198.51.100.7"),  # fewer addresses than proxies
    ],
)
def test_client_address_is_what_the_outermost_proxy_saw(settings, proxies, forwarded, expected):
    settings.NUM_PROXIES = proxies
    assert client_address(request(forwarded)) == expected


def test_the_api_rates_and_the_login_lockout_count_by_the_same_function():
    assert settings.AXES_CLIENT_IP_CALLABLE == "asean_meetings.client_address.client_address"
    drf_request = APIRequestFactory().get("/", REMOTE_ADDR="10.0.0.2")
    assert AnonBurstThrottle().get_ident(drf_request) == "10.0.0.2"


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon_burst": "3/minute", "anon_sustained": "100/day"},
    }


def test_behind_a_proxy_the_api_rate_counts_the_address_the_proxy_saw(client, settings, low_rates):
    settings.NUM_PROXIES = 1
    url = reverse("api:series-list")
    proxy = "10.0.0.2"
    for n in range(3):
        # The client may write anything first; the proxy appends what it saw.
        forwarded = f"192.0.2.{n}, 198.51.100.7"
        assert (
            client.get(url, REMOTE_ADDR=proxy, headers={"x-forwarded-for": forwarded}).status_code
            == 200
        )
    assert (
        client.get(url, REMOTE_ADDR=proxy, headers={"x-forwarded-for": "198.51.100.7"}).status_code
        == 429
    )
    other = client.get(url, REMOTE_ADDR=proxy, headers={"x-forwarded-for": "198.51.100.8"})
    assert other.status_code == 200

"""Rates for anonymous clients: a burst limit and a sustained one, per client address.

The rates are read when each request is checked (not when the class is defined), so the
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` setting always has its effect.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, BaseThrottle


def client_address(request) -> str:
    """The client's address, as REST framework tells it: ``REMOTE_ADDR``, or with
    ``NUM_PROXIES`` proxies in front, the address the outermost of them saw. The API's rates
    and the admin login's lockout (django-axes) both count by it."""
    return BaseThrottle().get_ident(request)


class _AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class AnonBurstThrottle(_AnonThrottle):
    scope = "anon_burst"


class AnonSustainedThrottle(_AnonThrottle):
    scope = "anon_sustained"

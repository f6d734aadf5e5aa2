"""Rates for anonymous clients: a burst limit and a sustained one, per client address
(``asean_meetings.client_address``, which the admin login's lockout also counts by).

The rates are read when each request is checked (not when the class is defined), so the
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` setting always has its effect.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from asean_meetings.client_address import client_address


class _AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_ident(self, request):
        return client_address(request)


class AnonBurstThrottle(_AnonThrottle):
    scope = "anon_burst"


class AnonSustainedThrottle(_AnonThrottle):
    scope = "anon_sustained"

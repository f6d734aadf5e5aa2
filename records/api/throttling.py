"""Rates for anonymous clients: a burst limit and a sustained one, per client address.

The rates are read when each request is checked (not when the class is defined), so the
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` setting always has its effect.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class _AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class AnonBurstThrottle(_AnonThrottle):
    scope = "anon_burst"


class AnonSustainedThrottle(_AnonThrottle):
    scope = "anon_sustained"

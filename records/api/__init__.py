"""The read-only JSON API at ``/api/``: published records only, described by OpenAPI 3."""

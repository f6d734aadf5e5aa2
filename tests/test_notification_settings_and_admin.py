"""Email settings come from the environment and each has its effect; editors keep focal
points and desks in the admin; what was sent is read there and never edited."""

import json

import pytest
from django.urls import reverse

from records import roles
from records.models import FocalPoint, SuppressedAddress
from tests.factories import FocalPointFactory, OrganisationFactory, SubscriptionFactory
from tests.serving import read_settings

pytestmark = pytest.mark.django_db

EMAIL_SETTINGS = [
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_TIMEOUT",
    "DEFAULT_FROM_EMAIL",
    "SITE_URL",
]


def settings_given(**environ):
    result = read_settings(EMAIL_SETTINGS, **environ)
    return json.loads(result.stdout) if result.returncode == 0 else result.stderr


def test_email_settings_are_read_from_the_environment():
    assert settings_given(
        EMAIL_HOST="smtp.asean.example.org",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="records",
        EMAIL_HOST_PASSWORD="a secret",
        EMAIL_USE_TLS="true",
        EMAIL_TIMEOUT="10",
        DEFAULT_FROM_EMAIL="Records <records@asean.example.org>",
        SITE_URL="https://records.asean.example.org/",
    ) == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.asean.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "records",
        "EMAIL_HOST_PASSWORD": "a secret",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 10,
        "DEFAULT_FROM_EMAIL": "Records <records@asean.example.org>",
        "SITE_URL": "https://records.asean.example.org",
    }


def test_without_a_mail_server_production_uses_localhost_and_development_the_console():
    production = settings_given()
    assert (production["EMAIL_BACKEND"], production["EMAIL_HOST"], production["EMAIL_PORT"]) == (
        "django.core.mail.backends.smtp.EmailBackend",
        "localhost",
        25,
    )
    development = settings_given(DJANGO_DEBUG="true")
    assert development["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    with_server = settings_given(DJANGO_DEBUG="true", EMAIL_HOST="127.0.0.1")
    assert with_server["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


def test_tls_and_ssl_together_are_refused_at_start():
    assert "Set EMAIL_USE_TLS (STARTTLS) or EMAIL_USE_SSL, not both." in settings_given(
        EMAIL_USE_TLS="true", EMAIL_USE_SSL="true"
    )


# The admin


@pytest.mark.parametrize(
    "model",
    [
        "focalpoint",
        "secretariatdesk",
        "suppressedaddress",
        "subscription",
        "remindersent",
        "recordnotice",
    ],
)
def test_every_list_opens(admin_client, model):
    assert admin_client.get(reverse(f"admin:records_{model}_changelist")).status_code == 200


def test_an_editor_adds_a_focal_point_and_the_address_is_kept_in_lower_case(client, user_in_role):
    client.force_login(user_in_role(roles.EDITOR))
    organisation = OrganisationFactory()
    response = client.post(
        reverse("admin:records_focalpoint_add"),
        {
            "name": "Ms. Siti Rahmah",
            "email": "Siti@ASEAN.example.org",
            "organisation": organisation.pk,
            "language": "vi",
        },
    )
    assert response.status_code == 302
    focal_point = FocalPoint.objects.get()
    assert focal_point.email == "siti@asean.example.org"
    assert focal_point.language == "vi"  # its reminders are written in Vietnamese


def test_a_focal_point_in_a_language_the_site_does_not_have_is_a_form_error(admin_client):
    response = admin_client.post(
        reverse("admin:records_focalpoint_add"),
        {
            "name": "Ms. Siti Rahmah",
            "email": "siti@asean.example.org",
            "organisation": OrganisationFactory().pk,
            "language": "xx",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice. xx is not one of the available choices." in (
        response.content.decode()
    )
    assert not FocalPoint.objects.exists()


def test_a_focal_point_for_both_an_organisation_and_a_state_is_a_form_error(admin_client, seed):
    response = admin_client.post(
        reverse("admin:records_focalpoint_add"),
        {
            "name": "X",
            "email": "x@example.org",
            "organisation": OrganisationFactory().pk,
            "country": seed.country.pk,
        },
    )
    assert response.status_code == 200
    assert "one organisation or of one state" in response.content.decode()


def test_the_list_of_focal_points_shows_whose_reminders_are_stopped(admin_client):
    FocalPointFactory(email="stopped@example.org")
    FocalPointFactory(email="going@example.org")
    SuppressedAddress.objects.create(email="stopped@example.org", reason="unsubscribed")
    changelist = admin_client.get(reverse("admin:records_focalpoint_changelist")).context["cl"]
    shown = {row.email: row.suppressed for row in changelist.result_list}
    assert shown == {"stopped@example.org": True, "going@example.org": False}


def test_subscriptions_are_not_entered_or_changed_by_staff(admin_client):
    subscription = SubscriptionFactory()
    assert admin_client.get(reverse("admin:records_subscription_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:records_subscription_change", args=[subscription.pk]),
        {"email": "someone.else@example.org"},
    )
    assert response.status_code == 403
    subscription.refresh_from_db()
    assert subscription.email != "someone.else@example.org"


def test_auditors_read_focal_points_but_not_subscribers(client, user_in_role):
    client.force_login(user_in_role(roles.AUDITOR))
    assert client.get(reverse("admin:records_focalpoint_changelist")).status_code == 200
    assert client.get(reverse("admin:records_remindersent_changelist")).status_code == 200
    assert client.get(reverse("admin:records_subscription_changelist")).status_code == 403

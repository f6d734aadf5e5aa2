"""Attachments in S3-compatible object storage: the settings build the storage from the
environment, files land in the bucket as uploaded and private, and they are served through
the application only, to who may read the record. A real S3 server (moto's) on 127.0.0.1."""

import hashlib
import json

import boto3
import pytest
from moto.server import ThreadedMotoServer

from records.models import Meeting
from tests.factories import MeetingFactory
from tests.helpers import PNG_BYTES, attach
from tests.serving import HOST, read_settings

pytestmark = pytest.mark.django_db

BUCKET = "asean-attachments"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def storages_given(**environ):
    result = read_settings(["STORAGES"], **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["STORAGES"]


def test_settings_build_the_s3_storage_from_the_environment():
    storages = storages_given(
        ATTACHMENT_S3_BUCKET=BUCKET,
        ATTACHMENT_S3_ENDPOINT_URL="https://s3.example.org",
        ATTACHMENT_S3_REGION="ap-southeast-1",
    )
    assert storages["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": "https://s3.example.org",
            "region_name": "ap-southeast-1",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


def test_without_a_bucket_attachments_are_local_files():
    storages = storages_given()
    assert storages["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


@pytest.fixture
def s3(settings, monkeypatch, tmp_path):
    """A bucket on a local S3 server, and the default storage the settings build for it."""
    settings.MEDIA_ROOT = str(tmp_path)  # a file stored locally would be there, not in S3
    server = ThreadedMotoServer(ip_address=HOST, port=0, verbose=False)
    server.start()
    endpoint = "http://{}:{}".format(*server.get_host_and_port())
    credentials = {"AWS_ACCESS_KEY_ID": "tests", "AWS_SECRET_ACCESS_KEY": "tests-secret"}
    for name, value in credentials.items():
        monkeypatch.setenv(name, value)
    bucket = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    bucket.create_bucket(Bucket=BUCKET)
    storages = storages_given(
        ATTACHMENT_S3_BUCKET=BUCKET,
        ATTACHMENT_S3_ENDPOINT_URL=endpoint,
        ATTACHMENT_S3_REGION="us-east-1",
        **credentials,
    )
    settings.STORAGES = {**settings.STORAGES, "default": storages["default"]}
    yield bucket
    server.stop()


def test_attachment_is_stored_in_the_bucket_privately_with_its_bytes(s3):
    attachment = attach(MeetingFactory(), "annex.png", PNG_BYTES)
    stored = s3.get_object(Bucket=BUCKET, Key=attachment.file.name)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == attachment.sha256
    assert stored == PNG_BYTES
    grants = s3.get_object_acl(Bucket=BUCKET, Key=attachment.file.name)["Grants"]
    assert [grant for grant in grants if grant["Grantee"].get("URI") == ALL_USERS] == []


def test_attachment_of_the_same_name_does_not_overwrite_the_first(s3):
    meeting = MeetingFactory()
    first = attach(meeting, "annex.png", PNG_BYTES)
    second = attach(meeting, "annex.png", PNG_BYTES + b"\x01", title="Annex 2")
    assert first.file.name != second.file.name
    stored = s3.get_object(Bucket=BUCKET, Key=first.file.name)["Body"].read()
    assert stored == PNG_BYTES


def test_attachment_in_the_bucket_is_served_for_a_published_record_only(client, s3):
    meeting = MeetingFactory()
    attachment = attach(meeting, "annex.png", PNG_BYTES)
    stored = s3.head_object(Bucket=BUCKET, Key=attachment.file.name)
    assert stored["ContentLength"] == len(PNG_BYTES)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG_BYTES
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.DRAFT)
    assert client.get(attachment.get_absolute_url()).status_code == 404

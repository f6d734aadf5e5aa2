"""Every parameter of every new page, given hostile values: never a 500. Each answer is a
200 (the page, with any error shown on it) or a 4xx whose body says what is wrong."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = {
    "/resolutions/": [
        "meeting",
        "series",
        "year",
        "date_from",
        "date_to",
        "verb",
        "party_country",
        "party_organisation",
        "agenda_item",
        "text",
        "sort",
        "page",
        "format",
    ],
    "/actions/": [
        "status",
        "owner_country",
        "owner_organisation",
        "meeting",
        "series",
        "due_after",
        "due_before",
        "overdue",
        "text",
        "sort",
        "page",
        "format",
    ],
    "/search/": ["q", "kind", "page"],
    "/overview/": ["series", "year", "page"],
    "/subscribe/": ["series"],
}

HOSTILE = {
    "unknown-slug": "no-such-meeting",
    "draft-slug": "hlm-3",
    "malformed-date": "2021-13-45",
    "minus-one": "-1",
    "huge-number": "99999",
    "enormous-number": "9" * 5000,
    "word": "abc",
    "empty": "",
    "10000-chars": "x" * 10_000,
    "nul": "\x00",
    "nul-inside": "hlm\x001",
    "sql": "'; DROP TABLE records_resolution; --",
    "sql-like": "%_%\\",
    "tsquery": "!(a & b) | c:* <-> 'd'",
    "html": '<script>alert("x")</script>',
    "unicode": "Đà Nẵng 東京 🙂 \u202e\u200b",
}
# The values that reach the database only once a CSV is being streamed.
HOSTILE_FOR_CSV = [
    "malformed-date",
    "enormous-number",
    "10000-chars",
    "nul",
    "sql",
    "tsquery",
    "unicode",
]

EXPLANATIONS = [
    "could not be used",
    "Page numbers are whole numbers",
    "There is no page",
    "Unknown format",
    "The filters are not valid",
]


CASES = [
    (path, parameter, name)
    for path, parameters in PAGES.items()
    for parameter in parameters
    for name in HOSTILE
]


@pytest.mark.parametrize(("path", "parameter", "name"), CASES)
def test_hostile_value_never_gives_a_server_error(client, audit_records, path, parameter, name):
    response = client.get(path, {parameter: HOSTILE[name]})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code in {200, 400, 404}, (response.status_code, body[:500])
    if response.status_code != 200:
        text = body.decode()
        assert any(explanation in text for explanation in EXPLANATIONS), text[:500]


CSV_CASES = [
    (path, parameter, name)
    for path in ("/resolutions/", "/actions/")
    for parameter in PAGES[path]
    for name in HOSTILE_FOR_CSV
]


@pytest.mark.parametrize(("path", "parameter", "name"), CSV_CASES)
def test_hostile_value_in_a_csv_export_never_gives_a_server_error(
    client, audit_records, path, parameter, name
):
    if parameter == "format":
        params = {"format": HOSTILE[name]}
    else:
        params = {parameter: HOSTILE[name], "format": "csv"}
    response = client.get(path, params)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code in {200, 400}, (response.status_code, body[:500])
    if response.status_code == 400:
        assert "not valid" in body.decode() or "Unknown format" in body.decode()
    else:
        assert body.startswith(b"\xef\xbb\xbf") or parameter == "format"


@pytest.mark.parametrize("path", list(PAGES))
def test_every_parameter_hostile_at_once_never_gives_a_server_error(client, audit_records, path):
    params = dict.fromkeys(PAGES[path], "' OR 1=1 --\x00" + "x" * 300)
    response = client.get(path, params)
    assert response.status_code in {200, 400}


@pytest.mark.parametrize("path", list(PAGES))
def test_invalid_utf8_in_the_query_string_never_gives_a_server_error(client, audit_records, path):
    query = "&".join(f"{parameter}=%ED%A0%80%FF" for parameter in PAGES[path])
    response = client.get(f"{path}?{query}")
    assert response.status_code in {200, 400}

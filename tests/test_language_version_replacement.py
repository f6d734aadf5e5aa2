"""A withdrawn language version replaced by a new one in its language: staff add it as any
version (the service, the admin's add page, ``import_record --version-of``); the public then
reads the new one everywhere a version is found by its language, and the withdrawn one only in
the record's history, which keeps both events, chained. One version only stands in each
language."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from lxml import etree
from pypdf import PdfReader

from records import roles, versions
from records.languages import (
    language_version_add,
    language_version_publish,
    language_version_submit_for_review,
    language_version_withdraw,
)
from records.models import AuditEntry, LanguageVersion, Meeting
from tests.helpers import AKN_NS, change_form_data, text_of

pytestmark = pytest.mark.django_db

Status = Meeting.Status
SEED = "asean-japan-scn-hlm-3"
OLD_WORD = "スマートシティ"  # in the seed's Japanese version, not in its replacement
NEW_TITLE = "第3回 会合 議事要旨（改訂版）"
ATOM = {"atom": "http://www.w3.org/2005/Atom"}
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def publisher(user_in_role):
    return user_in_role(roles.PUBLISHER)


def new_paragraphs(meeting):
    return [
        (number, f"改訂版の第{number}段落 kaiteiban.")
        for number in meeting.paragraphs.values_list("number", flat=True)
    ]


def withdraw_japanese(meeting, publisher):
    old = meeting.language_versions.get(language="ja")
    language_version_withdraw(
        language_version=old, reason="The wrong file was published.", user=publisher
    )
    old.refresh_from_db()
    return old


def add_japanese(meeting, **fields):
    return language_version_add(
        meeting=meeting,
        language="ja",
        title=NEW_TITLE,
        paragraphs=new_paragraphs(meeting),
        **fields,
    )


@pytest.fixture
def replaced(seed, publisher):
    """The seed record, its Japanese version withdrawn and replaced, the replacement published:
    ``(record, withdrawn, replacement)``."""
    old = withdraw_japanese(seed, publisher)
    new = add_japanese(seed, authoritative=False)
    language_version_submit_for_review(language_version=new, user=None)
    language_version_publish(language_version=new, user=publisher)
    new.refresh_from_db()
    return seed, old, new


# --- Only one version stands in each language ------------------------------------------------


def test_a_second_version_beside_one_standing_is_refused(seed):
    with pytest.raises(ValidationError, match="already has a version in this language"):
        add_japanese(seed)


def test_the_database_refuses_a_second_standing_version_too(seed):
    with pytest.raises(IntegrityError), transaction.atomic():
        LanguageVersion.objects.create(meeting=seed, language="ja", title="二つ目")


def test_a_withdrawn_version_is_replaced_and_one_only_stands(seed, publisher):
    old = withdraw_japanese(seed, publisher)
    new = add_japanese(seed)
    assert new.status == Status.DRAFT and new.pk != old.pk
    with pytest.raises(ValidationError, match="already has a version in this language"):
        add_japanese(seed)
    assert list(seed.language_versions.standing().values_list("pk", flat=True)) == [new.pk]
    assert seed.language_versions.in_language("ja") == new


def test_the_version_withdrawn_last_is_found_when_none_stands(seed, publisher):
    old = withdraw_japanese(seed, publisher)
    assert seed.language_versions.in_language("ja") == old
    assert seed.language_versions.in_language("th") is None


def test_a_withdrawn_original_is_replaced_by_a_new_original(seed, publisher):
    LanguageVersion.objects.filter(meeting=seed, language="ja").update(original=True)
    withdraw_japanese(seed, publisher)
    new = add_japanese(seed, original=True)
    assert new.original
    with pytest.raises(ValidationError, match="Another version of this record is its original"):
        language_version_add(
            meeting=seed, language="th", title="ไทย", paragraphs=new_paragraphs(seed), original=True
        )


# --- Adding the replacement as staff do ------------------------------------------------------


def test_the_admins_add_page_saves_the_replacement(seed, publisher, signed_in):
    withdraw_japanese(seed, publisher)
    client = signed_in(roles.EDITOR)
    text = f"{NEW_TITLE}\n" + "\n".join(f"{n}. {t}" for n, t in new_paragraphs(seed))
    response = client.post(
        reverse("admin:records_meeting_add_version", args=[seed.pk]),
        {"language": "ja", "title": "", "authoritative": "on", "text": text, "save": "1"},
    )
    new = seed.language_versions.get(language="ja", status=Status.DRAFT)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:records_languageversion_change", args=[new.pk])
    assert new.title == NEW_TITLE


def test_the_admins_add_page_refuses_a_second_standing_version_on_the_page(seed, signed_in):
    client = signed_in(roles.EDITOR)
    text = f"{NEW_TITLE}\n" + "\n".join(f"{n}. {t}" for n, t in new_paragraphs(seed))
    response = client.post(
        reverse("admin:records_meeting_add_version", args=[seed.pk]),
        {"language": "ja", "title": "", "authoritative": "on", "text": text, "save": "1"},
    )
    assert response.status_code == 200
    assert "already has a version in this language" in response.content.decode()
    assert seed.language_versions.filter(language="ja").count() == 1


def test_the_command_adds_the_replacement(seed, publisher, tmp_path):
    withdraw_japanese(seed, publisher)
    path = tmp_path / "ja.txt"
    path.write_text(
        f"{NEW_TITLE}\n" + "\n".join(f"{n}. {t}" for n, t in new_paragraphs(seed)),
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_record", str(path), "--version-of", SEED, "--language", "ja", stdout=out)
    new = seed.language_versions.get(language="ja", status=Status.DRAFT)
    assert new.title == NEW_TITLE
    assert (
        out.getvalue()
        .splitlines()[-1]
        .endswith(reverse("admin:records_languageversion_change", args=[new.pk]))
    )


def test_ticking_original_beside_a_standing_original_is_a_form_error(seed, signed_in):
    LanguageVersion.objects.filter(meeting=seed, language="ja").update(original=True)
    draft = language_version_add(
        meeting=seed, language="th", title="ไทย", paragraphs=new_paragraphs(seed)
    )
    client = signed_in(roles.EDITOR)
    url = reverse("admin:records_languageversion_change", args=[draft.pk])
    data = change_form_data(client.get(url))
    data["original"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Another version of this record is its original." in response.content.decode()
    draft.refresh_from_db()
    assert not draft.original


# --- What staff preview, what the public reads -----------------------------------------------


def test_staff_preview_the_standing_replacement_not_the_withdrawn_one(seed, publisher, signed_in):
    withdraw_japanese(seed, publisher)
    add_japanese(seed)
    html = signed_in(roles.EDITOR).get(f"/meetings/{SEED}/ja/").content.decode()
    assert NEW_TITLE in html and OLD_WORD not in html
    assert "Preview: this version is <strong>draft</strong>" in html


def test_a_withdrawn_version_not_yet_replaced_has_no_public_address(client, seed, publisher):
    withdraw_japanese(seed, publisher)
    add_japanese(seed)  # a draft: not the public's either
    for suffix in ("", "record.pdf", "akn.xml"):
        assert client.get(f"/meetings/{SEED}/ja/{suffix}").status_code == 404


def test_the_public_page_reads_the_replacement(client, replaced):
    html = client.get(f"/meetings/{SEED}/ja/").content.decode()
    assert NEW_TITLE in html and "改訂版の第1段落" in html
    assert OLD_WORD not in html
    record_page = client.get(f"/meetings/{SEED}/").content.decode()
    assert record_page.count(f'href="/meetings/{SEED}/ja/" lang="ja" hreflang="ja"') == 1
    assert record_page.count(f'hreflang="ja" href="http://testserver/meetings/{SEED}/ja/"') == 1


def test_the_pdf_and_akoma_ntoso_are_the_replacements(client, replaced):
    pdf = client.get(f"/meetings/{SEED}/ja/record.pdf")
    assert pdf.status_code == 200
    text = text_of(PdfReader(io.BytesIO(pdf.content)))
    assert "kaiteiban" in text and OLD_WORD not in text
    document = etree.fromstring(client.get(f"/meetings/{SEED}/ja/akn.xml").content)
    assert document.find(".//akn:docTitle", AKN_NS) is not None
    words = "".join(document.itertext())
    assert "改訂版の第1段落" in words and OLD_WORD not in words


def test_the_api_feed_and_sitemap_name_the_replacement_once(client, replaced):
    data = client.get(reverse("api:meeting-detail", kwargs={"slug": SEED})).json()
    japanese = [v for v in data["language_versions"] if v["language"] == "ja"]
    assert [v["title"] for v in japanese] == [NEW_TITLE]
    feed = etree.fromstring(client.get(reverse("records:feed")).content)
    links = [
        link.get("href")
        for link in feed.iterfind("atom:entry/atom:link", ATOM)
        if link.get("hreflang") == "ja"
    ]
    assert links == [f"http://testserver/meetings/{SEED}/ja/"]
    sitemap = etree.fromstring(client.get("/sitemap.xml").content)
    locations = [url.findtext("s:loc", namespaces=SITEMAP) for url in sitemap]
    assert locations.count(f"http://testserver/meetings/{SEED}/ja/") == 1


def test_search_finds_the_replacement_never_the_withdrawn_text(client, replaced):
    found = client.get("/search/", {"q": "kaiteiban", "kind": "version"}).content.decode()
    assert f"/meetings/{SEED}/ja/#p1" in found
    withdrawn = client.get("/search/", {"q": OLD_WORD, "kind": "version"}).content.decode()
    assert f"/meetings/{SEED}/ja/" not in withdrawn


# --- The history keeps both ------------------------------------------------------------------


def test_the_public_history_says_withdrawn_then_added(client, replaced):
    meeting, old, new = replaced
    notes = list(meeting.published_versions.order_by("number").values_list("note", flat=True))
    assert notes[-2].startswith("Japanese version withdrawn on ")
    assert notes[-2].endswith(": The wrong file was published.")
    assert notes[-1].startswith("Japanese version added on ")
    html = client.get(f"/meetings/{SEED}/versions/").content.decode()
    assert "Japanese version withdrawn on" in html and "Japanese version added on" in html


def test_the_hash_chain_freezes_the_old_text_then_the_new(replaced):
    meeting, old, new = replaced
    chain = list(meeting.published_versions.order_by("number"))
    withdrawn, added = chain[-2], chain[-1]
    assert "ja" not in {v["language"] for v in versions.read(withdrawn).get("versions", [])}
    assert [v["title"] for v in versions.read(added)["versions"] if v["language"] == "ja"] == [
        NEW_TITLE
    ]
    assert versions.problems(meeting) == []


def test_the_hash_chain_held_the_withdrawn_text_while_it_was_published(seed, publisher):
    versions.record_version(meeting=seed, note="Frozen with its Japanese version.")
    old = withdraw_japanese(seed, publisher)
    before_withdrawal = seed.published_versions.order_by("-number")[1]
    titles = {v["language"]: v["title"] for v in versions.read(before_withdrawal)["versions"]}
    assert titles["ja"] == old.title != NEW_TITLE
    assert versions.problems(seed) == []


def test_the_audit_trail_keeps_both_versions(replaced):
    meeting, old, new = replaced
    moved = AuditEntry.objects.filter(meeting=meeting, part="languageversion")
    assert moved.filter(object_id=old.pk, note__startswith="Japanese version withdrawn").exists()
    assert moved.filter(object_id=new.pk, note__startswith="Japanese version added").exists()


def test_the_history_pages_show_the_withdrawn_words_struck_then_the_new_ones(
    client, seed, publisher
):
    versions.record_version(meeting=seed, note="Frozen with its Japanese version.")
    old = withdraw_japanese(seed, publisher)
    new = add_japanese(seed)
    language_version_submit_for_review(language_version=new, user=None)
    language_version_publish(language_version=new, user=publisher)
    base = f"/meetings/{SEED}/versions"

    def japanese(path):
        document = etree.HTML(client.get(path).content)
        (text,) = document.xpath("//*[@class='record' and @lang='ja']")
        return text

    assert old.title in "".join(japanese(f"{base}/1/").itertext())
    withdrawn = japanese(f"{base}/2/changes/")
    assert [d.text for d in withdrawn.iter("del")][0] == old.title
    assert not list(withdrawn.iter("ins"))
    added = japanese(f"{base}/3/changes/")
    assert [i.text for i in added.iter("ins")][0] == NEW_TITLE
    assert NEW_TITLE in "".join(japanese(f"{base}/3/").itertext())
    assert not etree.HTML(client.get(f"{base}/2/").content).xpath("//*[@lang='ja']")


def test_the_search_triggers_on_versions_stand_after_their_table_is_made_again():
    """SQLite makes the versions' table again to change its constraints (migration 0026):
    the search triggers naming it are made again too, so a version's words are still found
    in its language."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND sql LIKE '%records_languageversion%'"
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                "AND tgrelid = 'records_languageversion'::regclass"
            )
        names = {name for (name,) in cursor.fetchall()}
    expected = {
        "sqlite": {
            "records_versionparagraph_words_insert",
            "records_versionparagraph_words_update",
            "records_languageversion_language_search",
        },
        "postgresql": {"languageversion_language_search"},
    }
    assert names == expected[connection.vendor]

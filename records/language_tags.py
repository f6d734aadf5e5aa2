"""Language tags (BCP 47) as records use them, and the names of their languages."""

import re

from django.core.exceptions import ValidationError
from django.utils import translation

# A BCP 47 tag as records use them: a language (2–3 letters), then optional script (4 letters),
# region (2 letters or 3 digits) and variants: "ja", "th", "zh-Hant", "pt-BR", "es-419".
LANGUAGE_TAG = re.compile(
    r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?(?:-[a-z0-9]{5,8})*$"
)


def normalise_language(tag: str) -> str:
    """A BCP 47 tag in its usual case: "ZH-hant-tw" → "zh-Hant-TW"."""
    parts = tag.strip().replace("_", "-").split("-")
    normal = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            normal.append(part.title())
        elif len(part) == 2 or (len(part) == 3 and part.isdigit()):
            normal.append(part.upper())
        else:
            normal.append(part.lower())
    return "-".join(normal)


def validate_language(tag: str) -> None:
    if not LANGUAGE_TAG.match(tag or ""):
        raise ValidationError(
            f"“{tag}” is not a language code: give its BCP 47 tag, e.g. “ja”, “th”, “vi”, "
            "“zh-Hant”."
        )


def language_name(tag: str, *, local: bool = False) -> str:
    """The language's name in the site's active language (or, ``local``, in itself):
    "Japanese" on an English page, "ญี่ปุ่น" on a Thai one, "日本語". A tag Django does not know
    is named by its language part, else shown as it is."""
    for code in (tag.lower(), tag.split("-")[0].lower()):
        try:
            info = translation.get_language_info(code)
        except KeyError:
            continue
        return info["name_local"] if local else str(info["name_translated"])
    return tag


def is_right_to_left(tag: str) -> bool:
    """Whether the language is written right to left (Arabic, Hebrew, …), as Django knows."""
    for code in (tag.lower(), tag.split("-")[0].lower()):
        try:
            return translation.get_language_info(code)["bidi"]
        except KeyError:
            continue
    return False


# The three-letter codes (ISO 639-2, terminology form, which is also ISO 639-3's) of the
# languages records are kept in, for Akoma Ntoso: its identifiers and ``FRBRlanguage`` name a
# language by three letters ("eng", "jpn"), where the site's pages use BCP 47 tags ("en", "ja").
ALPHA_3 = {
    "en": "eng",
    "fr": "fra",
    "id": "ind",
    "ja": "jpn",
    "km": "khm",
    "ko": "kor",
    "lo": "lao",
    "ms": "msa",
    "my": "mya",
    "th": "tha",
    "tl": "tgl",
    "vi": "vie",
    "zh": "zho",
    "ar": "ara",
    "de": "deu",
    "es": "spa",
    "hi": "hin",
    "pt": "por",
    "ru": "rus",
}


def three_letter_language(tag: str) -> str:
    """The tag's language as Akoma Ntoso names it: "ja" → "jpn", "zh-Hant" → "zho", "fil" →
    "fil". A two-letter language missing from ``ALPHA_3`` is left as it is (the schema takes
    any tag), rather than guessed."""
    language = tag.split("-")[0].lower()
    return ALPHA_3.get(language, language)


class LanguageTagConverter:
    """A language tag in an address, as records keep them: ``/meetings/<slug>/ja/``. Only the
    usual case matches ("zh-Hant", not "ZH-HANT"), so one version has one address."""

    regex = LANGUAGE_TAG.pattern.removeprefix("^").removesuffix("$")

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value

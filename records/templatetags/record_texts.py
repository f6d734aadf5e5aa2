"""Template helpers for a record's texts in their languages (records/record_texts.py).

A record's words say their language where the page's does not already say it: on a Thai page
an English record's decision reads ``<p class="clause" lang="en">``; on an English page it
needs nothing (``en`` words inherit ``<html lang="en-gb">``). An interface element inside a
record's words (a paragraph's number link, labelled in the reader's language) says the page's
language again where the record's differs.
"""

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from records.language_tags import is_right_to_left
from records.language_tags import language_name as _language_name
from records.record_texts import text_language

register = template.Library()


def _inherits(language: str, around: str) -> bool:
    """Whether words in ``language`` may inherit ``around``, the language of the element
    they are in: the same, or one of them is the other without its region ("en" words on an
    "en-gb" page, the "en-gb" interface inside an "en" record)."""
    language, around = language.lower(), around.lower()
    return language in (around, around.split("-")[0]) or language.split("-")[0] == around


def _attributes(language: str) -> str:
    direction = ' dir="rtl"' if is_right_to_left(language) else ""
    return format_html(' lang="{}"{}', language, mark_safe(direction))


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """``path`` as a full address on this site, as ``hreflang`` alternates want it."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag
def words_lang(source) -> str:
    """`` lang="…"`` (and ``dir="rtl"`` for a right-to-left script) for an element of the
    page that holds only words of ``source`` (``records.record_texts.text_language``), when
    the page's language is not theirs: ``<p class="clause"{% words_lang meeting %}>``."""
    language = text_language(source)
    if _inherits(language, translation.get_language()):
        return ""
    return _attributes(language)


@register.simple_tag
def interface_lang(source) -> str:
    """`` lang="…"`` of the page for an interface element inside one holding words of
    ``source``, when their language is not the page's: ``<a class="paragraph-number"{%
    interface_lang meeting %} aria-label="…">``."""
    interface = translation.get_language()
    if _inherits(interface, text_language(source)):
        return ""
    return _attributes(interface)


@register.filter
def record_words(value, source) -> str:
    """``value``, words of ``source``, escaped, in a span saying their language when the
    page's is not theirs: ``{{ action.description|record_words:action.meeting }}``, where
    they share an element with the interface's words."""
    if value in ("", None):
        return ""
    attributes = words_lang(source)
    if not attributes:
        return conditional_escape(value)
    return format_html("<span{}>{}</span>", attributes, value)


@register.filter
def language_name(code: str) -> str:
    """A language's name in the reader's language: "ja" → "Japanese", "ญี่ปุ่น"."""
    return _language_name(code)

"""Template helpers for a record's texts in their languages (records/record_texts.py)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """``path`` as a full address on this site, as ``hreflang`` alternates want it."""
    return context["request"].build_absolute_uri(path)

"""Template helpers that lay a summary record out like the printed original."""

import re

from django import template

register = template.Library()

_LEAD = re.compile(r"^(Summary Record of)\s+(.+)$", re.IGNORECASE | re.DOTALL)


@register.filter
def title_lines(title: str) -> list[str]:
    """Split a record's title where the original breaks it: "Summary Record of" / the rest.

    The words are kept exactly; only the line break is chosen. A title of another form is
    one line.
    """
    match = _LEAD.match(title or "")
    return [match.group(1), match.group(2)] if match else [title]

"""The filters a list is showing, in words, each with the address of the list without it:
"Filtered by: Meeting: Third ASEAN-Japan SCN HLM, 18–19 Oct 2021 (remove) · Operative verb:
agreed (remove) · Meeting from: 1 January 2025 (remove)"."""

import datetime
from dataclasses import dataclass

from django.db.models import Model
from django.http import QueryDict

from records import display

# Not a filter: the order of the list, and its page (reset whenever a filter is removed).
NOT_FILTERS = {"sort", "page", "format"}


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    value: str  # empty for a switch, which its label names
    remove_url: str  # the list's query without this value (and without ``page``)


def active_filters(filterset, query: QueryDict) -> list[ActiveFilter]:
    """The values of ``query`` that ``filterset`` applies, in the order of its form.

    None while the form has errors: the page then shows the errors, not a summary.
    """
    form = filterset.form
    if not form.is_valid():
        return []
    shown = []
    for name, field in form.fields.items():
        if name in NOT_FILTERS:
            continue
        raws = [raw for raw in query.getlist(name) if raw.strip()]
        if not raws or form.cleaned_data.get(name) in (None, "", []):
            continue
        cleaned = form.cleaned_data[name]
        names = _names(field, cleaned)
        for index, raw in enumerate(raws):
            # A switch (``overdue=1``) is named by its label alone.
            value = "" if cleaned is True else names.get(raw.strip().casefold(), raw.strip())
            shown.append(ActiveFilter(str(field.label), value, _without(query, name, index)))
    return shown


def _names(field, cleaned) -> dict[str, str]:
    """How each value a reader may type reads on the page, by the value (in any case)."""
    if isinstance(cleaned, datetime.date):
        return {cleaned.isoformat(): display.long_date(cleaned)}
    if hasattr(cleaned, "model") or isinstance(cleaned, list):
        key = getattr(field, "to_field_name", None)
        choices = dict(getattr(field, "choices", ()) or ()) if not key else {}
        names = {}
        for item in cleaned:
            if isinstance(item, Model):
                names[str(getattr(item, key)).casefold()] = str(item)
            else:
                names[str(item).casefold()] = str(choices.get(item, item))
        return names
    return {}


def _without(query: QueryDict, name: str, index: int) -> str:
    kept = query.copy()
    values = [raw for raw in kept.getlist(name) if raw.strip()]
    del values[index]
    kept.setlist(name, values)
    kept.pop("page", None)
    return f"?{kept.urlencode()}" if kept else "?"

"""The public search box (the list filters are in ``filters.py``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from records import search
from records.filters.fields import SearchTermsField


class SearchForm(forms.Form):
    """The search box: words, "phrases", prefix* , OR and -excluded; optionally one kind."""

    q = SearchTermsField(
        required=False,
        label=_("Search the records"),
        help_text=_(
            'Words, "a phrase", guide* for words starting so, OR between alternatives, -word '
            "to leave out."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        required=False,
        choices=[("", _("Everything")), *search.KINDS.items()],
        label=_("Look in"),
    )

    def kinds(self) -> list[str]:
        """The kinds to search, from a valid form."""
        kind = self.cleaned_data.get("kind")
        return [kind] if kind else list(search.KINDS)

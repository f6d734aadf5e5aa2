"""Likely duplicates of people and organisations, flagged before saving: a name that differs
from one already kept only in case, accents or honorifics ("H.E. Dato’ Sri Nguyễn Văn A" and
"nguyen van a") is probably the same person, whose records would otherwise be split."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from records.importing.words import HONORIFIC

_HONORIFIC = re.compile(rf"^\s*{HONORIFIC}", re.IGNORECASE)


def name_key(name: str) -> str:
    """``name`` as compared: no honorifics before it, no accents, no case, words only."""
    name = _HONORIFIC.sub("", f"{name} ").strip()
    letters = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    letters = "".join(char for char in letters if not unicodedata.combining(char))
    return " ".join(re.findall(r"\w+", letters.casefold()))


class LikelyDuplicateForm(forms.ModelForm):
    """Refuses, until confirmed, a name another row already has but for case, accents and
    honorifics; the confirmation box appears with the refusal."""

    not_a_duplicate = forms.BooleanField(
        required=False,
        widget=forms.HiddenInput,
        label=_("It is not the same: save it"),
    )

    def clean(self):
        cleaned = super().clean()
        names = [cleaned.get(field) for field in ("name", "short_name") if cleaned.get(field)]
        if not names or cleaned.get("not_a_duplicate"):
            return cleaned
        keys = {name_key(name) for name in names}
        model = self._meta.model
        others = model.objects.exclude(pk=self.instance.pk).order_by("pk")
        same = [row for row in others if keys & _keys(row)]
        if same:
            self.fields["not_a_duplicate"].widget = forms.CheckboxInput()
            listed = "; ".join(f"“{row}”" for row in same[:5])
            raise ValidationError(
                gettext(
                    "Probably already here, written differently: %(rows)s. Choose that one in the "
                    "record instead, or tick “%(box)s”."
                )
                % {"rows": listed, "box": self.fields["not_a_duplicate"].label}
            )
        return cleaned


def _keys(row) -> set[str]:
    names = (getattr(row, field, "") for field in ("name", "short_name"))
    return {name_key(name) for name in names if name}

"""No lost edits: an admin change form is saved only over the version it was opened at."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone
from django.utils.translation import gettext

from records.models import VersionedRecord, last_change


class ConcurrentEditForm(forms.ModelForm):
    """An admin change form that refuses to save over changes made after it was opened.

    ``opened_versions`` carries the version of each record guarding the page (the record
    itself, or the meeting a paragraph belongs to) as it was when the form was opened. On
    saving, ``clean()`` locks those rows (``SELECT … FOR UPDATE``, in the admin's transaction)
    and compares: if any has moved on, the form is refused and nothing of it is written;
    otherwise the locks are held until the save, which bumps each version, commits. A save
    started at the same moment waits for the lock and then sees the new version.

    ``versioned_records(instance)`` is set by the admin (``RecordAdmin``).
    """

    opened_versions = forms.CharField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def versioned_records(instance) -> list:
        return []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_versions"].initial = " ".join(
            _version_key(record, record.version) for record in self.versioned_records(self.instance)
        )
        self.locked_versions = {}

    def clean(self):
        cleaned_data = super().clean()
        opened = set(cleaned_data.get("opened_versions", "").split())
        if not opened:
            raise ValidationError(
                gettext(
                    "This form does not say which version of the record it was opened at. "
                    "Reload the page and enter your changes again."
                )
            )
        for record in self.versioned_records(self.instance):
            model = type(record)
            rows = model.objects.select_for_update().filter(pk=record.pk)
            version = rows.values_list("version", flat=True).get()
            self.locked_versions[model, record.pk] = version
            if _version_key(record, version) not in opened:
                raise ValidationError(_changed_message(record), code="changed")
        return cleaned_data


def _version_key(record, version: int) -> str:
    return f"{record._meta.model_name}:{record.pk}:{version}"


def _changed_message(record) -> str:
    """Who changed it last and when, as much of it as the history knows, in one sentence
    to translate whole."""
    last = last_change(record)
    said = {"name": record._meta.verbose_name}
    if last is None:
        return (
            gettext(
                "This %(name)s was changed after you opened it; your changes were not saved. "
                "Reload to see the current version."
            )
            % said
        )
    said["when"] = dateformat.format(timezone.localtime(last.history_date), "j F Y, H:i:s T")
    if last.history_user is None:
        return (
            gettext(
                "This %(name)s was changed at %(when)s after you opened it; your changes were not "
                "saved. Reload to see the current version."
            )
            % said
        )
    said["user"] = last.history_user
    return (
        gettext(
            "This %(name)s was changed by %(user)s at %(when)s after you opened it; your changes "
            "were not saved. Reload to see the current version."
        )
        % said
    )


class ConcurrentEditAdmin(admin.ModelAdmin):
    """Change forms carry the versions of ``versioned_records()`` they were opened at
    (``ConcurrentEditForm``); saving locks and bumps them in the form's transaction."""

    def versioned_records(self, obj) -> list[VersionedRecord]:
        """The records whose version guards this change page: a save made from an older
        version of any is refused, and every save bumps them all."""
        return [obj] if isinstance(obj, VersionedRecord) else []

    def guards_edits(self, request, obj) -> bool:
        return (
            obj is not None
            and self.has_change_permission(request, obj)
            and bool(self.versioned_records(obj))
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.guards_edits(request, obj) and "opened_versions" not in flatten_fieldsets(
            fieldsets
        ):
            (name, options), *rest = fieldsets
            fields = [*options["fields"], "opened_versions"]
            fieldsets = [(name, {**options, "fields": fields}), *rest]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.guards_edits(request, obj):
            form = kwargs.get("form", self.form)
            kwargs["form"] = type(
                f"Concurrent{form.__name__}",
                (ConcurrentEditForm, form),
                {"versioned_records": staticmethod(self.versioned_records)},
            )
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        """Bump the versions locked and checked by the form, in its transaction."""
        for (model, pk), version in getattr(form, "locked_versions", {}).items():
            if model is type(obj) and pk == obj.pk:
                obj.version = version  # save() makes it version + 1
            else:
                # Saved (not updated) so that its history says who changed it through here.
                model.objects.get(pk=pk).save(update_fields=["version"])
        super().save_model(request, obj, form, change)

"""Reference data that published records show: changed only as a public correction of each.

A person, organisation, country or series is shown by every record that names it, with its
current values (page, PDF, Akoma Ntoso, JSON, CSV, feed). A change to a field such a record
shows (``ReferenceData.shown_fields``) changes those records, so it is never made silently:

- while a withdrawn record shows it, nobody may make it: a withdrawn record is frozen;
- while a published record shows it, only a publisher may, with a correction note that
  each of those records carries as a public ``Correction``, in the same transaction;
- otherwise (only drafts show the row, or no record; fields no record shows; new rows) anyone
  with the change permission may, and no note is asked.

Slugs are shown fields: each record's JSON and Akoma Ntoso carry them (a series' slug is in
the Akoma Ntoso address of each of its records), so changing one corrects those records, as
changing a published meeting's own slug does. For the same reason a row a published or
withdrawn record shows is not deleted.
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import get_text_list

from records import services
from records.models import Meeting, meeting_date_order

Status = Meeting.Status
# The records a change of reference data cannot leave silently changed.
FIXED = [Status.PUBLISHED, Status.WITHDRAWN]


def fixed_records_showing(row) -> tuple[Meeting, ...]:
    """The published and withdrawn records that show ``row``, newest first: read once for
    its change page, which asks several times (fieldsets, form, display)."""
    if row is None or row.pk is None:
        return ()
    if not hasattr(row, "_fixed_records_showing"):
        row._fixed_records_showing = tuple(
            row.records_showing()
            .filter(status__in=FIXED)
            .select_related("series")
            .order_by(*meeting_date_order("", descending=True))
        )
    return row._fixed_records_showing


class ReferenceDataForm(forms.ModelForm):
    """Refuses a change to what published or withdrawn records show unless the rule above
    allows it; takes the correction note (``user`` and ``records`` are set by the admin)."""

    correction_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Correction note",
        help_text="Published records show what you are changing: say what you corrected. Each "
        "of them shows it as “Corrected on <today>: <your note>”.",
    )
    user = None
    records: tuple[Meeting, ...] = ()

    def shown_changes(self) -> list[str]:
        """The labels of the changed fields that records show."""
        return [
            str(self.fields[name].label).lower()
            for name in self._meta.model.shown_fields
            if name in self.changed_data
        ]

    def _post_clean(self):
        super()._post_clean()
        note = self.cleaned_data.get("correction_note", "").strip()
        changes = self.shown_changes()
        withdrawn = [record for record in self.records if record.status == Status.WITHDRAWN]
        what = f"this {self._meta.model._meta.verbose_name}’s {get_text_list(changes, 'and')}"
        if not changes or not self.records:
            if note:
                self.add_error(
                    "correction_note",
                    "No published record shows what you changed: leave the correction note empty.",
                )
        elif withdrawn:
            self.add_error(
                None,
                f"Withdrawn records show {what} ({_names(withdrawn)}): a withdrawn record is "
                "frozen, so it can no longer be changed.",
            )
        elif not services.CORRECT.allowed_for(self.user):
            self.add_error(
                None,
                f"Published records show {what}: only a publisher can change it, with a "
                f"correction note on each of them ({_names(self.records)}).",
            )
        elif not note:
            self.add_error(
                "correction_note",
                f"Published records show {what}: write the correction note the public will "
                "read with each of them.",
            )


def _names(records) -> str:
    return "; ".join(f"“{record}”" for record in records)


class ReferenceDataAdmin(admin.ModelAdmin):
    """The admin of reference data: its change page lists the published and withdrawn
    records that show the row, asks a publisher for the correction note when there are any,
    and writes that note on each published one when a shown field changes."""

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [field for field in fields if field not in {"correction_note", "shown_by_records"}]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        records = fixed_records_showing(obj)
        if not records:
            return fieldsets
        fields = ["shown_by_records"]
        if services.CORRECT.allowed_for(request.user) and any(
            record.status == Status.PUBLISHED for record in records
        ):
            fields.append("correction_note")
        return [*fieldsets, ("Published records", {"fields": fields})]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "shown_by_records"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = type(
            self.form.__name__,
            (ReferenceDataForm, self.form),
            {"user": request.user, "records": fixed_records_showing(obj)},
        )
        return super().get_form(request, obj, change, form=base, **kwargs)

    @admin.display(description="Shown by")
    def shown_by_records(self, obj):
        records = fixed_records_showing(obj)
        fields = [str(obj._meta.get_field(name).verbose_name) for name in obj.shown_fields]
        if any(record.status == Status.WITHDRAWN for record in records):
            rule = "A withdrawn record shows it: its {} can no longer be changed."
        else:
            rule = (
                "A change to its {} corrects each of these published records: only a "
                "publisher can make it, with the correction note they will show."
            )
        listed = format_html_join(
            "",
            "<li><a href='{}'>{}</a> ({})</li>",
            (
                (
                    reverse("admin:records_meeting_change", args=[record.pk]),
                    record,
                    record.get_status_display().lower(),
                )
                for record in records
            ),
        )
        return format_html("<ul>{}</ul><p>{}</p>", listed, rule.format(get_text_list(fields, "or")))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        note = form.cleaned_data.get("correction_note", "").strip()
        if note:
            for record in form.records:
                if record.status == Status.PUBLISHED:
                    services.meeting_correct(meeting=record, note=note, user=request.user)

    def get_deleted_objects(self, objs, request):
        """A row a published or withdrawn record shows is protected from deletion."""
        deleted, counts, permissions_needed, protected = super().get_deleted_objects(objs, request)
        showing = (
            self.model.objects.filter(pk__in=[obj.pk for obj in objs])
            .records_showing()
            .filter(status__in=FIXED)
            .select_related("series")
        )
        protected = [
            *protected,
            *(f"The {record.get_status_display().lower()} record “{record}”" for record in showing),
        ]
        return deleted, counts, permissions_needed, protected

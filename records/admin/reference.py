"""Reference data that published records show, in the admin: its change page lists the
published and withdrawn records that show the row and asks a publisher for the correction
note; the rule itself is ``records.workflow.check_reference_change``."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from records import services, workflow
from records.admin.audit import CorrectionNoteInTrail
from records.models import Meeting, meeting_date_order

Status = Meeting.Status
FIXED = workflow.FIXED


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
        label=_("Correction note"),
        help_text=_(
            "Published records show what you are changing: say what you corrected, e.g. "
            "“The ministry's name was misspelt.” Each of them shows it, dated: “Corrected on 12 "
            "November 2021: The ministry's name was misspelt.”"
        ),
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
        try:
            workflow.check_reference_change(
                self.user,
                row=self._meta.model._meta.verbose_name,
                changes=self.shown_changes(),
                records=self.records,
                note=self.cleaned_data.get("correction_note", "").strip(),
            )
        except ValidationError as error:
            self._update_errors(error)


class ReferenceDataAdmin(CorrectionNoteInTrail, admin.ModelAdmin):
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
        if workflow.CORRECT.allowed_for(request.user) and any(
            record.status == Status.PUBLISHED for record in records
        ):
            fields.append("correction_note")
        return [*fieldsets, (_("Published records"), {"fields": fields})]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "shown_by_records"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = type(
            self.form.__name__,
            (ReferenceDataForm, self.form),
            {"user": request.user, "records": fixed_records_showing(obj)},
        )
        return super().get_form(request, obj, change, form=base, **kwargs)

    @admin.display(description=_("Shown by"))
    def shown_by_records(self, obj):
        records = fixed_records_showing(obj)
        fields = [str(obj._meta.get_field(name).verbose_name) for name in obj.shown_fields]
        if any(record.status == Status.WITHDRAWN for record in records):
            rule = gettext("A withdrawn record shows it: its %(fields)s can no longer be changed.")
        else:
            rule = gettext(
                "A change to its %(fields)s corrects each of these published records: only a "
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
        return format_html(
            "<ul>{}</ul><p>{}</p>", listed, rule % {"fields": get_text_list(fields, gettext("or"))}
        )

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
            *(
                gettext("The %(status)s record “%(record)s”")
                % {"status": record.get_status_display().lower(), "record": record}
                for record in showing
            ),
        ]
        return deleted, counts, permissions_needed, protected

"""Dates on forms: one format, ISO (YYYY-MM-DD), read and named the same on every form.

The formats themselves are ``asean_meetings.formats`` (Django's widgets and the admin's
calendar read them); this is the form field that names the format when a date is refused.
Pages show dates as the record writes them (``records.display``), not here.
"""

from django import forms
from django.contrib.admin import widgets
from django.db import models

DATE_FORMAT_ERROR = "Enter a date as YYYY-MM-DD, e.g. 2021-10-18."
TIME_FORMAT_ERROR = "Enter a time as HH:MM, e.g. 14:30."


class IsoDateField(forms.DateField):
    default_error_messages = {"invalid": DATE_FORMAT_ERROR}


class IsoSplitDateTimeField(forms.SplitDateTimeField):
    default_error_messages = {"invalid_date": DATE_FORMAT_ERROR, "invalid_time": TIME_FORMAT_ERROR}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The parts' own messages are the ones shown for a part that does not parse.
        self.fields[0].error_messages["invalid"] = DATE_FORMAT_ERROR
        self.fields[1].error_messages["invalid"] = TIME_FORMAT_ERROR


# For ``formfield_overrides`` of an admin: its date fields read and name the ISO form.
ADMIN_DATE_FIELDS = {
    models.DateField: {"form_class": IsoDateField, "widget": widgets.AdminDateWidget},
    models.DateTimeField: {
        "form_class": IsoSplitDateTimeField,
        "widget": widgets.AdminSplitDateTime,
    },
}

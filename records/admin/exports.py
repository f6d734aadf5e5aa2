"""The admin's CSV export of the selected rows, open to anyone who may view them."""

from django.conf import settings
from django.contrib import admin
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from records import exports


def export_as_csv(modeladmin, request, queryset):
    """Download the selected rows as CSV, a column per field (written as the public CSV
    exports are: cells that a spreadsheet would run as formulas are neutralised)."""
    fields = [
        field for field in modeladmin.model._meta.concrete_fields if field.name != "search_vector"
    ]
    rows = ([field.value_to_string(row) for field in fields] for row in queryset.iterator())
    lines = exports.csv_lines([field.name for field in fields], rows)
    with translation.override(settings.LANGUAGE_CODE):  # a file name as the site names it
        name = str(modeladmin.model._meta.verbose_name_plural)
    return exports.csv_response(lines, name=name)


export_as_csv = admin.action(
    description=_("Export the selected rows as CSV"), permissions=["view"]
)(export_as_csv)

"""History pages: every change to a record and to the rows its page edits, to read."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper

# Longer than any field's text: a change in the history is shown whole.
WHOLE_VALUE = 1_000_000


class RecordHistoryAdmin(SimpleHistoryAdmin):
    """*History* lists each change to the record with its author, time and the fields it
    changed (old → new), together with the changes to the rows the page edits as inlines (a
    meeting's paragraphs, participants and agenda items), newest first. It is for reading:
    nobody reverts from it (``SIMPLE_HISTORY_REVERT_DISABLED``, and its form refuses a POST).
    """

    object_history_template = "admin/records/record_history.html"
    history_list_per_page = 100

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version, to read. Never saved back: refused whatever the permissions."""
        if request.method not in {"GET", "HEAD"}:
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """The record's changes and those of its inlines' rows, newest first."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with the key {object_id}.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        sources = [(self.model, self.opts.pk.attname, None)]
        for inline in self.get_inline_instances(request, obj):
            fk = inline.get_formset(request, obj).fk
            sources.append((inline.model, fk.attname, fk.name))
        entries = []
        for model, key, parent_field in sources:
            relations = [f.name for f in model.history.model.tracked_fields if f.many_to_one]
            records = (
                model.history.filter(**{key: obj.pk})
                .select_related("history_user", *relations)
                .order_by("history_date", "history_id")
            )
            previous = {}
            for record in records:
                row_pk = getattr(record, model._meta.pk.attname)
                entries.append((record, previous.get(row_pk), model, parent_field))
                previous[row_pk] = record
        entries.sort(key=lambda entry: (entry[0].history_date, entry[0].history_id), reverse=True)
        page = Paginator(entries, self.history_list_per_page).get_page(request.GET.get("p"))
        page.object_list = [self._history_entry(obj, *entry) for entry in page.object_list]
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "inline_names": [model._meta.verbose_name_plural for model, *_ in sources[1:]],
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def _history_entry(self, obj, record, previous, model, parent_field) -> dict:
        """One row of the history page: when, who, which row, and its field changes."""
        # The row as it was, its relations taken from the history query, the parent being
        # ``obj`` itself: showing it costs no query per row.
        row = model(**{f.attname: getattr(record, f.attname) for f in record.tracked_fields})
        for field in record.tracked_fields:
            if field.is_relation and field.name == parent_field:
                field.set_cached_value(row, obj)
            elif field.is_relation and field.is_cached(record):
                field.set_cached_value(row, field.get_cached_value(record))
        # Whole values, never shortened: an auditor reads all a paragraph said before.
        helper = HistoricalRecordContextHelper(
            model, record, max_displayed_delta_change_chars=WHOLE_VALUE
        )
        if record.history_type == "~" and previous is not None:
            delta = record.diff_against(previous, foreign_keys_are_objs=True)
            changes = helper.context_for_delta_changes(delta)
        elif record.history_type == "+":
            changes = [
                helper.format_delta_change(ModelChange(field.name, "", getattr(record, field.name)))
                for field in record.tracked_fields
                if field.name != parent_field
                and not field.primary_key
                and getattr(record, field.attname) not in (None, "")
            ]
        else:
            changes = []
        return {
            "record": record,
            "kind": "" if model is self.model else model._meta.verbose_name,
            "row": row,
            "changes": changes,
            # Written in bulk or before history was kept: what it was before is unknown.
            "no_earlier_state": record.history_type == "~" and previous is None,
        }

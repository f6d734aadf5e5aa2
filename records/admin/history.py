"""History pages: every change to a record and to the rows its page edits, to read."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from records.admin.audit import part_label, shown_changes
from records.models import RECORD_KINDS, AuditEntry, AuditKind, Meeting


class RecordHistoryAdmin(SimpleHistoryAdmin):
    """*History* lists each change to the record with its author, time and the fields it
    changed (old → new, as people read them; running text as a word diff) and the correction
    note it carried, together with the changes to the rows the page edits as inlines, newest
    first; a meeting's, with the changes to every part of its record (its decisions and
    actions too). It reads the audit trail (``records/audit.py``). It is for reading: nobody
    reverts from it (``SIMPLE_HISTORY_REVERT_DISABLED``, and its form refuses a POST).
    """

    object_history_template = "admin/records/record_history.html"
    history_list_per_page = 100

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version, to read. Never saved back: refused whatever the permissions."""
        if request.method not in {"GET", "HEAD"}:
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """The record's changes and those of its inlines' rows (a meeting's: of every part of
        its record), newest first, as the audit trail keeps them."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(
                gettext("No %(name)s with the key %(key)s.")
                % {"name": self.opts.verbose_name, "key": object_id}
            )
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        inlines = [inline.model for inline in self.get_inline_instances(request, obj)]
        entries = AuditEntry.objects.filter(self._entries_of(request, obj), kind__in=RECORD_KINDS)
        page = Paginator(entries.order_by("-at", "-pk"), self.history_list_per_page).get_page(
            request.GET.get("p")
        )
        page.object_list = [self._history_entry(obj, entry) for entry in page.object_list]
        if isinstance(obj, Meeting):
            what = gettext(
                "every part of its record: participants, agenda, paragraphs, decisions, actions"
            )
        else:
            what = ", ".join(str(model._meta.verbose_name_plural) for model in inlines)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("History: %(record)s") % {"record": obj},
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "inline_names": what,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def _entries_of(self, request, obj) -> Q:
        """Which audit entries are this page's: the object's own, a meeting's parts', and the
        rows its inlines edit."""
        condition = Q(part=self.opts.model_name, object_id=obj.pk)
        if isinstance(obj, Meeting):
            return condition | Q(meeting_id=obj.pk)
        for inline in self.get_inline_instances(request, obj):
            fk = inline.get_formset(request, obj).fk
            rows = inline.model.history.filter(**{fk.attname: obj.pk}).values(
                inline.model._meta.pk.attname
            )
            condition |= Q(part=inline.model._meta.model_name, object_id__in=rows)
        return condition

    def _history_entry(self, obj, entry) -> dict:
        """One row of the history page: when, who, which part, and its field changes."""
        own = entry.part == self.opts.model_name and entry.object_id == obj.pk
        version_url = ""
        if own and entry.history_id is not None:
            version_url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_simple_history",
                args=[obj.pk, entry.history_id],
            )
        return {
            "entry": entry,
            "kind": "" if own else part_label(entry.part),
            "version_url": version_url,
            "changes": shown_changes(entry),
            "created": entry.kind == AuditKind.CREATED,
            # Written in bulk or before history was kept: what it was before is unknown.
            "no_earlier_state": entry.kind == AuditKind.CHANGED and not entry.changes,
        }

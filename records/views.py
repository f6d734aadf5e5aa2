import logging
from functools import partial

from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView, View
from django_filters.views import FilterView

from records import akoma_ntoso, display, exports, overview, pdf, search
from records.caching import (
    CACHE_SECONDS,
    conditional_response,
    public_cache_key,
    rendered_once,
)
from records.filters import FollowUpActionFilter, MeetingFilter, ResolutionFilter
from records.filters.summary import active_filters
from records.forms import SearchForm
from records.language_tags import language_name
from records.models import FollowUpAction, Meeting, Resolution, sees_restricted
from records.pagination import CappedCountPaginator, LookaheadPaginator, PageMixin
from records.record_texts import master_text, original_text, record_texts, text_in

logger = logging.getLogger(__name__)


class PublicPageCacheMixin:
    """For the public, each page as rendered at the current cache generation.

    A change the public may see moves the generation on (``records.caching``), so a cached
    page is never stale: a request that finds its page costs one small query. The key
    (``public_cache_key``) holds the full address as the visitor asked for it and today's
    date. Signed-in users (staff previews, member-state delegates who also see restricted
    records) get every page rendered afresh, and their pages are never cached: the cache
    holds only what an anonymous visitor may see.
    """

    # Requests with one of these are never cached (``format``: the streamed CSV exports).
    uncached_parameters = ("format",)

    @property
    def include_restricted(self):
        """Whether this reader also sees the published records restricted to delegates."""
        return sees_restricted(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if (
            request.method != "GET"
            or request.user.is_authenticated
            or any(parameter in request.GET for parameter in self.uncached_parameters)
            # A message waits for this visitor ("You have signed out."): the page is theirs.
            or "messages" in request.COOKIES
        ):
            return super().dispatch(request, *args, **kwargs)
        key = public_cache_key(request, "page")
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = super().dispatch(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        # A page that set a cookie (say, a CSRF token for a form) or showed the visitor a
        # message is the visitor's own.
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not getattr(getattr(request, "_messages", None), "used", False)
        ):
            cache.set(key, (response.content, response["Content-Type"]), CACHE_SECONDS)
        return response


class HomeView(PublicPageCacheMixin, ListView):
    """The latest published summary records."""

    template_name = "records/home.html"
    context_object_name = "meetings"

    def get_queryset(self):
        return Meeting.objects.published(include_restricted=self.include_restricted).for_listing()[
            :10
        ]


class MeetingListView(PublicPageCacheMixin, PageMixin, ListView):
    """All published meetings, by series and year, a hundred at a time (uncounted)."""

    template_name = "records/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 100
    paginator_class = LookaheadPaginator

    def get_queryset(self):
        return (
            Meeting.objects.published(include_restricted=self.include_restricted)
            .select_related("series", "country")
            .order_by("series__name", "-year", "-sequence_number")
        )


class RecordPageMixin(PublicPageCacheMixin):
    """A page of a summary record: the record's own text, or one of its language versions.

    Staff who may view meetings in the admin also see drafts here ("view on site" preview);
    member-state delegates also see restricted records; everyone else gets 404 for anything
    unpublished or restricted.
    """

    context_object_name = "meeting"

    def get_queryset(self):
        if self.can_preview():
            return Meeting.objects.for_record_page(include_restricted=True)
        meetings = Meeting.objects.for_record_page(include_restricted=self.include_restricted)
        return meetings.published(include_restricted=self.include_restricted)

    def can_preview(self):
        user = self.request.user
        return user.is_staff and user.has_perm("records.view_meeting")

    def chairs_context(self, meeting) -> dict:
        chairs = [p for p in meeting.participants.all() if p.is_chair]
        heading = display.chairs_heading([p.role for p in chairs])
        return {"chairs": chairs, "chairs_heading": heading}


class MeetingDetailView(RecordPageMixin, DetailView):
    """The summary record, as adopted, with its structured facts beside it."""

    template_name = "records/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        texts = record_texts(meeting)
        context.update(
            texts=texts, text=texts[0], original=original_text(texts), master=master_text(texts)
        )
        context.update(self.chairs_context(meeting))
        context["resolutions"] = [r for p in meeting.paragraphs.all() for r in p.resolutions.all()]
        context["matters_arising"] = FollowUpAction.objects.matters_arising(
            meeting, include_restricted=self.include_restricted
        )
        return context


class LanguageVersionView(RecordPageMixin, DetailView):
    """A language version of a record: ``/meetings/<slug>/<language>/``, its own text, with
    the meeting's facts beside it as the record page shows them.

    Only a published version of a record the reader may see has a page (staff may preview
    one that is not); any other language is 404, never the record in another language. The
    record's own language is the record page, where this address redirects.

    The decisions are marked on the record's own paragraphs, in its words, so they are not
    marked in this text: each is listed by its paragraph, linked to the record's page.
    """

    template_name = "records/language_version.html"

    def get(self, request, *args, **kwargs):
        self.object = meeting = self.get_object()
        language = self.kwargs["language"]
        if language == meeting.language:
            return redirect(meeting)
        self.texts = record_texts(meeting, version=self.previewed_version(meeting, language))
        self.text = text_in(self.texts, language)
        if self.text is None:
            raise Http404(f"No published version of this record in {language_name(language)}.")
        return self.render_to_response(self.get_context_data(object=meeting))

    def previewed_version(self, meeting, language):
        """The version a member of staff previews, published or not: the one standing in
        ``language``, else the one withdrawn last."""
        if not self.can_preview():
            return None
        return meeting.language_versions.in_language(language)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        context.update(self.chairs_context(meeting))
        context.update(
            texts=self.texts,
            text=self.text,
            original=original_text(self.texts),
            master=master_text(self.texts),
            own_text=self.texts[0],
            version=self.text.version,
            paragraphs=list(self.text.paragraphs),
            decided_paragraphs=[p for p in meeting.paragraphs.all() if p.resolutions.all()],
        )
        return context


# Finding and auditing what was decided -----------------------------------------------------


class AuditListView(PageMixin, FilterView):
    """A filtered, paginated list of published rows that also exports as CSV (?format=csv).

    Invalid filters give 400 with the form's errors on the page (or as text for a CSV).
    Counted only up to a cap: a big table's matching rows are never all joined to be counted.
    """

    paginate_by = 50
    paginator_class = CappedCountPaginator
    export_name = ""

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET  # always bound: an empty query is a valid one
        return kwargs

    def get(self, request, *args, **kwargs):
        export = request.GET.get("format", "")
        if export not in {"", "csv"}:
            return HttpResponseBadRequest(
                "Unknown format: use format=csv for a CSV file, or leave it out for the page.",
                content_type="text/plain; charset=utf-8",
            )
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_valid():
            if export:
                return HttpResponseBadRequest(
                    self.errors_text(), content_type="text/plain; charset=utf-8"
                )
            self.object_list = self.filterset.queryset.none()
            context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
            return self.render_to_response(context, status=400)
        self.object_list = self.filterset.qs
        if export == "csv":
            return self.export(self.object_list)
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["active_filters"] = active_filters(self.filterset, self.request.GET)
        return context

    def errors_text(self):
        form = self.filterset.form
        lines = ["The filters are not valid:"]
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else "Filters"
            lines += [f"- {label} ({name}): {error}" for error in errors]
        return "\n".join(lines) + "\n"

    def export(self, queryset):
        raise NotImplementedError


class ResolutionListView(PublicPageCacheMixin, AuditListView):
    """Published resolutions, filtered (``records.filters.ResolutionFilter``)."""

    filterset_class = ResolutionFilter
    template_name = "records/resolution_list.html"
    context_object_name = "resolutions"

    def get_queryset(self):
        return Resolution.objects.published(
            include_restricted=self.include_restricted
        ).for_listing()

    def export(self, queryset):
        return exports.resolutions_csv(queryset, link=self.request.build_absolute_uri)


class FollowUpActionListView(PublicPageCacheMixin, AuditListView):
    """Published follow-up actions with their progress (``FollowUpActionFilter``)."""

    filterset_class = FollowUpActionFilter
    template_name = "records/followupaction_list.html"
    context_object_name = "actions"

    def get_queryset(self):
        include_restricted = self.include_restricted
        return FollowUpAction.objects.published(include_restricted=include_restricted).for_listing(
            include_restricted=include_restricted
        )

    def export(self, queryset):
        return exports.actions_csv(
            queryset,
            link=self.request.build_absolute_uri,
            include_restricted=self.include_restricted,
        )


class FilterChoicesView(View):
    """The choices of a long filter list that name the words typed (``?q=``), as JSON:
    ``{"results": [{"value": "hlm-3", "label": "Third …"}]}``, at most twenty. What
    ``static/js/suggest.js`` offers as the reader types in a ``SuggestInput``; the choices
    are those the filter takes (published records only), so every suggestion filters."""

    filterset_class = None
    max_length = 100

    def get(self, request, field):
        words = request.GET.get("q", "").strip()
        if len(words) > self.max_length or "\x00" in words:
            return HttpResponseBadRequest(
                f"Type at most {self.max_length} characters to look for a choice.",
                content_type="text/plain; charset=utf-8",
            )
        choices = self.filterset_class.suggestions(field, words, request=request) if words else []
        if choices is None:
            raise Http404(f"The filter {field[:40]!r} takes no suggestions.")
        return JsonResponse({"results": [{"value": v, "label": label} for v, label in choices]})


class SearchView(PublicPageCacheMixin, PageMixin, TemplateView):
    """Full-text search over the paragraphs, decisions and actions of published records.

    An empty, unusable or too long query gets the page with advice (200), never an error.
    """

    template_name = "records/search.html"
    paginate_by = 20
    paginator_class = CappedCountPaginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET)
        context["form"] = form
        terms = form.cleaned_data.get("q") if form.is_valid() else None
        context["terms"] = terms
        context["searched"] = bool(form.data.get("q", "").strip())
        if not terms:
            return context
        rows = search.hit_rows(terms, form.kinds(), include_restricted=self.include_restricted)
        paginator, page, page_rows, is_paginated = self.paginate_queryset(rows, self.paginate_by)
        context.update(
            paginator=paginator,
            page_obj=page,
            is_paginated=is_paginated,
            hits=search.load_hits(
                list(page_rows), terms, include_restricted=self.include_restricted
            ),
            page_problem=self.page_problem,
            page_count=self.page_count,
            postgresql=search.uses_postgresql(),
        )
        return context


class OverviewView(PublicPageCacheMixin, PageMixin, FilterView):
    """For auditors, what to read first: the key figures, charts of the actions by series and
    by how long overdue and of the decisions by verb over the years, the longest overdue
    actions, and each meeting's counts (``records.overview``: every number links to the list
    it counts)."""

    filterset_class = MeetingFilter
    template_name = "records/overview.html"
    context_object_name = "meetings"
    paginate_by = 20
    overdue_shown = 20

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        valid = self.filterset.is_valid()
        self.object_list = self.filterset.qs if valid else self.filterset.queryset.none()
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        if not valid:
            return self.render_to_response(context, status=400)
        return self.render_to_response(context)

    def get_queryset(self):
        return Meeting.objects.published(include_restricted=self.include_restricted).select_related(
            "series"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        include_restricted = self.include_restricted
        today = timezone.localdate()
        resolutions = Resolution.objects.published(include_restricted=include_restricted)
        actions = FollowUpAction.objects.published(include_restricted=include_restricted)
        figures, overdue_by_age = overview.key_figures(
            actions, resolutions, today=today, include_restricted=include_restricted
        )
        series_rows = overview.status_by_series(actions)
        years, verb_totals, verb_chart = overview.verbs_by_year(resolutions)
        overdue = actions.overdue(today)
        context.update(
            figures=figures,
            overdue_count=figures["overdue"].count,
            overdue_by_age=overdue_by_age,
            overdue_chart=overview.overdue_chart(overdue_by_age),
            series_rows=series_rows,
            status_chart=overview.status_chart(series_rows),
            years=years,
            verb_totals=verb_totals,
            verb_chart=verb_chart,
            rows=overview.meeting_rows(
                list(context["meetings"]),
                resolutions,
                actions,
                today=today,
                include_restricted=include_restricted,
            ),
            overdue=overdue.select_related("meeting__series", "paragraph").by_due_date()[
                : self.overdue_shown
            ],
        )
        return context


class MeetingExportView(DetailView):
    """A published record in another form than the page; drafts are never exported, and
    restricted records only to the member-state delegates who may read their page.

    The public's copy is rendered once per cache generation (``rendered_once``): a request
    that finds it, or whose ETag is still current, costs one small query. A reader who may
    see restricted records gets it rendered afresh, and nothing of it is kept: what is kept
    is only ever what anyone may read.
    """

    kind = ""
    # The language version exported (LanguageVersionExportMixin); None: the record's own text.
    version = None

    def get(self, request, *args, **kwargs):
        fresh = partial(super().get, request, *args, **kwargs)
        if sees_restricted(request.user):
            return fresh()
        return rendered_once(request, self.kind, fresh)

    def get_queryset(self):
        include_restricted = sees_restricted(self.request.user)
        return Meeting.objects.published(include_restricted=include_restricted).for_export(
            include_restricted=include_restricted
        )

    def changed_at(self):
        if self.version is None:
            return self.object.changed_at
        return max(self.object.changed_at, self.version.published_at)


class MeetingAknView(MeetingExportView):
    """The record as Akoma Ntoso 3.0 XML: ``/meetings/<slug>/akn.xml``."""

    kind = "akn"

    def render_to_response(self, context, **response_kwargs):
        response = HttpResponse(
            akoma_ntoso.meeting_to_akn(self.object, version=self.version),
            content_type=akoma_ntoso.CONTENT_TYPE,
        )
        return conditional_response(self.request, response, last_modified=self.changed_at())


class MeetingPdfView(MeetingExportView):
    """The record as a PDF that reads like the original: ``/meetings/<slug>/record.pdf``."""

    kind = "pdf"

    def render_to_response(self, context, **response_kwargs):
        response = HttpResponse(
            pdf.meeting_to_pdf(self.object, version=self.version), content_type="application/pdf"
        )
        name = self.object.slug
        if self.version is not None:
            name = f"{name}-{self.version.language}"
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return conditional_response(self.request, response, last_modified=self.changed_at())


class LanguageVersionExportMixin:
    """A published language version in the record's other forms, at the version's address:
    ``/meetings/<slug>/<language>/record.pdf`` and ``…/akn.xml``. A language without a
    published version is 404, the record's own too: its forms have the record's addresses."""

    def get_object(self, queryset=None):
        meeting = super().get_object(queryset)
        text = text_in(record_texts(meeting), self.kwargs["language"])
        if text is None or text.version is None:
            raise Http404("No published version of this record in this language.")
        self.version = text.version
        return meeting


class LanguageVersionAknView(LanguageVersionExportMixin, MeetingAknView):
    """A language version as Akoma Ntoso 3.0 XML: its own expression of the record."""


class LanguageVersionPdfView(LanguageVersionExportMixin, MeetingPdfView):
    """A language version as a PDF, in its language."""

"""How meetings are found and ordered: the meeting's queryset (published, listed, read whole
for its record page and its open-data forms) and the order of the lists by meeting.

Apart from ``records/models/meetings.py``, which keeps what a meeting and its record are;
the parts a record page reads are imported when asked, as they point back at the meeting.
"""

from django.db.models import Exists, F, OuterRef, Prefetch

from records.models.publication import published_q
from records.models.searchable import RecordQuerySet


def meeting_date_order(meeting_path: str, *, descending: bool) -> list:
    """Order by the meeting reached through ``meeting_path``, newest or oldest first.

    By year, then start date (meetings known only by their year sort as the year's first),
    then number in the series and id, so that pages of a list never overlap.
    """
    prefix = f"{meeting_path}__" if meeting_path else ""
    year, start, number, pk = (
        F(f"{prefix}{name}") for name in ("year", "start_date", "sequence_number", "id")
    )
    if descending:
        return [year.desc(), start.desc(nulls_last=True), number.desc(), pk.desc()]
    return [year.asc(), start.asc(nulls_first=True), number.asc(), pk.asc()]


class MeetingQuerySet(RecordQuerySet):
    def published(self, *, include_restricted=False):
        return self.filter(published_q(include_restricted=include_restricted))

    def for_listing(self):
        return self.select_related("series", "country").order_by(
            F("start_date").desc(nulls_last=True), "-year", "-sequence_number"
        )

    def for_record_page(self, *, include_restricted=False):
        """Everything the summary record page shows, in a fixed number of queries.

        ``include_restricted``: whether progress reported on actions of restricted records
        is shown (as ``published_q``).
        """
        from records.models.follow_ups import FollowUpAction

        return self._with_record(
            FollowUpAction.objects.all(), include_restricted=include_restricted
        )

    def for_export(self, *, include_restricted=False):
        """The record page's data plus what the open-data forms (API, XML, PDF) also carry:
        the parties of each resolution, the owners of each action, whether it was carried
        over and the progress reported on it at later public meetings."""
        from records.models.follow_ups import FollowUpAction, owner_lists
        from records.models.progress import ProgressUpdate
        from records.models.resolutions import party_lists

        actions = FollowUpAction.objects.with_carried_over(include_restricted=include_restricted)
        return self._with_record(actions, include_restricted=include_restricted).prefetch_related(
            *party_lists("paragraphs__resolutions"),
            *owner_lists("follow_up_actions"),
            "published_language_versions__paragraphs",
            Prefetch(
                "follow_up_actions__progress_updates",
                queryset=ProgressUpdate.objects.published(include_restricted=include_restricted)
                .select_related("meeting__series", "paragraph")
                .in_meeting_order(),
                to_attr="published_progress_updates",
            ),
        )

    def _with_record(self, actions, *, include_restricted):
        """The meeting with the parts of its record, its own ``actions`` among them.

        Prefetched parts are joined to the rows that hold them: a resolution's paragraph is
        the paragraph it was read with, and needs no join of its own.
        """
        from records.models.archive import published_sha256, served_attachments
        from records.models.languages import LanguageVersion
        from records.models.meetings import Paragraph, Participant
        from records.models.progress import ProgressUpdate

        records = self.select_related("series", "country").prefetch_related(
            "corrections",
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("person", "organisation", "government"),
            ),
            "agenda_items",
            Prefetch(
                "paragraphs",
                queryset=Paragraph.objects.select_related("agenda_item").prefetch_related(
                    "resolutions"
                ),
            ),
            Prefetch("follow_up_actions", queryset=actions.select_related("paragraph")),
            Prefetch(
                "progress_updates",
                queryset=ProgressUpdate.objects.filter(
                    published_q("action__meeting", include_restricted=include_restricted)
                ).select_related("paragraph", "action__meeting__series"),
            ),
        )
        return records.annotate(
            published_sha256=published_sha256(),
            original_is_version=Exists(
                LanguageVersion.objects.filter(meeting=OuterRef("pk"), original=True)
            ),
        ).prefetch_related(
            served_attachments(),
            # The switch to its other languages (records/record_texts.py): a version is
            # shown once published itself; the record's own visibility is this query's.
            Prefetch(
                "language_versions",
                queryset=LanguageVersion.objects.published(include_restricted=True),
                to_attr="published_language_versions",
            ),
        )

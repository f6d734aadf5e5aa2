"""Every public page type, for the checks that must hold on all of them (valid HTML, WCAG).

Each page type is named once here, with the path of an example of it in the seed records
(``seed`` fixture). A new public page gets a line here and is checked everywhere.
"""

from records.seed import THIRD_HLM_SLUG

PUBLIC_PAGES = {
    "home": "/",
    "meeting_list": "/meetings/",
    # The Third HLM: co-chairs, agenda, decisions, follow-up actions, progress reported.
    "record": f"/meetings/{THIRD_HLM_SLUG}/",
    # The Second HLM: a note, no paragraphs, an action committed without a paragraph.
    "record_without_text": "/meetings/asean-japan-scn-hlm-2/",
    "not_found": "/meetings/no-such-record/",
    "resolutions": "/resolutions/",
    "resolutions_filtered": f"/resolutions/?meeting={THIRD_HLM_SLUG}&verb=resolved&verb=welcomed",
    "resolutions_with_a_bad_filter": "/resolutions/?date_from=18-10-2021&verb=voted",
    "actions_overdue": "/actions/?overdue=1",
    "search": "/search/",
    "search_results": '/search/?q="business+matching"',
    "search_without_results": "/search/?q=zeppelin",
    "overview": "/overview/",
}

# The pages whose forms people fill in: each must have labelled controls.
FORM_PAGES = ["resolutions", "actions_overdue", "search", "overview"]

# The screens pages are checked on: a desktop, and the narrowest phone in common use.
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}

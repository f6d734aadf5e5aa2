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
}

# The screens pages are checked on: a desktop, and the narrowest phone in common use.
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}

"""What the bench measures: one line per page.

``{meeting}`` is the slug of a published meeting of typical size, ``{series}`` and ``{year}``
its series and year, and ``{words}`` a phrase that occurs in about one resolution in fifty;
all are chosen from the data at each size.
A page whose path does not resolve (its feature is not built yet) is skipped with a note.
"""

from dataclasses import dataclass

# The data: the sample generator's seed, and a phrase of its vocabulary that occurs in about
# one resolution in fifty (text filters and search look for it).
SEED = 1
WORDS = "smart mobility"
# Requests timed with the cache emptied before each; the targets of growth (1k → 100k, cached
# and uncached alike) and of the CSV export (at 100k; at 1M only streamed in bounded memory).
UNCACHED_REQUESTS = 5
GROWTH_LIMIT = 1.5
CSV_RSS_LIMIT_MB = 150
CSV_SECONDS_LIMIT = 15
# At 1,000,000 resolutions (``--sizes huge``): the uncached lists and search, at most this.
HUGE_LIST_MS = 100
# ... and the sample generator writes them in under ten minutes.
HUGE_GENERATION_SECONDS = 600


@dataclass(frozen=True)
class Target:
    """A target at 100,000 resolutions: p50 at most ``ms``, or at most ``ratio`` × trivial.

    ``uncached``: judged on the p50 with the cache emptied before each request (what the
    first visitor after a change waits for), else on the cached p50.
    """

    ms: float | None = None
    ratio: float | None = None
    uncached: bool = False

    def __str__(self):
        limit = f"≤ {self.ratio:g}× trivial" if self.ratio else f"≤ {self.ms:g} ms"
        return f"{limit} uncached" if self.uncached else limit

    def met(self, p50_ms: float, trivial_ms: float) -> tuple[bool, float]:
        """Whether ``p50_ms`` meets the target, and the p50 the target allows."""
        limit = self.ratio * trivial_ms if self.ratio else self.ms
        return p50_ms <= limit, limit


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    target: Target | None = None
    admin: bool = False  # requested as a logged-in superuser
    requests: int | None = None  # fewer timed requests for slow pages (exports)
    grows: bool = False  # its work grows with the data by design (an export of every row)
    cached: Target | None = None  # a second target, on the cached p50 (the record page)
    huge: bool = False  # an uncached list or search judged at 1M rows (``HUGE_LIST_MS``)


TRIVIAL = Page("trivial view", "/__bench__/trivial/")
RECORD_TARGET = Target(ms=30, uncached=True)
LIST_TARGET = Target(ms=50, uncached=True)
ADMIN_TARGET = Target(ms=150, uncached=True)


def listing(name: str, path: str) -> Page:
    """A public list or API list: ≤ 50 ms uncached at 100k, ≤ 100 ms uncached at 1M."""
    return Page(name, path, LIST_TARGET, huge=True)


PAGES = [
    TRIVIAL,
    Page("record page", "/meetings/{meeting}/", RECORD_TARGET, cached=Target(ratio=1.5)),
    Page("meetings", "/meetings/"),
    listing("resolutions", "/resolutions/"),
    listing("resolutions by meeting", "/resolutions/?meeting={meeting}"),
    listing("resolutions by series", "/resolutions/?series={series}"),
    listing("resolutions by year", "/resolutions/?year={year}"),
    listing("resolutions by date", "/resolutions/?date_from={year}-01-01&date_to={year}-12-31"),
    listing("resolutions by verb", "/resolutions/?verb=agreed"),
    listing("resolutions by party", "/resolutions/?party_country=JP"),
    listing("resolutions by agenda item", "/resolutions/?agenda_item=report"),
    listing("resolutions by text", "/resolutions/?text={words}"),
    listing("resolutions oldest first", "/resolutions/?sort=date"),
    listing("actions", "/actions/"),
    listing("overdue actions", "/actions/?overdue=1"),
    Page("search", "/search/?q={words}", Target(ms=100, uncached=True), huge=True),
    Page("resolutions CSV export", "/resolutions/?format=csv", requests=3, grows=True),
    listing("API resolution list", "/api/resolutions/"),
    listing("API action list", "/api/actions/"),
    Page("API meeting detail", "/api/meetings/{meeting}/", LIST_TARGET),
    Page("admin meetings", "/admin/records/meeting/", ADMIN_TARGET, admin=True),
    Page("admin paragraphs", "/admin/records/paragraph/", ADMIN_TARGET, admin=True),
    Page("admin resolutions", "/admin/records/resolution/", ADMIN_TARGET, admin=True),
    Page("admin actions", "/admin/records/followupaction/", ADMIN_TARGET, admin=True),
    Page("admin agenda items", "/admin/records/agendaitem/", ADMIN_TARGET, admin=True),
    Page("audit trail", "/admin/audit/", ADMIN_TARGET, admin=True),
    Page(
        "audit trail by kind and part",
        "/admin/audit/?kind=changed&part=paragraph",
        ADMIN_TARGET,
        admin=True,
    ),
]

# The export measured for time and peak memory, in a process of its own.
CSV_EXPORT = "/resolutions/?format=csv"
# The pages the load test drives with wrk, by name.
LOAD_PAGES = ["record page", "resolutions"]

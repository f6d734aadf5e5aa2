"""What the bench measures: one line per page.

``{meeting}`` is the slug of a published meeting of typical size and ``{words}`` a phrase
that occurs in about one resolution in fifty; both are chosen from the data at each size.
A page whose path does not resolve (its feature is not built yet) is skipped with a note.
"""

from dataclasses import dataclass

# The data: the sample generator's seed, and a phrase of its vocabulary that occurs in about
# one resolution in fifty (text filters and search look for it).
SEED = 1
WORDS = "smart mobility"
# Requests timed with the cache emptied before each; the targets of growth and of the CSV export.
UNCACHED_REQUESTS = 5
GROWTH_LIMIT = 1.5
CSV_RSS_LIMIT_MB = 150
CSV_SECONDS_LIMIT = 15


@dataclass(frozen=True)
class Target:
    """A target at 100,000 resolutions: p50 at most ``ms``, or at most ``ratio`` × trivial."""

    ms: float | None = None
    ratio: float | None = None

    def __str__(self):
        return f"≤ {self.ratio:g}× trivial" if self.ratio else f"≤ {self.ms:g} ms"

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


TRIVIAL = Page("trivial view", "/__bench__/trivial/")
LIST_TARGET = Target(ms=50)
ADMIN_TARGET = Target(ms=300)

PAGES = [
    TRIVIAL,
    Page("record page", "/meetings/{meeting}/", Target(ratio=3)),
    Page("meetings", "/meetings/"),
    Page("resolutions", "/resolutions/", LIST_TARGET),
    Page("resolutions by meeting", "/resolutions/?meeting={meeting}", LIST_TARGET),
    Page("resolutions by verb", "/resolutions/?verb=agreed", LIST_TARGET),
    Page("resolutions by text", "/resolutions/?text={words}", LIST_TARGET),
    Page("overdue actions", "/actions/?overdue=1"),
    Page("search", "/search/?q={words}", Target(ms=100)),
    Page("resolutions CSV export", "/resolutions/?format=csv", requests=3, grows=True),
    Page("API resolution list", "/api/resolutions/"),
    Page("API meeting detail", "/api/meetings/{meeting}/"),
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

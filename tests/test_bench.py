"""The benchmark harness's own logic; its figures are in bench/RESULTS.md, never asserted here."""

import pytest
from django.test import Client
from django.test.utils import override_settings

from bench.load import parse_wrk
from bench.pages import PAGES, Target
from bench.run import size_database_url

pytestmark = pytest.mark.django_db

WRK_OUTPUT = """Running 30s test @ http://127.0.0.1:8765/resolutions/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    40.10ms   12.00ms 210.00ms   80.00%
    Req/Sec   400.00     50.00   500.00     70.00%
  Latency Distribution
     50%   38.50ms
     75%   45.00ms
     90%   55.00ms
     99%    1.20s
  24000 requests in 30.01s, 120.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:    799.73
Transfer/sec:      4.00MB
"""


def test_wrk_report_is_read_with_every_kind_of_error():
    parsed = parse_wrk(WRK_OUTPUT)
    assert parsed == {
        "requests": 24000,
        "requests_per_second": 799.73,
        "non_2xx": 4,
        "socket_errors": 5,
        "p50_ms": 38.5,
        "p99_ms": 1200.0,
    }


def test_wrk_report_without_errors_counts_none():
    clean = WRK_OUTPUT.replace("  Socket errors: connect 0, read 2, write 0, timeout 3\n", "")
    clean = clean.replace("  Non-2xx or 3xx responses: 4\n", "")
    parsed = parse_wrk(clean)
    assert (parsed["non_2xx"], parsed["socket_errors"]) == (0, 0)


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        (
            "postgres://postgres@127.0.0.1:5432/am_bench",
            "postgres://postgres@127.0.0.1:5432/am_bench_large",
        ),
        ("sqlite:////srv/app/db.sqlite3", "sqlite:////srv/app/db_large.sqlite3"),
    ],
)
def test_each_size_gets_a_database_of_its_own_next_to_the_configured_one(base, expected):
    assert size_database_url(base, "large") == expected


@pytest.mark.parametrize(
    ("target", "p50", "met"),
    [
        (Target(ms=50), 49.9, True),
        (Target(ms=50), 50.1, False),
        (Target(ratio=3), 0.8, True),
        (Target(ratio=3), 1.0, False),
    ],
)
def test_targets_are_judged_on_p50_in_ms_or_as_a_multiple_of_the_trivial_view(target, p50, met):
    assert target.met(p50, trivial_ms=0.3)[0] is met


def test_every_page_of_the_bench_is_named_once():
    names = [page.name for page in PAGES]
    assert len(names) == len(set(names))


def test_the_trivial_view_exists_only_in_the_bench_urls():
    assert Client().get("/__bench__/trivial/").status_code == 404
    with override_settings(ROOT_URLCONF="bench.urls"):
        response = Client().get("/__bench__/trivial/")
    assert response.content == b"ok"


def test_a_target_judged_uncached_says_so():
    assert str(Target(ms=50, uncached=True)) == "≤ 50 ms uncached"
    assert str(Target(ratio=1.5)) == "≤ 1.5× trivial"


def test_growth_is_judged_on_the_uncached_p50_too():
    from bench.report import growth

    page = next(page for page in PAGES if page.name == "resolutions")
    trivial = {"small": 0.2, "large": 0.2}
    small = {"p50": 1.0, "queries": 6, "uncached_p50": 20.0}
    steady = {"p50": 1.1, "queries": 6, "uncached_p50": 25.0}
    slower = {"p50": 1.1, "queries": 6, "uncached_p50": 40.0}
    assert growth(page, small, steady, trivial)[1] == [True, True, True]
    assert growth(page, small, slower, trivial)[1] == [True, True, False]


def test_the_lists_and_search_are_judged_at_a_million_and_uncached():
    judged = {page.name for page in PAGES if page.huge}
    assert {"resolutions", "overdue actions", "search", "API resolution list"} <= judged
    assert all(page.target.uncached for page in PAGES if page.huge)

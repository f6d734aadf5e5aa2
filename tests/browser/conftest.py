"""Real-browser tests: Debian's Chromium, driven by Playwright, against Django's live server.

Chromium is never downloaded: the tests use the one installed by the system package
(``make system-packages`` installs it). Set ``CHROMIUM`` to use another build.
The accessibility engine axe-core comes from the npm registry (``package.json``; ``make
install`` runs ``npm ci``) and is injected into each page by the tests, never from a CDN.
"""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.helpers import ARTIFACTS
from tests.pages import DESKTOP

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # The machine has no internet: without these Chromium keeps trying to reach Google.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.1 levels A and AA, as axe-core tags its rules.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_configure(config):
    """Playwright keeps a screenshot of any browser test that fails, for CI to show, in
    ``test-artifacts/playwright/``, unless the command line says otherwise."""
    if not config.pluginmanager.hasplugin("playwright"):
        return  # -p no:playwright: these tests cannot run, and say so by their fixtures
    if config.option.screenshot == "off":
        config.option.screenshot = "only-on-failure"
    if config.option.output == "test-results":
        config.option.output = str(ARTIFACTS / "playwright")


def pytest_collection_modifyitems(items):
    """Mark the tests of this folder ``browser`` and run them after all the others."""
    here = Path(__file__).parent
    in_browser = [item for item in items if item.path.is_relative_to(here)]
    for item in in_browser:
        item.add_marker(pytest.mark.browser)
    items[:] = [item for item in items if item not in in_browser] + in_browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not at {CHROMIUM}: install it with `apt-get install chromium` "
            "(or set CHROMIUM to its path). Browser downloads do not work here."
        )
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "locale": "en-GB"}


@pytest.fixture(scope="session")
def base_url(live_server):
    """Pages are opened by path: ``page.goto("/meetings/")``."""
    return live_server.url


@pytest.fixture(scope="session")
def playwright(playwright):
    # Playwright's sync API keeps an event loop running in this thread from its start to the
    # end of the session, and Django refuses database access from a thread with a running
    # loop, although these tests are synchronous. Browser tests run last (see above), so
    # every other test keeps Django's check.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield playwright


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: run `make install` (npm ci).")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def axe_violations(axe_source):
    """Run axe-core's WCAG 2.1 A and AA rules on a page; returns the violations, readable."""

    def run(page):
        # Evaluated rather than added as a <script>, so a Content Security Policy that
        # forbids inline scripts does not stop the check.
        page.evaluate(axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(json.dumps(node["target"]) for node in v["nodes"])
            for v in result["violations"]
        ]

    return run


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot under ``test-artifacts/`` (never committed)."""

    def save(page, name=None):
        path = ARTIFACTS / "screenshots" / f"{name or request.node.name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=path, full_page=True)
        return path

    return save


@pytest.fixture
def violations(page):
    """What Chromium says about the policy in the console, as the test goes."""
    reported = []
    page.on(
        "console",
        lambda message: (
            reported.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return reported

"""Playwright (sync API) driving Debian's chromium against pytest-django's live server.

One browser per test module (so, per xdist worker, one for tests/browser/test_journeys.py); every
test gets its own context, so cookies and viewport never leak between tests. Screenshots are written
to ``screenshots/`` only when ``SIKAP_SCREENSHOTS=1``.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "screenshots"

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def browser():
    """Chromium for the module's tests.

    Playwright's sync API keeps an asyncio event loop running in the main thread while it is
    started, and Django refuses ORM calls (fixtures, factories, the live server's test data) while a
    loop runs unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Both are confined to this fixture, so the rest
    of the suite, which the same xdist worker may run afterwards, keeps Django's async-safety check
    and never inherits the variable (``manage.py check --deploy`` in a subprocess warns about it).
    """
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is not installed (run: bash scripts/system-deps.sh test)", pytrace=False)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(viewport)`` -> a Page in a fresh context whose relative URLs hit the live server.
    Any Content-Security-Policy violation the browser reports fails the test: the strict policy
    must hold on every page a journey opens (allauth's included)."""
    contexts = []
    violations = []

    def make(viewport=PHONE):
        context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="id-ID")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert violations == [], f"CSP violations: {violations}"


@pytest.fixture
def screenshot(request):
    """``screenshot(page, name)`` saves a full-page PNG when SIKAP_SCREENSHOTS=1, else does nothing."""
    enabled = os.environ.get("SIKAP_SCREENSHOTS") == "1"

    def take(page, name):
        if not enabled:
            return
        SCREENSHOT_DIR.mkdir(exist_ok=True)
        width = page.viewport_size["width"] if page.viewport_size else "auto"
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name)
        page.screenshot(path=str(SCREENSHOT_DIR / f"{safe}-{width}.png"), full_page=True)

    return take


def assert_fits_width(page):
    """Nothing on the page may force sideways scrolling (the classic 360 px bug)."""
    page.wait_for_load_state("load")  # after a click the new page's text can be there before its stylesheet
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the {page.viewport_size['width']}px viewport"
    # A table's wrapper scrolls instead of the page, which hides cut-off text from the check above.
    clipped = page.evaluate(
        "[...document.querySelectorAll('.table-wrap')].filter(w => w.scrollWidth > w.clientWidth)"
        ".map(w => w.scrollWidth - w.clientWidth)"
    )
    assert clipped == [], f"{page.url}: a table is wider than its box by {clipped}px (its text is cut off)"


def log_in(page, username, password):
    """Fill the login form the way a person does and submit it."""
    page.goto("/accounts/login/")
    page.get_by_label("NIP atau email").fill(username)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()


def log_out(page, on_menu_open=None):
    """Use the nav's "Keluar" button, opening the "Menu" toggle first on narrow screens.

    ``on_menu_open(page)`` runs once the menu is open (to screenshot it, say).
    """
    toggle = page.get_by_text("Menu", exact=True)
    if toggle.is_visible():
        toggle.click()
        if on_menu_open:
            on_menu_open(page)
    page.get_by_role("button", name="Keluar").click()

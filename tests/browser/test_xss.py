"""Output encoding (issue item 4): XSS payloads stored in every free-text field, then every HTML
page that shows them opened in chromium for every role; nothing may execute.

1. ``build_xss_world`` writes a row of every model with free text where a persona's pages show
   it; ``poison`` then overwrites every free-text field of every row with the payloads
   (tests/security/xss_payloads.py). A field whose model has no row fails the test, so a new
   model with text gets a row in the world before it ships.
2. Each role gets a Django test client: signed in, or for the citizen, having proven the
   complaint's tracking code. Every GET URL name is opened with the world's arguments; a page
   that is HTML, answers 200 and holds a payload (escaped or not) goes on the role's list. A 500
   fails, and so does a payload served unescaped.
3. One chromium context per role, carrying that client's cookies, opens the list. Each page is
   rendered once: chromium navigates to its URL and is handed the HTML the client got (its
   scripts, and anything else it asks for, come from the live server; stylesheets and images are
   skipped). The context ignores the Content-Security-Policy: escaping must hold on its own, the
   CSP is the second wall (tests/browser/conftest.py ``new_page`` checks the policy itself). On
   each page no dialog may open, ``window.__xss`` must stay undefined, no element may carry an
   ``on*`` attribute (our templates have none: the CSP forbids inline handlers) and no link or
   form a ``javascript:`` URL.
"""

import pytest
import time_machine
from django.contrib import admin
from django.core.cache import cache
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.fuzz.world import NOW
from tests.security.urls import ROLES, rule_for, sample_url, url_names
from tests.security.xss_payloads import (
    COMPACT,
    DOUBLE_QUOTE,
    IMG,
    MARKERS,
    SCRIPT_BREAKOUT,
    SINGLE_QUOTE,
    free_text_fields,
)
from tests.security.xss_world import build_xss_world

pytestmark = pytest.mark.browser

# Not pages, or not walked by name: the Django admin (its lists and change forms come from its
# registry), the API (JSON), captcha images, the translation catalogue, the language switch,
# health and benchmark.
NOT_PAGES = ("admin:", "api", "captcha-", "javascript-catalog", "set_language", "core:healthz", "core:bench-")
TABS = 3  # pages loading at once in a role's context
LOOKS_ONLY = {"stylesheet", "image", "font", "media"}  # not loaded: a script cannot hide in them
RAW = [payload.encode() for payload in (IMG, DOUBLE_QUOTE, SINGLE_QUOTE, SCRIPT_BREAKOUT, COMPACT)]

PROBE = """() => {
  const found = [];
  if (typeof window.__xss !== "undefined") found.push("window.__xss = " + window.__xss);
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster"];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const bad = name.startsWith("on") || (urlAttributes.includes(name) && /^\\s*javascript:/i.test(attribute.value));
      if (bad) found.push(`<${element.localName} ${name}="${attribute.value.slice(0, 60)}">`);
    }
  }
  for (const script of document.scripts) {
    if (!script.src && script.type !== "application/json" && /__xss|alert\\(/.test(script.textContent)) {
      found.push("<script>" + script.textContent.slice(0, 60));
    }
  }
  return found;
}"""


def test_free_text_fields_are_read_from_the_models():
    fields = {f"{model._meta.label}.{field.name}" for model, field in free_text_fields()}
    for expected in (
        "daily_reports.Activity.description",
        "daily_reports.DailyReport.return_note",
        "evaluations.Evaluation.feedback",
        "indicators.Rhk.text",
        "public_feedback.Complaint.reporter_name",
        "public_feedback.SkmResponse.suggestion",
        "dashboards.Announcement.body",
        "employees.Employee.name",
        "trainings.TrainingSession.online_url",  # a URL: gets a javascript: URL
    ):
        assert expected in fields
    for identifier in ("employees.Employee.nip", "employees.Employee.work_email", "accounts.User.username"):
        assert identifier not in fields


def _client(role, world) -> Client:
    client = Client()
    user = world.personas[role]
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    else:  # the citizen proves the tracking code once; the session remembers the complaint
        response = client.post(reverse("pengaduan:complaint-track"), {"code": world.complaint_code})
        assert response.status_code == 302, response.content[:300]
    return client


def _urls(role, pages) -> list[tuple[str, str]]:
    """(name, URL) of every page the role may open. The permission matrix says who gets what for
    arguments that match nothing: a name the world has no arguments for is opened only when the
    role gets a 200 there; any other only when the role's answer may depend on the object."""
    found = []
    for name in url_names():
        rule = rule_for(name)  # a name new to the matrix fails there; here it is simply opened
        allowed = rule[role] if rule else {200}
        if name.startswith(NOT_PAGES) or allowed <= {401, 403, 405} or (name not in pages and 200 not in allowed):
            continue
        for kwargs in pages.get(name, [None]):
            kwargs = dict(kwargs or {})
            query = kwargs.pop("?", "")
            try:
                url = reverse(name, kwargs=kwargs) if kwargs or name in pages else sample_url(name)
            except NoReverseMatch:
                url = sample_url(name)
            found.append((name, f"{url}?{query}" if query else url))
    if role == "admin":
        for model in admin.site._registry:  # the admin's lists and change forms, of a row that exists
            meta, first = model._meta, model._base_manager.order_by("pk").first()
            prefix = f"admin:{meta.app_label}_{meta.model_name}"
            found.append((f"{prefix}_changelist", reverse(f"{prefix}_changelist")))
            if first is not None:
                found.append((f"{prefix}_change", reverse(f"{prefix}_change", args=[first.pk])))
    return found


def _pages_showing_payloads(client, urls, failures, role) -> dict[str, bytes]:
    """URL -> HTML of the pages that show a payload, one per set of templates rendered: a second
    page drawn by the very same templates (an admin list of another model) adds nothing."""
    shown, drawn_by = {}, set()
    for name, url in urls:
        try:
            response = client.get(url)
        except Exception as error:  # the test client re-raises a view's exception
            failures.append(f"{role} {name} {url}: {type(error).__name__}: {error}")
            continue
        if response.status_code >= 500:
            failures.append(f"{role} {name} {url}: {response.status_code}")
        if response.status_code != 200 or response.streaming:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        body = response.content
        if not any(marker in body for marker in MARKERS):
            continue
        raw = [payload.decode() for payload in RAW if payload in body]
        if raw:
            failures.append(f"{role} {name} {url}: served unescaped: {raw}")
        templates = frozenset(template.name for template in response.templates)
        if name.startswith("admin:") and response.templates:  # Django's own: one list, one form
            templates = frozenset([response.templates[0].name])
        if templates not in drawn_by:
            drawn_by.add(templates)
            shown[url] = body
    return shown


def _browse(browser, base_url, client, pages, failures, role):
    """Open ``pages`` (URL -> HTML) in one context, TABS at a time, and probe each once loaded."""
    context = browser.new_context(base_url=base_url, bypass_csp=True, locale="id-ID")
    context.set_default_timeout(15_000)
    context.add_cookies(
        [{"name": key, "value": morsel.value, "url": base_url} for key, morsel in client.cookies.items()]
    )

    def serve(route):  # the page as the test client got it; scripts and any other request: the live server
        request = route.request
        body = pages.get(request.url.removeprefix(base_url)) if request.resource_type == "document" else None
        if request.resource_type in LOOKS_ONLY:
            route.abort()
        elif body is None:
            route.continue_()
        else:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)

    def new_tab():
        tab, dialogs = context.new_page(), []

        def on_dialog(dialog):
            dialogs.append(f"{dialog.type}({dialog.message!r})")
            dialog.dismiss()

        tab.on("dialog", on_dialog)
        return tab, dialogs

    context.route(f"{base_url}/**", serve)
    tabs = [new_tab() for _ in range(TABS)]
    urls = list(pages)
    try:
        for start in range(0, len(urls), TABS):
            batch = list(zip(tabs, urls[start : start + TABS], strict=False))
            for (tab, _dialogs), url in batch:
                tab.goto(url, wait_until="commit")
            for (tab, dialogs), url in batch:
                tab.wait_for_load_state("load")
                found = tab.evaluate(PROBE) + dialogs
                if found:
                    failures.append(f"{role} {url}: {found}")
                dialogs.clear()
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_no_stored_payload_executes_on_any_page(browser, live_server, org, personas, admin_user):
    with time_machine.travel(NOW, tick=False):
        world, pages, stored = build_xss_world(org, personas, admin_user)
    cache.clear()  # nothing rendered before the payloads went in may be served from a cache
    empty = sorted(field for field, rows in stored.items() if not rows)
    assert empty == [], f"free-text fields without a row in tests/security/xss_world.py: {empty}"
    clients = {role: _client(role, world) for role in ROLES}  # at real time: the cookies stay fresh

    failures, visited = [], {}
    with time_machine.travel(NOW, tick=True):
        for role in ROLES:
            visited[role] = _pages_showing_payloads(clients[role], _urls(role, pages), failures, role)
            _browse(browser, live_server.url, clients[role], visited[role], failures, role)
    print(f"{len(stored)} free-text fields; pages per role: { {role: len(v) for role, v in visited.items()} }")
    assert all(visited.values()), f"a role saw no payload at all: { {r: len(v) for r, v in visited.items()} }"
    assert failures == [], "\n".join(failures)

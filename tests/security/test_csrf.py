"""Every state change refuses a request without a CSRF token.

Each role (signed in with a session cookie, as a browser is) POSTs a form-ish payload without a
token to every named URL, and PUTs/PATCHes/DELETEs every API route: the answer is a refusal, never
a 2xx/3xx, and no table changes (rows written per request, rows counted per walk).

By design two kinds of route need no token: API calls authenticated with ``Authorization: Bearer``
(apps/accounts/api_auth.py: a browser never sends that header by itself, so there is nothing to
forge) and the citizens' public API, which reads no session at all (``authentication_classes = []``).
"""

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.services import api_token_create

from .urls import ROLES, counts_changed, row_counts, sample_url, url_names, writes, written

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "id": "1",
    "name": "x",
    "description": "x",
    "note": "x",
    "reason": "x",
    "email": "uji@example.com",
    "status": "approved",
    "next": "/",
    "language": "en",
}
# the citizens' public API: no session read, so no token needed; a bad payload is a 400
PUBLIC_API = {"api:public-complaint-create", "api:public-survey-create", "api:public-complaint-detail"}
# writes a refused request may still make: session and cache bookkeeping, not data
BOOKKEEPING = {
    "django_session",  # the session row, saved when the request touched it
    "usersessions_usersession",  # allauth.usersessions' last-seen stamp of the session
    "sikap_cache",  # the database cache (rate-limit counters)
    "core_ratehit",  # a public API call counts against its rate limit (apps/core/ratelimit.py)
    # the public complaint API reads FeedbackSettings.load(), which makes the singleton with defaults
    "public_feedback_feedbacksettings",
}


def csrf_client(user):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def refused(name, url, role, response):
    status = response.status_code
    if name in PUBLIC_API:
        return status in {400, 404, 405}
    if url.startswith("/api/"):
        # DRF's SessionAuthentication: "CSRF Failed" (403); no session: not authenticated (401)
        return status in ({401, 403} if role == "anonymous" else {403})
    # CsrfViewMiddleware runs before every view (and before the login redirect): CSRF_FAILURE_VIEW
    return status == 403 and "403_csrf.html" in [t.name for t in response.templates]


def send(client, method, url):
    if method == "post":
        return client.post(url, PAYLOAD)
    return getattr(client, method)(url, data='{"name": "x"}', content_type="application/json")


@pytest.mark.parametrize("role", ROLES)
def test_no_state_change_without_a_token(role, personas):
    client = csrf_client(personas[role])
    failures = []
    counts, before = row_counts(), writes()
    for name in url_names():
        url = sample_url(name)
        methods = ["post", "put", "patch", "delete"] if url.startswith("/api/") else ["post"]
        for method in methods:
            response = send(client, method, url)
            after = writes()
            changed = {t: w for t, w in written(before, after).items() if t not in BOOKKEEPING}
            if changed or not refused(name, url, role, response):
                failures.append(f"{method.upper()} {name} {url}: {response.status_code} wrote {changed}")
            before = after
    counted = {t: c for t, c in counts_changed(counts, row_counts()).items() if t not in BOOKKEEPING}
    assert failures == [], "\n".join(failures)
    assert counted == {}, f"rows changed after the {role} walk: {counted}"


def test_session_api_write_needs_the_token_a_bearer_call_does_not(org):
    """The same API write: refused over the session cookie without a token; with a personal token it
    reaches the view (404: session 999999 exists for no one), as no other site can make a browser
    send that header."""
    url = reverse("api:training-session-enroll", args=[999999])
    cookie = csrf_client(org.asn.user).post(url, {}, content_type="application/json")
    assert cookie.status_code == 403 and "CSRF" in cookie.json()["detail"]
    _token, key = api_token_create(actor=org.asn.user, name="uji")
    bearer = Client(enforce_csrf_checks=True).post(
        url, {}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert bearer.status_code == 404, bearer.content

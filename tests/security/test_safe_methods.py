"""No GET (or HEAD) changes data, and every answer carries the browser-side defences
(tests/security/test_headers.py ``problems``): every named URL, every role, in one walk.

Each request is bracketed by the rows this transaction has written so far per table
(pg_stat_xact_user_tables: inserts, updates and deletes, exact inside the test's transaction), and
each role's whole walk by ``SELECT count(*)`` of every model's table. The only writes allowed are
in ALLOWED, each with why it is not a change of anyone's data.
"""

import fnmatch

import pytest

from tests.conftest import client_for

from .test_headers import problems
from .urls import ROLES, counts_changed, row_counts, sample_url, url_names, writes, written

pytestmark = pytest.mark.django_db

# (URL name pattern, table) -> why that write on a safe request is expected
ALLOWED = {
    # Django saves the session row when a view touches the session (allauth, language, messages)
    ("*", "django_session"): "session bookkeeping",
    # allauth.usersessions keeps each signed-in session's last-seen time and IP (usersessions_list)
    ("*", "usersessions_usersession"): "last-seen stamp of one's own session",
    # the database cache (settings CACHES): allauth's rate-limit counters and the captcha's keys
    ("*", "sikap_cache"): "cache entries, not data",
    # a lookup of a tracking code counts against the enumeration limit (apps/core/ratelimit.py)
    ("api:public-complaint-detail", "core_ratehit"): "rate-limit hit of a wrong tracking code",
    # allauth's e-mail page (EmailView.dispatch, sync_user_email_address) backfills one's own
    # EmailAddress row from User.email: a mirror of a value the account already has
    ("account_email", "account_emailaddress"): "allauth mirrors the account's own e-mail address",
    # each app's settings singleton (SomeSettings.load(): get_or_create(pk=1)) is made with its
    # defaults the first time any page reads it; its pghistory event records that creation
    ("*", "public_feedback_feedbacksettings"): "settings singleton made with defaults on first read",
    ("*", "trainings_trainingsettings"): "settings singleton made with defaults on first read",
    ("*", "daily_reports_reportsettings"): "settings singleton made with defaults on first read",
    ("*", "indicators_performancesettings"): "settings singleton made with defaults on first read",
    ("*", "indicators_performancesettingsevent"): "the history row of that creation",
    # the security audit log (apps/core/audit.py) records each download and personal-data view
    ("*", "core_auditevent"): "an audit row of the reading itself",
    # pghistory's context row (who, which URL) of a tracked write; on its own it is never written
    ("*", "pghistory_context"): "context of an allowed tracked write",
}
ALLOWED_TABLES = {table for _name, table in ALLOWED}


def allowed(name, table):
    return any(table == t and fnmatch.fnmatchcase(name, pattern) for pattern, t in ALLOWED)


def walk(client, method, names):
    """Request each URL once; returns the failures and the names answered 2xx."""
    failures, answered = [], []
    before = writes()
    for name in names:
        url = sample_url(name)
        response = getattr(client, method)(url)
        after = writes()
        changed = {t: what for t, what in written(before, after).items() if not allowed(name, t)}
        if changed:
            failures.append(f"{method.upper()} {name} {url} ({response.status_code}) wrote {changed}")
        if method == "get" and (found := problems(response)):
            failures.append(f"GET {name} {url} ({response.status_code}) undefended: {found}")
        if 200 <= response.status_code < 300:
            answered.append(name)
        before = after
    return failures, answered


@pytest.mark.parametrize("role", ROLES)
def test_get_and_head_change_nothing_and_are_defended(role, personas):
    client = client_for(personas[role])
    counts = row_counts()
    failures, answered = walk(client, "get", url_names())
    # HEAD where GET got past the access checks (a refused or missing object is refused the same way
    # for HEAD); this is where a view that treats "not GET" as "POST" would write
    failures += walk(client, "head", answered)[0]
    counted = {t: what for t, what in counts_changed(counts, row_counts()).items() if t not in ALLOWED_TABLES}
    assert failures == [], "\n".join(failures)
    assert counted == {}, f"row counts changed after the {role} walk: {counted}"

"""Every named URL x every role, from one table (STYLE.md "Access in one place").

A new URL name that matches no row fails ``test_every_url_name_has_a_rule``, so no view ships
without a decision about who may open it. Rows give the allowed GET statuses per role; URL
arguments are filled with values that exist for no one (999999), so a view must answer
"not found" or "not allowed", never 500 and never someone's data.
"""

import fnmatch
import itertools

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import client_for

ROLES = ["anonymous", "asn", "supervisor", "admin", "leader"]
LOGIN = {302}


def every(status):
    return dict.fromkeys(ROLES, status if isinstance(status, set) else {status})


def logged_in(status, anonymous=LOGIN):
    rule = every(status)
    rule["anonymous"] = anonymous
    return rule


# name (or fnmatch pattern) -> {role: allowed statuses for GET}
MATRIX = {
    # ours
    "dashboards:home": logged_in(200),
    # the city dashboard and its drill-down to a person (999999 exists for no one)
    "dashboards:city": logged_in(403) | {"admin": {200}, "leader": {200}},
    "dashboards:person": logged_in(404) | {"asn": {403}},
    "core:healthz": every(200),
    "core:bench-baseline": every(200),
    "core:holiday-list": {**logged_in(403), "admin": {200}},
    "core:holiday-create": {**logged_in(403), "admin": {200}},
    "core:holiday-update": {**logged_in(403), "admin": {404}},  # 999999 exists for no one
    "core:holiday-delete": {**logged_in(403), "admin": {405}},  # POST-only
    "core:failed-task-list": {**logged_in(403), "admin": {200}},  # background tasks that gave up
    "accounts:profile-detail": logged_in(200),
    "accounts:api-token-create": logged_in(405),
    "accounts:api-token-revoke": logged_in(405),
    "set_language": every(302),
    "javascript-catalog": every(200),
    # employees: lists and exports for those who see a team; changes for BKPSDM admins
    "employees:employee-list": logged_in({200}) | {"asn": {403}},
    "employees:employee-export": logged_in({200}) | {"asn": {403}},
    "employees:employee-detail": logged_in(404),
    "employees:employee-create": logged_in(403) | {"admin": {200}},
    "employees:employee-update": logged_in(403) | {"admin": {404}},
    "employees:employee-deactivate": logged_in({403, 405}) | {"admin": {405}},
    "employees:employee-invite": logged_in({403, 405}) | {"admin": {405}},
    "employees:orgunit-chart": logged_in(200),
    "employees:orgunit-create": logged_in(403) | {"admin": {200}},
    "employees:orgunit-update": logged_in(403) | {"admin": {404}},
    "employees:acting-list": logged_in(403) | {"admin": {200}},
    "employees:acting-delete": logged_in({403, 405}) | {"admin": {405}},
    "api:employee-list": logged_in(200, anonymous={401}),
    "api:employee-detail": logged_in(404, anonymous={401}),
    "api:orgunit-list": logged_in(200, anonymous={401}),
    "api:skp-list": logged_in(200, anonymous={401}),
    "api:skp-detail": logged_in(404, anonymous={401}),  # 999999 exists for no one
    "api:daily-report-list": logged_in(200, anonymous={401}),  # one's own reports (none for admin, leader)
    "api:daily-report-detail": logged_in(404, anonymous={401}),
    "api:daily-report-submit": logged_in(405, anonymous={401}),  # POST-only
    "api:daily-report-approve": logged_in(405, anonymous={401}),
    "api:daily-report-return": logged_in(405, anonymous={401}),
    "api:daily-report-evidence-upload": logged_in(405, anonymous={401}),
    "api:evaluation-list": logged_in(200, anonymous={401}),
    "api:evaluation-detail": logged_in(404, anonymous={401}),  # 999999 exists for no one
    "api:me": logged_in(200, anonymous={401}),
    "api:training-program-list": logged_in(200, anonymous={401}),
    "api:training-session-list": logged_in(200, anonymous={401}),
    "api:training-session-enroll": logged_in(405, anonymous={401}),  # POST-only
    "api:training-session-cancel": logged_in(405, anonymous={401}),
    "api:jp-ledger": logged_in(200, anonymous={401}) | {"admin": {400}, "leader": {400}},  # no own record: ?nip=
    "captcha-*": every({404, 410}),  # the self-hosted captcha: keys that exist for no one (gone)
    "api-schema": logged_in(200, anonymous={401}),
    "api-docs": logged_in(200, anonymous={401}),
    # SKP: own plans for ASN; objects that exist for no one answer 404; actions are POST-only
    "indicators:skp-list": logged_in(200) | {"admin": {403}, "leader": {403}},
    "indicators:skp-create": logged_in(200) | {"admin": {403}, "leader": {403}},
    "indicators:skp-detail": logged_in(404),
    "indicators:skp-revision": logged_in(404),
    "indicators:skp-submit": logged_in(405),
    "indicators:skp-revise": logged_in(405),
    "indicators:skp-approve": logged_in(405),
    "indicators:skp-return": logged_in(405),
    "indicators:skp-expectations": logged_in(404),
    "indicators:rhk-create": logged_in(404),
    "indicators:rhk-update": logged_in(404),
    "indicators:rhk-delete": logged_in(405),
    "indicators:iki-create": logged_in(404),
    "indicators:iki-update": logged_in(404),
    "indicators:iki-delete": logged_in(405),
    "indicators:iki-targets": logged_in(404),
    "indicators:realisation-create": logged_in(404),
    "indicators:realisation-evidence": logged_in(404),
    "indicators:team-list": logged_in(403) | {"supervisor": {200}},
    "indicators:goal-list": logged_in(200),
    "indicators:goal-create": logged_in(403) | {"admin": {200}, "supervisor": {200}},  # a unit head keeps its goals
    "indicators:goal-update": logged_in(404),
    "indicators:goal-indicator-add": logged_in(405),
    "indicators:goal-delete": logged_in(405),
    "indicators:cascade": logged_in(200) | {"asn": {403}},
    "indicators:overview": logged_in(403) | {"admin": {200}, "leader": {200}},
    "indicators:library-list": logged_in(200),
    "indicators:settings": logged_in(403) | {"admin": {200}},
    # daily reports: the day page for ASN (2000-01-03 is long past the filing window: a 200 that says so)
    "daily_reports:report-today": logged_in(302) | {"admin": {403}, "leader": {403}},
    "daily_reports:report-day": logged_in(200) | {"admin": {403}, "leader": {403}},
    "daily_reports:activity-create": logged_in(405),
    "daily_reports:activity-autosave": logged_in(405),
    "daily_reports:copy-previous": logged_in(405),
    "daily_reports:routine-add": logged_in(405),
    "daily_reports:report-submit": logged_in(405),
    "daily_reports:activity-update": logged_in(404),
    "daily_reports:activity-delete": logged_in(405),
    "daily_reports:evidence-upload": logged_in(405),
    "daily_reports:routine-save": logged_in(405),
    "daily_reports:evidence-download": logged_in(404),
    "daily_reports:evidence-delete": logged_in(405),
    "daily_reports:routine-delete": logged_in(405),
    "daily_reports:review-queue": logged_in(403) | {"supervisor": {200}},
    "daily_reports:review-approve-many": logged_in(405),
    "daily_reports:report-review": logged_in(404),
    "daily_reports:report-approve": logged_in(405),
    "daily_reports:report-return": logged_in(405),
    "daily_reports:report-reopen": logged_in(405),
    "daily_reports:settings": logged_in(403) | {"admin": {200}},
    "daily_reports:calendar-month": logged_in(200) | {"admin": {403}, "leader": {403}},
    "daily_reports:calendar-team": logged_in(403) | {"supervisor": {200}},
    "core:notification-list": logged_in(200),
    "core:notification-read": logged_in(405),
    # evaluations: own for ASN, the team for the pejabat penilai, periods for BKPSDM, curve for leaders
    "evaluations:evaluation-list": logged_in(200) | {"admin": {403}, "leader": {403}},
    "evaluations:team": logged_in(403) | {"supervisor": {200}},
    "evaluations:evaluation-start": logged_in(405),
    "evaluations:evaluation-detail": logged_in(404),
    "evaluations:evaluation-edit": logged_in(404),
    "evaluations:evaluation-acknowledge": logged_in(405),
    "evaluations:objection-create": logged_in(405),
    "evaluations:objection-inbox": logged_in(403) | {"supervisor": {200}, "admin": {200}},
    "evaluations:objection-decide": logged_in(404),
    "evaluations:period-list": logged_in(403) | {"admin": {200}},
    "evaluations:period-close": logged_in(405),
    "evaluations:unit-curve": logged_in(200) | {"asn": {403}},
    "evaluations:unit-rate": logged_in(405),
    # trainings: the catalogue for all; JP for ASN and teams; scheduling and attendance for BKPSDM
    "trainings:catalogue": logged_in(200),
    "trainings:session-detail": logged_in(404),
    "trainings:session-enroll": logged_in(405),
    "trainings:session-checkin": logged_in(405),
    "trainings:attendance-save": logged_in(405),
    "trainings:session-code": logged_in(405),
    "trainings:session-complete": logged_in(405),
    "trainings:enrollment-cancel": logged_in(405),
    "trainings:session-create": logged_in(403) | {"admin": {404}},
    "trainings:my-jp": logged_in(200) | {"admin": {403}, "leader": {403}},
    "trainings:team-jp": logged_in(403) | {"supervisor": {200}},
    # recommendations (own, the team's with nomination), impact and the training needs analysis
    "trainings:recommendation-list": logged_in(200) | {"admin": {403}, "leader": {403}},
    "trainings:recommendation-team": logged_in(403) | {"supervisor": {200}},
    "trainings:recommendation-nominate": logged_in(405),
    "trainings:impact-list": logged_in(403) | {"admin": {200}, "leader": {200}},
    "trainings:impact-detail": logged_in(403) | {"admin": {404}, "leader": {404}},
    "trainings:needs-survey": logged_in(200) | {"admin": {403}, "leader": {403}},
    "trainings:needs-propose": logged_in(405),
    "trainings:needs-withdraw": logged_in(405),
    "trainings:needs-analysis": logged_in(403) | {"admin": {200}, "leader": {200}},
    "trainings:needs-survey-open": logged_in(405),
    "trainings:needs-program-create": logged_in(405),
    # feedback, external learning (verified by BKPSDM) and mentoring
    "trainings:program-detail": logged_in(404),
    "trainings:feedback-form": logged_in(404),
    "trainings:external-list": logged_in(200) | {"admin": {403}, "leader": {403}},
    "trainings:external-create": logged_in(200) | {"admin": {403}, "leader": {403}},
    "trainings:external-queue": logged_in(403) | {"admin": {200}},
    "trainings:external-detail": logged_in(404),
    "trainings:external-certificate": logged_in(404),
    "trainings:external-verify": logged_in(405),
    "trainings:external-reject": logged_in(405),
    "trainings:mentoring-list": logged_in(200) | {"admin": {403}, "leader": {403}},
    "trainings:mentoring-create": logged_in(403) | {"admin": {200}, "supervisor": {200}},
    "trainings:mentoring-pairings": logged_in(403) | {"admin": {200}},
    "trainings:mentoring-approvals": logged_in(403) | {"admin": {200}, "supervisor": {200}},
    "trainings:mentoring-detail": logged_in(404),
    "trainings:mentoring-session-log": logged_in(405),
    "trainings:mentoring-session-approve": logged_in(405),
    # the training calendar for all; its feed opens with a signed token only (none here: 404 for everyone)
    "trainings:calendar": logged_in(200),
    "trainings:calendar-feed": every(404),
    # JP coverage of the city: admins and leaders
    "trainings:coverage": logged_in(403) | {"admin": {200}, "leader": {200}},
    "trainings:coverage-export": logged_in(403) | {"admin": {200}, "leader": {200}},
    "trainings:coverage-pppk": logged_in(403) | {"admin": {200}, "leader": {200}},
    # a certificate PDF: its participant, their supervisors, BKPSDM admins (999999 exists for no one)
    "trainings:certificate-download": logged_in(404),
    # PDF reports: the public verification page (no code matches 999999), scoped documents, BKPSDM's batches
    "reports:verify": every(404),
    "reports:evaluation-pdf": logged_in(404),
    "reports:request-create": logged_in(405),
    "reports:request-status": logged_in(404),
    "reports:report-download": logged_in(404),
    "reports:batch-list": logged_in(403) | {"admin": {200}},
    "reports:batch-start": logged_in(405),
    "reports:batch-detail": logged_in(403) | {"admin": {404}},
    "reports:downloads": logged_in(403) | {"admin": {200}, "leader": {200}},
    "reports:downloads-export": logged_in(403) | {"admin": {200}, "leader": {200}},
    "api:report-list": logged_in(200, anonymous={401}),
    "api:report-download": logged_in(404, anonymous={401}),
    # employee import (BKPSDM admins only)
    "employees:import-upload": logged_in(403) | {"admin": {200}},
    "employees:import-template": logged_in(403) | {"admin": {200}},
    "employees:import-preview": logged_in(403) | {"admin": {404}},
    "employees:import-confirm": logged_in(403) | {"admin": {405}},
    "employees:import-errors": logged_in(403) | {"admin": {404}},
    # SKM survey (public: the unit list 200; unit 999999 is not surveyed: 404; the API is POST-only) and the
    # IKM pages: admins and leaders every unit, a unit's head (the supervisor persona heads unit_a) their own
    "survei:survey-start": every(200),
    "survei:survey-form": every(404),
    "survei:survey-thanks": every(404),
    "api:public-survey-create": every(405),
    "ikm:ikm-list": logged_in(403) | {"admin": {200}, "leader": {200}, "supervisor": {200}},
    "ikm:unit-detail": logged_in(403) | {"admin": {404}, "leader": {404}, "supervisor": {404}},
    "ikm:unit-pdf": logged_in(403) | {"admin": {404}, "leader": {404}, "supervisor": {404}},
    # complaints back office: BKPSDM, leaders (read-only) and unit handlers (the supervisor persona heads
    # unit_a); 999999 exists for no one; actions are POST-only; the blocklist is BKPSDM's
    "kelola_pengaduan:complaint-list": logged_in(200) | {"asn": {403}},
    "kelola_pengaduan:complaint-export": logged_in(200) | {"asn": {403}},
    "kelola_pengaduan:complaint-detail": logged_in(404),
    "kelola_pengaduan:complaint-reporter": logged_in(404),
    "kelola_pengaduan:complaint-attachment": logged_in(404),
    "kelola_pengaduan:complaint-route": logged_in(405),
    "kelola_pengaduan:complaint-ask-info": logged_in(405),
    "kelola_pengaduan:complaint-out-of-scope": logged_in(405),
    "kelola_pengaduan:complaint-spam": logged_in(405),
    "kelola_pengaduan:complaint-reply": logged_in(405),
    "kelola_pengaduan:complaint-note": logged_in(405),
    "kelola_pengaduan:complaint-resolve": logged_in(405),
    "kelola_pengaduan:complaint-close": logged_in(405),
    "kelola_pengaduan:complaint-link": logged_in(405),
    "kelola_pengaduan:handler-list": logged_in(403) | {"admin": {200}, "supervisor": {200}},
    "kelola_pengaduan:handler-add": logged_in(405),
    "kelola_pengaduan:handler-remove": logged_in(405),
    "kelola_pengaduan:blocklist": logged_in(403) | {"admin": {200}},
    "kelola_pengaduan:block-delete": logged_in(405),
    # the citizens' site (public): pages 200; the code page and the tracking pages without a code proven in
    # this session send to the form (302); a file of an untracked complaint is 404; actions are POST-only
    "pengaduan:landing": every(200),
    "pengaduan:complaint-create": every(200),
    "pengaduan:complaint-sent": every(302),
    "pengaduan:complaint-track": every(200),
    "pengaduan:complaint-track-end": every(405),
    "pengaduan:complaint-detail": every(302),
    "pengaduan:complaint-add-info": every(405),
    "pengaduan:complaint-reopen": every(405),
    "pengaduan:complaint-confirm": every(405),
    "pengaduan:complaint-rate": every(405),
    "pengaduan:attachment-download": every(404),
    "api:public-complaint-create": every(405),  # POST-only
    "api:public-complaint-detail": every(404),  # no complaint has the code 999999
    # public forums, the statistics page and the Open311 open data (public; forum and request 999999:
    # none); forum management for BKPSDM admins, its actions POST-only
    "forum:forum-list": every(200),
    "forum:forum-detail": every(404),
    "forum:statistics": every(200),
    "open311:discovery": every(200),
    "open311:service-list": every(200),
    "open311:request-list": every(200),
    "open311:request-detail": every(404),
    "kelola_forum:forum-list": logged_in(403) | {"admin": {200}},
    "kelola_forum:forum-create": logged_in(403) | {"admin": {200}},
    "kelola_forum:forum-detail": logged_in(403) | {"admin": {404}},
    "kelola_forum:forum-update": logged_in(403) | {"admin": {404}},
    "kelola_forum:forum-cancel": logged_in(405),
    "kelola_forum:forum-held": logged_in(405),
    "kelola_forum:minutes-save": logged_in(405),
    "kelola_forum:follow-up-create": logged_in(405),
    "kelola_forum:input-moderate": logged_in(405),
    "kelola_forum:follow-up-done": logged_in(405),
    "kelola_forum:follow-up-delete": logged_in(405),
    # announcements (sosialisasi): everyone reads those addressed to them; BKPSDM admins manage
    "announcements:announcement-list": logged_in(200),
    "announcements:announcement-detail": logged_in(404),  # 999999 exists for no one
    "announcements:announcement-read": logged_in(405),  # POST-only
    "announcements:manage-list": logged_in(403) | {"admin": {200}},
    "announcements:announcement-create": logged_in(403) | {"admin": {200}},
    "announcements:announcement-update": logged_in(403) | {"admin": {404}},
    "announcements:announcement-withdraw": logged_in(403) | {"admin": {405}},
    # allauth: public entrance pages
    "account_login": logged_in(302, anonymous={200}),
    "account_reset_password": every(200),
    "account_reset_password_done": every(200),
    "account_reset_password_from_key": every(200),
    "account_reset_password_from_key_done": every(200),
    "mfa_authenticate": every(302),
    # allauth: sign-up is closed (BKPSDM creates accounts)
    "account_signup": every(302),
    # allauth pages for a signed-in person about their own account
    "account_*": logged_in({200, 302, 404}),
    "mfa_*": logged_in({200, 302, 404}),
    "usersessions_list": logged_in(200),
    # Django admin: only BKPSDM admins get in (others: sent to log in, or 403 once signed in)
    "admin:*": {
        "anonymous": LOGIN,
        "asn": {302, 403},
        "supervisor": {302, 403},
        "leader": {302, 403},
        # 403: autocomplete without its parameters; 405: logout is POST-only
        "admin": {200, 302, 403, 404, 405},
    },
}


def _walk(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def url_names():
    return sorted({name for name, _ in _walk(get_resolver())})


def rule_for(name):
    if name in MATRIX:
        return MATRIX[name]
    for pattern, rule in MATRIX.items():
        if "*" in pattern and fnmatch.fnmatchcase(name, pattern):
            return rule
    return None


FILLERS = ("999999", "x", "accounts", "00000000-0000-0000-0000-000000000000", "2000-01-03")


def sample_url(name):
    """Reverse a URL name, filling every argument with a value that matches nothing."""
    resolver = get_resolver()
    *namespaces, short = name.split(":")
    for namespace in namespaces:
        resolver = resolver.namespace_dict[namespace][1]
    for possibility, _pattern, _defaults, _converters in resolver.reverse_dict.getlist(short):
        for _result, params in possibility:
            for combo in itertools.product(FILLERS, repeat=len(params)):
                try:
                    return reverse(name, kwargs=dict(zip(params, combo, strict=True)))
                except NoReverseMatch:
                    continue
    raise AssertionError(f"cannot build a URL for {name}")


def test_every_url_name_has_a_rule():
    missing = [name for name in url_names() if rule_for(name) is None]
    assert missing == [], f"URL names without a row in the permission matrix: {missing}"


@pytest.mark.parametrize("role", ROLES)
def test_matrix(role, personas):
    client = client_for(personas[role])
    failures = []
    for name in url_names():
        url = sample_url(name)
        response = client.get(url)
        allowed = rule_for(name)[role]
        if response.status_code not in allowed:
            failures.append(f"{name} {url}: {response.status_code} not in {sorted(allowed)}")
    assert failures == [], "\n".join(failures)

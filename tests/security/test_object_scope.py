"""Every URL that names an object x every persona x own and foreign objects, from one table.

TABLE says, per URL name, which object of the world (tests/security/scope_world.py) it is asked
about and, by what the persona is to the object's owner (``ScopeWorld.relation``), who gets in:
``ok`` may do it, ``forbid`` sees the object but may not do this (403), ``refused`` sees it and the
service turns the action down with a message (302, nothing written), everyone else 404, exactly as
for an object that does not exist. ``gate`` is a role check made before the object is looked up:
the personas outside it get 403 whatever the object. Anonymous visitors are sent to log in (401 from
the API). A request that is not ``ok`` must write nothing (pg_stat_xact_user_tables).

Every URL name that takes an argument needs a row here or in UNSCOPED (with the reason it has no
owner), so a new view of someone's object fails ``test_every_object_url_has_a_row`` until its
scope is decided. Also here: GET on each action answers 405 on a real object, and the actions that
name their objects in the body (bulk approval, marking notices read, forms with a NIP) refuse
someone else's.
"""

import fnmatch
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.urls import reverse

from tests.security.test_safe_methods import ALLOWED_TABLES

from .scope_objects import TODAY
from .scope_world import EMPLOYEES, PERSONAS, SUPERVISORS, scope_world_built
from .urls import url_names, url_params, writes, written

pytestmark = pytest.mark.django_db

SEES = frozenset({"owner", "evaluator", "plt", "above", "admin", "leader"})  # the owner, up the line, city-wide
LINE = frozenset({"evaluator", "plt", "above"})  # supervisors up the line (a Plt of the unit included)
EVAL = frozenset({"evaluator", "plt"})  # the pejabat penilai today
OWNER = frozenset({"owner"})
NOT_OWNER = SEES - OWNER
ADMIN = frozenset({"admin"})
TEAM_VIEW = SUPERVISORS | {"admin", "leader"}
# a complaint of a unit: its head or Plt (and designated handlers), BKPSDM
HANDLERS = frozenset({"head", "acting", "admin"})


def pk(obj):
    return {"pk": obj.pk}


@dataclass(frozen=True)
class Row:
    kind: str
    methods: tuple = ("get",)
    ok: frozenset = SEES
    forbid: frozenset = frozenset()
    refused: frozenset = frozenset()
    gate: frozenset | None = None
    kwargs: object = pk
    api: bool = False
    query: object = None  # obj -> query string (the object named by a parameter, not the path)
    heavy: bool = False  # a PDF rendered on each request: only an admin's granted request is made


def own(kind, methods=("post",), **rest):
    """Only the owner acts; who else sees the object is refused (403)."""
    return Row(kind, methods, ok=OWNER, forbid=NOT_OWNER, **rest)


def decides(kind, methods=("post",), **rest):
    """The pejabat penilai acts; the owner and the others who see it: 403."""
    return Row(kind, methods, ok=EVAL, forbid=SEES - EVAL, **rest)


def admin_only(kind, methods=("post",), **rest):
    return Row(kind, methods, ok=ADMIN, gate=ADMIN, **rest)


def nip(employee):
    return {"nip": employee.nip}


GET_POST = ("get", "post")
COMPLAINT_READERS = frozenset({"head", "acting", "admin", "leader"})
TRIAGE = Row("complaint", ("post",), ok=ADMIN, forbid={"head", "acting", "leader"})
HANDLE = Row("complaint", ("post",), ok=HANDLERS, forbid={"leader"})
IKM = Row(
    "unit",
    ok={"head", "acting", "parent_head", "admin", "leader"},
    gate=SUPERVISORS | {"admin", "leader"},
    kwargs=lambda unit: {"unit_pk": unit.pk},
)
GOAL = Row("goal", ("post",), ok={"head", "acting", "admin"}, forbid={"parent_head", "member", "stranger", "leader"})

TABLE = {
    # employees: their record for whoever reads it; changes are BKPSDM's
    "employees:employee-detail": Row("employee", kwargs=nip),
    "api:employee-detail": Row("employee", kwargs=nip, api=True),
    "employees:employee-update": admin_only("employee", GET_POST, kwargs=nip),
    "employees:employee-deactivate": admin_only("employee", kwargs=nip),
    "employees:employee-invite": admin_only("employee", kwargs=nip),
    "dashboards:person": Row("employee", gate=TEAM_VIEW),
    "api:jp-ledger": Row("employee", api=True, kwargs=lambda e: {}, query=lambda e: f"nip={e.nip}"),
    "evaluations:evaluation-start": Row(
        "employee",
        ("post",),
        ok=EVAL,
        forbid={"owner", "above"},
        gate=SUPERVISORS,
        kwargs=None,  # _url: the employee's NIP and the open period without evaluations
    ),
    # daily reports: the owner files, the pejabat penilai decides, the line reads
    "daily_reports:activity-update": own("activity_draft", GET_POST),
    "daily_reports:activity-delete": own("activity_draft"),
    "daily_reports:evidence-upload": own("activity_draft"),
    "daily_reports:routine-save": Row("activity_draft", ("post",), ok=OWNER, refused=NOT_OWNER),
    "daily_reports:evidence-download": Row("evidence"),
    "daily_reports:evidence-delete": own("evidence"),
    # a routine is a template only its owner files from: nobody else's (apps/daily_reports/selectors.py)
    "daily_reports:routine-delete": Row("routine", ("post",), ok=OWNER),
    "daily_reports:routine-add": Row(
        "routine", ("post",), ok=OWNER, gate=EMPLOYEES, kwargs=lambda r: {"day": TODAY, "pk": r.pk}
    ),
    "daily_reports:report-review": Row("report_submitted"),
    "daily_reports:report-approve": decides("report_submitted"),
    "daily_reports:report-return": decides("report_submitted"),
    "daily_reports:report-reopen": decides("report_approved"),
    "api:daily-report-detail": Row("report_draft", api=True),
    "api:daily-report-submit": own("report_draft", api=True),
    "api:daily-report-approve": decides("report_submitted", api=True),
    "api:daily-report-return": decides("report_submitted", api=True),
    "api:daily-report-evidence-upload": own("activity_draft", api=True, kwargs=lambda a: {"activity_id": a.pk}),
    # SKP: the owner plans and records, the pejabat penilai approves and sets expectations
    "indicators:skp-detail": Row("skp_approved"),
    "api:skp-detail": Row("skp_approved", api=True),
    "indicators:skp-revision": Row("skp_approved", kwargs=lambda s: {"pk": s.pk, "number": 1}),
    "indicators:skp-submit": own("skp_draft"),
    "indicators:skp-revise": own("skp_approved"),
    "indicators:skp-approve": decides("skp_submitted"),
    "indicators:skp-return": decides("skp_submitted"),
    "indicators:skp-expectations": decides("skp_submitted", GET_POST),
    "indicators:rhk-create": own("skp_draft", GET_POST),
    "indicators:rhk-update": own("rhk_draft", GET_POST),
    "indicators:rhk-delete": own("rhk_draft"),
    "indicators:iki-create": own("rhk_draft", GET_POST),
    "indicators:iki-update": own("iki_draft", GET_POST),
    "indicators:iki-delete": own("iki_draft"),
    "indicators:iki-targets": own("iki_draft", GET_POST),
    "indicators:realisation-create": own("iki_approved", GET_POST),
    "indicators:realisation-evidence": Row("realisation"),
    # a unit's goals: organisation data every signed-in user reads; its head (or Plt) and BKPSDM keep them
    "indicators:goal-update": Row("goal", GET_POST, ok=GOAL.ok, forbid=GOAL.forbid),
    "indicators:goal-indicator-add": GOAL,
    "indicators:goal-delete": GOAL,
    # evaluations: the employee does not see their own draft; objections go to the evaluator's supervisor
    "evaluations:evaluation-detail": Row("evaluation_final"),
    "api:evaluation-detail": Row("evaluation_final", api=True),
    "evaluations:evaluation-edit": Row("evaluation_draft", GET_POST, ok=EVAL, forbid={"above", "admin", "leader"}),
    "evaluations:evaluation-acknowledge": own("evaluation_final"),
    "evaluations:objection-create": own("evaluation_final"),
    "evaluations:objection-decide": Row("objection", GET_POST, ok={"above"}),
    "reports:evaluation-pdf": Row("evaluation_final"),
    "reports:request-create": Row("evaluation_final", ("post",)),
    "reports:request-status": Row("report_request", ok=OWNER),
    "reports:report-download": Row("generated_report"),
    "api:report-download": Row("generated_report", api=True),
    # trainings: enrolments, feedback, external learning, mentoring, certificates, needs
    "trainings:enrollment-cancel": Row(
        "enrollment_registered", ("post",), ok=OWNER | EVAL | ADMIN, forbid={"above", "leader"}
    ),
    "trainings:feedback-form": own("enrollment_completed", GET_POST),
    "trainings:external-detail": Row("external"),
    "trainings:external-certificate": Row("external"),
    "trainings:external-verify": admin_only("external"),
    "trainings:external-reject": admin_only("external"),
    "trainings:mentoring-detail": Row("mentoring", ok=SEES | {"mentor"}),
    "trainings:mentoring-session-log": Row("mentoring", ("post",), ok={"owner", "mentor"}, forbid=NOT_OWNER),
    "trainings:mentoring-session-approve": Row(
        "mentoring_session", ("post",), ok=EVAL | ADMIN, forbid={"owner", "mentor", "above", "leader"}
    ),
    "trainings:certificate-download": Row("certificate", ok=OWNER | LINE | ADMIN),  # not leaders: 404
    "trainings:needs-withdraw": Row("need", ("post",), ok=OWNER, forbid=LINE, gate=EMPLOYEES),
    # complaints of a unit: its head and BKPSDM act, leaders read; nobody else knows it exists
    "kelola_pengaduan:complaint-detail": Row("complaint", ok=COMPLAINT_READERS),
    "kelola_pengaduan:complaint-reporter": Row("complaint", ok=HANDLERS, forbid={"leader"}),
    "kelola_pengaduan:complaint-attachment": Row(
        "attachment", ok=COMPLAINT_READERS, kwargs=lambda a: {"pk": a.complaint_id, "attachment_pk": a.pk}
    ),
    "kelola_pengaduan:complaint-route": TRIAGE,
    "kelola_pengaduan:complaint-ask-info": TRIAGE,
    "kelola_pengaduan:complaint-out-of-scope": TRIAGE,
    "kelola_pengaduan:complaint-spam": TRIAGE,
    "kelola_pengaduan:complaint-reply": HANDLE,
    "kelola_pengaduan:complaint-note": HANDLE,
    "kelola_pengaduan:complaint-resolve": HANDLE,
    "kelola_pengaduan:complaint-close": HANDLE,
    "kelola_pengaduan:complaint-link": HANDLE,
    "kelola_pengaduan:handler-remove": Row(
        "handler", ("post",), ok={"head", "acting", "admin"}, gate=SUPERVISORS | ADMIN
    ),
    # IKM of a unit: its head (and the heads above), its Plt, admins and leaders
    "ikm:unit-detail": IKM,
    "ikm:unit-pdf": Row(IKM.kind, ok=IKM.ok, gate=IKM.gate, kwargs=IKM.kwargs, heavy=True),  # unit-detail's loader
    # announcements addressed to a unit's subtree (admins manage them; leaders are no unit's member)
    "announcements:announcement-detail": Row("announcement", ok={"member", "admin"}),
    "announcements:announcement-read": Row("announcement", ("post",), ok={"member", "admin"}),
    "announcements:announcement-update": admin_only("announcement", GET_POST),
    "announcements:announcement-withdraw": admin_only("announcement"),
    # the account's own API tokens
    "accounts:api-token-revoke": Row("api_token", ("post",), ok=OWNER),
}

# URL names with arguments that name no one's object (or only through another key), and why.
UNSCOPED = {
    "daily_reports:report-day": "the day of one's own report: nobody else's can be asked for",
    "daily_reports:activity-create": "the day of one's own report",
    "daily_reports:activity-autosave": "the day of one's own report",
    "daily_reports:copy-previous": "the day of one's own report",
    "daily_reports:report-submit": "the day of one's own report",
    "core:holiday-*": "BKPSDM's holiday table: admins only (the permission matrix)",
    "core:failed-task-*": "failed background tasks: admins only",
    "employees:orgunit-update": "organisation data: admins only (the permission matrix)",
    "employees:acting-delete": "Plt/Plh assignments: admins only (the permission matrix)",
    "employees:import-*": "an admin's import batch: admins only (the permission matrix)",
    "evaluations:period-close": "evaluation periods: admins only",
    "reports:batch-detail": "report batches: admins only",
    "reports:verify": "public document verification by code",
    "trainings:session-*": "the training catalogue every signed-in user reads; actions on one's own enrolment",
    "trainings:attendance-save": "a session's roster: admins only",
    "trainings:program-detail": "the training catalogue",
    "trainings:impact-detail": "a program's impact: admins and leaders",
    "api:training-session-*": "the training catalogue; enrol and cancel act on one's own enrolment",
    "kelola_pengaduan:block-delete": "the blocklist: admins only",
    "kelola_forum:*": "public forums: admins only",
    "forum:forum-detail": "public",
    "open311:request-detail": "public open data",
    "pengaduan:*": "the citizen's own complaint, by its tracking code (tests/public_feedback)",
    "api:public-complaint-detail": "the citizen's own complaint, by its tracking code",
    "survei:*": "public survey of a unit",
    "captcha-*": "the captcha",
    "admin:*": "the Django admin: admins only",
    "account_*": "allauth: one's own account",
    "mfa_*": "allauth: one's own account",
}


def _unscoped(name):
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in UNSCOPED)


def test_every_object_url_has_a_row():
    names = [name for name in url_names() if url_params(name)]
    missing = [name for name in names if name not in TABLE and not _unscoped(name)]
    assert missing == [], f"URL names with an object but no row in the scope table: {missing}"
    stale = sorted(set(TABLE) - set(url_names()))
    assert stale == [], f"rows for URL names that do not exist: {stale}"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with scope_world_built(django_db_blocker) as built:
        yield built


OK_STATUS = {
    (False, "get"): {200},
    (False, "post"): {200, 302, 400},  # done, or a form (posted empty here) shown again with its errors
    (True, "get"): {200},
    (True, "post"): {200, 201, 400, 409},  # done, refused by its validation, or not in that state
}


def expected(row, persona, relation, method) -> tuple[set, bool]:
    """The statuses allowed, and whether the persona may do it (else nothing may be written)."""
    if persona == "anonymous":
        return ({401, 403} if row.api else {302}), False
    if row.gate is not None and persona not in row.gate:
        return {403}, False
    if relation in row.ok:
        return OK_STATUS[(row.api, method)], True
    if relation in row.forbid:
        return {403}, False
    if relation in row.refused:
        return {302}, False
    return {404}, False


def _url(world, name, row, obj):
    if name == "evaluations:evaluation-start":
        kwargs = {"period_pk": world.periods["start"].pk, "nip": obj.nip}
    else:
        kwargs = row.kwargs(obj)
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{row.query(obj)}" if row.query else url


class Requests:
    """Requests of one test. What may be done is done in a savepoint rolled back after it; what
    may not is watched for writes instead (there should be none): the rows this transaction has
    written per table before and after, the after of one request being the before of the next."""

    def __init__(self, client):
        self.client, self.last = client, None

    def __call__(self, method, url, *, granted):
        """Returns (status, tables written)."""
        if granted:
            self.last = None  # a savepoint rolled back still counts in pg_stat_xact_user_tables
            if method == "get":
                return self.client.get(url).status_code, {}
            with transaction.atomic():
                response = self.client.post(url, {})
                transaction.set_rollback(True)
            return response.status_code, {}
        before = self.last if self.last is not None else writes()
        response = self.client.get(url) if method == "get" else self.client.post(url, {})
        self.last = writes()
        return response.status_code, {t: n for t, n in written(before, self.last).items() if t not in ALLOWED_TABLES}


# Unit B's own people mirror unit A's (the same relations to their own objects), so they are left to
# the list test: here A's people meet both units' objects, and admins, leaders and anonymous too.
OBJECT_PERSONAS = [persona for persona in PERSONAS if not persona.endswith("_b")]


@pytest.mark.parametrize("name", sorted(TABLE))
@pytest.mark.parametrize("persona", OBJECT_PERSONAS)
def test_object_scope(world, persona, name):
    row = TABLE[name]
    request = Requests(world.clients[persona])
    failures, done = [], set()
    for owner in world.owners(row.kind):
        obj = world.objects[(owner, row.kind)]
        relation = world.relation(persona, owner, row.kind)
        url = _url(world, name, row, obj)
        for method in row.methods:
            allowed, granted = expected(row, persona, relation, method)
            # what an admin or a leader may do to one owner's object they may do to the next one's
            if granted and ((relation, method) in done or (row.heavy and persona != "admin")):
                continue
            if granted and relation in ("admin", "leader"):
                done.add((relation, method))
            status, changed = request(method, url, granted=granted)
            case = f"{method.upper()} {url} ({relation} of {owner})"
            if status not in allowed:
                failures.append(f"{case}: {status} not in {sorted(allowed)}")
            elif changed and not granted:
                failures.append(f"{case}: refused ({status}) but wrote {changed}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("name", [name for name in sorted(TABLE) if TABLE[name].methods == ("post",)])
def test_post_only_views_refuse_get_on_a_real_object(world, name):
    """GET on an action answers 405, before any lookup, for someone who could do it (an admin's
    role passes every check made before the object is loaded)."""
    row = TABLE[name]
    owner = world.owners(row.kind)[0]
    url = _url(world, name, row, world.objects[(owner, row.kind)])
    status, changed = Requests(world.clients["admin"])("get", url, granted=False)
    assert (status, changed) == (405, {}), url


# Actions that name their objects in the body, with someone else's: refused, nothing written.
BODY = [
    # asn_b's report is outside sup_a's scope; sup_a's own may not be approved by sup_a
    (
        "sup_a",
        "daily_reports:review-approve-many",
        lambda w: {"report": [w.objects[(o, "report_submitted")].pk for o in ("asn_b", "sup_a")]},
        302,
    ),
    # chief_a reads asn_a's report up the line, but is not the pejabat penilai
    (
        "chief_a",
        "daily_reports:review-approve-many",
        lambda w: {"report": [w.objects[("asn_a", "report_submitted")].pk]},
        302,
    ),
    ("asn_a", "core:notification-read", lambda w: {"id": [w.objects[("asn_b", "notification")].pk]}, 302),
    (
        "sup_a",
        "trainings:mentoring-create",
        lambda w: {
            "mentee": w.people["asn_b"].nip,
            "mentor": w.people["asn_a"].nip,
            "starts_on": "2026-11-20",
            "ends_on": "2026-12-20",
            "goals": "Belajar.",
        },
        400,
    ),
    ("sup_a", "trainings:needs-propose", lambda w: {"employee": w.people["asn_b"].pk, "text": "Pelatihan."}, 400),
    (
        "sup_b",
        "kelola_pengaduan:handler-add",
        lambda w: {"unit": w.units["a1"].pk, "nip": w.people["asn_b"].nip},
        403,  # units are organisation data: a visible object, a forbidden action
    ),
]


@pytest.mark.parametrize(("persona", "name", "data", "status"), BODY, ids=[f"{p}-{n}" for p, n, _d, _s in BODY])
def test_bulk_and_form_actions_refuse_what_is_not_theirs(world, persona, name, data, status):
    before = writes()
    response = world.clients[persona].post(reverse(name), data(world))
    changed = {t: n for t, n in written(before, writes()).items() if t not in ALLOWED_TABLES}
    assert (response.status_code, changed) == (status, {})

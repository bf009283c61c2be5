"""Every list x every persona: exactly the rows in scope, not one more (tests/security/scope_world.py).

LISTS says, per list URL name (HTML pages with all their pages, the XLSX/CSV exports, the API with
its pagination), how to read the rows a response shows (the ids or NIPs in its links, in a stable
``data-nip`` of a row, in an export's column, in the API's JSON) and which rows the persona should
get, computed from the world's own structure (``ScopeWorld.relation``), never from
apps/core/access.py. Personas outside ``gate`` get 403 (anonymous: the login page, 401 from the API).

Every URL name without arguments needs a row here or in NOT_LISTS (with the reason it lists no
one's rows), so a new list fails ``test_every_list_url_is_decided`` until its scope is decided.
Also here: every listing has someone with rows to show (no test passes on empty pages), and a
filter that names another unit or person narrows a list, never widens it.
"""

import fnmatch
from dataclasses import dataclass

import pytest
from django.urls import reverse

from .list_readers import (
    api_rows,
    card_ids,
    cascade_names,
    column,
    combined,
    employee_export,
    html_links,
    html_nips,
    need_rows,
    notice_ids,
    pages,
)
from .scope_world import EMPLOYEES, PERSONAS, SUPERVISORS, scope_world_built
from .urls import url_names, url_params

pytestmark = pytest.mark.django_db

VISIBLE = frozenset({"owner", "evaluator", "plt", "above", "admin", "leader"})
TEAM = frozenset({"evaluator", "plt"})
OWN = frozenset({"owner"})
ADMIN = frozenset({"admin"})
CITY = frozenset({"admin", "leader"})
TEAM_VIEW = SUPERVISORS | CITY
LOGGED_IN = frozenset(PERSONAS) - {"anonymous"}
COMPLAINT_QUEUE = CITY | {"sup_a", "chief_a", "plt_a", "sup_b", "chief_b"}  # heads of units and a Plt


@dataclass(frozen=True)
class Listing:
    rows: object  # (world, client, url) -> set of row keys shown (list_readers.py)
    expect: object  # (world, persona) -> set of row keys in scope
    gate: frozenset = LOGGED_IN
    api: bool = False
    url: object = None  # world -> the URL asked (default: the name reversed)


# --- what should be there -------------------------------------------------------------------------


def people(world, persona, relations, kind="employee"):
    """Keys of the world's people who are ``relations`` to the persona."""
    return {key for key in world.people if world.relation(persona, key, kind) in relations}


def nips(world, keys):
    return {world.people[key].nip for key in keys}


def ids(world, kinds, owners, prefix=""):
    kinds = {kinds} if isinstance(kinds, str) else set(kinds)
    return {f"{prefix}{obj.pk}" for (owner, kind), obj in world.objects.items() if kind in kinds and owner in owners}


def of(kinds, relations, prefix="", kind="employee"):
    return lambda world, persona: ids(world, kinds, people(world, persona, relations, kind), prefix)


def team_nips(world, persona):
    return nips(world, people(world, persona, TEAM))


def visible_nips(world, persona):
    return nips(world, people(world, persona, VISIBLE))


REPORTS = ("report_draft", "report_submitted", "report_approved")
SKPS = ("skp_approved", "skp_draft", "skp_submitted")
EVALUATIONS = ("evaluation_final", "evaluation_objected", "evaluation_draft")


def api_evaluations(world, persona):
    """Supervisors read their team's drafts; nobody reads their own draft (still being written)."""
    return of(EVALUATIONS, VISIBLE)(world, persona) - ids(world, "evaluation_draft", {persona})


def objections(world, persona):
    me = world.people.get(persona)
    return {str(o.pk) for (_, k), o in world.objects.items() if k == "objection" and me and o.decider_id == me.pk}


def approvals(world, persona):
    """Meetings waiting for the persona (an admin: all) and the pairings of the people they evaluate."""
    mentees = set(world.people) if persona == "admin" else people(world, persona, TEAM)
    sessions = ids(world, "mentoring_session", mentees, "session:")
    return sessions | ids(world, "mentoring", mentees, "pairing:")


def _heads(world, persona):
    """Units the persona heads, or leads as Plt."""
    me = world.people.get(persona)
    return {u.pk for u in world.units.values() if me and u.head_id == me.pk} | {
        a.unit_id for a in world.acting if me and a.employee_id == me.pk
    }


def complaints(field="pk"):
    def expect(world, persona):
        found = [o for (_, k), o in world.objects.items() if k == "complaint"]
        if persona not in CITY:
            found = [c for c in found if c.handling_unit_id in _heads(world, persona)]  # head or Plt
        return {str(getattr(c, field)) for c in found}

    return expect


def handlers(world, persona):
    return {str(h.pk) for (_, k), h in world.objects.items() if k == "handler" and h.unit_id in _heads(world, persona)}


def ikm_units(world, persona):
    """Units serving the public (Bidang A1, B1) for admins and leaders; a head: those in their
    subtree, and the units they head even without a public service."""
    serving = {world.units["a1"].pk, world.units["b1"].pk}
    if persona in CITY:
        return {str(pk) for pk in serving}
    headed = _heads(world, persona)
    below = set().union(*(world.subtree(world.units_by_pk[pk]) for pk in headed)) if headed else set()
    return {str(pk) for pk in (below & serving) | headed}


def announcements(prefix=""):
    def expect(world, persona):
        return ids(
            world,
            "announcement",
            {x for x in ("a", "b") if world.relation(persona, x, "announcement") == "member"},
            prefix,
        )

    return expect


def cascade_expect(world, persona):
    """Names of those with an SKP of 2026 (the ASNs) whom the persona reads."""
    return {world.people[key].name for key in people(world, persona, VISIBLE) & {"asn_a", "asn_b"}}


def admin_all(kind):
    return lambda world, persona: ids(world, kind, set(world.people) | set(world.units))


LISTS = {
    "employees:employee-list": Listing(html_links("employees:employee-detail"), visible_nips, gate=TEAM_VIEW),
    "employees:employee-export": Listing(employee_export, visible_nips, gate=TEAM_VIEW),
    "api:employee-list": Listing(api_rows("nip"), visible_nips, api=True),
    "daily_reports:review-queue": Listing(
        html_links("daily_reports:report-review"), of("report_submitted", TEAM), gate=SUPERVISORS
    ),
    "daily_reports:calendar-team": Listing(
        combined(html_nips, html_links("daily_reports:report-review", prefix="report:")),
        lambda w, p: team_nips(w, p) | of(REPORTS, TEAM, "report:")(w, p),
        gate=SUPERVISORS,
    ),
    "api:daily-report-list": Listing(api_rows("id"), of(REPORTS, OWN), api=True),
    "indicators:skp-list": Listing(html_links("indicators:skp-detail"), of(SKPS, OWN), gate=EMPLOYEES),
    "indicators:team-list": Listing(html_nips, team_nips, gate=SUPERVISORS),
    "indicators:cascade": Listing(cascade_names, cascade_expect, gate=TEAM_VIEW),
    "api:skp-list": Listing(api_rows("id"), of(SKPS, VISIBLE), api=True),
    "evaluations:evaluation-list": Listing(
        html_links("evaluations:evaluation-detail"),
        of(("evaluation_final", "evaluation_objected"), OWN),
        gate=EMPLOYEES,
    ),
    "evaluations:team": Listing(html_nips, team_nips, gate=SUPERVISORS),
    "evaluations:objection-inbox": Listing(
        html_links("evaluations:objection-decide"), objections, gate=SUPERVISORS | ADMIN
    ),
    "api:evaluation-list": Listing(api_rows("id"), api_evaluations, api=True),
    "api:report-list": Listing(api_rows("id"), of("generated_report", VISIBLE), api=True),
    "reports:downloads": Listing(
        html_links("reports:report-download"),
        of("generated_report", VISIBLE),
        gate=CITY,
        url=lambda w: f"{reverse('reports:downloads')}?periode={w.periods['final'].pk}",
    ),
    "reports:downloads-export": Listing(
        column("NIP"),
        lambda w, p: visible_nips(w, p) & nips(w, {"asn_a", "asn_b"}),
        gate=CITY,
        url=lambda w: f"{reverse('reports:downloads-export')}?periode={w.periods['final'].pk}",
    ),
    "trainings:team-jp": Listing(html_nips, team_nips, gate=SUPERVISORS),
    "trainings:my-jp": Listing(
        combined(
            html_links("trainings:certificate-download", prefix="certificate:"),
            html_links("trainings:external-detail", prefix="external:"),
        ),
        lambda w, p: of("certificate", OWN, "certificate:")(w, p) | of("external", OWN, "external:")(w, p),
        gate=EMPLOYEES,
    ),
    "trainings:external-list": Listing(html_links("trainings:external-detail"), of("external", OWN), gate=EMPLOYEES),
    "trainings:external-queue": Listing(html_links("trainings:external-detail"), admin_all("external"), gate=ADMIN),
    "trainings:mentoring-list": Listing(
        html_links("trainings:mentoring-detail"), of("mentoring", {"owner", "mentor"}, kind="mentoring"), gate=EMPLOYEES
    ),
    "trainings:mentoring-approvals": Listing(
        combined(
            html_links("trainings:mentoring-session-approve", prefix="session:"),
            html_links("trainings:mentoring-detail", prefix="pairing:"),
        ),
        approvals,
        gate=SUPERVISORS | ADMIN,
    ),
    "trainings:mentoring-pairings": Listing(
        html_links("trainings:mentoring-detail"), admin_all("mentoring"), gate=ADMIN
    ),
    "trainings:recommendation-team": Listing(
        card_ids,
        lambda w, p: {str(w.people[key].pk) for key in people(w, p, TEAM)},
        gate=SUPERVISORS,
    ),
    "trainings:needs-survey": Listing(need_rows, of("need", OWN | TEAM), gate=EMPLOYEES),
    "kelola_pengaduan:complaint-list": Listing(
        html_links("kelola_pengaduan:complaint-detail"),
        complaints(),
        gate=COMPLAINT_QUEUE,
    ),
    "kelola_pengaduan:complaint-export": Listing(column("Nomor"), complaints("reference"), gate=COMPLAINT_QUEUE),
    "kelola_pengaduan:handler-list": Listing(
        html_links("kelola_pengaduan:handler-remove"), handlers, gate=SUPERVISORS | ADMIN
    ),
    "ikm:ikm-list": Listing(html_links("ikm:unit-detail"), ikm_units, gate=SUPERVISORS | CITY),
    "announcements:announcement-list": Listing(html_links("announcements:announcement-detail"), announcements()),
    "announcements:manage-list": Listing(
        html_links("announcements:announcement-detail"), admin_all("announcement"), gate=ADMIN
    ),
    "core:notification-list": Listing(
        combined(notice_ids, html_links("announcements:announcement-detail", prefix="announcement:")),
        lambda w, p: of("notification", OWN, "notice:")(w, p) | announcements("announcement:")(w, p),
    ),
    "accounts:profile-detail": Listing(html_links("accounts:api-token-revoke"), of("api_token", OWN)),
    "api:orgunit-list": Listing(api_rows("id"), lambda w, p: {str(u.pk) for u in w.units.values()}, api=True),
}

# URL names without arguments that list no one's rows (or only the same rows for everyone), and why.
NOT_LISTS = {
    "accounts:api-token-create": "an action (POST)",
    "announcements:announcement-create": "a form (admins)",
    "api-docs": "the API's description",
    "api-schema": "the API's description",
    "api:me": "one's own account",
    "api:jp-ledger": "one employee's ledger, named by ?nip= (test_object_scope.py)",
    "api:public-*": "the citizens' API (tests/public_feedback)",
    "api:training-*": "the training catalogue: the same for everyone",
    "trainings:catalogue": "the training catalogue",
    "trainings:calendar": "the training catalogue by month",
    "trainings:calendar-feed": "one's own calendar, by a signed token (tests/trainings)",
    "core:bench-baseline": "no data",
    "core:healthz": "no data",
    "core:holiday-*": "BKPSDM's holiday table (admins)",
    "core:failed-task-*": "failed background tasks (admins)",
    "core:notification-read": "an action on ids in the body (test_bulk_actions_ignore_what_is_not_theirs)",
    "daily_reports:calendar-month": "one's own month, by date: nobody else's can be asked for",
    "daily_reports:report-today": "a redirect to one's own day",
    "daily_reports:review-approve-many": "an action on ids in the body (test_bulk_actions_ignore_what_is_not_theirs)",
    "daily_reports:settings": "settings (admins)",
    "dashboards:home": "summaries of one's own and one's team's figures (tests/dashboards)",
    "dashboards:city": "city-wide figures for admins and leaders (the permission matrix: others 403)",
    "indicators:overview": "city-wide figures for admins and leaders",
    "trainings:coverage*": "city-wide JP coverage for admins and leaders",
    "trainings:needs-analysis": "city-wide training needs for admins and leaders",
    "trainings:impact-list": "city-wide training impact for admins and leaders",
    "evaluations:unit-curve": "a unit's distribution of predicates, counts only (tests/evaluations)",
    "evaluations:unit-rate": "an action (leaders, admins)",
    "evaluations:period-list": "evaluation periods (admins)",
    "employees:acting-list": "Plt/Plh assignments (admins)",
    "employees:employee-create": "a form (admins)",
    "employees:import-*": "the employee import (admins)",
    "employees:orgunit-*": "organisation data every signed-in user reads",
    "indicators:goal-*": "units' goals: organisation data every signed-in user reads",
    "indicators:library-list": "the indicator library, the same for everyone",
    "indicators:settings": "settings (admins)",
    "indicators:skp-create": "a form",
    "trainings:external-create": "a form",
    "trainings:mentoring-create": "a form (the people offered are the team's: tests/trainings)",
    "trainings:needs-propose": "an action (the people offered are the team's: tests/trainings)",
    "trainings:needs-program-create": "an action (admins)",
    "trainings:needs-survey-open": "an action (admins)",
    "trainings:recommendation-list": "one's own recommendations",
    "trainings:recommendation-nominate": "an action (tests/trainings)",
    "kelola_pengaduan:blocklist": "the blocklist (admins)",
    "kelola_pengaduan:handler-add": "an action (tests/public_feedback)",
    "kelola_forum:*": "public forums (admins)",
    "forum:*": "public",
    "open311:*": "public open data",
    "pengaduan:*": "the citizens' site",
    "survei:*": "the citizens' survey",
    "reports:batch-*": "report batches (admins)",
    "set_language": "no data",
    "javascript-catalog": "no data",
    "usersessions_list": "one's own sessions (allauth)",
    "captcha-*": "the captcha",
    "admin:*": "the Django admin (admins)",
    "account_*": "allauth: one's own account",
    "mfa_*": "allauth: one's own account",
}


def _decided(name):
    return name in LISTS or any(fnmatch.fnmatchcase(name, pattern) for pattern in NOT_LISTS)


def test_every_list_url_is_decided():
    names = [name for name in url_names() if not url_params(name)]
    missing = [name for name in names if not _decided(name)]
    assert missing == [], f"URL names without arguments and no row in LISTS or NOT_LISTS: {missing}"
    stale = sorted(set(LISTS) - set(url_names()))
    assert stale == [], f"rows for URL names that do not exist: {stale}"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with scope_world_built(django_db_blocker) as built:
        yield built


@pytest.mark.parametrize("name", sorted(LISTS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_list_scope(world, persona, name):
    listing = LISTS[name]
    client = world.clients[persona]
    url = listing.url(world) if listing.url else reverse(name)
    if persona not in listing.gate:
        refused = ({401, 403} if listing.api else {302}) if persona == "anonymous" else {403}
        assert client.get(url).status_code in refused
        return
    shown, expected = listing.rows(world, client, url), listing.expect(world, persona)
    assert sorted(shown - expected) == [], f"{url}: rows out of scope"
    assert sorted(expected - shown) == [], f"{url}: rows in scope missing"


def test_lists_span_pages(world):
    """An admin's employee list takes two pages (the world has more than 25 people): the walk above
    reads them all."""
    assert len(pages(world.clients["admin"], reverse("employees:employee-list"))) == 2


def test_every_list_has_rows_to_show(world):
    """No listing passes by showing nothing to everyone: someone in its gate has rows in scope."""
    empty = [name for name, listing in LISTS.items() if not any(listing.expect(world, p) for p in listing.gate)]
    assert empty == []


# A filter names another unit's rows (or a person outside the team): it narrows the scope, never widens it.
FILTERED = [
    ("sup_a", "employees:employee-list", lambda w: f"?unit={w.units['b1'].pk}&status=semua"),
    ("sup_a", "employees:employee-export", lambda w: f"?unit={w.units['b'].pk}"),
    ("sup_a", "api:employee-list", lambda w: f"?unit={w.units['b1'].pk}&q={w.people['asn_b'].nip}"),
    ("sup_a", "daily_reports:review-queue", lambda w: f"?nip={w.people['asn_b'].nip}"),
    ("chief_a", "kelola_pengaduan:complaint-list", lambda w: f"?unit={w.units['b1'].pk}&status=semua"),
    ("chief_a", "kelola_pengaduan:complaint-export", lambda w: f"?unit={w.units['b'].pk}&status=semua"),
    ("sup_a", "api:evaluation-list", lambda w: f"?nip={w.people['asn_b'].nip}"),
    ("plt_a", "api:report-list", lambda w: f"?period={w.periods['final'].pk}"),
    ("sup_b", "kelola_pengaduan:handler-list", lambda w: f"?unit={w.units['a1'].pk}"),  # (admins pick a unit)
]


@pytest.mark.parametrize(("persona", "name", "query"), FILTERED, ids=[f"{p}-{n}" for p, n, _q in FILTERED])
def test_filters_never_widen_the_scope(world, persona, name, query):
    listing = LISTS[name]
    url = reverse(name) + query(world)
    shown = listing.rows(world, world.clients[persona], url)
    assert sorted(shown - listing.expect(world, persona)) == [], f"{url}: rows out of scope"

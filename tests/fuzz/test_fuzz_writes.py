"""Hypothesis over every form and API write: Unicode, NUL bytes, 100,000-character strings, huge
numbers, impossible dates, lists and wrong JSON types. Whatever arrives, the answer is never a 500.

Every named URL is probed with an empty POST per role; those that answer 405 to everyone are not
writes. A write is fuzzed as the roles that get past the door (not 401/403/login), against the real
objects of ``world`` (tests/fuzz/world.py), with the field names read from the forms that post to it
(its own page and its parent pages) or from the DRF serializer behind it."""

import fnmatch
import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from apps.daily_reports.serializers import ActivityInputSerializer, NoteSerializer, ReportCreateSerializer
from apps.public_feedback.api_survey import SurveyRequest
from apps.public_feedback.serializers_public import ComplaintCreateSerializer
from tests.conftest import client_for
from tests.core.test_permission_matrix import url_names

pytestmark = pytest.mark.django_db

ROLES = ["asn", "supervisor", "admin", "leader", "anonymous"]
SKIP = ["admin:*", "captcha-*", "api-schema", "api-docs", "javascript-catalog", "core:healthz", "core:bench-*"]
DOOR = {401, 403, 405}
FUZZ = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
# The pages whose forms post to the POST-only actions of each app
PARENTS = {
    "daily_reports:": ["daily_reports:report-day", "daily_reports:report-review", "daily_reports:review-queue"],
    "indicators:": ["indicators:skp-detail", "indicators:goal-list", "indicators:team-list", "indicators:iki-targets"],
    "kelola_pengaduan:": ["kelola_pengaduan:complaint-detail", "kelola_pengaduan:handler-list"],
    "kelola_pengaduan:block": ["kelola_pengaduan:blocklist"],
    "pengaduan:": ["pengaduan:complaint-detail", "pengaduan:complaint-track"],
    "trainings:": ["trainings:session-detail", "trainings:needs-survey", "trainings:needs-analysis"],
    "trainings:recommendation": ["trainings:recommendation-team"],
    "evaluations:": ["evaluations:team", "evaluations:unit-curve", "evaluations:period-list"],
    "core:": ["core:holiday-list", "core:notification-list"],
    "accounts:": ["accounts:profile-detail"],
    "employees:": ["employees:employee-detail", "employees:acting-list"],
    "announcements:": ["announcements:announcement-detail", "announcements:manage-list"],
    "reports:": ["reports:batch-list"],
}
SERIALIZERS = {
    "api:daily-report-list": ReportCreateSerializer,
    "api:daily-report-approve": NoteSerializer,
    "api:daily-report-return": NoteSerializer,
    "api:public-complaint-create": ComplaintCreateSerializer,
    "api:public-survey-create": SurveyRequest,
}
FILE_FIELDS = {"api:daily-report-evidence-upload": ["file"], "api:public-complaint-create": ["attachments"]}


def skipped(name):
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in SKIP)


WRITE_CANDIDATES = [name for name in url_names() if not skipped(name)]


# --- values ------------------------------------------------------------------------------------------------

LONG = ["x" * 100_000, "é" * 100_000, "1" * 100_000]
NUMBERS = [
    "²",
    "١٢",
    str(10**30),
    str(-(10**30)),
    "1e309",
    "-1e309",
    "nan",
    "inf",
    "-inf",
    "-0",
    "0x1F",
    "9" * 400,
    "-1",
    "0",
]
DATES = ["2026-02-30", "0000-00-00", "9999-12-31", "10000-01-01", "2026-13-01", "25:61", "24:00", "2026-11-18T25:00"]
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
nasty = st.one_of(
    text,
    st.sampled_from(["", "\x00", "a\x00b", "\u202e", "\ufeff", "<script>", "' OR 1=1 --", "%00", "\r\n", "🙂"]),
    st.sampled_from(LONG),
    st.sampled_from(NUMBERS),
    st.sampled_from(DATES),
)
json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([10**30, -(10**30), 2**63, -(2**63) - 1, 0, -1]),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    nasty,
)
json_value = st.recursive(
    json_scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3), max_leaves=6
)
FILE_NAMES = [
    "../../x.php",
    "\u202egpj.exe",
    "a\x00.png",
    "bukti.png",
    "x" * 300 + ".pdf",
    "CON",
    "résumé.pdf",
    ".htaccess",
]
uploads = st.builds(
    lambda name, data, kind: SimpleUploadedFile(name, data, kind),
    st.sampled_from(FILE_NAMES) | text.filter(bool),
    st.binary(max_size=2048) | st.sampled_from([b"%PDF-1.4\n\x00", b"\x89PNG\r\n\x1a\n", b"<?php echo 1; ?>"]),
    st.sampled_from(["image/png", "application/pdf", "text/html", "application/x-php", "", "\x00/\x00"]),
)


# --- field discovery ----------------------------------------------------------------------------------------


class FormFields(HTMLParser):
    """Names and rendered values of the fields of every POST form, per action (the form's path; "" is
    the page itself). Search and filter forms (GET) are not writes."""

    def __init__(self):
        super().__init__()
        self.forms, self.action, self.files = {}, None, set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            posts = (attrs.get("method") or "get").lower() == "post" or "hx-post" in attrs
            self.action = (attrs.get("hx-post") or attrs.get("action") or "") if posts else None
        action = attrs.get("hx-post") or self.action
        if action is None:
            return
        if tag in {"input", "select", "textarea", "button"} and attrs.get("name"):
            values = self.forms.setdefault(action, {}).setdefault(attrs["name"], set())
            if attrs.get("type") == "file":
                self.files.add(attrs["name"])
            if attrs.get("value"):
                values.add(attrs["value"])
        if tag == "option" and attrs.get("value") and self.forms.get(action):
            last = list(self.forms[action])[-1]
            self.forms[action][last].add(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.action = None


def url_name_of(path):
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def discover(name, url, client, world, pages_seen):
    """{field: known good values}, the file fields, and whether any form posts to ``name``."""
    pages = [url] + [world.url(parent) for prefix, ps in PARENTS.items() if name.startswith(prefix) for parent in ps]
    fields, files, posted = {}, set(), name in SERIALIZERS or name in FILE_FIELDS
    for page in pages:
        key = (id(client), page)
        if key not in pages_seen:
            response = client.get(page)
            parser = FormFields()
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                parser.feed(response.content.decode())
            pages_seen[key] = parser
        parser = pages_seen[key]
        for action, form in parser.forms.items():
            if (action == "" and page == url) or url_name_of(action or page) == name:
                posted = True
                for field, values in form.items():
                    fields.setdefault(field, set()).update(values)
                files |= parser.files & set(form)
    fields.pop("csrfmiddlewaretoken", None)
    if name in SERIALIZERS:
        serializer = SERIALIZERS[name]
        for field in (serializer() if isinstance(serializer, type) else serializer).fields:
            fields.setdefault(field, set())
    files |= set(FILE_FIELDS.get(name, []))
    return {key: sorted(values) for key, values in fields.items()}, sorted(files), posted


def past_the_door(response):
    return response.status_code not in DOOR and not (
        (response.status_code == 302 and "/akun/login" in response.get("Location", ""))
        or (response.status_code == 302 and "login" in response.get("Location", ""))
    )


def form_payloads(fields, files, world):
    known = [str(world.org.asn.pk), str(world.org.unit_a.pk), str(world.activity.pk), "999999"]

    def field_value(values):
        good = st.sampled_from(values + known)
        return st.one_of(good, nasty, st.lists(good | nasty, min_size=2, max_size=3))

    strategies = {key: field_value(values) for key, values in fields.items() if key not in files}
    extra = st.dictionaries(
        st.sampled_from(["employee", "status", "unit", "is_staff", "role"]) | text, nasty, max_size=2
    )
    upload = st.fixed_dictionaries(dict.fromkeys(files, uploads))
    optional = st.fixed_dictionaries({}, optional=strategies)
    return st.tuples(optional, extra, upload).map(lambda parts: {**parts[1], **parts[0], **parts[2]})


def json_payloads(fields):
    activity = st.fixed_dictionaries({}, optional=dict.fromkeys(ActivityInputSerializer().fields, json_value))
    strategies = dict.fromkeys(fields, json_value) | {"activities": st.lists(activity, max_size=3) | json_value}
    body = st.fixed_dictionaries({}, optional=strategies) | json_value
    return st.one_of(body.map(lambda b: json.dumps(b)), st.sampled_from(['{"date": NaN}', "{", "\x00", "[]", "null"]))


class Rollback(Exception):
    pass


def fuzz_endpoint(name, world, clients, pages_seen):
    """Fuzz one URL name; returns why it was left alone, or None once fuzzed."""
    url = world.url(name)
    probes = {role: client.post(url) for role, client in clients.items()}
    assert all(r.status_code < 500 for r in probes.values()), {k: r.status_code for k, r in probes.items()}
    if all(r.status_code == 405 for r in probes.values()):
        return "not a write"
    roles = [role for role, r in probes.items() if past_the_door(r)]
    if not roles:
        return "no role gets past the door"
    fields, files, posted = discover(name, url, clients[roles[0]], world, pages_seen)
    post_only = clients[roles[0]].get(url).status_code == 405
    if not (posted or post_only or url.startswith("/api/")):
        return "no form posts here"
    is_api = url.startswith("/api/") and not files

    @FUZZ
    @given(
        role=st.sampled_from(roles), payload=json_payloads(fields) if is_api else form_payloads(fields, files, world)
    )
    def post(role, payload):
        note(f"{name} {url} as {role}")
        client = clients[role]
        if is_api:
            response = client.post(url, payload, content_type="application/json")
        else:
            for upload in payload.values():
                if isinstance(upload, SimpleUploadedFile):
                    upload.seek(0)
            response = client.post(url, payload)
        assert response.status_code < 500, response.content[:2000]

    post()
    return None


GROUPS = sorted({name.split(":")[0] if ":" in name else "root" for name in WRITE_CANDIDATES})


@pytest.mark.parametrize("group", GROUPS)
def test_no_write_answers_500(group, world):
    """Each URL name of the group is fuzzed inside a savepoint rolled back afterwards, so every one
    starts from the same world and a failed query cannot spoil the next."""
    clients = {role: client_for(world.personas[role]) for role in ROLES}
    names = [n for n in WRITE_CANDIDATES if (n.split(":")[0] if ":" in n else "root") == group]
    failures, pages_seen, fuzzed = [], {}, []
    for name in names:
        try:
            with transaction.atomic():
                if fuzz_endpoint(name, world, clients, pages_seen) is None:
                    fuzzed.append(name)
                raise Rollback
        except Rollback:
            pass
        except Exception as exc:  # every endpoint of the group is tried; all failures are reported at once
            notes = "\n".join(note[:300] for note in getattr(exc, "__notes__", []))
            failures.append(f"{name}: {repr(exc)[:1500]}\n{notes}")
    print(f"fuzzed {len(fuzzed)} of {len(names)}: {fuzzed}")
    assert failures == [], "\n\n".join(failures)


@pytest.mark.parametrize(
    ("name", "role", "field"),
    [
        ("core:notification-read", "asn", "id"),
        ("daily_reports:review-approve-many", "supervisor", "report"),
        ("kelola_pengaduan:handler-add", "admin", "unit"),
        ("daily_reports:activity-autosave", "asn", "description"),
    ],
)
def test_the_500s_the_fuzzer_found_stay_fixed(world, name, role, field):
    """ "²" passes str.isdigit() but not int(); 100,000 digits do not fit int(); jsonb refuses NUL."""
    client = client_for(world.personas[role])
    for value in ["²", "9" * 100_000, "a\x00b", str(10**30)]:
        assert client.post(world.url(name), {field: value, "\x00": value}).status_code < 500

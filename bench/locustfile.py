"""The Locust users of `bench/bench_load.py` (issue 14): a city's morning, driven through the pages.

bench_load.py writes the plan (accounts, how many users of each kind, pacing and think times) to a
JSON file and names it in SIKAP_LOAD_PLAN; it also starts gunicorn, a Celery worker and Locust. Every
user checks what each answer must be (status, redirect target, the page's message) and reports a
failure otherwise, so "zero errors" also means the app did what was asked.

- ``ReportFiler`` (70 % of the users): one iteration is one employee's visit, a different employee
  each time (a report can be filed once per employee and day): sign in, home, the day page, an
  autosaved draft, add an activity (linked to an IKI), upload a 1 MB evidence file to it, submit.
- ``Reviewer`` (25 %): signs in once as the supervisor of one bench team and reviews its queue:
  open the oldest submitted report, approve it (1 in 10: return it with a note), back to the queue.
- ``Reader`` (5 %): signs in once as the leader or an admin; each iteration either opens the city
  dashboard or is a citizen (a new anonymous session and address each time): the public landing
  page, the complaint form, a complaint, its tracking code, the tracking page.

Requests are named by route with ``[day]``, ``[id]``, ``[ref]`` for their variable parts, and no
redirect is followed for us: each request is measured on its own (a POST and the page it redirects
to are two rows). Names ending in ``[upload]`` carry a 1 MB file: bench_load.py judges their p95
against 1.5 s, everything else against 500 ms. Each simulated office (a bench team) and each citizen
comes from its own address in X-Forwarded-For, which the bench server trusts as production trusts
its TLS proxy (allauth allows 30 sign-ins a minute per address).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path

import gevent
from locust import HttpUser, constant_pacing, task
from locust.clients import HttpSession

if "SIKAP_LOAD_PLAN" not in os.environ:
    raise SystemExit("bench/locustfile.py is run by bench/bench_load.py, which writes its plan (SIKAP_LOAD_PLAN)")
PLAN = json.loads(Path(os.environ["SIKAP_LOAD_PLAN"]).read_text())
EVIDENCE = Path(PLAN["evidence_path"]).read_bytes()
TIMEOUT = 60  # seconds; gunicorn's own worker timeout is 30
UPLOAD_SUFFIX = " [upload]"

_LOCATION_DAY = re.compile(r"^/laporan/hari/(\d{4}-\d{2}-\d{2})/$")
_ACTIVITY = re.compile(r'action="/laporan/kegiatan/(\d+)/bukti/"')
_IKI_OPTION = re.compile(r'<option value="(\d+)"')
_QUEUE_REPORT = re.compile(r'href="/laporan/(\d+)/"')
_FORM_STARTED = re.compile(r'name="mulai" value="([^"]+)"')
_TRACKING_CODE = re.compile(r'class="pub-code"[^>]*>\s*([^<\s]+)\s*<')

_visits = itertools.count()  # filer visits, in this process: visit n files as bench account n
_citizens = itertools.count()
_reviewers = itertools.count()
_readers = itertools.count()


def think(name: str) -> None:
    """A person's pause (reading, typing, choosing a file), as long as the plan says."""
    gevent.sleep(PLAN["think"][name] * random.uniform(0.5, 1.5))


def office_address(team: int) -> str:
    return f"10.20.{team // 200}.{team % 200 + 1}"


def citizen_address(n: int) -> str:
    return f"10.{100 + (n >> 16) % 100}.{(n >> 8) % 256}.{n % 256}"


class Checks:
    """Requests that must answer as expected; a wrong answer is a Locust failure with a reason."""

    client: HttpSession

    def csrf(self, session: HttpSession | None = None) -> str:
        return (session or self.client).cookies.get("csrftoken", "")

    def expect(self, method, path, name, *, status, location=None, contains=None, find=None, session=None, **kwargs):
        """One request; fails it unless it answers ``status`` (a 302 to ``location``, a regex, or
        a page with the text ``contains`` and a match of the regex ``find``). Returns the response,
        or None when it failed."""
        session = session or self.client
        kwargs.setdefault("timeout", TIMEOUT)
        with session.request(method, path, name=name, allow_redirects=False, catch_response=True, **kwargs) as response:
            where = response.headers.get("Location", "")
            if response.status_code != status:
                response.failure(f"{response.status_code} (expected {status}) {where}".strip())
                return None
            if location is not None and not re.search(location, where):
                response.failure(f"redirected to {where!r}, expected {location!r}")
                return None
            if contains is not None and contains not in response.text:
                response.failure(f"the page does not say {contains!r}")
                return None
            if find is not None and not find.search(response.text):
                response.failure(f"nothing on the page matches {find.pattern!r}")
                return None
            response.success()
            return response

    def sign_in(self, username: str, password: str, home: str) -> bool:
        if self.expect("GET", "/accounts/login/", "/accounts/login/", status=200) is None:
            return False
        think("login")
        data = {"csrfmiddlewaretoken": self.csrf(), "login": username, "password": password}
        if self.expect("POST", "/accounts/login/", "/accounts/login/", status=302, location="^/$", data=data) is None:
            return False
        return self.expect("GET", "/", f"/ [{home}]", status=200) is not None


class ReportFiler(Checks, HttpUser):
    """One employee's morning per iteration, a new employee (account, cookies) each time."""

    fixed_count = PLAN["users"]["filer"]
    wait_time = constant_pacing(PLAN["pacing"]["filer"])

    @task
    def file_a_report(self) -> None:
        n = next(_visits)
        teams = PLAN["teams"]
        team = n % len(teams)
        members = teams[team]["members"]
        if n // len(teams) >= len(members):
            self.environment.events.request.fire(
                request_type="BENCH", name="out of bench accounts", response_time=0, response_length=0,
                exception=RuntimeError(f"visit {n}: every bench account has filed; build more"), context={},
            )  # fmt: skip
            return
        username = members[n // len(teams)]
        self.client.cookies.clear()
        self.client.headers["X-Forwarded-For"] = office_address(team)
        if not self.sign_in(username, PLAN["password"], "asn"):
            return
        think("home")
        redirect = self.expect("GET", "/laporan/", "/laporan/", status=302, location=_LOCATION_DAY.pattern)
        if redirect is None:
            return
        day_url = redirect.headers["Location"]
        day_page = self.expect("GET", day_url, "/laporan/hari/[day]/", status=200, contains="Tambah kegiatan")
        if day_page is None:
            return
        iki = _IKI_OPTION.search(day_page.text)
        activity = {
            "csrfmiddlewaretoken": self.csrf(),
            "description": f"Memverifikasi berkas usulan layanan kepegawaian ({username})",
            "iki": iki.group(1) if iki else "",
            "quantity": "3" if iki else "",
            "starts_at": "07:30",
            "ends_at": "09:00",
            "place": "kantor",
        }
        think("typing")  # htmx autosaves the form once the person pauses typing
        self.expect("POST", day_url + "draf/", "/laporan/hari/[day]/draf/", status=204, data=activity)
        think("typing")
        saved = self.expect(
            "POST", day_url + "kegiatan/", "/laporan/hari/[day]/kegiatan/", status=302, location="tersimpan=1",
            data=activity,
        )  # fmt: skip
        if saved is None:
            return
        page = self.expect(
            "GET", saved.headers["Location"], "/laporan/hari/[day]/", status=200, contains="Kegiatan disimpan",
            find=_ACTIVITY,
        )  # fmt: skip
        if page is None:
            return
        found = _ACTIVITY.search(page.text)
        think("file")
        upload = f"/laporan/kegiatan/{found.group(1)}/bukti/"
        files = {"file": (PLAN["evidence_name"], EVIDENCE, PLAN["evidence_type"])}
        uploaded = self.expect(
            "POST", upload, "/laporan/kegiatan/[id]/bukti/" + UPLOAD_SUFFIX, status=302, location="^/laporan/hari/",
            data={"csrfmiddlewaretoken": self.csrf()}, files=files,
        )  # fmt: skip
        if uploaded is None:
            return
        back = uploaded.headers["Location"]
        if self.expect("GET", back, "/laporan/hari/[day]/", status=200, contains="Bukti diunggah") is None:
            return
        think("submit")
        submitted = self.expect(
            "POST", day_url + "ajukan/", "/laporan/hari/[day]/ajukan/", status=302, location="^/laporan/hari/",
            data={"csrfmiddlewaretoken": self.csrf()},
        )  # fmt: skip
        if submitted is not None:
            self.expect(
                "GET", submitted.headers["Location"], "/laporan/hari/[day]/", status=200,
                contains="Laporan diajukan ke atasan",
            )  # fmt: skip


class Reviewer(Checks, HttpUser):
    """The supervisor of one bench team, signed in once, working through the queue."""

    fixed_count = PLAN["users"]["reviewer"]
    wait_time = constant_pacing(PLAN["pacing"]["reviewer"])

    def on_start(self) -> None:
        if not hasattr(self, "team"):  # the first time; a failed sign-in is tried again with the same team
            self.team = next(_reviewers) % len(PLAN["teams"])
        self.client.headers["X-Forwarded-For"] = office_address(self.team)
        self.waiting: list[str] = []
        self.signed_in = self.sign_in(PLAN["teams"][self.team]["supervisor"], PLAN["password"], "supervisor")
        if self.signed_in:
            self.read_queue(self.expect("GET", "/laporan/tinjau/", "/laporan/tinjau/", status=200))

    def read_queue(self, response) -> None:
        """The queue's reports, oldest first: the links in its table (after the approve-many form)."""
        table = response.text.split('action="/laporan/tinjau/setujui/"', 1)[-1] if response is not None else ""
        self.waiting = _QUEUE_REPORT.findall(table)

    @task
    def review_one(self) -> None:
        if not self.signed_in:
            self.on_start()
            return
        if not self.waiting:  # nothing to review: look again later
            self.read_queue(self.expect("GET", "/laporan/tinjau/", "/laporan/tinjau/", status=200))
            return
        pk = self.waiting.pop(0)  # the oldest first, as the queue is ordered
        if self.expect("GET", f"/laporan/{pk}/", "/laporan/[id]/", status=200, contains="setujui") is None:
            return
        think("review")
        token = self.csrf()
        if random.random() < PLAN["return_share"]:
            action, name, done = "kembalikan", "/laporan/[id]/kembalikan/", "Laporan dikembalikan dengan catatan"
            data = {"csrfmiddlewaretoken": token, "note": "Lampirkan notulen rapatnya juga."}
        else:
            action, name, done = "setujui", "/laporan/[id]/setujui/", " disetujui."
            data = {"csrfmiddlewaretoken": token, "next": "queue"}
        decided = self.expect(
            "POST", f"/laporan/{pk}/{action}/", name, status=302, location="^/laporan/tinjau/$", data=data
        )
        if decided is not None:
            self.read_queue(self.expect("GET", "/laporan/tinjau/", "/laporan/tinjau/", status=200, contains=done))


class Reader(Checks, HttpUser):
    """The leader or an admin on the city dashboard, and the citizens, in turns (3 of 5 visits are
    citizens'), each reader starting at another place in the turn."""

    fixed_count = PLAN["users"]["reader"]
    wait_time = constant_pacing(PLAN["pacing"]["reader"])
    TURNS = ("citizen", "dashboard", "citizen", "dashboard", "citizen")

    def on_start(self) -> None:
        if hasattr(self, "number"):  # a failed sign-in, tried again
            self.signed_in = self.sign_in(*PLAN["readers"][self.number % len(PLAN["readers"])][:2], self.role)
            return
        self.number = next(_readers)
        self.turns = itertools.islice(itertools.cycle(self.TURNS), self.number % len(self.TURNS), None)
        username, password, self.role = PLAN["readers"][self.number % len(PLAN["readers"])]
        self.client.headers["X-Forwarded-For"] = office_address(len(PLAN["teams"]) + self.number)
        self.signed_in = self.sign_in(username, password, self.role)

    @task
    def visit(self) -> None:
        if next(self.turns) == "dashboard":
            if not self.signed_in:
                self.on_start()
            else:
                self.expect("GET", "/dasbor/", "/dasbor/", status=200)
            return
        self.citizen()

    def citizen(self) -> None:
        """A new citizen: cookies and address of their own, for one visit."""
        n = next(_citizens)
        with HttpSession(self.host, self.environment.events.request, self) as session:
            session.headers["X-Forwarded-For"] = citizen_address(n)
            self.complain(n, session)

    def complain(self, n: int, session: HttpSession) -> None:
        if self.expect("GET", "/publik/", "/publik/", status=200, session=session) is None:
            return
        think("home")
        form = self.expect("GET", "/pengaduan/", "/pengaduan/", status=200, find=_FORM_STARTED, session=session)
        if form is None:
            return
        started = _FORM_STARTED.search(form.text)
        gevent.sleep(PLAN["complaint_fill_seconds"])  # the form refuses what is sent faster
        complaint = {
            "csrfmiddlewaretoken": self.csrf(session),
            "kind": "pengaduan",
            "service": "",
            "unit": "",
            "description": f"Antrean loket pelayanan KTP sangat panjang dan petugas datang terlambat (warga {n}).",
            "location": "Loket 3, kantor kecamatan",
            "reporter_name": f"Warga Bench {n}",
            "reporter_email": f"warga{n}@bench.invalid",
            "contact_consent": "on",
            "situs_web": "",
            "mulai": started.group(1),
        }
        sent = self.expect(
            "POST", "/pengaduan/", "/pengaduan/", status=302, location="^/pengaduan/terkirim/$", data=complaint,
            session=session,
        )  # fmt: skip
        if sent is None:
            return
        page = self.expect(
            "GET", "/pengaduan/terkirim/", "/pengaduan/terkirim/", status=200, find=_TRACKING_CODE, session=session
        )
        if page is None:
            return
        code = _TRACKING_CODE.search(page.text)
        think("home")
        tracked = self.expect(
            "POST", "/pengaduan/lacak/", "/pengaduan/lacak/", status=302, location="^/pengaduan/lacak/[^/]+/$",
            data={"csrfmiddlewaretoken": self.csrf(session), "code": code.group(1)}, session=session,
        )  # fmt: skip
        if tracked is not None:
            self.expect("GET", tracked.headers["Location"], "/pengaduan/lacak/[ref]/", status=200, session=session)

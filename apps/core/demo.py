"""The demo city: what `seed_demo` builds, and the accounts `make run` prints.

Every app that has demo data adds a builder to ``BUILDERS`` (called in order, each given the
options of the command); nothing outside the demo names a particular government.
"""

from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "reference"

DEMO_PASSWORD = "Palembang-Demo-2026"

# username (NIP or short name) -> role label, shown by `make run`
DEMO_ACCOUNTS = {
    "asn": "198609262015051001",
    "supervisor": "197803142003121002",
    "admin": "admin.bkpsdm",
    "leader": "pimpinan",
}

BUILDERS = [
    "apps.employees.demo.build",
    "apps.indicators.demo.build",
    "apps.daily_reports.demo.build",
    "apps.evaluations.demo.build",
    "apps.trainings.demo.build",
    "apps.trainings.certificates.demo.build",  # the demo accounts' certificates and the latest 30
    "apps.public_feedback.demo.build",  # services, complaints, SKM answers, forums
    "apps.dashboards.demo.build",  # the dashboard summaries over the demo data, announcements
    "apps.evaluations.reports.demo.build",  # last: the PDFs print the JP of the trainings demo
]

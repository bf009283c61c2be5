"""Demo data of the dashboards: the summary tables computed over the demo year, and two
announcements from BKPSDM (one to everyone, one to supervisors)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from . import summaries
from .models import Announcement
from .services.announcements import announcement_publish

ANNOUNCEMENTS = [
    {
        "title": "Batas pengisian SKP tahun depan: 31 Januari",
        "body": "Seluruh ASN menyusun SKP tahun depan dan mengajukannya kepada atasan langsung paling lambat "
        "31 Januari.\nGunakan menu SKP; IKI dapat diturunkan dari RHK atasan.",
        "audience": "all",
        "roles": [],
    },
    {
        "title": "Pemeriksaan laporan harian paling lama 3 hari kerja",
        "body": "Atasan langsung diminta memeriksa laporan harian bawahan paling lama 3 hari kerja setelah "
        "diajukan. Laporan yang terlambat diperiksa diteruskan kepada atasan berikutnya.",
        "audience": "roles",
        "roles": ["supervisor"],
    },
]


def build(*, stdout, **_options):
    written = summaries.refresh_year()
    summaries.refresh_training_impact()
    stdout.write(_("Ringkasan dasbor: %(n)s baris harian unit.") % {"n": written})
    admin = get_user_model().objects.filter(username="admin.bkpsdm").first()
    if admin is None or Announcement.objects.exists():
        return
    now = timezone.now()
    for item in ANNOUNCEMENTS:
        data = {**item, "units": [], "starts_at": now, "expires_at": now + datetime.timedelta(days=60)}
        announcement_publish(actor=admin, data=data)
    stdout.write(_("Pengumuman demo: %(n)s.") % {"n": len(ANNOUNCEMENTS)})

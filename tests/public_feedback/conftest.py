"""Fixtures of the public feedback tests, shared by every part of issue #8.

* ``public_service``: a PublicService ("Pembuatan KTP") of ``org.unit_a`` (whose head is the
  ``supervisor`` persona, so the unit has a handler).
* ``submit_complaint(**overrides)``: a complaint submitted through the real intake service,
  returning ``(complaint, code)``. Overrides are the service's arguments (``kind``,
  ``description``, ``subject_text``, ``reporter_email``, ``uploads``...); any other keyword is a
  Complaint field set afterwards, to put it in a state (``status="ditanggapi"``,
  ``handling_unit=unit``...). Each call uses its own client address, so rate limits never trip
  unless a test passes ``ip``. Import it as a function (``from tests.public_feedback.conftest
  import submit_complaint``) or use the fixture of the same name.
"""

import inspect
import itertools
import struct
import zlib

import pytest

from apps.public_feedback.models import Complaint, PublicService
from apps.public_feedback.services.intake import complaint_submit

_addresses = itertools.count(1)
_SUBMIT_ARGS = set(inspect.signature(complaint_submit).parameters)


def make_service(unit=None, **fields) -> PublicService:
    if unit is None:
        from tests.factories import OrgUnitFactory

        unit = OrgUnitFactory(name="Dinas Kependudukan dan Pencatatan Sipil")
    number = next(_addresses)
    defaults = {"code": f"layanan-{number}", "name": "Pembuatan KTP elektronik", "keywords": "ktp e-ktp kartu"}
    return PublicService.objects.create(unit=unit, **{**defaults, **fields})


def submit_complaint(**overrides) -> tuple[Complaint, str]:
    args = {key: value for key, value in overrides.items() if key in _SUBMIT_ARGS}
    fields = {key: value for key, value in overrides.items() if key not in _SUBMIT_ARGS}
    number = next(_addresses)
    args.setdefault("ip", f"10.99.{number // 250}.{number % 250}")
    args.setdefault("kind", "pengaduan")
    args.setdefault("description", "Antrean pembuatan KTP sangat panjang dan petugas datang terlambat.")
    args.setdefault("human_verified", True)
    if "service" not in args and "unit" not in args:
        args["service"] = make_service()
    submitted = complaint_submit(**args)
    complaint = submitted.complaint
    if fields:
        Complaint.objects.filter(pk=complaint.pk).update(**fields)
        complaint.refresh_from_db()
    return complaint, submitted.code


@pytest.fixture
def public_service(org) -> PublicService:
    return make_service(org.unit_a, code="ktp", name="Pembuatan KTP elektronik")


@pytest.fixture(name="submit_complaint")
def submit_complaint_fixture(db):
    return submit_complaint


def png_bytes(width=2, height=2, *, one_bit=False) -> bytes:
    """A valid PNG made by hand: red RGB, or (``one_bit``) black-and-white at one bit per pixel,
    which keeps a 50-megapixel test image at a few megabytes of memory."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" * ((width + 7) // 8) if one_bit else b"\xff\x00\x00" * width
    raw = (b"\x00" + row) * height
    header = struct.pack(">IIBBBBB", width, height, 1 if one_bit else 8, 0 if one_bit else 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")

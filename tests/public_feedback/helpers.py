"""Helpers for posting the public complaint form the way a browser does."""

import datetime
import io

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.public_feedback.services import abuse


def started_token(seconds_ago: int = 60) -> str:
    """A form timestamp as if the form had been rendered ``seconds_ago``."""
    with time_machine.travel(timezone.now() - datetime.timedelta(seconds=seconds_ago), tick=False):
        return abuse.form_timestamp()


def form_data(**overrides) -> dict:
    data = {
        "kind": "pengaduan",
        "service": "",
        "unit": "",
        "description": "Petugas loket meminta uang tambahan untuk mempercepat KTP.",
        "occurred_on": "",
        "location": "",
        "subject_text": "",
        "reporter_name": "",
        "reporter_email": "",
        "reporter_phone": "",
        abuse.HONEYPOT_FIELD: "",
        abuse.TIMESTAMP_FIELD: started_token(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def jpeg_upload(name="foto.jpg", size=(40, 30), exif_gps=False, mode="RGB") -> SimpleUploadedFile:
    from PIL import Image

    image = Image.new(mode, size, 120)
    out = io.BytesIO()
    kwargs = {}
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "KameraUji"  # Make
        exif[0x8825] = {1: "S", 2: (2.0, 59.0, 0.0), 3: "E", 4: (104.0, 45.0, 0.0)}  # GPS IFD
        kwargs["exif"] = exif.tobytes()
    image.save(out, format="JPEG", **kwargs)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def png_upload(name="gambar.png", size=(2, 2)) -> SimpleUploadedFile:
    from tests.public_feedback.conftest import png_bytes

    return SimpleUploadedFile(name, png_bytes(*size), content_type="image/png")


def pdf_upload(name="surat.pdf") -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def php_as_jpg(name="foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"<?php system($_GET['c']); ?>", content_type="image/jpeg")

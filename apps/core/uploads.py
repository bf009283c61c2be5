"""Checking an uploaded evidence file (DESIGN.md "Uploads"): the type is read from the content
(magic bytes), never from the name or the browser's word; images are re-encoded, which drops
their metadata (GPS position included); SVG, HTML and anything else are refused."""

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
KINDS = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class CheckedFile:
    content: ContentFile
    content_type: str
    original_name: str


def _kind_of(head: bytes, data: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(name.startswith("word/") for name in names):
                return "docx"
            if any(name.startswith("xl/") for name in names):
                return "xlsx"
    return None


def _reencode(data: bytes, kind: str) -> bytes:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            clean = image.convert("RGB") if kind == "jpeg" else image.copy()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Gambar tidak dapat dibaca; unggah ulang file aslinya.")) from exc
    out = io.BytesIO()
    clean.save(out, format="JPEG" if kind == "jpeg" else "PNG", quality=88)  # no exif= : metadata dropped
    return out.getvalue()


def check_evidence(upload, *, max_bytes: int = DEFAULT_MAX_BYTES) -> CheckedFile:
    """Validate one uploaded file; returns a clean copy to store under a server-made name."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("File “%(name)s” berukuran %(size)s; batasnya %(max)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)}
        )
    data = upload.read(max_bytes + 1)
    kind = _kind_of(data[:8], data)
    if kind is None:
        raise ValidationError(_("File “%(name)s” bukan PDF, JPEG, PNG, DOCX, atau XLSX.") % {"name": upload.name})
    if kind in ("jpeg", "png"):
        data = _reencode(data, kind)
    name = (upload.name or "bukti").rsplit("/", 1)[-1][:150]
    return CheckedFile(ContentFile(data), KINDS[kind], name)

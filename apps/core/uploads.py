"""Checking an uploaded evidence file (DESIGN.md "Uploads"). ``check_evidence`` is the one gate:

1. Size: an empty file, or one over ``max_bytes``, is refused.
2. Type from the content (magic bytes), never from the name or the browser's word: PDF, JPEG,
   PNG, DOCX or XLSX. HTML, SVG, executables and anything else are refused.
3. Images (``uploads_images``): refused when they hide markup (an HTML/PNG polyglot) or claim more
   pixels than can be decoded safely (a decompression bomb; a very large JPEG photo is shrunk
   instead), then re-encoded, which drops their metadata (the GPS position included).
4. DOCX/XLSX: refused when they would unpack to more than ``MAX_UNZIPPED_BYTES`` (a zip bomb).
5. The name the browser sent is kept for display and as the download name only, cleaned by
   ``display_name``; callers store the content under a server-made name.
"""

import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import uploads_images

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
NAME_MAX = 150
KINDS = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SUFFIXES = {
    "pdf": (".pdf",),
    "jpeg": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "png": (".png",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
}
_WINDOWS_RESERVED = re.compile(r'[<>:"|?*]')


@dataclass
class CheckedFile:
    content: ContentFile
    content_type: str
    original_name: str  # cleaned by display_name: safe to show and to offer as a download name
    note: str | None = None  # e.g. "the photo was made smaller"


def display_name(name, *, kind: str | None = None, fallback: str = "bukti") -> str:
    """The uploaded file's name as safe to show: no folders ("../../etc/passwd.jpg" is
    "passwd.jpg"), no control or bidi characters (U+202E would show "foto" + U+202E + "gpj.exe" as
    "fotoexe.jpg"), no NUL, nothing Windows refuses in a name, at most ``NAME_MAX`` characters
    and, given the ``kind`` read from the content, an extension that says what the file is."""
    text = "".join(char for char in str(name or "") if unicodedata.category(char)[0] != "C")
    text = re.split(r"[/\\]", text)[-1]
    text = _WINDOWS_RESERVED.sub("_", text).strip(" .")
    if kind is not None and not text.lower().endswith(SUFFIXES[kind]):
        text = f"{text or fallback}{SUFFIXES[kind][0]}"
    text = text or fallback
    if len(text) > NAME_MAX:
        stem, dot, suffix = text.rpartition(".")
        suffix = f"{dot}{suffix}" if dot and len(suffix) <= 10 else ""
        text = (stem if suffix else text)[: NAME_MAX - len(suffix)].rstrip(" .") + suffix
    return text


def check_size(size: int | None, *, max_bytes: int, name: str) -> None:
    """Refuse an empty file, or one larger than ``max_bytes``, saying which and why."""
    size = size or 0
    if size <= 0:
        raise ValidationError(_("File “%(name)s” kosong; pilih file yang berisi.") % {"name": name})
    if size > max_bytes:
        raise ValidationError(
            _("File “%(name)s” berukuran %(size)s; batasnya %(max)s.")
            % {"name": name, "size": filesizeformat(size), "max": filesizeformat(max_bytes)}
        )


def _office_kind(data: bytes, name: str) -> str | None:
    """ "docx" or "xlsx" for an Office Open XML package, None for any other ZIP."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError):
        return None
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names:
        return None
    if any(entry.startswith("word/") for entry in names):
        kind = "docx"
    elif any(entry.startswith("xl/") for entry in names):
        kind = "xlsx"
    else:
        return None
    if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNZIPPED_BYTES:
        raise ValidationError(
            _("Isi file “%(name)s” terlalu besar setelah dibuka; simpan ulang dokumennya lalu unggah lagi.")
            % {"name": name}
        )
    return kind


def _kind_of(data: bytes, name: str) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data, name)
    return None


def check_evidence(upload, *, max_bytes: int = DEFAULT_MAX_BYTES, fallback: str = "bukti") -> CheckedFile:
    """Validate one uploaded file; returns a clean copy to store under a server-made name."""
    name = display_name(getattr(upload, "name", ""), fallback=fallback)
    check_size(upload.size, max_bytes=max_bytes, name=name)
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    check_size(len(data), max_bytes=max_bytes, name=name)  # the size the upload declared may be wrong
    kind = _kind_of(data, name)
    if kind is None:
        raise ValidationError(_("File “%(name)s” bukan PDF, JPEG, PNG, DOCX, atau XLSX.") % {"name": name})
    note = None
    if kind in ("jpeg", "png"):
        data, note = uploads_images.clean_image(data, kind, name)
    original_name = display_name(getattr(upload, "name", ""), kind=kind, fallback=fallback)
    return CheckedFile(ContentFile(data), KINDS[kind], original_name, note)

"""The image part of checking an upload (``uploads.check_evidence``): markup hidden in a JPEG or
PNG, the size in pixels, and the re-encoded copy that keeps the picture and nothing else.

Markup is looked for where text can hide without touching the picture: PNG chunks other than the
compressed picture data (``IDAT``), JPEG metadata segments (APPn, COM), and whatever follows the
image's end. The compressed picture data itself is not searched: it is random-looking bytes in
which a short tag would turn up by chance now and then.
"""

import io
import re
import struct
import warnings
import zlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Larger images are shrunk (JPEG, decoded at a reduced scale, so memory stays small) or refused
# (PNG): a small file can still decode into gigabytes (a decompression bomb).
MAX_PIXELS = 25_000_000
SHRINK_TO = 2048  # JPEG draft decoding lands between this and twice this on the long side
TEXT_LIMIT = 1024 * 1024  # of a compressed PNG text chunk, read to look for markup
_MARKUP = re.compile(
    rb"<\s*(?:script|html|head|body|iframe|frame|frameset|object|embed|applet|svg|img|meta|link|style|form|base)\b"
    rb"|<\?php|<!doctype\s+html|javascript:",
    re.IGNORECASE,
)
_JPEG_SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7]")  # the next marker after entropy-coded data


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, TEXT_LIMIT)
    except zlib.error:
        return b""


def _png_regions(data: bytes) -> tuple[list[bytes], bytes]:
    """(the chunks that are not picture data, text decompressed; the bytes after IEND)."""
    regions, pos = [], 8
    while pos + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IEND":
            return regions, data[pos:]
        if kind == b"IDAT":
            continue
        regions.append(body)
        _keyword, _sep, rest = body.partition(b"\x00")
        if kind == b"zTXt":
            regions.append(_inflate(rest[1:]))
        elif kind == b"iTXt" and rest[:1] == b"\x01":
            _language, _sep, rest = rest[2:].partition(b"\x00")
            _translated, _sep, text = rest.partition(b"\x00")
            regions.append(_inflate(text))
    return regions, b""  # no IEND: Pillow decides whether the rest is readable


def _jpeg_regions(data: bytes) -> tuple[list[bytes], bytes]:
    """(the APPn and COM segments; the bytes after the end-of-image marker)."""
    regions, pos = [], 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:
            return regions, data[pos + 2 :]
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            regions.append(data[pos + 4 : pos + 2 + length])
        pos += 2 + length
        if marker == 0xDA:  # start of scan: skip the entropy-coded data
            found = _JPEG_SCAN_END.search(data, pos)
            if found is None:
                break
            pos = found.start()
    return regions, b""


def _hides_markup(data: bytes, kind: str, depth: int = 0) -> bool:
    regions, trailing = (_png_regions if kind == "png" else _jpeg_regions)(data)
    if any(_MARKUP.search(region) for region in regions):
        return True
    rest = trailing.strip(b"\x00\t\n\r ")
    if not rest:
        return False
    if kind == "png":
        return True  # nothing belongs after IEND
    if trailing[4:8] == b"ftyp":  # the video of a "motion photo" (an MP4 box: size, then "ftyp")
        return False
    if rest.startswith(b"\xff\xd8") and depth < 4:  # a second picture (MPF, a camera's preview)
        return _hides_markup(rest, "jpeg", depth + 1)
    return bool(_MARKUP.search(rest))


def _shrunk_jpeg(image, name: str) -> tuple[bytes, str]:
    """A smaller copy of a very large JPEG, decoded at 1/2..1/8 scale (cheap in memory)."""
    width, height = image.size
    scale = SHRINK_TO / max(width, height)
    image.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))
    image.load()
    small = image.convert("RGB")
    small.thumbnail((SHRINK_TO * 2, SHRINK_TO * 2))
    out = io.BytesIO()
    small.save(out, format="JPEG", quality=88)
    note = _("Foto “%(name)s” sangat besar (%(mp)s megapiksel) sehingga diperkecil menjadi %(w)s × %(h)s piksel.") % {
        "name": name,
        "mp": round(width * height / 1_000_000),
        "w": small.width,
        "h": small.height,
    }
    return out.getvalue(), note


def clean_image(data: bytes, kind: str, name: str) -> tuple[bytes, str | None]:
    """The picture re-encoded without metadata, and a note when it was made smaller;
    ``ValidationError`` when it hides markup, is too large in pixels, or cannot be read."""
    from PIL import Image, UnidentifiedImageError

    if _hides_markup(data, kind):
        raise ValidationError(
            _(
                "Gambar “%(name)s” berisi kode (HTML/skrip) yang tidak diizinkan; simpan ulang gambarnya lalu "
                "unggah lagi."
            )
            % {"name": name}
        )
    too_big = ValidationError(
        _(
            "Gambar “%(name)s” terlalu besar dalam piksel; perkecil (misalnya kirim ulang dari galeri ponsel) "
            "lalu unggah lagi."
        )
        % {"name": name}
    )
    unreadable = (UnidentifiedImageError, OSError, ValueError, SyntaxError, KeyError, struct.error)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # MAX_PIXELS decides, below
            image = Image.open(io.BytesIO(data))  # reads the header only
        with image:
            if image.size[0] * image.size[1] > MAX_PIXELS:
                if kind != "jpeg":
                    raise too_big
                try:
                    return _shrunk_jpeg(image, name)
                except unreadable as exc:
                    raise too_big from exc
            image.load()
            clean = image.convert("RGB") if kind == "jpeg" else image.copy()
        out = io.BytesIO()
        clean.save(out, format="JPEG" if kind == "jpeg" else "PNG", quality=88)  # no exif= : metadata dropped
    except Image.DecompressionBombError as exc:
        raise too_big from exc
    except unreadable as exc:
        raise ValidationError(
            _("Gambar “%(name)s” tidak dapat dibaca; unggah ulang file aslinya.") % {"name": name}
        ) from exc
    return out.getvalue(), None

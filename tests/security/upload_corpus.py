"""Hostile files for tests/security/test_uploads.py, built in memory and small (the bombs are a
few hundred kilobytes that claim hundreds of megapixels or megabytes), plus a multipart body
builder that sends file names exactly as given (Django's test client keeps only the basename).

``REFUSED``: (id, file name, bytes factory, what the refusal says: a regex over every endpoint's
wording). ``HOSTILE_NAMES``: names to clean when the content itself is fine.
"""

import functools
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from PIL import Image, PngImagePlugin

from apps.employees.imports import parsing

SCRIPT = b"<html><body><script>alert(document.cookie)</script></body></html>"
OVERSIZE = 5 * 1024 * 1024 + 1  # one byte over the 5 MB every endpoint allows by default


def png(size=(6, 4), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG", **save)
    return out.getvalue()


def jpeg(size=(6, 4), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 30, 200)).save(out, format="JPEG", **save)
    return out.getvalue()


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"  # Make
    exif[0x8825] = {1: "S", 2: (2.0, 59.0, 0.0), 3: "E", 4: (104.0, 45.0, 0.0)}  # GPS IFD
    return exif.tobytes()


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_with_text_chunk() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    return png(pnginfo=info)


def jpeg_with_comment() -> bytes:
    body = b"<script>alert(1)</script>"
    data = jpeg()
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(body) + 2) + body + data[2:]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


@functools.cache
def bomb_png(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of width x height: rows of zeros compress to almost nothing."""
    packer, row = zlib.compressobj(6), b"\x00" * (1 + (width + 7) // 8)
    block = row * max(1, (1 << 20) // len(row))
    rows_per_block, parts, left = len(block) // len(row), [], height
    while left > 0:
        take = min(left, rows_per_block)
        parts.append(packer.compress(block[: take * len(row)]))
        left -= take
    parts.append(packer.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b"")


def bomb_jpeg() -> bytes:
    """A tiny JPEG whose header claims 60000 x 60000 pixels (3.6 gigapixels)."""
    data = bytearray(jpeg())
    at = data.index(b"\xff\xc0") + 5  # SOF0: length(2) precision(1), then height and width
    data[at : at + 4] = struct.pack(">HH", 60000, 60000)
    return bytes(data)


@functools.cache
def zip_bomb(kind: str = "docx", megabytes: int = 128) -> bytes:
    """A DOCX or XLSX (by its parts) that would unpack to ``megabytes`` of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<root/>")
        with archive.open(f"{'word' if kind == 'docx' else 'xl'}/media/image1.bin", "w", force_zip64=True) as member:
            zeros = bytes(1 << 20)
            for _ in range(megabytes):
                member.write(zeros)
    return out.getvalue()


REFUSED = [
    ("html-as-jpeg", "foto.jpg", lambda: SCRIPT, r"bukan (PDF|foto)"),
    (
        "svg-script",
        "gambar.svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        r"bukan (PDF|foto)",
    ),
    ("svg-as-png", "gambar.png", lambda: b'<?xml version="1.0"?><svg onload="alert(1)"/>', r"bukan (PDF|foto)"),
    ("png-html-appended", "gambar.png", lambda: png() + SCRIPT, r"berisi kode \(HTML/skrip\)"),
    ("png-html-text-chunk", "gambar.png", png_with_text_chunk, r"berisi kode \(HTML/skrip\)"),
    ("jpeg-html-appended", "foto.jpg", lambda: jpeg() + SCRIPT, r"berisi kode \(HTML/skrip\)"),
    ("jpeg-script-comment", "foto.jpg", jpeg_with_comment, r"berisi kode \(HTML/skrip\)"),
    (
        "mz-exe-as-pdf",
        "surat.pdf",
        lambda: b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64 + b"PE\x00\x00",
        r"bukan (PDF|foto)",
    ),
    ("elf-as-pdf", "surat.pdf", lambda: b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56, r"bukan (PDF|foto)"),
    ("empty", "kosong.pdf", lambda: b"", r"kosong[;.]"),
    ("oversize", "besar.pdf", lambda: b"%PDF-1.4\n" + b"0" * (OVERSIZE - 9), r"batasnya 5"),
    ("png-bomb-400-megapixels", "peta.png", lambda: bomb_png(20000, 20000), r"terlalu besar"),
    ("png-121-megapixels", "peta.png", lambda: bomb_png(11000, 11000), r"terlalu besar"),
    ("jpeg-bomb-header", "foto.jpg", bomb_jpeg, r"terlalu besar"),
    ("docx-zip-bomb", "laporan.docx", zip_bomb, r"terlalu besar|bukan (PDF|foto)"),
    ("traversal-name-html", "../../etc/passwd.jpg", lambda: SCRIPT, r"bukan (PDF|foto)"),
    ("rtl-name-exe", "foto\u202egpj.exe", lambda: b"MZ\x90\x00" + b"\x00" * 60, r"bukan (PDF|foto)"),
]

# the employee import reads CSV and XLSX: case -> (file name, bytes factory, what the refusal says)
IMPORT_REFUSED = {
    "html-as-xlsx": ("pegawai.xlsx", lambda: SCRIPT, "bukan berkas XLSX yang valid"),
    "svg-as-csv": ("pegawai.csv", lambda: b"<svg><script>alert(1)</script></svg>\n", "Kolom wajib tidak ditemukan"),
    "mz-exe-as-csv": ("pegawai.csv", lambda: b"MZ\x90\x00" + bytes(60), "Berkas CSV harus UTF-8; baris 1"),
    "elf-as-csv": ("pegawai.csv", lambda: b"\x7fELF\x02\x01\x01\x00" + bytes(56), "bukan teks CSV"),
    "rtl-name-exe": ("pegawai\u202evsc.exe", lambda: b"MZ\x90\x00", "Hanya berkas .csv atau .xlsx"),
    "empty": ("pegawai.csv", lambda: b"", "kosong."),
    "oversize": ("pegawai.csv", lambda: b"NIP\n" + b"0" * parsing.MAX_FILE_BYTES, "lebih dari 10 MB"),
    "xlsx-zip-bomb": ("pegawai.xlsx", lambda: zip_bomb("xlsx", 160), "lebih dari 50.000 baris"),
}

# (name as sent, what may be shown for it): content is a fine JPEG
HOSTILE_NAMES = [
    ("../../etc/passwd.jpg", "passwd.jpg"),
    ("..\\..\\windows\\foto.jpg", "foto.jpg"),
    ("foto\u202egpj.exe", "fotogpj.exe.jpg"),
    ("\u2066laporan\u2069\u200f.jpg", "laporan.jpg"),
    ("nul\x00byte.jpg", "nulbyte.jpg"),
    (".htaccess", "htaccess.jpg"),
]
BIDI_AND_CONTROL = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x00]}


@dataclass
class Part:
    field: str
    name: str
    data: bytes
    content_type: str = "application/octet-stream"


BOUNDARY = "----sikap-upload-test"


def multipart(fields: dict, parts: list[Part]) -> tuple[bytes, str]:
    """(body, content type) of a multipart/form-data request with the names exactly as given."""
    lines = []
    for key, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            lines += [f"--{BOUNDARY}", f'Content-Disposition: form-data; name="{key}"', "", str(item)]
    body = "\r\n".join(lines).encode() + (b"\r\n" if lines else b"")
    for part in parts:
        head = (
            f"--{BOUNDARY}\r\n"
            f'Content-Disposition: form-data; name="{part.field}"; filename="{part.name}"\r\n'
            f"Content-Type: {part.content_type}\r\n\r\n"
        )
        body += head.encode("utf-8") + part.data + b"\r\n"
    return body + f"--{BOUNDARY}--\r\n".encode(), f"multipart/form-data; boundary={BOUNDARY}"

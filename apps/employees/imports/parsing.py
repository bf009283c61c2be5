"""Reading an uploaded CSV or XLSX of employees into rows of strings.

1. The file is refused before it is read in full when it is larger than ``MAX_FILE_BYTES``; its kind
   comes from its content (an XLSX is a zip holding ``xl/workbook.xml``), not from its name alone.
2. CSV: UTF-8 with or without BOM; the delimiter (``;``, ``,`` or tab) is the one most frequent in
   the first lines. Anything that is not UTF-8 is refused, naming the first line that cannot be read.
   XLSX: the first worksheet, read in openpyxl's read-only mode with cached formula values; the
   sheet's declared size and the unzipped size are checked before any row is read.
3. The header is the first of the first ``HEADER_SEARCH_ROWS`` rows that has a NIP column (SIASN
   exports may start with a title row). Headers match ``FIELDS`` case-, space- and
   punctuation-insensitively ("Pangkat/Golongan" = "PANGKAT GOLONGAN"). When two headers name the
   same field, the alias listed first wins and the other is reported as ignored; unknown headers
   are ignored too.
4. Every row becomes ``{"row": <number as the spreadsheet shows it>, <field>: <string>}``; empty
   rows are skipped; more than ``MAX_ROWS`` data rows are refused as soon as the count passes it.

A single GELAR column (instead of GELAR DEPAN and GELAR BELAKANG) is split by ``validation``.
"""

import codecs
import csv
import datetime
import io
import logging
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
# A 10 MB xlsx can unzip to gigabytes (a "zip bomb"); a real sheet of MAX_ROWS rows stays far below.
MAX_XLSX_UNZIPPED_BYTES = 150 * 1024 * 1024
HEADER_SEARCH_ROWS = 10
MAX_CELL_CHARS = 1000

# field -> (column label used in messages and exports, header aliases in order of preference)
FIELDS = {
    "nip": ("NIP", ["NIP", "NIP BARU", "NIP ASN", "NI PPPK", "NIPPPK"]),
    "name": ("NAMA", ["NAMA", "NAMA LENGKAP", "NAMA PEGAWAI", "NAMA ASN"]),
    "gelar_depan": ("GELAR DEPAN", ["GELAR DEPAN"]),
    "gelar_belakang": ("GELAR BELAKANG", ["GELAR BELAKANG"]),
    "gelar": ("GELAR", ["GELAR"]),
    "gender": ("JENIS KELAMIN", ["JENIS KELAMIN", "JK", "L P", "KELAMIN"]),
    "golongan": (
        "GOLONGAN",
        [
            "GOLONGAN",
            "GOL",
            "GOL RUANG",
            "GOLONGAN RUANG",
            "PANGKAT GOLONGAN",
            "PANGKAT GOL",
            "GOL PANGKAT",
            "GOLONGAN PANGKAT",
            "GOL AKHIR",
            "PANGKAT",
        ],
    ),
    "jabatan": ("JABATAN", ["JABATAN", "NAMA JABATAN"]),
    "jabatan_kind": ("JENIS JABATAN", ["JENIS JABATAN"]),
    "unit": ("UNIT KERJA", ["UNIT KERJA", "UNOR", "UNIT ORGANISASI", "UNIT"]),
    "supervisor_nip": ("NIP ATASAN", ["NIP ATASAN", "NIP ATASAN LANGSUNG"]),
    "employment_type": (
        "JENIS PEGAWAI",
        ["JENIS PEGAWAI", "JENIS KEPEGAWAIAN", "STATUS PEGAWAI", "STATUS KEPEGAWAIAN", "JENIS ASN", "STATUS"],
    ),
    "email": ("EMAIL", ["EMAIL", "E MAIL", "EMAIL KANTOR", "ALAMAT EMAIL"]),
    "phone": ("TELEPON", ["TELEPON", "TELEPON KANTOR", "NO TELEPON", "NOMOR TELEPON", "NO HP", "NOMOR HP", "HP"]),
}
REQUIRED_FIELDS = ["nip", "name", "golongan", "jabatan", "unit"]
_ALIAS = {alias: (name, rank) for name, (_label, aliases) in FIELDS.items() for rank, alias in enumerate(aliases)}
_FORMULA_START = ("=", "+", "-", "@")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``message`` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ParsedFile:
    kind: str  # "csv" or "xlsx"
    columns: dict[str, str]  # field -> the header as written in the file
    ignored_columns: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)


def label(field_name: str) -> str:
    return FIELDS[field_name][0]


def normalise_header(text) -> str:
    return " ".join(re.sub(r"[^0-9A-Z]+", " ", str(text or "").upper()).split())


def parse_upload(uploaded_file) -> ParsedFile:
    """Read an uploaded file (a Django ``UploadedFile``) into a ``ParsedFile``."""
    too_big = _("Berkas lebih dari %(mb)d MB. Pecah menjadi beberapa berkas.") % {"mb": MAX_FILE_BYTES // 2**20}
    if (uploaded_file.size or 0) > MAX_FILE_BYTES:
        raise ImportFileError(too_big)
    uploaded_file.seek(0)
    data = uploaded_file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(too_big)
    if not data.strip():
        raise ImportFileError(_("Berkas kosong."))
    name = (uploaded_file.name or "").lower()
    if data.startswith(_OLE_MAGIC) or name.endswith(".xls"):
        raise ImportFileError(
            _("Format .xls lama tidak didukung. Simpan ulang sebagai 'Buku Kerja Excel (.xlsx)' atau 'CSV UTF-8'.")
        )
    if data.startswith(b"PK\x03\x04"):
        return _table("xlsx", _xlsx_records(data))
    if name.endswith(".xlsx"):
        raise ImportFileError(
            _("Berkas ini bukan berkas XLSX yang valid. Simpan ulang dari Excel sebagai 'Buku Kerja Excel (.xlsx)'.")
        )
    if not name.endswith((".csv", ".txt")):
        raise ImportFileError(_("Hanya berkas .csv atau .xlsx yang dapat diimpor."))
    return _table("csv", _csv_records(data))


# --- CSV ---------------------------------------------------------------------------------------


def _csv_records(data: bytes):
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportFileError(
            _("Berkas CSV harus UTF-8; baris %(line)d tidak dapat dibaca. Simpan ulang sebagai 'CSV UTF-8'.")
            % {"line": line}
        ) from exc
    if "\x00" in text:
        raise ImportFileError(_("Berkas ini bukan teks CSV. Simpan ulang sebagai 'CSV UTF-8'."))
    sample = text[:20_000].splitlines()[:HEADER_SEARCH_ROWS]
    delimiter = max([";", ",", "\t"], key=lambda d: sum(line.count(d) for line in sample))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            yield number, record
    except csv.Error as exc:
        raise ImportFileError(
            _("Berkas CSV rusak di sekitar baris %(line)d: %(error)s") % {"line": number + 1, "error": exc}
        ) from exc


# --- XLSX --------------------------------------------------------------------------------------


def _xlsx_records(data: bytes):
    import openpyxl

    not_xlsx = _("Berkas ini bukan berkas XLSX yang valid. Simpan ulang dari Excel sebagai 'Buku Kerja Excel (.xlsx)'.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise ImportFileError(not_xlsx)
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNZIPPED_BYTES:
                raise ImportFileError(_too_many_rows())
            if _row_elements(archive) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise ImportFileError(_too_many_rows())
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise ImportFileError(not_xlsx) from exc
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any malformed workbook: openpyxl raises many kinds
        logger.info("unreadable xlsx upload: %r", exc)
        raise ImportFileError(not_xlsx) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(not_xlsx)
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise ImportFileError(_too_many_rows())
        try:
            yield from enumerate(sheet.iter_rows(values_only=True), start=1)
        except ImportFileError:
            raise
        except Exception as exc:
            logger.info("broken xlsx sheet: %r", exc)
            raise ImportFileError(not_xlsx) from exc
    finally:
        workbook.close()


def _first_sheet_path(archive: zipfile.ZipFile) -> str | None:
    """The zip path of the workbook's first sheet (workbook.xml names it, its .rels file places it)."""
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    sheet = re.search(rb"<(?:\w+:)?sheet\s[^>]*?\b\w+:id=\"([^\"]+)\"", workbook)
    for element in re.findall(rb"<(?:\w+:)?Relationship\s[^>]*>", rels):
        attributes = dict(re.findall(rb'(\w+)="([^"]*)"', element))
        if sheet and attributes.get(b"Id") == sheet[1]:
            target = attributes.get(b"Target", b"").decode()
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _row_elements(archive: zipfile.ZipFile) -> int:
    """How many <row> elements the first sheet has, counted while unzipping (a fraction of a second
    for 50,000 rows): openpyxl reads the whole sheet just to find its size when the optional
    <dimension> is missing, and some writers leave it out."""
    path = _first_sheet_path(archive)
    if path not in archive.namelist():
        return 0
    count, tail = 0, b""
    with archive.open(path) as stream:
        while chunk := stream.read(1 << 20):
            window = tail + chunk
            count += len(re.findall(rb"<(?:\w+:)?row[\s>]", window))
            tail = window[-4:]  # shorter than any match, so none is counted twice
    return count


# --- Both --------------------------------------------------------------------------------------


def _too_many_rows() -> str:
    return _("Berkas berisi lebih dari %(max)s baris data. Pecah menjadi beberapa berkas.") % {
        "max": f"{MAX_ROWS:,}".replace(",", ".")
    }


def _cell(value) -> tuple[str, bool]:
    """A cell as text, and whether it was a number too long for a spreadsheet to keep exactly."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("1" if value else "0"), False
    if isinstance(value, int):
        return str(value), False
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value)), abs(value) >= 1e15
        return str(value), False
    if isinstance(value, datetime.datetime):
        return value.date().isoformat(), False
    if isinstance(value, datetime.date):
        return value.isoformat(), False
    text = str(value).replace("\xa0", " ").strip()[:MAX_CELL_CHARS]
    # Our exports protect text that looks like a formula with a leading apostrophe; a NIP typed
    # as '1986... in a text editor carries one too.
    if text.startswith("'") and (text[1:2] in _FORMULA_START or text[1:].isdigit()):
        text = text[1:]
    return text, False


def _header(records) -> tuple[int, list]:
    """(row number, cells) of the header row; the first row when no row has a NIP column."""
    first = None
    for number, values in records:
        if first is None:
            first = (number, list(values))
        if any(_ALIAS.get(normalise_header(value), ("",))[0] == "nip" for value in values):
            return number, list(values)
        if number >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        raise ImportFileError(_("Berkas kosong."))
    return first


def _table(kind: str, records) -> ParsedFile:
    records = iter(records)
    _number, header = _header(records)
    positions: dict[str, tuple[int, int]] = {}  # field -> (alias rank, column index)
    ignored = []
    for index, cell in enumerate(header):
        text = _cell(cell)[0]
        if not text:
            continue
        name, rank = _ALIAS.get(normalise_header(text), (None, 0))
        if name is None or (name in positions and positions[name][0] <= rank):
            ignored.append(text)
        else:
            if name in positions:
                ignored.append(_cell(header[positions[name][1]])[0])
            positions[name] = (rank, index)
    if "gelar" in positions and ("gelar_depan" in positions or "gelar_belakang" in positions):
        ignored.append(_cell(header[positions.pop("gelar")[1]])[0])
    missing = [label(name) for name in REQUIRED_FIELDS if name not in positions]
    if missing:
        raise ImportFileError(
            _("Kolom wajib tidak ditemukan: %(columns)s. Baris judul harus memuat kolom-kolom itu.")
            % {"columns": ", ".join(missing)}
        )
    columns = {name: _cell(header[index])[0] for name, (_rank, index) in positions.items()}
    wanted = [(name, index) for name, (_rank, index) in positions.items()]
    rows = []
    for number, values in records:
        row = {"row": number}
        lossy = []
        for name, index in wanted:
            text, lost = _cell(values[index]) if index < len(values) else ("", False)
            row[name] = text
            if lost:
                lossy.append(name)
        if not any(row[name] for name, _index in wanted):
            continue
        if lossy:
            row["_lossy"] = lossy
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ImportFileError(_too_many_rows())
    return ParsedFile(kind=kind, columns=columns, ignored_columns=ignored, rows=rows)

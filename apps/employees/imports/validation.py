"""Checking imported rows: each row on its own, then the file as a whole against the database.

Two queries whatever the number of rows (every unit; every employee with the fields an import may
change); the rest runs in memory, one pass over the rows plus a linear walk of the supervisor graph.

What a cell means:
* A column missing from the file changes nothing. A blank cell clears a free-text field (gelar,
  jabatan, email, telepon, NIP atasan) but means "not given" for JENIS KELAMIN, JENIS JABATAN and
  JENIS PEGAWAI: an existing employee keeps theirs, a new one gets the default (pelaksana, PNS).
* Birth date, gender and (PNS) TMT CPNS always come from the NIP; JENIS KELAMIN, when given, must
  agree with the NIP.
* How single values are read (gelar, golongan, unit): see ``values``.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import Employee, EmploymentType, Gender, JabatanKind
from ..nip import parse_nip
from .parsing import label, normalise_header
from .values import EMPLOYMENT_TYPES, GENDERS, PHONE_RE, UnitIndex, choice_keys, clean_nip, golongan_code, split_gelar

# The Employee fields an import sets (besides nip and supervisor).
EMPLOYEE_FIELDS = [
    "name",
    "gelar_depan",
    "gelar_belakang",
    "gender",
    "birth_date",
    "tmt_cpns",
    "employment_type",
    "golongan",
    "jabatan",
    "jabatan_kind",
    "unit_id",
    "work_email",
    "work_phone",
]


@dataclass
class Existing:
    """An employee already in the database, as an import sees them."""

    id: int
    supervisor_nip: str | None
    is_active: bool
    values: dict


@dataclass
class Validation:
    rows: list[dict]  # one per data row: "row", "nip", "supervisor_nip" and the EMPLOYEE_FIELDS given
    errors: list[dict]  # {"row", "column", "message"}
    columns: dict[str, str]
    existing: dict[str, Existing]
    invalid_rows: set[int] = field(default_factory=set)

    def error_keys(self) -> set[tuple]:
        return {(error["row"], error["column"]) for error in self.errors}


def load_existing() -> dict[str, Existing]:
    """Every employee by NIP, with the fields an import may change (one query)."""
    rows = list(Employee.objects.values_list("id", "nip", "supervisor_id", "is_active", *EMPLOYEE_FIELDS))
    nip_by_id = {row[0]: row[1] for row in rows}
    return {
        nip: Existing(pk, nip_by_id.get(supervisor_id), active, dict(zip(EMPLOYEE_FIELDS, values, strict=True)))
        for pk, nip, supervisor_id, active, *values in rows
    }


def find_cycles(edges: dict[str, str | None], starts) -> list[list[str]]:
    """Cycles reachable from ``starts`` in a graph where each node has at most one supervisor."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    cycles = []
    for start in starts:
        path, position, node = [], {}, start
        while node is not None and node not in state:
            state[node] = 1
            position[node] = len(path)
            path.append(node)
            node = edges.get(node)
        if node is not None and node in position:
            cycles.append(path[position[node] :])
        for visited in path:
            state[visited] = 2
    return cycles


def supervisor_edges(existing: dict[str, Existing], rows: list[dict]) -> dict[str, str | None]:
    """NIP -> supervisor NIP once ``rows`` are applied on top of the database."""
    edges = {nip: employee.supervisor_nip for nip, employee in existing.items()}
    for row in rows:
        if "supervisor_nip" in row:
            edges[row["nip"]] = row["supervisor_nip"]
    return edges


class _Checker:
    def __init__(self, columns: dict[str, str]):
        self.columns = columns
        self.units = UnitIndex()
        self.existing = load_existing()
        self.errors: list[dict] = []
        self.jabatan_kinds = choice_keys(JabatanKind.choices)
        self.employment_types = EMPLOYMENT_TYPES | choice_keys(EmploymentType.choices)

    def add(self, row: int, field_name: str, message) -> None:
        column = self.columns.get(field_name) or label(field_name)
        self.errors.append({"row": row, "column": column, "message": str(message)})

    def row(self, raw: dict) -> dict:
        number, given = raw["row"], self.columns
        lossy = raw.get("_lossy", ())
        nip = clean_nip(raw.get("nip"))
        out = {"row": number, "nip": nip}
        existing = self.existing.get(nip)
        kind = None
        if raw.get("employment_type"):
            kind = self.employment_types.get(normalise_header(raw["employment_type"]))
            if kind is None:
                self.add(number, "employment_type", _("Jenis pegawai harus PNS, PPPK, atau PPPK Paruh Waktu."))
            else:
                out["employment_type"] = kind
        kind = kind or (existing.values["employment_type"] if existing else EmploymentType.PNS)

        facts = None
        if "nip" in lossy:
            self.add(number, "nip", _lossy_message())
        elif not nip:
            self.add(number, "nip", _("NIP wajib diisi."))
        else:
            try:
                facts = parse_nip(nip, pppk=kind != EmploymentType.PNS)
            except ValidationError as exc:
                self.add(number, "nip", exc.messages[0])
            else:
                out["birth_date"], out["gender"] = facts.birth_date, facts.gender
                if kind == EmploymentType.PNS:
                    out["tmt_cpns"] = facts.tmt_cpns

        name = " ".join(raw.get("name", "").split())
        if not name:
            self.add(number, "name", _("Nama wajib diisi."))
        elif len(name) > 150:
            self.add(number, "name", _("Nama paling panjang 150 karakter."))
        out["name"] = name

        if "gelar" in given:
            out["gelar_depan"], out["gelar_belakang"] = split_gelar(raw["gelar"])
        for part in ("gelar_depan", "gelar_belakang"):
            if part in given:
                out[part] = " ".join(raw[part].split())
        for part, limit in (("gelar_depan", 30), ("gelar_belakang", 60)):
            if len(out.get(part, "")) > limit:
                column = part if part in given else "gelar"
                self.add(
                    number, column, _("%(what)s paling panjang %(n)d karakter.") % {"what": label(part), "n": limit}
                )

        if raw.get("gender"):
            gender = GENDERS.get(normalise_header(raw["gender"]))
            if gender is None:
                self.add(number, "gender", _("Jenis kelamin harus L (laki-laki) atau P (perempuan)."))
            elif facts is not None and gender != facts.gender:
                self.add(
                    number,
                    "gender",
                    _("Jenis kelamin %(given)s tidak sesuai dengan NIP (digit ke-15 menunjukkan %(nip)s).")
                    % {"given": gender, "nip": Gender(facts.gender).label.lower()},
                )

        golongan = raw.get("golongan", "")
        if golongan:
            code = golongan_code(golongan, kind)
            if code is None:
                self.add(number, "golongan", _golongan_message(golongan, kind))
            else:
                out["golongan"] = code
        elif kind == EmploymentType.PPPK_PARUH_WAKTU:
            out["golongan"] = ""
        else:
            self.add(number, "golongan", _("Golongan wajib diisi untuk PNS dan PPPK."))

        out["jabatan"] = " ".join(raw.get("jabatan", "").split())
        if len(out["jabatan"]) > 200:
            self.add(number, "jabatan", _("Jabatan paling panjang 200 karakter."))
        if raw.get("jabatan_kind"):
            jabatan_kind = self.jabatan_kinds.get(normalise_header(raw["jabatan_kind"]))
            if jabatan_kind is None:
                with translation.override("id"):
                    names = ", ".join(str(choice.label) for choice in JabatanKind)
                self.add(
                    number, "jabatan_kind", _("Jenis jabatan harus salah satu dari: %(names)s.") % {"names": names}
                )
            else:
                out["jabatan_kind"] = jabatan_kind

        unit = raw.get("unit", "")
        if not unit:
            self.add(number, "unit", _("Unit kerja wajib diisi."))
        else:
            out["unit_id"], problem = self.units.resolve(unit)
            if problem:
                self.add(number, "unit", problem)

        if "supervisor_nip" in given:
            supervisor = clean_nip(raw["supervisor_nip"])
            out["supervisor_nip"] = supervisor or None
            if "supervisor_nip" in lossy:
                self.add(number, "supervisor_nip", _lossy_message())
            elif supervisor and not (supervisor.isdigit() and len(supervisor) == 18):
                self.add(number, "supervisor_nip", _("NIP atasan harus 18 digit angka."))

        if "email" in given:
            email = raw["email"].strip()
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    self.add(number, "email", _("Alamat email '%(email)s' tidak valid.") % {"email": email})
            out["work_email"] = email
        if "phone" in given:
            phone = " ".join(raw["phone"].split())
            if len(phone) > 30 or not PHONE_RE.match(phone):
                self.add(
                    number, "phone", _("Nomor telepon hanya boleh berisi angka, spasi, +, -, dan paling panjang 30.")
                )
            out["work_phone"] = phone
        return out

    def check_file(self, rows: list[dict]) -> None:
        """Duplicate NIPs, supervisors that do not exist or are the employee, and cycles."""
        rows_by_nip: dict[str, list[int]] = {}
        for row in rows:
            if row["nip"]:
                rows_by_nip.setdefault(row["nip"], []).append(row["row"])
        for nip, numbers in rows_by_nip.items():
            if len(numbers) > 1:
                shown = ", ".join(str(n) for n in numbers[:10]) + (", …" if len(numbers) > 10 else "")
                for number in numbers:
                    self.add(
                        number,
                        "nip",
                        _("NIP %(nip)s muncul lebih dari sekali (baris %(rows)s).") % {"nip": nip, "rows": shown},
                    )
        if "supervisor_nip" not in self.columns:
            return
        overlay = []
        for row in rows:
            supervisor = row.get("supervisor_nip")
            if not supervisor or not row["nip"] or not (supervisor.isdigit() and len(supervisor) == 18):
                overlay.append({**row, "supervisor_nip": None})
                continue
            employee = self.existing.get(supervisor)
            if supervisor == row["nip"]:
                self.add(row["row"], "supervisor_nip", _("Pegawai tidak boleh menjadi atasannya sendiri."))
            elif employee is not None and not employee.is_active:
                self.add(
                    row["row"],
                    "supervisor_nip",
                    _("Atasan dengan NIP %(nip)s sudah tidak aktif.") % {"nip": supervisor},
                )
            elif employee is None and supervisor not in rows_by_nip:
                self.add(
                    row["row"],
                    "supervisor_nip",
                    _("NIP atasan %(nip)s tidak ditemukan, baik di data pegawai maupun di berkas ini.")
                    % {"nip": supervisor},
                )
            else:
                overlay.append(row)
                continue
            overlay.append({**row, "supervisor_nip": None})
        first_rows = {nip: numbers[0] for nip, numbers in rows_by_nip.items()}
        unique = [row for row in overlay if row["nip"] and first_rows.get(row["nip"]) == row["row"]]
        for cycle in find_cycles(supervisor_edges(self.existing, unique), [row["nip"] for row in unique]):
            chain = " → ".join([*cycle[:5], "…"] if len(cycle) > 5 else [*cycle, cycle[0]])
            for nip in cycle:
                if nip in first_rows:
                    self.add(
                        first_rows[nip],
                        "supervisor_nip",
                        _("Atasan langsung membentuk lingkaran: %(chain)s.") % {"chain": chain},
                    )


def _lossy_message() -> str:
    return _(
        "NIP tersimpan sebagai angka sehingga digit terakhirnya hilang. "
        "Format kolom sebagai Teks lalu ketik ulang NIP-nya."
    )


def _golongan_message(text: str, kind: str) -> str:
    if kind == EmploymentType.PNS:
        return _("Golongan PNS harus I/a sampai IV/e (tertulis '%(text)s').") % {"text": text}
    return _("Golongan PPPK harus I sampai XVII (tertulis '%(text)s').") % {"text": text}


def validate_rows(rows: list[dict], columns: dict[str, str]) -> Validation:
    """Check every row and the file as a whole; two queries in all."""
    checker = _Checker(columns)
    normalised = [checker.row(raw) for raw in rows]
    checker.check_file(normalised)
    checker.errors.sort(key=lambda error: error["row"])
    return Validation(
        rows=normalised,
        errors=checker.errors,
        columns=columns,
        existing=checker.existing,
        invalid_rows={error["row"] for error in checker.errors},
    )


def rows_to_apply(validation: Validation) -> list[dict]:
    """The valid rows that can be written on their own: without the rows whose supervisor would not
    exist (an invalid row, or one skipped in turn) and the rows that would then close a cycle."""
    existing = validation.existing
    rows = [row for row in validation.rows if row["row"] not in validation.invalid_rows]
    while True:
        nips = {row["nip"] for row in rows}

        def supervisor_exists(row, nips=nips):
            supervisor = row.get("supervisor_nip")
            employee = existing.get(supervisor) if supervisor else None
            return not supervisor or supervisor in nips or (employee is not None and employee.is_active)

        kept = [row for row in rows if supervisor_exists(row)]
        cycles = find_cycles(supervisor_edges(existing, kept), [row["nip"] for row in kept])
        in_cycle = {nip for cycle in cycles for nip in cycle}
        kept = [row for row in kept if row["nip"] not in in_cycle]
        if len(kept) == len(rows):
            return kept
        rows = kept

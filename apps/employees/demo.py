"""Demo organisation of Pemerintah Kota Palembang, from data/reference/ (see its SOURCES.md).

Builds the unit tree (every perangkat daerah, the 18 kecamatan with their kelurahan, BKPSDM's
bidang), the four demo accounts, and about ``employees`` ASN with valid, unique NIPs, pangkat that
fits their years of service, and supervisors that follow the tree. Bulk inserts throughout.
"""

import csv
import datetime
import random

from apps.accounts.models import Role, User
from apps.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, REFERENCE_DIR

from .models import Employee, EmploymentType, JabatanKind, OrgUnit, OrgUnitKind
from .nip import make_nip
from .pangkat import PPPK_GOLONGAN

MALE = [
    "Muhammad",
    "Ahmad",
    "Rizki",
    "Andi",
    "Budi",
    "Hendra",
    "Fajar",
    "Irwan",
    "Dedi",
    "Agus",
    "Yusuf",
    "Arif",
    "Rahmat",
    "Hadi",
    "Eko",
    "Teguh",
    "Syahrul",
    "Firmansyah",
    "Herman",
    "Joko",
    "Zulkifli",
    "Ilham",
]
FEMALE = [
    "Siti",
    "Nurul",
    "Dewi",
    "Rina",
    "Fitri",
    "Ayu",
    "Sri",
    "Indah",
    "Ratna",
    "Yulia",
    "Maya",
    "Lestari",
    "Putri",
    "Wulan",
    "Anisa",
    "Dian",
    "Novi",
    "Rahma",
    "Sari",
    "Kartika",
    "Meiliana",
    "Desi",
]
FAMILY = [
    "Saputra",
    "Pratama",
    "Wijaya",
    "Hidayat",
    "Kurniawan",
    "Santoso",
    "Rahman",
    "Syahputra",
    "Permata",
    "Aminah",
    "Lestari",
    "Handayani",
    "Nugroho",
    "Siregar",
    "Harahap",
    "Fauzi",
    "Anggraini",
    "Maharani",
    "Susanti",
    "Ramadhan",
    "Setiawan",
    "Yuliani",
    "Hasibuan",
    "Marpaung",
    "Effendi",
]
DEGREES = ["S.E.", "S.H.", "S.Kom.", "S.Sos.", "S.I.P.", "S.T.", "S.Pd.", "S.Kep.", "A.Md.", "S.AP.", "S.Psi."]
GOLONGAN = ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d"]
BKPSDM_BIDANG = [
    "Sekretariat BKPSDM",
    "Bidang Pengadaan, Pemberhentian dan Informasi",
    "Bidang Mutasi dan Promosi",
    "Bidang Pengembangan Kompetensi Aparatur",
    "Bidang Penilaian Kinerja Aparatur dan Penghargaan",
]
PELAKSANA = [
    "Pengadministrasi Perkantoran",
    "Pengolah Data dan Informasi",
    "Penelaah Teknis Kebijakan",
    "Pengelola Layanan Operasional",
    "Penata Layanan Operasional",
    "Operator Layanan Operasional",
]
FUNGSIONAL = [
    "Analis Sumber Daya Manusia Aparatur Ahli Pertama",
    "Analis Kebijakan Ahli Muda",
    "Pranata Komputer Ahli Pertama",
    "Arsiparis Terampil",
    "Perencana Ahli Muda",
]


def _read(name):
    with open(REFERENCE_DIR / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class _People:
    """Makes people with unique, valid NIPs and pangkat that fits their years of service."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.sequence = {}

    def make(
        self,
        *,
        unit,
        jabatan,
        kind,
        supervisor=None,
        seniority=0.5,
        nip=None,
        name=None,
        employment_type=EmploymentType.PNS,
    ):
        rng = self.rng
        gender = rng.choice("LP")
        age = int(25 + seniority * 30 + rng.randint(-3, 3))
        birth = datetime.date(2026 - age, rng.randint(1, 12), rng.randint(1, 28))
        tmt = datetime.date(min(birth.year + rng.randint(22, 30), 2024), rng.choice([1, 3, 4, 12]), 1)
        if nip is None:
            key = (birth, tmt, gender)
            self.sequence[key] = self.sequence.get(key, 0) + 1
            nip = make_nip(birth_date=birth, tmt_cpns=tmt, gender=gender, sequence=self.sequence[key])
        else:  # a fixed demo account: its facts come from its NIP
            birth = datetime.date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
            tmt = datetime.date(int(nip[8:12]), int(nip[12:14]), 1)
            gender = "L" if nip[14] == "1" else "P"
        years = 2026 - tmt.year
        rank = min(len(GOLONGAN) - 1, 4 + years // 4 + (2 if kind in ("jpt_pratama", "administrator") else 0))
        golongan = GOLONGAN[rank] if employment_type == EmploymentType.PNS else PPPK_GOLONGAN[min(16, 4 + rank)]
        if name is None:
            first = rng.choice(MALE if gender == "L" else FEMALE)
            name = f"{first} {rng.choice(FAMILY)}"
        return Employee(
            nip=nip,
            name=name,
            gelar_belakang=rng.choice(DEGREES),
            gender=gender,
            birth_date=birth,
            tmt_cpns=tmt,
            golongan=golongan,
            jabatan=jabatan,
            jabatan_kind=kind,
            unit=unit,
            supervisor=supervisor,
            employment_type=employment_type,
        )


# A unit head supervises a few staff directly and the heads of its seksi / subbagian / subbidang,
# each with a team of at most TEAM_SIZE, as in a real perangkat daerah: no supervisor of hundreds.
DIRECT_STAFF = 8
TEAM_SIZE = 15
SECTIONS = ["Pelayanan", "Perencanaan dan Pelaporan", "Umum dan Kepegawaian", "Keuangan", "Program dan Evaluasi",
            "Data dan Informasi", "Pengawasan dan Pengendalian", "Pengembangan"]  # fmt: skip
SECTION_TITLE = {OrgUnitKind.BIDANG: "Kepala Subbidang", OrgUnitKind.SEKRETARIAT: "Kepala Subbagian"}


def _teams(staff: list[Employee]) -> tuple[list[Employee], list[Employee]]:
    """Split each unit's staff (all made reporting to the unit head) into teams: beyond the first
    DIRECT_STAFF, each run of TEAM_SIZE people gets a section head (pengawas, a PNS: PPPK hold no
    structural post) under the unit head, and the others report to them. Returns (the section heads,
    everyone else)."""
    by_unit: dict[int, list[Employee]] = {}
    for person in staff:
        by_unit.setdefault(person.unit.pk, []).append(person)
    leads, rest = [], []
    for members in by_unit.values():
        rest.extend(members[:DIRECT_STAFF])
        for number, start in enumerate(range(DIRECT_STAFF, len(members), TEAM_SIZE)):
            team = members[start : start + TEAM_SIZE]
            lead = next((p for p in team if p.employment_type == EmploymentType.PNS), team[0])
            title = SECTION_TITLE.get(lead.unit.kind, "Kepala Seksi")
            section = SECTIONS[number % len(SECTIONS)]
            if number >= len(SECTIONS):
                section += f" {number // len(SECTIONS) + 1}"
            lead.jabatan, lead.jabatan_kind = f"{title} {section}", JabatanKind.PENGAWAS
            leads.append(lead)
            for person in team:
                if person is not lead:
                    person.supervisor = lead
                    rest.append(person)
    return leads, rest


def build(*, stdout, employees=300, seed=2026, **_options):
    rng = random.Random(seed)
    people = _People(rng)

    root = OrgUnit.objects.create(
        name="Pemerintah Kota Palembang", short_name="Pemkot Palembang", kind=OrgUnitKind.PEMERINTAH, code="16.71"
    )
    pd_rows = _read("palembang_perangkat_daerah.csv")
    units = OrgUnit.objects.bulk_create(
        [OrgUnit(name=row["name"], short_name=row["short_name"], kind=row["kind"], parent=root) for row in pd_rows]
    )
    by_name = {unit.name: unit for unit in units}
    kelurahan = []
    for row in _read("palembang_wilayah.csv"):
        kecamatan = by_name[f"Kecamatan {row['kecamatan']}"]
        kelurahan.append(OrgUnit(name=f"Kelurahan {row['kelurahan']}", kind=OrgUnitKind.KELURAHAN, parent=kecamatan))
    kelurahan = OrgUnit.objects.bulk_create(kelurahan)
    bkpsdm = by_name["Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"]
    bidang = OrgUnit.objects.bulk_create(
        [
            OrgUnit(
                name=name,
                kind=OrgUnitKind.BIDANG if name.startswith("Bidang") else OrgUnitKind.SEKRETARIAT,
                parent=bkpsdm,
            )
            for name in BKPSDM_BIDANG
        ]
    )

    # 1. The Sekda heads the ASN hierarchy; each perangkat daerah head reports to the Sekda.
    setda = by_name["Sekretariat Daerah"]
    sekda = people.make(unit=setda, jabatan="Sekretaris Daerah", kind=JabatanKind.JPT_PRATAMA, seniority=1.0)
    sekda.gelar_depan = "Drs."
    sekda.save()
    heads = []
    for unit in units:
        if unit == setda:
            continue
        title = {"kecamatan": "Camat", "rsud": "Direktur"}.get(unit.kind, "Kepala")
        jabatan = title if unit.kind == "kecamatan" else f"{title} {unit.name}"
        kind = JabatanKind.ADMINISTRATOR if unit.kind == "kecamatan" else JabatanKind.JPT_PRATAMA
        heads.append(people.make(unit=unit, jabatan=jabatan, kind=kind, supervisor=sekda, seniority=0.9))
    heads = Employee.objects.bulk_create(heads)
    head_of = {head.unit_id: head for head in heads}
    head_of[setda.pk] = sekda

    # 2. Lurah under their camat; kepala bidang under the Kepala BKPSDM.
    lurah = Employee.objects.bulk_create(
        [
            people.make(
                unit=k, jabatan="Lurah", kind=JabatanKind.PENGAWAS, supervisor=head_of[k.parent_id], seniority=0.6
            )
            for k in kelurahan
        ]
    )
    head_of.update({person.unit_id: person for person in lurah})
    bkpsdm_head = head_of[bkpsdm.pk]
    kabid = []
    for unit in bidang:
        is_kompetensi = unit.name == "Bidang Pengembangan Kompetensi Aparatur"
        kabid.append(
            people.make(
                unit=unit,
                jabatan="Sekretaris" if unit.kind == "sekretariat" else f"Kepala {unit.name}",
                kind=JabatanKind.ADMINISTRATOR,
                supervisor=bkpsdm_head,
                seniority=0.75,
                nip=DEMO_ACCOUNTS["supervisor"] if is_kompetensi else None,
                name="Hendra Kurniawan" if is_kompetensi else None,
            )
        )
    kabid = Employee.objects.bulk_create(kabid)
    head_of.update({person.unit_id: person for person in kabid})
    kompetensi = next(u for u in bidang if u.name == "Bidang Pengembangan Kompetensi Aparatur")
    penilaian = next(u for u in bidang if u.name.startswith("Bidang Penilaian"))

    # 3. The demo ASN and the admin's own employee record, then staff spread over the units.
    fixed = [
        people.make(
            unit=kompetensi,
            jabatan="Pengolah Data dan Informasi",
            kind=JabatanKind.PELAKSANA,
            supervisor=head_of[kompetensi.pk],
            nip=DEMO_ACCOUNTS["asn"],
            name="Muhammad Rizki Pratama",
        ),
        people.make(
            unit=penilaian,
            jabatan="Analis Sumber Daya Manusia Aparatur Ahli Muda",
            kind=JabatanKind.FUNGSIONAL,
            supervisor=head_of[penilaian.pk],
            seniority=0.5,
            name="Siti Aminah",
        ),
    ]
    staff_units = [u for u in [*units, *bidang] if u != bkpsdm]
    remaining = max(0, employees - 1 - len(heads) - len(lurah) - len(kabid) - len(fixed))
    staff = []
    for i in range(remaining):
        unit = bidang[i % len(bidang)] if i % 4 == 0 else rng.choice(staff_units)
        functional = rng.random() < 0.35
        staff.append(
            people.make(
                unit=unit,
                jabatan=rng.choice(FUNGSIONAL if functional else PELAKSANA),
                kind=JabatanKind.FUNGSIONAL if functional else JabatanKind.PELAKSANA,
                supervisor=head_of[unit.pk],
                seniority=rng.random(),
                employment_type=EmploymentType.PPPK if rng.random() < 0.15 else EmploymentType.PNS,
            )
        )
    leads, staff = _teams(staff)
    created = Employee.objects.bulk_create([*fixed, *leads])
    Employee.objects.bulk_create(staff)  # after their team leads, who now have ids
    asn, admin_employee = created[0], created[1]

    for unit_id, head in head_of.items():
        OrgUnit.objects.filter(pk=unit_id).update(head=head)

    # 4. Accounts: one per demo role, all with the demo password.
    def account(username, employee, role=Role.ASN, email=""):
        user = User(username=username, role=role, email=email, first_name=employee.name if employee else "")
        user.set_password(DEMO_PASSWORD)
        user.save()
        if employee is not None:
            Employee.objects.filter(pk=employee.pk).update(user=user)
        return user

    account(DEMO_ACCOUNTS["asn"], asn, email="rizki.pratama@demo.sikap.local")
    account(DEMO_ACCOUNTS["supervisor"], head_of[kompetensi.pk], email="hendra.kurniawan@demo.sikap.local")
    admin_user = account(DEMO_ACCOUNTS["admin"], admin_employee, role=Role.ADMIN, email="admin@demo.sikap.local")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save(update_fields=["is_staff", "is_superuser"])
    account(DEMO_ACCOUNTS["leader"], sekda, role=Role.LEADER, email="sekda@demo.sikap.local")

    total = Employee.objects.count()
    stdout.write(f"Organisasi: {OrgUnit.objects.count()} unit, {total} pegawai.")

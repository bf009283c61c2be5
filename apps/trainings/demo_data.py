"""Texts of the demo trainings (apps/trainings/demo.py): the competency catalogue, what each program
of data/reference/training_programs.csv teaches and who runs it, places, comments and the external
learning people submit. The competency names cover every name in the mapping tables of
apps/trainings/recommendations.py, so recommendations find programs."""

# name -> (kind, description)
COMPETENCIES = {
    "Manajemen Waktu": ("manajerial", "Merencanakan kerja, menetapkan prioritas, dan menepati tenggat."),
    "Komunikasi Efektif": ("sosial_kultural", "Menyampaikan dan menerima pesan dengan jelas, lisan dan tertulis."),
    "Pemecahan Masalah": ("manajerial", "Menganalisis akar masalah dan memilih alternatif berbasis data."),
    "Pelayanan Prima": ("manajerial", "Memberi layanan yang cepat, ramah, dan sesuai standar pelayanan."),
    "Manajemen Proyek": ("manajerial", "Mengendalikan jadwal, anggaran, risiko, dan pelaporan kegiatan."),
    "Penanganan Keluhan": ("teknis", "Menerima, menindaklanjuti, dan menutup pengaduan masyarakat tepat waktu."),
    "Literasi Digital": ("teknis", "Menggunakan aplikasi kerja dan data secara aman dan efektif."),
    "Pengelolaan Keuangan": ("teknis", "Penatausahaan dan pertanggungjawaban keuangan perangkat daerah."),
    "Integritas dan Antikorupsi": ("sosial_kultural", "Menjaga integritas, menghindari benturan kepentingan."),
    "Wawasan Kebangsaan": ("sosial_kultural", "Menjunjung keberagaman dan peran ASN sebagai perekat bangsa."),
    "Inovasi Pelayanan": ("manajerial", "Merancang dan menerapkan perbaikan cara memberi layanan."),
    "Kerja Sama Tim": ("sosial_kultural", "Bekerja bersama lintas fungsi menuju hasil yang sama."),
    "Manajemen Kinerja": ("manajerial", "Menyusun SKP, dialog kinerja, dan evaluasi kinerja."),
    "Kepemimpinan": ("manajerial", "Memimpin unit kerja dan mengelola perubahan."),
    "Perencanaan dan Penganggaran": ("teknis", "Menyusun Renja dan RKA yang selaras dengan RPJMD."),
    "Pengadaan Barang/Jasa": ("teknis", "Prinsip, tahapan, dan pelaku pengadaan barang/jasa pemerintah."),
    "Penegakan Peraturan Daerah": ("teknis", "Penertiban nonyustisial dan penanganan pelanggaran Perda."),
    "Administrasi Kependudukan": ("teknis", "Pendaftaran penduduk dan pencatatan sipil pada SIAK."),
    "Pelayanan Kesehatan Dasar": ("teknis", "Pelayanan imunisasi dan kesehatan di puskesmas."),
    "Tata Naskah Dinas": ("teknis", "Penyusunan naskah dinas dan pengelolaan arsip."),
    "Analisis Data": ("teknis", "Mengolah, memvisualisasikan, dan melaporkan data kinerja."),
    "Budaya Kerja BerAKHLAK": ("sosial_kultural", "Tujuh nilai dasar ASN dan panduan perilakunya."),
}

UNSRI, BPSDM, LAN, BKPSDM = (
    "Universitas Sriwijaya",
    "BPSDM Provinsi Sumatera Selatan",
    "LAN RI",
    "BKPSDM Kota Palembang",
)

# program name -> (competencies, partner, jabatan kinds (empty: everyone), scheduled as sessions)
PROGRAMS = {
    "Pelatihan Kepemimpinan Pengawas (PKP)": (["Kepemimpinan", "Manajemen Kinerja"], BPSDM, ["pengawas"], False),
    "Pelatihan Kepemimpinan Administrator (PKA)": (
        ["Kepemimpinan", "Inovasi Pelayanan"],
        LAN,
        ["administrator"],
        False,
    ),
    "Orientasi PPPK": (["Budaya Kerja BerAKHLAK", "Wawasan Kebangsaan"], LAN, [], False),
    "Pelatihan Pelayanan Prima": (["Pelayanan Prima", "Penanganan Keluhan", "Komunikasi Efektif"], BPSDM, [], True),
    "Manajemen Waktu dan Prioritas Kerja": (["Manajemen Waktu"], UNSRI, [], True),
    "Komunikasi Efektif di Tempat Kerja": (["Komunikasi Efektif", "Kerja Sama Tim"], UNSRI, [], True),
    "Pemecahan Masalah dan Pengambilan Keputusan": (["Pemecahan Masalah", "Analisis Data"], UNSRI, [], True),
    "Penanganan Pengaduan Masyarakat melalui SP4N-LAPOR! (simulasi)": (
        ["Penanganan Keluhan", "Pelayanan Prima"],
        "Ombudsman RI Perwakilan Sumatera Selatan",
        [],
        True,
    ),
    "Literasi Digital dan Keamanan Siber bagi ASN": (
        ["Literasi Digital"],
        "Dinas Komunikasi dan Informatika Kota Palembang",
        [],
        True,
    ),
    "Manajemen Proyek Pemerintahan": (["Manajemen Proyek", "Manajemen Waktu"], UNSRI, [], True),
    "Penyusunan SKP dan Manajemen Kinerja (PermenPANRB 6/2022)": (["Manajemen Kinerja"], BKPSDM, [], True),
    "Bimtek SIPD Penatausahaan Keuangan Daerah": (
        ["Pengelolaan Keuangan", "Literasi Digital"],
        "BPKAD Kota Palembang",
        [],
        True,
    ),
    "Bimtek Penyusunan Renja dan RKA Perangkat Daerah": (
        ["Perencanaan dan Penganggaran", "Pengelolaan Keuangan", "Manajemen Proyek"],
        "Bappeda Kota Palembang",
        [],
        True,
    ),
    "Pelatihan Pengadaan Barang/Jasa Pemerintah Tingkat Dasar": (
        ["Pengadaan Barang/Jasa", "Integritas dan Antikorupsi"],
        "LKPP RI",
        [],
        True,
    ),
    "Pelatihan Teknis Penegakan Perda dan Perkada": (["Penegakan Peraturan Daerah"], BPSDM, [], True),
    "Bimtek Pelayanan Administrasi Kependudukan (SIAK Terpusat)": (
        ["Administrasi Kependudukan", "Pelayanan Prima"],
        "Ditjen Dukcapil Kemendagri",
        [],
        True,
    ),
    "Pelatihan Pelayanan Imunisasi bagi Tenaga Kesehatan Puskesmas": (
        ["Pelayanan Kesehatan Dasar"],
        "Dinas Kesehatan Provinsi Sumatera Selatan",
        ["fungsional", "pelaksana"],
        True,
    ),
    "Workshop Tata Naskah Dinas": (["Tata Naskah Dinas", "Komunikasi Efektif"], "ANRI", [], True),
    "Seminar Inovasi Pelayanan Publik": (["Inovasi Pelayanan", "Pelayanan Prima"], UNSRI, [], True),
    "Penguatan Wawasan Kebangsaan dan Perekat Bangsa": (
        ["Wawasan Kebangsaan", "Kerja Sama Tim"],
        "Badan Kesbangpol Kota Palembang",
        [],
        True,
    ),
    "Sosialisasi Pencegahan Korupsi dan Pengendalian Gratifikasi": (
        ["Integritas dan Antikorupsi"],
        "Inspektorat Kota Palembang",
        [],
        True,
    ),
    "Coaching Kinerja oleh Atasan Langsung": (["Manajemen Kinerja", "Komunikasi Efektif"], BKPSDM, [], False),
    "Mentoring Pegawai Baru (CPNS dan PPPK)": (["Budaya Kerja BerAKHLAK", "Kerja Sama Tim"], BKPSDM, [], False),
    "E-learning ASN Corpu: Budaya Kerja BerAKHLAK": (["Budaya Kerja BerAKHLAK"], LAN, [], True),
    "E-learning ASN Corpu: Analisis Data dengan Spreadsheet": (["Analisis Data", "Literasi Digital"], LAN, [], True),
    "Benchmarking Mal Pelayanan Publik": (["Inovasi Pelayanan", "Pelayanan Prima"], BKPSDM, [], True),
    "Komunitas Belajar Pranata Komputer": (
        ["Literasi Digital", "Kerja Sama Tim"],
        "Dinas Kominfo Kota Palembang",
        [],
        True,
    ),
}
# Programs that do not count toward the 24 JP of a PPPK (the CSV says so for the orientation).
OUTSIDE_PPPK_CAP = {"Orientasi PPPK"}

PLACES = [
    "Aula BKPSDM Kota Palembang",
    "Gedung Diklat BPSDM Provinsi Sumatera Selatan",
    "Ruang Seminar Universitas Sriwijaya, Kampus Bukit Besar",
    "Ruang Rapat Parameswara, Sekretariat Daerah",
    "Aula Bappeda Kota Palembang",
    "Command Center Dinas Kominfo",
]
ONLINE_METHODS = {"e_learning", "komunitas_belajar"}
FACILITATORS = [
    "Dr. Ir. Siti Rohani, M.Si.",
    "Ahmad Fauzi, S.Sos., M.AP.",
    "Widyaiswara Ahli Madya BPSDM Sumsel",
    "Tim Fasilitator LAN RI",
    "Dra. Yuliana Sari, M.M.",
    "Hendri Saputra, S.Kom., M.T.I.",
]
COMMENTS = [
    "Materinya langsung bisa dipakai di pekerjaan sehari-hari.",
    "Fasilitator menjelaskan dengan contoh kasus yang relevan.",
    "Waktunya terlalu padat; sebaiknya ditambah satu hari.",
    "Studi kasusnya sangat membantu.",
    "Mohon materi dibagikan sebelum pelatihan.",
    "",
    "",
    "",
]
NOMINATION_REASONS = [
    "Mendukung target kinerja unit tahun ini.",
    "Perlu penguatan kompetensi sesuai hasil evaluasi kinerja.",
    "Persiapan tugas baru di bidang.",
]
# title, organiser, JP claimed
EXTERNAL = [
    ("Webinar Reformasi Birokrasi Tematik", "Kementerian PANRB", 4),
    ("Kursus Daring Penulisan Kebijakan Publik", "Universitas Terbuka", 12),
    ("Seminar Nasional Pelayanan Publik Digital", "Universitas Sriwijaya", 6),
    ("Kursus Daring Dasar-dasar Statistik", "BPS Provinsi Sumatera Selatan", 10),
    ("Workshop Keselamatan dan Kesehatan Kerja", "Dinas Tenaga Kerja Provinsi Sumatera Selatan", 8),
    ("Pelatihan Daring Microsoft Excel Lanjutan", "Pusdiklat Kemendagri", 8),
    ("Webinar Kearsipan Elektronik (SRIKANDI)", "ANRI", 3),
]
REJECT_NOTE = "Sertifikat tidak mencantumkan jumlah jam pelajaran; unggah ulang dengan lampiran jadwal."
MENTORING_GOALS = [
    "Memahami tugas jabatan dan aplikasi kerja unit; menyusun SKP pertama.",
    "Menguasai penatausahaan keuangan kegiatan dan pelaporannya.",
    "Meningkatkan ketepatan waktu pelayanan dan penanganan pengaduan.",
    "Menyusun laporan kegiatan yang rapi dan tepat waktu.",
]
MENTORING_NOTES = [
    "Membahas uraian tugas dan target bulan ini.",
    "Praktik langsung pengisian aplikasi; mentee mencoba sendiri.",
    "Evaluasi kemajuan dan kendala; rencana minggu berikutnya.",
    "Diskusi kasus pelayanan yang sulit dan cara menanganinya.",
]


def certificate_pdf(title: str) -> bytes:
    """A one-page PDF that any viewer opens: the certificate of a demo external learning."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")[:80]
    stream = f"BT /F1 14 Tf 40 100 Td (Sertifikat: {text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
